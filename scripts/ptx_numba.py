#!/usr/bin/env python3
"""The PTX corpus' numba part (scripts/ptx-corpus.sh): numba-cuda's numba.cuda.compile_ptx, which runs
on the CPU with libNVVM from the nvidia-cuda-nvcc-cu12 wheel, for sm_80.

  ptx_numba.py ROOT DIR     typical kernels (below) and the kernels of numba-cuda's own documentation
                            examples (numba/cuda/tests/doc_examples) into ROOT/DIR, with manifest.jsonl
                            and failed.jsonl as scripts/ptx_corpus.py writes them

Device functions compile for the current device's compute capability: here it is sm_80 (class Sm80).
The documentation examples are unittest methods that define a kernel, make device arrays and launch
it. They run here with no GPU: device arrays are host NumPy arrays, and a launch compiles the kernel
for the types of its arguments (as numba does at a real launch) and records its PTX instead of
running it; the examples' own assertions then fail, which is expected and ignored.
Run by the virtual environment scripts/ptx-corpus.sh makes, with NUMBA_CUDA_USE_NVIDIA_BINDING=0.
"""
import io, json, math, os, sys, unittest, contextlib

import numpy as np
import numba
import numba_cuda
from numba import cuda, float32, float64, int32, int64, uint32, uint64, complex64, void
from numba.core.types import float16

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ptx_corpus import Part  # noqa: E402

CC = (8, 0)


class Sm80:
    """What numba asks the current device when it compiles a device function (numba.cuda's vote
    functions are some) or an eagerly compiled kernel, and what numba-cuda's tests ask before they
    run: its compute capability, CC, the one every kernel here is compiled for."""

    compute_capability = CC
    device = None


Sm80.device = Sm80
numba.cuda.dispatcher.get_current_device = Sm80
numba.cuda.cudadrv.devices.get_context = lambda devnum=None: Sm80
COMPILER = f"numba {numba.__version__}, numba-cuda {numba_cuda.__version__}, libNVVM (CUDA 12.9)"


# --- typical kernels: (name, signature, function, compile_ptx options) ---------------------------
def saxpy(out, a, x, y):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


def elementwise_f64(out, x, y):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = (x[i] - y[i]) / (abs(x[i]) + 1.0) + min(x[i], y[i]) * max(x[i], y[i])


def integer_ops(out, x, y):
    i = cuda.grid(1)
    if i < out.size:
        a, b = x[i], y[i] | 1
        out[i] = ((a // b) ^ (a % b)) + (a << 3) - (a >> 2) + (a & b) + (~a | b)


def unsigned_ops(out, x, y):
    i = cuda.grid(1)
    if i < out.size:
        a, b = x[i], y[i] | 1
        out[i] = (a // b) + (a % b) + (a >> 5) + (a * b)


def reduce_shared(out, x):
    buf = cuda.shared.array(256, float32)
    t = cuda.threadIdx.x
    i = cuda.grid(1)
    buf[t] = x[i] if i < x.size else 0.0
    cuda.syncthreads()
    s = cuda.blockDim.x // 2
    while s > 0:
        if t < s:
            buf[t] += buf[t + s]
        cuda.syncthreads()
        s //= 2
    if t == 0:
        cuda.atomic.add(out, 0, buf[0])


def atomics_i32(out, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        cuda.atomic.add(out, 0, v)
        cuda.atomic.sub(out, 1, v)
        cuda.atomic.max(out, 2, v)
        cuda.atomic.min(out, 3, v)
        cuda.atomic.and_(out, 4, v)
        cuda.atomic.or_(out, 5, v)
        cuda.atomic.xor(out, 6, v)
        cuda.atomic.exch(out, 7, v)
        cuda.atomic.cas(out, 8, 0, v)


def atomics_u32(out, x):
    i = cuda.grid(1)
    if i < x.size:
        cuda.atomic.inc(out, 0, x[i])
        cuda.atomic.dec(out, 1, x[i])
        cuda.atomic.max(out, 2, x[i])


def atomics_f32(out, x):
    i = cuda.grid(1)
    if i < x.size:
        cuda.atomic.add(out, 0, x[i])
        cuda.atomic.max(out, 1, x[i])
        cuda.atomic.min(out, 2, x[i])
        cuda.atomic.nanmax(out, 3, x[i])


def atomics_f64(out, x):
    i = cuda.grid(1)
    if i < x.size:
        cuda.atomic.add(out, 0, x[i])
        cuda.atomic.max(out, 1, x[i])


def atomics_u64(out, x):
    i = cuda.grid(1)
    if i < x.size:
        cuda.atomic.add(out, 0, x[i])
        cuda.atomic.cas(out, 1, 0, x[i])


def warp_shuffles(out, x):
    i = cuda.grid(1)
    v = x[i]
    m = cuda.activemask()
    a = cuda.shfl_sync(m, v, 0)
    b = cuda.shfl_up_sync(m, v, 1)
    c = cuda.shfl_down_sync(m, v, 2)
    d = cuda.shfl_xor_sync(m, v, 16)
    out[i] = a + b + c + d


def warp_reduce_f64(out, x):
    i = cuda.grid(1)
    v = x[i]
    off = 16
    while off > 0:
        v += cuda.shfl_down_sync(0xFFFFFFFF, v, off)
        off //= 2
    if cuda.laneid == 0:
        out[i // 32] = v


def warp_votes(out, x):
    i = cuda.grid(1)
    p = x[i] > 0
    ballot = cuda.ballot_sync(0xFFFFFFFF, p)
    out[i] = (ballot + cuda.all_sync(0xFFFFFFFF, p) * 2 + cuda.any_sync(0xFFFFFFFF, p) * 4
              + cuda.eq_sync(0xFFFFFFFF, p) * 8 + cuda.lanemask_lt() + cuda.activemask())
    cuda.syncwarp()


def warp_match(out, x):
    i = cuda.grid(1)
    out[i] = cuda.match_any_sync(0xFFFFFFFF, x[i])


def mul_high(out, x, y):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = cuda.libdevice.umulhi(x[i], y[i]) + cuda.libdevice.mulhi(x[i], y[i])


def bit_ops(out, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out[i] = cuda.popc(v) + cuda.clz(v) + cuda.ffs(v) + cuda.brev(v)


def math_f32(out, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out[i] = (math.sin(v) + math.cos(v) + math.exp(v) + math.log(abs(v) + 1) + math.sqrt(abs(v))
                  + math.tanh(v) + math.erf(v) + math.atan2(v, 1.5) + math.pow(abs(v), 0.3)
                  + math.floor(v) + math.ceil(v) + math.fabs(v) + math.copysign(1.0, v) + cuda.fma(v, v, 1.0))


def math_f64(out, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out[i] = (math.sin(v) + math.exp(v) + math.log1p(abs(v)) + math.sqrt(abs(v)) + math.expm1(v)
                  + math.atan(v) + math.lgamma(abs(v) + 1) + math.hypot(v, 2.0) + math.trunc(v))


def math_f32_fast(out, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out[i] = math.sin(v) + math.cos(v) + math.exp(v) + math.log(abs(v) + 1) + 1.0 / (v + 3.0) + math.sqrt(abs(v))


def half_ops(out, x, y):
    i = cuda.grid(1)
    if i < out.size:
        a, b = x[i], y[i]
        out[i] = cuda.fp16.hfma(a, b, a) + cuda.fp16.hmul(a, b) - cuda.fp16.hsub(a, b) + cuda.fp16.habs(b)


def half_math(out, x):
    i = cuda.grid(1)
    if i < out.size:
        v = x[i]
        out[i] = cuda.fp16.hsin(v) + cuda.fp16.hexp(v) + cuda.fp16.hsqrt(cuda.fp16.habs(v)) + cuda.fp16.hceil(v)


def conversions(out_f, out_i, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out_f[i] = float32(int32(v)) + float32(uint32(abs(v))) + float32(float16(v))
        out_i[i] = int64(v * 1000.0)


def matmul_tiled(c, a, b):
    sa = cuda.shared.array((16, 16), float32)
    sb = cuda.shared.array((16, 16), float32)
    x, y = cuda.grid(2)
    tx, ty = cuda.threadIdx.x, cuda.threadIdx.y
    acc = float32(0.0)
    for t in range((a.shape[1] + 15) // 16):
        sa[ty, tx] = a[x, t * 16 + ty] if x < a.shape[0] and t * 16 + ty < a.shape[1] else 0.0
        sb[ty, tx] = b[t * 16 + tx, y] if y < b.shape[1] and t * 16 + tx < b.shape[0] else 0.0
        cuda.syncthreads()
        for k in range(16):
            acc += sa[k, tx] * sb[ty, k]
        cuda.syncthreads()
    if x < c.shape[0] and y < c.shape[1]:
        c[x, y] = acc


def local_array(out, x):
    i = cuda.grid(1)
    tmp = cuda.local.array(8, int32)
    for k in range(8):
        tmp[k] = x[(i + k) % x.size] * k
    s = 0
    for k in range(8):
        s += tmp[7 - k] ^ k
    out[i] = s


def complex_mul(out, x, y):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = x[i] * y[i] + x[i].conjugate()


def fence_and_select(out, x):
    i = cuda.grid(1)
    if i < x.size:
        out[i] = cuda.selp(x[i] > 0, x[i], -x[i])
        cuda.threadfence()
        cuda.threadfence_block()
        cuda.threadfence_system()


def special_registers(out):
    i = cuda.grid(1)
    out[i] = (cuda.threadIdx.x + cuda.threadIdx.y * 3 + cuda.blockIdx.x * 5 + cuda.blockDim.x * 7
              + cuda.gridDim.x * 11 + cuda.laneid + cuda.gridsize(1))


def print_values(out, x):
    i = cuda.grid(1)
    if i < x.size:
        print("thread", i, "x", x[i])  # vprintf: a format string and a packed argument buffer
        out[i] = x[i]


def device_dot(a, b):
    return a * b + 1.0


TYPICAL = [
    ("saxpy", void(float32[:], float32, float32[:], float32[:]), saxpy, {}),
    ("elementwise_f64", void(float64[:], float64[:], float64[:]), elementwise_f64, {}),
    ("integer_ops", void(int32[:], int32[:], int32[:]), integer_ops, {}),
    ("integer_ops_i64", void(int64[:], int64[:], int64[:]), integer_ops, {}),
    ("unsigned_ops", void(uint32[:], uint32[:], uint32[:]), unsigned_ops, {}),
    ("unsigned_ops_u64", void(uint64[:], uint64[:], uint64[:]), unsigned_ops, {}),
    ("reduce_shared", void(float32[:], float32[:]), reduce_shared, {}),
    ("atomics_i32", void(int32[:], int32[:]), atomics_i32, {}),
    ("atomics_u32", void(uint32[:], uint32[:]), atomics_u32, {}),
    ("atomics_f32", void(float32[:], float32[:]), atomics_f32, {}),
    ("atomics_f64", void(float64[:], float64[:]), atomics_f64, {}),
    ("atomics_u64", void(uint64[:], uint64[:]), atomics_u64, {}),
    ("warp_shuffles_i32", void(int32[:], int32[:]), warp_shuffles, {}),
    ("warp_shuffles_f32", void(float32[:], float32[:]), warp_shuffles, {}),
    ("warp_reduce_f64", void(float64[:], float64[:]), warp_reduce_f64, {}),
    ("warp_votes", void(uint32[:], int32[:]), warp_votes, {}),
    ("warp_match", void(uint32[:], int32[:]), warp_match, {}),
    ("mul_high", void(uint32[:], uint32[:], uint32[:]), mul_high, {}),
    ("bit_ops_u32", void(uint32[:], uint32[:]), bit_ops, {}),
    ("bit_ops_u64", void(uint64[:], uint64[:]), bit_ops, {}),
    ("math_f32", void(float32[:], float32[:]), math_f32, {}),
    ("math_f64", void(float64[:], float64[:]), math_f64, {}),
    ("math_f32_fastmath", void(float32[:], float32[:]), math_f32_fast, {"fastmath": True}),
    ("half_ops", void(float16[:], float16[:], float16[:]), half_ops, {}),
    ("half_math", void(float16[:], float16[:]), half_math, {}),
    ("conversions", void(float32[:], int64[:], float32[:]), conversions, {}),
    ("matmul_tiled", void(float32[:, :], float32[:, :], float32[:, :]), matmul_tiled, {}),
    ("local_array", void(int32[:], int32[:]), local_array, {}),
    ("complex_mul", void(complex64[:], complex64[:], complex64[:]), complex_mul, {}),
    ("fence_and_select", void(float32[:], float32[:]), fence_and_select, {}),
    ("special_registers", void(int32[:]), special_registers, {}),
    ("print_values", void(float64[:], float64[:]), print_values, {}),
    ("device_function", float64(float64, float64), device_dot, {"device": True}),
]


def compile_typical(part):
    for name, sig, fn, opts in TYPICAL:
        try:
            ptx, _ = cuda.compile_ptx(fn, sig, cc=CC, **opts)
        except Exception as e:  # numba's errors are many types; each is recorded, none stops the rest
            part.fail(f"typical/{name}", f"sm_{CC[0]}{CC[1]}", f"{type(e).__name__}: {str(e).splitlines()[0]}")
            continue
        part.add(f"typical__{name}.ptx", ptx, f"{__file__.split('/')[-1]}:{name} {sig}", COMPILER,
                 f"sm_{CC[0]}{CC[1]}", {k: v for k, v in opts.items()} or {})


# --- numba-cuda's documentation examples, launched without a GPU ----------------------------------
class HostArray(np.ndarray):
    """A "device array" that is host memory: what the examples call on device arrays."""

    def copy_to_host(self, ary=None, stream=0):
        return np.array(self) if ary is None else np.copyto(ary, self)

    def copy_to_device(self, ary, stream=0):
        np.copyto(self, ary)

    def split(self, section, stream=0):
        return [self[i:i + section] for i in range(0, len(self), section)]

    @property
    def __cuda_array_interface__(self):  # test_cpointer passes raw pointers: host ones, never used
        return dict(self.__array_interface__, version=3)


def host_array(a):
    return np.ascontiguousarray(a).view(HostArray)


class Recorder:
    """Compiles each launched kernel for its arguments' types, once per (kernel, types)."""

    def __init__(self, part, example):
        self.part, self.example, self.seen = part, example, set()

    def launch(self, dispatcher, args):
        # A kernel compiled eagerly for its declared signature keeps it (test_cpointer: pointers).
        eager = list(dispatcher.overloads) if not dispatcher._can_compile else []
        types = eager[0] if eager else tuple(dispatcher.typeof_pyval(a) for a in args)
        fn = dispatcher.py_func
        key = (fn.__code__, types)
        if key in self.seen:
            return
        self.seen.add(key)
        name = f"doc_examples__{self.example}__{fn.__name__}_{len(self.seen)}"
        source = f"numba-cuda {numba_cuda.__version__}/numba/cuda/tests/doc_examples/{self.example}.py:{fn.__name__}{types}"
        try:
            ptx, _ = cuda.compile_ptx(fn, types, cc=CC, fastmath=dispatcher.targetoptions.get("fastmath", False))
        except Exception as e:  # recorded as the example's failure, the next one goes on
            self.part.fail(source, f"sm_{CC[0]}{CC[1]}", f"{type(e).__name__}: {str(e).splitlines()[0]}")
            return
        self.part.add(f"{name}.ptx", ptx, source, COMPILER, f"sm_{CC[0]}{CC[1]}", {})


@contextlib.contextmanager
def without_gpu(recorder):
    """numba.cuda's device memory and kernel launches, redirected to host arrays and the recorder."""
    from numba.cuda.dispatcher import CUDADispatcher, _Kernel
    saved = {n: getattr(cuda, n) for n in ("to_device", "device_array", "device_array_like", "pinned_array",
                                            "mapped_array", "synchronize")}
    saved_call, saved_forall, saved_bind = CUDADispatcher.call, CUDADispatcher.forall, _Kernel.bind
    saved_blocks = _Kernel.max_cooperative_grid_blocks
    _Kernel.bind = lambda self: None  # an eagerly compiled kernel (@cuda.jit(signature)) loads nothing
    _Kernel.max_cooperative_grid_blocks = lambda self, blockdim, dynsmemsize=0: 1 << 30  # test_cg's grid fits
    cuda.to_device = lambda a, stream=0, copy=True, to=None: host_array(a)
    cuda.device_array = lambda shape, dtype=np.float64, strides=None, order="C", stream=0: host_array(
        np.zeros(shape, dtype, order=order))
    cuda.device_array_like = lambda a, stream=0: host_array(np.zeros_like(a))
    cuda.pinned_array = cuda.mapped_array = lambda shape, dtype=np.float64, *a, **k: host_array(np.zeros(shape, dtype))
    cuda.synchronize = lambda: None
    CUDADispatcher.call = lambda self, args, griddim, blockdim, stream, sharedmem: recorder.launch(self, args)
    CUDADispatcher.forall = lambda self, ntasks, tpb=0, stream=0, sharedmem=0: (
        lambda *args: recorder.launch(self, args))
    try:
        yield
    finally:
        for n, f in saved.items():
            setattr(cuda, n, f)
        CUDADispatcher.call, CUDADispatcher.forall, _Kernel.bind = saved_call, saved_forall, saved_bind
        _Kernel.max_cooperative_grid_blocks = saved_blocks


def compile_doc_examples(part):
    import numba.cuda.tests.doc_examples as examples
    folder = os.path.dirname(examples.__file__)
    for file in sorted(os.listdir(folder)):
        if not (file.startswith("test_") and file.endswith(".py")):
            continue
        example = file[:-3]
        suite = unittest.defaultTestLoader.loadTestsFromName(f"numba.cuda.tests.doc_examples.{example}")
        with without_gpu(Recorder(part, example)), contextlib.redirect_stdout(io.StringIO()):
            unittest.TextTestRunner(stream=io.StringIO()).run(suite)  # the examples' asserts fail: no GPU ran


if __name__ == "__main__":
    root, sub = sys.argv[1:]
    part = Part(root, sub)
    compile_typical(part)
    compile_doc_examples(part)
    part.close()
