//! cuSOLVER through cuda-as-hip on a GPU (`--features gpu`; scripts/gpu-suite.sh runs it on NVIDIA
//! through the HIP loopback and the hipSOLVER loopback, AMD's hipSOLVER NVIDIA backend on NVIDIA's
//! libcusolver). Each factorization runs through the shim (`cuda_as_hip::cusolver::sys`: cuBLAS's
//! fill and operation modes → hipSOLVER's numbers → cuSOLVER's again) and through NVIDIA's
//! libcusolver called directly (`CUDA_AS_HIP_TEST_NVIDIA_CUSOLVER`) on the same matrix: the bits
//! must be equal, and the answers right (the solve's residual, the factor's product, the
//! eigenvalues' sum against the trace).

use cuda_as_hip::cusolver::sys::{
    cublasFillMode_t as Fill, cublasOperation_t as Op, cusolverDnHandle_t as H,
    cusolverEigMode_t as Eig,
};
use cuda_as_hip::runtime::sys::*;
use gpu_tests::{runtime_ok as ok, solved};
use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

// The dense calls the tests make, through the shim or NVIDIA's library.
gpu_tests::shim_or_native!(Dense, cuda_as_hip::cusolver::sys, {
    cusolverDnCreate(h: *mut H);
    cusolverDnDestroy(h: H);
    cusolverDnDgetrf_bufferSize(h: H, m: c_int, n: c_int, a: *mut f64, lda: c_int, lwork: *mut c_int);
    cusolverDnDgetrf(h: H, m: c_int, n: c_int, a: *mut f64, lda: c_int, work: *mut f64, ipiv: *mut c_int, info: *mut c_int);
    cusolverDnDgetrs(h: H, trans: Op, n: c_int, nrhs: c_int, a: *const f64, lda: c_int, ipiv: *const c_int, b: *mut f64, ldb: c_int, info: *mut c_int);
    cusolverDnDpotrf_bufferSize(h: H, uplo: Fill, n: c_int, a: *mut f64, lda: c_int, lwork: *mut c_int);
    cusolverDnDpotrf(h: H, uplo: Fill, n: c_int, a: *mut f64, lda: c_int, work: *mut f64, lwork: c_int, info: *mut c_int);
    cusolverDnDsyevd_bufferSize(h: H, jobz: Eig, uplo: Fill, n: c_int, a: *const f64, lda: c_int, w: *const f64, lwork: *mut c_int);
    cusolverDnDsyevd(h: H, jobz: Eig, uplo: Fill, n: c_int, a: *mut f64, lda: c_int, w: *mut f64, work: *mut f64, lwork: c_int, info: *mut c_int);
});

const N: usize = 64;

fn device<T: Copy>(host: &[T]) -> *mut T {
    let (mut d, bytes) = (null_mut(), std::mem::size_of_val(host));
    ok(unsafe { cudaMalloc(&mut d, bytes.max(8)) });
    let kind = cudaMemcpyKind::cudaMemcpyHostToDevice;
    ok(unsafe { cudaMemcpy(d, host.as_ptr().cast(), bytes, kind) });
    d.cast()
}

fn host<T: Copy + Default>(d: *mut T, n: usize) -> Vec<T> {
    let mut v = vec![T::default(); n];
    let kind = cudaMemcpyKind::cudaMemcpyDeviceToHost;
    ok(unsafe {
        cudaMemcpy(
            v.as_mut_ptr().cast(),
            d.cast(),
            n * std::mem::size_of::<T>(),
            kind,
        )
    });
    ok(unsafe { cudaFree(d.cast::<c_void>()) });
    v
}

/// A column-major N×N matrix: symmetric, diagonally dominant (so positive definite).
fn matrix() -> Vec<f64> {
    gpu_tests::symmetric_positive_definite(N, 0x9e37_79b9_7f4a_7c15)
}

/// What one side computes: the solution of A x = b (two right-hand sides), A's Cholesky factor
/// (lower) and A's eigenvalues (with vectors, upper triangle read).
fn factorizations(api: &Dense, a: &[f64], b: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut h: H = null_mut();
    let n = N as c_int;
    let (mut lwork, info) = (0, device(&[0 as c_int]));
    // SAFETY: cuSOLVER's documented calls on device buffers of the sizes asked for.
    unsafe {
        solved(api.cusolverDnCreate(&mut h));
        // LU with partial pivoting, then the solve.
        let (da, db, ipiv) = (device(a), device(b), device(&[0 as c_int; N]));
        solved(api.cusolverDnDgetrf_bufferSize(h, n, n, da, n, &mut lwork));
        let work = device(&vec![0.0f64; lwork as usize]);
        solved(api.cusolverDnDgetrf(h, n, n, da, n, work, ipiv, info));
        solved(api.cusolverDnDgetrs(h, Op::CUBLAS_OP_N, n, 2, da, n, ipiv, db, n, info));
        ok(cudaDeviceSynchronize());
        let x = host(db, 2 * N);
        let _ = (host(da, N * N), host(ipiv, N), host(work, lwork as usize));
        // Cholesky, lower.
        let da = device(a);
        solved(api.cusolverDnDpotrf_bufferSize(
            h,
            Fill::CUBLAS_FILL_MODE_LOWER,
            n,
            da,
            n,
            &mut lwork,
        ));
        let work = device(&vec![0.0f64; lwork as usize]);
        solved(api.cusolverDnDpotrf(h, Fill::CUBLAS_FILL_MODE_LOWER, n, da, n, work, lwork, info));
        ok(cudaDeviceSynchronize());
        let l = host(da, N * N);
        let _ = host(work, lwork as usize);
        // Eigenvalues and vectors, upper.
        let (da, w) = (device(a), device(&[0.0f64; N]));
        let (vectors, upper) = (Eig::CUSOLVER_EIG_MODE_VECTOR, Fill::CUBLAS_FILL_MODE_UPPER);
        solved(api.cusolverDnDsyevd_bufferSize(h, vectors, upper, n, da, n, w, &mut lwork));
        let work = device(&vec![0.0f64; lwork as usize]);
        solved(api.cusolverDnDsyevd(h, vectors, upper, n, da, n, w, work, lwork, info));
        ok(cudaDeviceSynchronize());
        let eig = host(w, N);
        let _ = (host(da, N * N), host(work, lwork as usize));
        assert_eq!(host(info, 1), [0], "info: the factorizations succeeded");
        solved(api.cusolverDnDestroy(h));
        (x, l, eig)
    }
}

#[test]
fn factorizations_match_nvidias_bit_for_bit_and_are_right() {
    ok(unsafe { cudaSetDevice(0) });
    let native = gpu_tests::nvidia_library("CUSOLVER");
    let (a, b): (Vec<f64>, Vec<f64>) = (matrix(), (0..2 * N).map(|i| i as f64 - 40.0).collect());
    let shim = factorizations(&Dense { native: None }, &a, &b);
    let nvidia = factorizations(
        &Dense {
            native: Some(native),
        },
        &a,
        &b,
    );
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    for (what, s, n) in [
        ("solution", &shim.0, &nvidia.0),
        ("Cholesky factor", &shim.1, &nvidia.1),
        ("eigenvalues", &shim.2, &nvidia.2),
    ] {
        assert_eq!(bits(s), bits(n), "{what}: the shim's differs from NVIDIA's");
    }
    let (x, l, eig) = shim;
    for (k, rhs) in b.chunks(N).enumerate() {
        for i in 0..N {
            let ax: f64 = (0..N).map(|j| a[i + j * N] * x[j + k * N]).sum();
            assert!(
                (ax - rhs[i]).abs() < 1e-9,
                "residual of row {i}, column {k}"
            );
        }
    }
    for j in 0..N {
        for i in j..N {
            let llt: f64 = (0..=j).map(|k| l[i + k * N] * l[j + k * N]).sum();
            assert!((llt - a[i + j * N]).abs() < 1e-9, "L·Lᵀ at ({i}, {j})");
        }
    }
    let trace: f64 = (0..N).map(|i| a[i + i * N]).sum();
    assert!(
        (eig.iter().sum::<f64>() - trace).abs() < 1e-9,
        "the eigenvalues sum to the trace"
    );
    assert!(
        eig.windows(2).all(|w| w[0] <= w[1]),
        "ascending, as cuSOLVER returns them"
    );
    println!("LU solve, Cholesky and symmetric eigenvalues of a {N}×{N} matrix equal NVIDIA's");
}

#[test]
fn the_64_bit_eigensolver_is_the_32_bit_one() {
    // cusolverDnXsyevd (CuPy's eigh) goes to hipSOLVER's 32-bit Dsyevd: the same eigenvalues, bit
    // for bit, with its workspace asked for and given in bytes (params is not read: NULL here).
    use cuda_as_hip::cusolver::sys::{
        cudaDataType as T, cusolverDnXsyevd, cusolverDnXsyevd_bufferSize,
    };
    ok(unsafe { cudaSetDevice(0) });
    let (a, b) = (matrix(), vec![1.0f64; 2 * N]);
    let (_, _, eig32) = factorizations(&Dense { native: None }, &a, &b);
    let (vectors, upper) = (Eig::CUSOLVER_EIG_MODE_VECTOR, Fill::CUBLAS_FILL_MODE_UPPER);
    let (f64_, n) = (T::CUDA_R_64F, N as i64);
    let mut h: H = null_mut();
    let (da, w, info) = (device(&a), device(&[0.0f64; N]), device(&[0 as c_int]));
    let (mut device_bytes, mut host_bytes) = (0usize, 1usize);
    // SAFETY: cuSOLVER's documented calls on device buffers of the sizes asked for.
    unsafe {
        solved(cuda_as_hip::cusolver::sys::cusolverDnCreate(&mut h) as u32);
        solved(cusolverDnXsyevd_bufferSize(
            h,
            null_mut(),
            vectors,
            upper,
            n,
            f64_,
            da.cast(),
            n,
            f64_,
            w.cast(),
            f64_,
            &mut device_bytes,
            &mut host_bytes,
        ) as u32);
        assert_eq!(host_bytes, 0, "no host workspace");
        let work = device(&vec![0u8; device_bytes]);
        solved(cusolverDnXsyevd(
            h,
            null_mut(),
            vectors,
            upper,
            n,
            f64_,
            da.cast(),
            n,
            f64_,
            w.cast(),
            f64_,
            work.cast(),
            device_bytes,
            null_mut(),
            0,
            info,
        ) as u32);
        ok(cudaDeviceSynchronize());
        let _ = (host(da, N * N), host(work, device_bytes));
        assert_eq!(host(info, 1), [0]);
        solved(cuda_as_hip::cusolver::sys::cusolverDnDestroy(h) as u32);
    }
    let eig64 = host(w, N);
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&eig64), bits(&eig32));
}
