"""CuPy on a GPU: one script run natively (the machine's own CuPy) and through cuda-as-hip on the
GPU loopback (cupy-cuda12x on our libraries), its results compared by compare_results.py.

    python3 cupy_gpu.py OUT.npz GROUP...

GROUP: `core` (elementwise, reductions, RawKernel / RawModule, scans, complex and fp16 arrays,
indexing), `libraries` (matmul on cuBLAS, RandomState on cuRAND, FFTs on cuFFT, linalg on
cuSOLVER, sparse products on cuSPARSE, an all-reduce on NCCL), `sort` (CuPy's thrust module).
Every result is saved in OUT.npz under its name (an error as its text); the script prints the
file each CUDA library CuPy reaches was loaded from (`library SONAME PATH`), for the caller to
check that the run used the libraries it meant to.
"""
import sys

import numpy as np

import cupy
import cupyx.scipy.sparse
import harness

N = 1 << 20


def record(name, compute):
    harness.record(name, compute, cupy.asnumpy)


def host(seed, shape, dtype=np.float32):
    return np.random.RandomState(seed).standard_normal(shape).astype(dtype)


def core():
    x, y = cupy.asarray(host(1, N)), cupy.asarray(host(2, N))
    record("add_f32", lambda: x + y)
    record("sin_f32", lambda: cupy.sin(x))
    record("exp_f64", lambda: cupy.exp(x.astype(cupy.float64)))
    record("divide_f32", lambda: x / (cupy.abs(y) + 1))
    square_add = cupy.ElementwiseKernel("float32 a, float32 b", "float32 c", "c = a * a + b", "square_add")
    record("elementwise_kernel", lambda: square_add(x, y))
    record("sum_f32", lambda: x.sum())
    record("max_f32", lambda: x.max())
    record("argmax_f32", lambda: x.argmax())
    record("mean_f64", lambda: x.astype(cupy.float64).mean())
    record("std_f32", lambda: x.std())
    record("sum_rows_f32", lambda: x.reshape(1024, 1024).sum(axis=1))
    # CuPy renames parameters in the expressions by text: a one-letter output name would be
    # replaced inside `sqrt` too (natively as well).
    l2 = cupy.ReductionKernel("float32 v", "float32 norm", "v * v", "a + b", "norm = sqrt(a)", "0", "l2norm")
    record("reduction_kernel", lambda: l2(x))
    ints = cupy.arange(100000, dtype=cupy.int64) % 7
    record("cumsum_i64", lambda: cupy.cumsum(ints))
    record("cumsum_f32", lambda: cupy.cumsum(x[:100000]))
    record("mask_f32", lambda: x[x > 1.5])
    record("nonzero", lambda: cupy.nonzero(x > 2.5)[0])
    record("take_f32", lambda: x[cupy.asarray(np.random.RandomState(3).randint(0, N, 4096))])
    record("where_f32", lambda: cupy.where(x > 0, x, y))
    z = (x[:65536] + 1j * y[:65536]).astype(cupy.complex64)
    record("complex_mul", lambda: z * z)
    record("complex_abs", lambda: cupy.abs(z))
    record("complex_exp", lambda: cupy.exp(z))
    record("complex_sum", lambda: z.sum())
    h = x[:65536].astype(cupy.float16)
    record("f16_add", lambda: h + h)
    record("f16_mul", lambda: h * cupy.float16(0.75))
    record("f16_sum", lambda: h.sum())
    record("f16_to_f32", lambda: (h * h).astype(cupy.float32))
    saxpy = cupy.RawKernel(r"""
extern "C" __global__ void saxpy(float a, const float *x, const float *y, float *out, int n) {
    int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i < n) out[i] = a * x[i] + y[i];
}""", "saxpy")

    def raw_saxpy():
        out = cupy.empty_like(x)
        saxpy(((N + 255) // 256,), (256,), (cupy.float32(2.5), x, y, out, cupy.int32(N)))
        return out

    record("rawkernel_saxpy", raw_saxpy)
    module = cupy.RawModule(code=r"""
template <typename T> __global__ void twice(T *v, int n) {
    int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i < n) v[i] = v[i] * 2 + 1;
}""", name_expressions=["twice<float>", "twice<double>"])

    def raw_module(name, dtype):
        v = x[:4096].astype(dtype)
        module.get_function(name)((16,), (256,), (v, cupy.int32(4096)))
        return v

    record("rawmodule_f32", lambda: raw_module("twice<float>", cupy.float32))
    record("rawmodule_f64", lambda: raw_module("twice<double>", cupy.float64))
    # The same scans and reductions on CuPy's own kernels instead of CUB's.
    cupy._core.set_routine_accelerators([])
    cupy._core.set_reduction_accelerators([])
    record("cumsum_f32_no_cub", lambda: cupy.cumsum(x[:100000]))
    record("sum_f32_no_cub", lambda: x.sum())


def libraries():
    a, b = cupy.asarray(host(4, (256, 384))), cupy.asarray(host(5, (384, 128)))
    record("matmul_f32", lambda: a @ b)
    record("matmul_f64", lambda: a.astype(cupy.float64) @ b.astype(cupy.float64))
    record("matmul_c64", lambda: (a + 1j * a).astype(cupy.complex64) @ b.astype(cupy.complex64))
    record("matmul_f16", lambda: a.astype(cupy.float16) @ b.astype(cupy.float16))
    batch = cupy.asarray(host(6, (8, 64, 32)))
    record("matmul_batched_f32", lambda: cupy.matmul(batch, batch.transpose(0, 2, 1)))
    record("dot_f32", lambda: cupy.dot(a[0], a[1]))
    record("norm_f64", lambda: cupy.linalg.norm(a.astype(cupy.float64)))
    rs = cupy.random.RandomState(1234)
    record("random_uniform_f32", lambda: rs.random_sample(65536, dtype=cupy.float32))
    record("random_uniform_f64", lambda: rs.random_sample(65536))
    record("random_normal_f64", lambda: rs.standard_normal(65536))
    record("random_lognormal_f32", lambda: rs.lognormal(size=65536, dtype=cupy.float32))
    signal = cupy.asarray(host(7, 4096))
    z = (signal + 1j * cupy.asarray(host(8, 4096))).astype(cupy.complex64)
    record("fft_c64", lambda: cupy.fft.fft(z))
    record("ifft_c64", lambda: cupy.fft.ifft(z))
    record("rfft_f32", lambda: cupy.fft.rfft(signal))
    record("irfft_f32", lambda: cupy.fft.irfft(cupy.fft.rfft(signal)))
    record("fft2_c128", lambda: cupy.fft.fft2(z.astype(cupy.complex128).reshape(64, 64)))
    record("fft_batched_c64", lambda: cupy.fft.fft(z.reshape(16, 256), axis=1))
    m = host(9, (128, 128), np.float64)
    spd = cupy.asarray(m @ m.T + 128 * np.eye(128))
    rhs = cupy.asarray(host(10, (128, 3), np.float64))
    record("solve_f64", lambda: cupy.linalg.solve(spd, rhs))
    record("cholesky_f64", lambda: cupy.linalg.cholesky(spd))
    record("eigvalsh_f64", lambda: cupy.linalg.eigvalsh(spd))
    record("eigh_vectors_f64", lambda: cupy.abs(cupy.linalg.eigh(spd)[1]))
    record("inv_f64", lambda: cupy.linalg.inv(spd))
    record("det_f64", lambda: cupy.linalg.slogdet(spd)[1])
    record("qr_r_f64", lambda: cupy.abs(cupy.linalg.qr(spd)[1]))
    record("svd_values_f32", lambda: cupy.linalg.svd(a[:64, :64], compute_uv=False))
    band = np.zeros((1000, 1000), np.float32)
    for k in (-2, 0, 3):
        band += np.diag(host(11 + k, 1000 - abs(k)), k)

    def sparse():  # made inside each result: its conversion needs cuSPARSE and cuBLAS
        return cupyx.scipy.sparse.csr_matrix(cupy.asarray(band))

    vector = cupy.asarray(host(20, 1000))
    record("spmv_f32", lambda: sparse() @ vector)
    record("spmm_f32", lambda: sparse() @ cupy.asarray(host(21, (1000, 8))))
    record("nccl_allreduce_f32", nccl_all_reduce)


def nccl_all_reduce():
    from cupy.cuda import nccl

    comm = nccl.NcclCommunicator.initAll(1)[0]
    send = cupy.arange(1024, dtype=cupy.float32)
    recv = cupy.zeros_like(send)
    comm.allReduce(send.data.ptr, recv.data.ptr, send.size, nccl.NCCL_FLOAT32, nccl.NCCL_SUM,
                   cupy.cuda.Stream.null.ptr)
    cupy.cuda.Stream.null.synchronize()
    return recv


def sort():
    x = cupy.asarray(host(30, N))
    record("sort_f32", lambda: cupy.sort(x))
    record("argsort_f32", lambda: cupy.argsort(x[:65536]))
    record("unique_i32", lambda: cupy.unique(cupy.asarray(np.random.RandomState(31).randint(0, 500, 65536))))


def main():
    out, groups = sys.argv[1], sys.argv[2:]
    print("cupy", cupy.__version__, "cuda", cupy.cuda.runtime.runtimeGetVersion(),
          "device", cupy.cuda.runtime.getDeviceProperties(0)["name"].decode(), flush=True)
    for group in groups:
        {"core": core, "libraries": libraries, "sort": sort}[group]()
    cupy.cuda.Device().synchronize()
    harness.save(out)
    harness.show_libraries()


if __name__ == "__main__":
    main()
