"""What the GPU scripts share: results recorded by name and saved for compare_results.py, and
which file each CUDA library name resolves to in the process, as a program's own dlopen would get
it — `library SONAME PATH` lines (`not-loaded` where the process has none of that name), which
scripts/gpu-suite.sh checks against the libraries a run meant to use.
"""
import ctypes

import numpy as np

RESULTS = {}


def record(name, compute, to_host=np.asarray):
    """Saves compute()'s value (copied to the host by to_host) as `name`, or its error's text."""
    try:
        RESULTS[name] = np.asarray(to_host(compute()))
        status = "ok"
    except Exception as e:  # each failure is a result of its own
        RESULTS[name] = np.array(f"error: {type(e).__name__}: {e}")
        status = f"error {type(e).__name__}: {e}"
    print("result", name, status, flush=True)


def save(path):
    np.savez(path, **RESULTS)

# Each library a Python stack may load, and a function it exports.
LIBRARIES = [("libcuda.so.1", "cuInit"), ("libcudart.so.12", "cudaGetDeviceCount"),
             ("libnvrtc.so.12", "nvrtcVersion"), ("libnvJitLink.so.12", "nvJitLinkVersion"),
             ("libcublas.so.12", "cublasCreate_v2"), ("libcublasLt.so.12", "cublasLtCreate"),
             ("libcurand.so.10", "curandCreateGenerator"), ("libcufft.so.11", "cufftPlan1d"),
             ("libcusolver.so.11", "cusolverDnCreate"), ("libcusparse.so.12", "cusparseCreate"),
             ("libnccl.so.2", "ncclGetVersion")]
RTLD_NOLOAD = 4


class DlInfo(ctypes.Structure):
    _fields_ = [("fname", ctypes.c_char_p), ("fbase", ctypes.c_void_p),
                ("sname", ctypes.c_char_p), ("saddr", ctypes.c_void_p)]


def show_libraries():
    libc = ctypes.CDLL(None)
    libc.dladdr.argtypes = [ctypes.c_void_p, ctypes.POINTER(DlInfo)]
    for soname, symbol in LIBRARIES:
        try:
            function = getattr(ctypes.CDLL(soname, mode=RTLD_NOLOAD), symbol)
        except (OSError, AttributeError):
            print("library", soname, "not-loaded", flush=True)
            continue
        info = DlInfo()
        libc.dladdr(ctypes.cast(function, ctypes.c_void_p), ctypes.byref(info))
        print("library", soname, info.fname.decode(), flush=True)
