"""Compares the results a GPU script saved natively and through cuda-as-hip (npz files of named
arrays; an error is saved as its text):

    python3 compare_results.py NATIVE.npz SHIM.npz

One line per result — identical, close (within the dtype's tolerance: another library build or
kernel compile may round differently), differs, error (only the shim's run failed), or ignored
(the native run failed too) — then libtest's summary line, which gpu-suite.sh counts. Exits 1
when a result differs or fails only through the shim.
"""
import sys

import numpy as np

RTOL = {np.float16: 2e-3, np.float32: 1e-5, np.float64: 1e-12, np.complex64: 1e-5, np.complex128: 1e-12}


def verdict(native, shim):
    if native.dtype.kind == "U":
        return "ignored", str(native)
    if shim.dtype.kind == "U":
        return "error", str(shim)
    if native.shape != shim.shape or native.dtype != shim.dtype:
        return "differs", f"{shim.dtype}{shim.shape} against {native.dtype}{native.shape}"
    if np.array_equal(native, shim, equal_nan=True):
        return "identical", ""
    rtol = RTOL.get(native.dtype.type)
    if rtol is None:
        return "differs", f"{np.count_nonzero(native != shim)} of {native.size} elements"
    n, s = native.astype(np.complex128), shim.astype(np.complex128)
    scale = np.max(np.abs(n)) or 1.0
    worst = np.max(np.abs(n - s)) / scale
    return ("close" if worst <= rtol else "differs"), f"max difference {worst:.3g} of the largest value"


def main():
    native, shim = np.load(sys.argv[1]), np.load(sys.argv[2])
    counts = {"identical": 0, "close": 0, "differs": 0, "error": 0, "ignored": 0}
    for name in native.files:
        v, why = verdict(native[name], shim[name]) if name in shim.files else ("error", "not saved")
        counts[v] += 1
        print(f"{name:24} {v:9} {why}")
    for name in sorted(set(shim.files) - set(native.files)):
        print(f"{name:24} (only through the shim)")
    passed, failed = counts["identical"] + counts["close"], counts["differs"] + counts["error"]
    print(f"{counts['identical']} identical, {counts['close']} close, {counts['differs']} differ, "
          f"{counts['error']} failed through the shim, {counts['ignored']} failed natively too")
    print(f"test result: {'ok' if failed == 0 else 'FAILED'}. {passed} passed; {failed} failed; "
          f"{counts['ignored']} ignored")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
