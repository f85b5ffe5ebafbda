"""NVIDIA's cuda-python (cuda-bindings 12.9, cuda-core) through cuda-as-hip's libraries (libcuda,
libcudart, libnvrtc, libnvJitLink), without a GPU.

Prints one `key value` line per check; cabi/runner/tests/python_stacks.rs asserts on them.
CUDA_AS_HIP_CACHE_DIR must name an empty directory (the PTX translator's cache shows up there).
"""
from cuda.bindings import driver, nvjitlink, nvrtc, runtime
from cuda.core import Device, Linker, LinkerOptions, ObjectCode, Program, ProgramOptions
from nvrtc_archs import show_supported_archs

KERNEL = b'extern "C" __global__ void axpy(float a, float *x) { x[threadIdx.x] *= a; }'
PTX = b"""
.version 8.0
.target sm_80
.address_size 64
.visible .entry scale(.param .u64 p, .param .f32 a)
{
    .reg .b64 %rd<3>;
    .reg .f32 %f<3>;
    ld.param.u64 %rd1, [p];
    ld.param.f32 %f1, [a];
    cvta.to.global.u64 %rd2, %rd1;
    ld.global.f32 %f2, [%rd2];
    mul.f32 %f2, %f2, %f1;
    st.global.f32 [%rd2], %f2;
    ret;
}
\0"""


def show(key, *values):
    print(key, *values, flush=True)


def name(err):
    return getattr(err, "name", str(err))


def nvrtc_compile(options):
    err, prog = nvrtc.nvrtcCreateProgram(KERNEL, b"axpy.cu", 0, [], [])
    assert err == nvrtc.nvrtcResult.NVRTC_SUCCESS, err
    (err,) = nvrtc.nvrtcCompileProgram(prog, len(options), options)
    return err, prog


def code_object():
    err, prog = nvrtc_compile([b"--gpu-architecture=compute_80"])
    show("nvrtcCompileProgram", name(err))
    err, size = nvrtc.nvrtcGetPTXSize(prog)
    if err != nvrtc.nvrtcResult.NVRTC_SUCCESS:
        show("nvrtcGetPTX", name(err))
        return
    image = b" " * size
    (err,) = nvrtc.nvrtcGetPTX(prog, image)
    show("nvrtcGetPTX", name(err), *elf_machine(image))
    nvrtc.nvrtcDestroyProgram(prog)


def elf_machine(image):
    """An ELF code object for AMD GPUs: `\x7fELF`, e_machine (bytes 18-19) EM_AMDGPU 0xe0."""
    return image[:4].hex(), hex(int.from_bytes(image[18:20], "little"))


def nvjitlink_link():
    """NVIDIA's nvJitLink bindings on ours: the PTX linked into an AMD code object; no -arch."""
    show("nvJitLinkVersion", *nvjitlink.version())
    handle = nvjitlink.create(1, ["-arch=sm_80"])
    nvjitlink.add_data(handle, nvjitlink.InputType.PTX, PTX, len(PTX), "scale")
    nvjitlink.complete(handle)
    cubin = bytearray(nvjitlink.get_linked_cubin_size(handle))
    nvjitlink.get_linked_cubin(handle, cubin)
    show("nvJitLinkGetLinkedCubin", *elf_machine(cubin))
    nvjitlink.destroy(handle)
    try:
        nvjitlink.create(1, ["-O3"])
        show("nvJitLinkCreate(no-arch)", "no error")
    except nvjitlink.nvJitLinkError as e:
        show("nvJitLinkCreate(no-arch)", str(e))


def cuda_core():
    """cuda-python's object layer: its NVRTC program, its linker (nvJitLink's backend when
    nvJitLink loads), and a device that is not there."""
    program = Program(KERNEL.decode(), "c++", ProgramOptions(arch="sm_80"))
    show("Program.compile", *elf_machine(program.compile("cubin").code))
    linker = Linker(ObjectCode.from_ptx(PTX), options=LinkerOptions(arch="sm_80"))
    show("Linker.link", linker.backend, *elf_machine(linker.link("cubin").code))
    try:
        Device()
        show("Device()", "no error")
    except Exception as e:
        show("Device()", type(e).__name__, str(e).split(":")[0])


def main():
    (err,) = driver.cuInit(0)
    show("cuInit", name(err))
    show("cuGetErrorName", driver.cuGetErrorName(err)[1].decode())
    show("cudaGetErrorString", runtime.cudaGetErrorString(runtime.cudaError_t.cudaErrorNoDevice)[1].decode())
    show("cuDriverGetVersion", *map(name_or_value, driver.cuDriverGetVersion()))
    show("cudaRuntimeGetVersion", *map(name_or_value, runtime.cudaRuntimeGetVersion()))
    show("cudaGetDeviceCount", name(runtime.cudaGetDeviceCount()[0]))
    show("nvrtcVersion", *map(name_or_value, nvrtc.nvrtcVersion()))
    show_supported_archs()
    code_object()
    err, _ = nvrtc_compile([b"--std=c++99"])
    show("nvrtcCompileProgram(bad option)", name(err))
    err, _ = driver.cuModuleLoadData(PTX)
    show("cuModuleLoadData", name(err))
    nvjitlink_link()
    cuda_core()


def name_or_value(x):
    return name(x) if hasattr(x, "name") else x


main()
