"""numba-cuda on a GPU: kernels written in Python, compiled by libNVVM to PTX, loaded and launched
through the CUDA driver — run natively and through cuda-as-hip (on the loopback the PTX goes to
NVIDIA's driver as it is; on an AMD GPU our translator takes it), results compared by
compare_results.py.

    python3 numba_gpu.py OUT.npz
"""
import math
import sys

import numpy as np

if not hasattr(np, "row_stack"):  # NumPy 2.4 removed it; older numba releases still call it
    np.row_stack = np.vstack
from numba import cuda, float32, int32  # noqa: E402

import harness  # noqa: E402

N = 1 << 16

# numba-cuda 0.20 links with LTO whenever an nvJitLink is there: cuda-as-hip's has NVIDIA's make the
# LTO-IR PTX and links its translation into an AMD code object, which the loopback (NVIDIA's
# driver) cannot load. The kernels take numba's PTX path (`lto=False`), natively too; CI proves the
# LTO path on the CPU (cabi/runner/tests/python_stacks.rs). Passed with the function: numba-cuda
# 0.20's `cuda.jit(lto=False)` (no function) calls `jit` again without `lto`, which then defaults
# to LTO wherever an nvJitLink is present (every kernel of the 2026-12-07 GPU run reached nvJitLink).


def jit(func):
    return cuda.jit(func, lto=False)


@jit
def saxpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


@jit
def block_sums(x, out):
    shared = cuda.shared.array(256, float32)
    t = cuda.threadIdx.x
    i = cuda.grid(1)
    shared[t] = x[i] if i < x.size else 0
    cuda.syncthreads()
    step = 128
    while step > 0:
        if t < step:
            shared[t] += shared[t + step]
        cuda.syncthreads()
        step //= 2
    if t == 0:
        out[cuda.blockIdx.x] = shared[0]


@jit
def histogram(values, bins):
    i = cuda.grid(1)
    if i < values.size:
        cuda.atomic.add(bins, values[i] % bins.size, 1)


@jit
def special_functions(x, out):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out[i, 0] = math.sin(v)
        out[i, 1] = math.exp(-v * v)
        out[i, 2] = math.sqrt(abs(v))
        out[i, 3] = math.atan2(v, 1.5)


@jit
def warp_max(x, out):
    i = cuda.grid(1)
    v = x[i] if i < x.size else int32(-2147483648)
    offset = 16
    while offset > 0:
        v = max(v, cuda.shfl_down_sync(0xFFFFFFFF, v, offset))
        offset //= 2
    if cuda.laneid == 0:
        out[i // 32] = v


def launch(kernel, blocks, *args):
    """kernel on `blocks` blocks of 256 threads, arrays copied in; the last argument copied back."""
    device = [cuda.to_device(a) if isinstance(a, np.ndarray) else a for a in args]
    kernel[blocks, 256](*device)
    cuda.synchronize()
    return device[-1].copy_to_host()


def main():
    rng = np.random.RandomState(7)
    x = rng.standard_normal(N).astype(np.float32)
    y = rng.standard_normal(N).astype(np.float32)
    blocks = N // 256
    print("numba-cuda device", cuda.get_current_device().name, flush=True)
    harness.record("saxpy_f32", lambda: launch(saxpy, blocks, np.float32(2.5), x, y, np.zeros_like(x)))
    harness.record("block_sums_f32", lambda: launch(block_sums, blocks, x, np.zeros(blocks, np.float32)))
    values = rng.randint(0, 1 << 20, N).astype(np.int32)
    harness.record("histogram_atomics", lambda: launch(histogram, blocks, values, np.zeros(97, np.int32)))
    harness.record("special_f64", lambda: launch(special_functions, blocks, x.astype(np.float64),
                                                 np.zeros((N, 4), np.float64)))
    harness.record("special_f32", lambda: launch(special_functions, blocks, x, np.zeros((N, 4), np.float32)))
    harness.record("warp_max_i32", lambda: launch(warp_max, blocks, values, np.zeros(N // 32, np.int32)))
    harness.save(sys.argv[1])
    harness.show_libraries()


if __name__ == "__main__":
    main()
