"""The loopbacks for programs that open CUDA's libraries by CUDA's names themselves (the Python
stacks' GPU suites; ARCHITECTURE.md, "Testing without an AMD GPU").

Usage: python3 rename_nvidia.py FROM TO [NVIDIA-LIBRARY...]

Copies the loopback libraries of FROM (libamdhip64.so, libhip*.so ...) into TO, with every NVIDIA
library they need (found by ldd) and the NVIDIA-LIBRARY files named (those opened by path, as
NCCL in RCCL's place), each NVIDIA library under a name of its own: `libcuda.so.1` becomes
`libNVda.so.1`, `libcurand.so.10` `libNVrand.so.10` (the two letters after `lib` replaced by NV, so
every string keeps its length). In every copy each such name, where it stands as a whole
NUL-terminated name (SONAME, DT_NEEDED, symbol version, a dlopen argument such as the static
cudart's "libcuda.so.1"), is rewritten the same way — "whole" meaning no name character before
it: NVIDIA's libcublas.so.12 (12.9) packs its static runtime's "libcuda.so.1" right after binary
data, and missed, that runtime opened cuda-as-hip's driver (cublasCreate then failed). A process that has cuda-as-hip's libcuda.so.1
loaded then still reaches NVIDIA's behind the loopback: the dynamic loader hands out one object
per SONAME, and these no longer share one. Symbol version hashes are left as they were: they were
computed from the old names on both sides and still agree.

TO must be on LD_LIBRARY_PATH (the loopbacks' RPATH names NVIDIA's directories, where the renamed
files are not); the NVIDIA driver's companion libraries (libnvidia-*.so*, which libcuda opens from
its own directory) are linked into TO beside the renamed libcuda. Prints the renamed NVIDIA-LIBRARY
paths, one per line.
"""

import os
import re
import subprocess
import sys

NVIDIA = re.compile(r"^lib(cu|nvrtc|nvJitLink|nccl)")


def renamed(name):
    return name[:3] + "NV" + name[5:]


def nvidia_needed(path):
    """(name, resolved path) of each NVIDIA library PATH needs, directly or not (ldd)."""
    out = subprocess.run(["ldd", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "=>" and NVIDIA.match(parts[0]):
            yield parts[0], parts[2]


def rewrite(data, names):
    pattern = re.compile(
        rb"(?<![A-Za-z0-9_.+-])(" + b"|".join(re.escape(n.encode()) for n in names) + rb")(?=\x00)"
    )
    return pattern.sub(lambda m: renamed(m.group(1).decode()).encode(), data)


def main(source, target, extra):
    os.makedirs(target, exist_ok=True)
    loopbacks = sorted(f for f in os.listdir(source) if ".so" in f)
    nvidia = {}  # name → resolved file
    for f in loopbacks:
        nvidia.update(nvidia_needed(os.path.join(source, f)))
    for path in extra:
        nvidia[os.path.basename(path)] = path
        nvidia.update(nvidia_needed(path))
    names = sorted(nvidia, key=len, reverse=True)
    copies = [(os.path.join(source, f), f, True) for f in loopbacks]
    copies += [(path, renamed(name), False) for name, path in nvidia.items()]
    for path, name, loopback in copies:
        out = os.path.join(target, name)
        if os.path.lexists(out):
            os.remove(out)
        if loopback and os.path.islink(path) and os.path.dirname(os.readlink(path)) == "":
            os.symlink(os.readlink(path), out)  # a loopback's other name, beside it
            continue
        with open(os.path.realpath(path), "rb") as f:
            data = rewrite(f.read(), names)
        with open(out, "wb") as f:
            f.write(data)
        os.chmod(out, 0o755)
    if "libcuda.so.1" in nvidia:
        driver = os.path.dirname(os.path.realpath(nvidia["libcuda.so.1"]))
        for f in os.listdir(driver):
            if f.startswith("libnvidia-") and not os.path.lexists(os.path.join(target, f)):
                os.symlink(os.path.join(driver, f), os.path.join(target, f))
    for path in extra:
        print(os.path.join(target, renamed(os.path.basename(path))))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
