"""CuPy 14.2 (cupy-cuda12x) through cuda-as-hip's libraries, without a GPU.

Prints one `key value` line per check; cabi/runner/tests/python_stacks.rs asserts on them.
CuPy links NVIDIA's runtime statically (libcudart_static), which reaches our libcuda.so.1 through
dlopen; its NVRTC binding loads libnvrtc.so.12 through cuda-pathfinder.

CuPy's compiler asks for a device before NVRTC (`compile_using_nvrtc` looks the architecture up
per device: `cudaGetDevice`), so the kernels CuPy generates — as scripts/cupy_kernels.py captured
them at setup time, with the options and include path (CuPy's headers and bundled CCCL) CuPy gave
NVRTC for a compute capability 8.0 GPU — go through the step after it: CuPy's own NVRTC program
(`cupy.cuda.compiler._NVRTCProgram`), as `compile_using_nvrtc` calls it.
"""
import pathlib
import sys

import cupy
from cupy.cuda import compiler, cufft, curand, nccl, nvrtc, runtime

KERNELS = pathlib.Path(__file__).resolve().parents[2] / ".cache/inputs/cupy-14.2/kernels"
# An elementwise kernel per dtype CuPy special-cases (float, half, complex through its CCCL's
# thrust::complex), a reduction, a scan and an indexing kernel.
LABELS = ["cupy_add__float32_float32_float32", "cupy_add__float16_float16_float16",
          "cupy_add__complex64_complex64_complex64", "sum_float32", "_cupy_scan_btree_0_float32",
          "_routines_indexing._take_kernel"]


def show(key, *values):
    print(key, *values, flush=True)


def error(call):
    try:
        call()
        return "no error"
    except Exception as e:
        return f"{type(e).__name__} {str(e).split(':')[0]}"


def captured():
    """label -> (source, options, name expressions), as CuPy handed them to NVRTC."""
    out = {}
    for args in sorted(KERNELS.glob("*.args")):
        fields = [line.split(" ", 1) for line in args.read_text().splitlines()]
        label = next(v for k, v in fields if k == "label")
        out[label] = (args.with_suffix(".cu").read_text(), [v for k, v in fields if k == "option"],
                      [v for k, v in fields if k == "name"])
    return out


def compile_kernels():
    kernels = captured()
    for label in LABELS:
        source, options, names = kernels[label]
        program = compiler._NVRTCProgram(source, label + ".cu", name_expressions=names or None,
                                         method="cubin")
        try:
            image, _ = program.compile(tuple(options))
        except compiler.CompileException as e:
            show("kernel", label, "failed", str(e).splitlines()[0])
            continue
        machine = int.from_bytes(image[18:20], "little")
        show("kernel", label, image[:4].hex(), hex(machine))


show("runtimeGetVersion", runtime.runtimeGetVersion())
show("driverGetVersion", runtime.driverGetVersion())
show("getDeviceCount", error(runtime.getDeviceCount))
show("nvrtc.getVersion", *nvrtc.getVersion())
show("compile_using_nvrtc", error(lambda: compiler.compile_using_nvrtc("", arch="80")))
# cuRAND (libcurand.so.10, which CuPy links): ours answers its version; no GPU, no generator.
show("curand.getVersion", curand.getVersion())
show("curand.createGenerator", error(lambda: curand.createGenerator(curand.CURAND_RNG_PSEUDO_XORWOW)))
# The libraries CuPy links for matmul, fft and multi-GPU (libcublas.so.12 — which cuda-pathfinder
# loads after its dependency libcublasLt.so.12 —, libcufft.so.11, libnccl.so.2): ours, bound by their
# symbol versions. Versions are the CUDA 12.9 libraries' this layer implements; no GPU, no handle.
# cuda-pathfinder loads cuSOLVER and cuSPARSE only after nvJitLink, their dependency in NVIDIA's
# build (libnvJitLink.so.12: ours).
def imported(name):
    """`cupy.cuda.NAME` as CuPy resolves it (through cuda-pathfinder, for the libraries it lists)."""
    try:
        return getattr(cupy.cuda, name), "imported"
    except ImportError as e:
        return None, f"ImportError {str(e).split(':')[0]}"


cublas, how = imported("cublas")
show("cublas.import", how)
if cublas:
    show("cublas.create", error(cublas.create))
show("cufft.getVersion", cufft.getVersion())
show("nccl.get_version", nccl.get_version())
for name in ("cusolver", "cusparse"):
    library, how = imported(name)
    show(f"{name}.import", how)
    if library:
        show(f"{name}.create", error(library.create))
if cusolver := imported("cusolver")[0]:
    show("cusolver._getVersion", *cusolver._getVersion())
show("kernels", len(LABELS))
compile_kernels()
sys.stdout.flush()
