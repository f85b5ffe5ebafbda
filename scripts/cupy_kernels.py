#!/usr/bin/env python3
"""The kernels CuPy generates at run time, as CuPy hands them to NVRTC, without a GPU.

  cupy_kernels.py DIR     writes each kernel as DIR/NNN.cu (the source) and DIR/NNN.args (lines
                          `label L`, `option O` for each NVRTC option, `name N` for each name
                          expression), and DIR/version (CuPy's version)

Run with a Python that has CuPy (scripts/setup.sh installs cupy-cuda12x into a virtual environment
with NVIDIA's runtime and NVRTC wheels, and sets CUDA_PATH to CUDA 12.9's headers). On a GPU,
CuPy builds each kernel's source from its op tables when the op is first called, then compiles it
through `cupy._core.core.compile_with_cache`, which adds CuPy's options and include paths. Without
a GPU the call stops at `cudaGetDevice` before the source is built, so this script builds the
sources with CuPy's own code generators (`_get_elementwise_kernel_code`,
`_SimpleReductionKernel_get_cached_function_code`, CuPy's scan kernels, CuPy's RawModules) from
CuPy's own op tables, as the op would for a contiguous 1-D array of each dtype, and hands them to
`compile_with_cache`. Only the GPU's compute capability is stated here (8.0: `-arch=sm_80`, what
CuPy passes for such a GPU); the NVRTC call itself is captured, not run: its source, name, options
and name expressions are exactly what CuPy gives NVRTC.
"""
import os, sys, tempfile, warnings

os.environ.setdefault("CUPY_CACHE_DIR", tempfile.mkdtemp(prefix="cupy-kernels-"))
warnings.simplefilter("ignore")
import numpy  # noqa: E402
import cupy  # noqa: E402
from cupy.cuda import compiler  # noqa: E402
from cupy._core import core, _kernel, _reduction, _routines_math, _carray, _scalar  # noqa: E402

ARCH = "80"
# What CuPy's device queries would answer for a compute capability 8.0 GPU.
compiler._get_arch = lambda: ARCH
compiler._get_arch_for_options_for_nvrtc = lambda arch=None: (f"-arch=sm_{ARCH}", "cubin")


class Captured(Exception):
    pass


captured = []


def capture_nvrtc_call(self, options=(), log_stream=None):
    # CuPy first compiles an empty program to learn NVRTC's version: let it pass.
    if not self.src:
        return b"", None
    captured.append({"name": self.name, "source": self.src, "options": list(options),
                     "names": list(self.name_expressions or [])})
    raise Captured()


compiler._NVRTCProgram.compile = capture_nvrtc_call

NDARRAY, INDEXER, SCALAR = 1, 2, 3  # CuPy's _ArgKind
# float, half (CuPy's fp16 path) and complex (thrust::complex through CuPy's CCCL).
DTYPES = [numpy.float32, numpy.float16, numpy.complex64]
kernels = []
CORE_MODULES = ["cupy._core._routines_indexing", "cupy._core._routines_manipulation",
                "cupy._core._routines_math", "cupy._core._routines_statistics"]


def compile_as_cupy(label, code, options=(), **kw):
    """`compile_with_cache`, as CuPy's kernel classes call it; records the NVRTC call."""
    before = len(captured)
    try:
        core.compile_with_cache(code, tuple(options), **kw)
    except Captured:
        pass
    if len(captured) == before + 1 and all(k["source"] != captured[-1]["source"] for k in kernels):
        entry = dict(captured[-1])
        entry["name"] = label
        kernels.append(entry)


def ndarray_info(dtype, ndim=1):
    return _kernel._ArgInfo(NDARRAY, cupy.ndarray, numpy.dtype(dtype).type, ndim, True, True)


def indexer_info(ndim=1):
    return _kernel._ArgInfo(INDEXER, _carray.Indexer, None, ndim, True, True)


def scalar_info(dtype):
    return _kernel._ArgInfo(SCALAR, _scalar.CScalar, numpy.dtype(dtype).type, 0, True, True)


def same(a, b):
    return numpy.dtype(a) == numpy.dtype(b)


def elementwise(label, k, dtype):
    """An ElementwiseKernel called on 1-D arrays: the first type parameter `dtype`, any other one
    int64 (CuPy's index arrays), fixed-type parameters as scalars."""
    first = next((p.ctype for p in k.in_params if p.dtype is None), None)

    def typed(p):
        return p.dtype or (dtype if p.ctype == first else numpy.int64)
    ins = tuple(typed(p) for p in k.in_params)
    outs = tuple(typed(p) for p in k.out_params)
    try:
        in_types, out_types, type_map = k._decide_params_type(ins, outs)
    except Exception:
        return
    types = list(in_types) + list(out_types)
    infos = []
    for p, t in zip(k.params, types + [None]):
        if p.name == "_ind":
            infos.append(indexer_info())
        elif p.dtype is not None and not p.raw and p in k.in_params:
            infos.append(scalar_info(t))
        else:
            infos.append(ndarray_info(t))
    kwargs = dict(k.kwargs)
    options = kwargs.pop("options", ())
    code = _kernel._get_elementwise_kernel_code(tuple(infos), type_map, k.params, k.operation, k.name,
                                                k.preamble, options=tuple(options), **kwargs)
    compile_as_cupy(label, code, options)


def ufunc(u, dtype):
    """A ufunc on 1-D arrays of `dtype`: CuPy's `_get_ufunc_kernel` (no `where`, no casts)."""
    op = next((o for o in u._ops.ops if isinstance(o.routine, str) and all(same(t, dtype) for t in o.in_types)), None)
    if op is None:
        return
    infos = tuple([ndarray_info(t) for t in op.in_types + op.out_types] + [indexer_info()])
    pairs = [(f"in{i}_type", t) for i, t in enumerate(op.in_types)]
    pairs += [(f"out{i}_type", t) for i, t in enumerate(op.out_types)]
    lines = [f"const in{i}_type in{i}(_raw_in{i}[_ind.get()]);" for i in range(len(op.in_types))]
    lines += [f"out{i}_type &out{i} = _raw_out{i}[_ind.get()];" for i in range(len(op.out_types))]
    operation = "\n".join(lines + [op.routine])
    # _get_elementwise_kernel_code puts a reference line before the operation for each array
    # parameter; the ufunc kernel (_get_simple_elementwise_kernel_code) has none: take them out.
    refs = [("const {t} &{n} = _raw_{n}[_ind.get()];" if p.is_const else "{t} &{n} = _raw_{n}[_ind.get()];")
            .format(t=p.ctype, n=p.name) for p in u._params if p.name != "_ind"]
    words = [str(numpy.dtype(t)) for t in op.in_types + op.out_types]
    name = f"{u.name}__{'_'.join(words)}"
    code = _kernel._get_elementwise_kernel_code(infos, _kernel._TypeMap(tuple(pairs)), u._params, operation,
                                                name, u._preamble, loop_prep=u._loop_prep)
    code = code.replace("\n".join(refs) + "\n", "", 1)
    compile_as_cupy(name, code)


def reduction(label, s, dtype, block_size=512):
    """A simple reduction (sum, max …) of a contiguous 1-D array of `dtype` to a scalar."""
    op = next((o for o in s._ops.ops if isinstance(o.routine, tuple) and same(o.in_types[0], dtype)), None)
    if op is None:
        return
    map_expr, reduce_expr, post_map_expr, reduce_type = op.routine
    if reduce_type is None:
        reduce_type = _scalar.get_typename(op.out_types[0])
    out_type = op.out_types[0]
    type_map = _kernel._TypeMap((("type_in0_raw", dtype), ("type_out0_raw", out_type), ("IndexT", "int32")))
    infos = (ndarray_info(dtype), ndarray_info(out_type, 0), indexer_info(1), indexer_info(0),
             scalar_info(numpy.int32))
    code = _reduction._SimpleReductionKernel_get_cached_function_code(
        map_expr, reduce_expr, post_map_expr, reduce_type, s._params, infos, type_map, s.name, block_size,
        s.identity, s._input_expr, s._output_expr, s.preamble, ())
    compile_as_cupy(label, code)


def raw_module(label, m):
    """A RawModule of CuPy's library, compiled as RawModule compiles it."""
    compile_as_cupy(label, m.code, m.options, prepend_cupy_headers=False, backend=m.backend,
                    enable_cooperative_groups=m.enable_cooperative_groups,
                    name_expressions=m.name_expressions)


def main(out):
    for u in [cupy.add, cupy.multiply, cupy.true_divide, cupy.sqrt, cupy.sin, cupy.exp, cupy.absolute,
              cupy.maximum, cupy.power]:
        for t in DTYPES:
            ufunc(u, t)
    statistics = cupy._core._routines_statistics
    for name, s in [("sum", _routines_math.sum_auto_dtype), ("max", statistics.amax),
                    ("all", cupy._core._routines_logic.all)]:
        for t in DTYPES:
            reduction(f"{name}_{numpy.dtype(t)}", s, t)
    # cumsum / cumprod (SCAN_SUM 0, SCAN_PROD 1): CuPy's scan kernels are memoized per device; the
    # function underneath (`__wrapped__`) builds the same ElementwiseKernel. (_cupy_bsum_shfl asks
    # the device for its warp mask: left out.)
    for scan in ("_cupy_scan_naive", "_cupy_scan_btree", "_cupy_bsum_smem"):
        make = getattr(_routines_math, scan).__wrapped__
        for op in (0, 1):
            # (CuPy sums complex blocks with the naive and b-tree scans only.)
            for t in (numpy.float32, numpy.float16) + ((numpy.complex64,) if "scan" in scan else ()):
                elementwise(f"{scan}_{op}_{numpy.dtype(t)}", make(op, 512, 32), t)
    # The ElementwiseKernels of CuPy's core routines (indexing …), on float arrays.
    for mod in CORE_MODULES:
        m = __import__(mod, fromlist=["_"])
        for attr in sorted(vars(m)):
            k = getattr(m, attr)
            # (_nonzero_kernel takes a scan of the mask, not an array of the data's type.)
            if type(k) is _kernel.ElementwiseKernel and attr != "_nonzero_kernel":
                elementwise(f"{mod.rsplit('.', 1)[1]}.{attr}", k, numpy.float32)
    from cupyx.scipy.spatial import _kdtree_utils
    for attr in ("KD_MODULE", "KNN_MODULE"):
        raw_module(f"cupyx.scipy.spatial.{attr}", getattr(_kdtree_utils, attr))
    os.makedirs(out, exist_ok=True)
    for i, k in enumerate(kernels):
        with open(os.path.join(out, f"{i:03}.cu"), "w") as f:
            f.write(k["source"])
        with open(os.path.join(out, f"{i:03}.args"), "w") as f:
            f.write(f"label {k['name']}\n")
            f.writelines(f"option {o}\n" for o in k["options"])
            f.writelines(f"name {n}\n" for n in k["names"])
    with open(os.path.join(out, "version"), "w") as f:
        f.write(f"{cupy.__version__}\n")
    print(f"cupy {cupy.__version__}: {len(kernels)} generated kernels in {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
