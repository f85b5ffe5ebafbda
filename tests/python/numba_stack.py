"""numba-cuda 0.20 (numba 0.61) through cuda-as-hip's libraries, without a GPU.

Prints one `key value` line per check; cabi/runner/tests/python_stacks.rs asserts on them.
`compile_ptx` runs on the CPU with NVIDIA's libNVVM (the nvidia-cuda-nvcc-cu12 wheel) and asks
NVRTC which architectures it supports (ours: this environment has no NVIDIA NVRTC wheel, which
numba-cuda would open by its path before the library path). Its PTX then goes to our libcuda.so.1's
`cuModuleLoadData` through cuda-python, the PTX translator and comgr (CUDA_AS_HIP_CACHE_DIR must
name an empty directory: the translated module shows up there).

numba-cuda's default when an nvJitLink is present: the kernel compiled to LTO-IR and linked by
nvJitLink (ours, through cuda.bindings.nvjitlink), which has NVIDIA's nvJitLink make it PTX (on
the CPU; CUDA_AS_HIP_NVIDIA_NVJITLINK names it) and links the translation: an AMD code object.
"""
from cuda.bindings import driver, nvjitlink
from numba import cuda, float32


def show(key, *values):
    print(key, *values, flush=True)


def axpy(out, a, x, y):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


ptx, _ = cuda.compile_ptx(axpy, (float32[:], float32, float32[:], float32[:]), cc=(8, 0))
show("compile_ptx", ptx.split("\n.target ")[1].split()[0], ptx.count(".entry "))
show("is_available", cuda.is_available())
show("binding", "cuda-python" if cuda.cudadrv.driver.USE_NV_BINDING else "ctypes")
show("cuInit", driver.cuInit(0)[0].name)
show("cuModuleLoadData", driver.cuModuleLoadData(ptx.encode() + b"\0")[0].name)

ltoir, _ = cuda.compile(
    axpy, (float32[::1], float32, float32[::1], float32[::1]), output="ltoir", cc=(8, 0),
    device=False, abi="numba",
)
show("ltoir", ltoir[:4].hex())
link = nvjitlink.create(2, ["-arch=sm_80", "-lto"])
nvjitlink.add_data(link, nvjitlink.InputType.LTOIR, ltoir, len(ltoir), "axpy")
nvjitlink.complete(link)
code = bytearray(nvjitlink.get_linked_cubin_size(link))
nvjitlink.get_linked_cubin(link, code)
nvjitlink.destroy(link)
show("lto_link", code[:4].hex(), hex(int.from_bytes(code[18:20], "little")))
