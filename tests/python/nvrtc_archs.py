"""The architectures an NVRTC lists, through cuda-python, and the libnvrtc file that answered.

Run on NVIDIA's NVRTC and on ours (cabi/runner/tests/python_stacks.rs compares the lines);
cuda_python.py prints the same lines.
"""
from cuda.bindings import nvrtc


def show_supported_archs():
    err, archs = nvrtc.nvrtcGetSupportedArchs()
    print("nvrtcGetSupportedArchs", err.name, *archs, flush=True)
    with open("/proc/self/maps") as maps:
        files = {line.split()[-1] for line in maps if "/libnvrtc.so" in line}
    print("libnvrtc", *sorted(files), flush=True)


if __name__ == "__main__":
    show_supported_archs()
