"""Runs one of NVIDIA's cuda-python example programs, unmodified, as its own `__main__` (with its
`common` helpers importable, as in cuda-python's examples folder), then prints the libraries the
process resolved (harness.py); exits with the example's status.

    python3 run_example.py EXAMPLES/0_Introduction/vectorAddDrv_test.py
"""
import pathlib
import runpy
import sys

from harness import show_libraries

example = pathlib.Path(sys.argv[1]).resolve()
sys.path[:0] = [str(example.parent), str(example.parents[1])]
sys.argv = [str(example)]
status = 0
try:
    runpy.run_path(str(example), run_name="__main__")
except SystemExit as e:
    status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
print("example status", status, flush=True)
show_libraries()
sys.exit(status)
