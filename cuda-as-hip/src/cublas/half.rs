//! The half-precision GEMMs (`cublasHgemm`, `…Batched`, `…StridedBatched` and their `_64` forms),
//! which cublas_api.h declares for C++ only (its `__half` is a C++ class there): aliasgen reads
//! the C view and never sees them, cudarc's `sys` lacks them, and cudarc's `hgemm` looks them up
//! in libcublas by name. CUDA's `__half` is 16 bits, as hipBLAS's `hipblasHalf`; the operations
//! are translated as every cuBLAS call's are. `libcublas.so` exports them from the same list
//! ([`crate::cublas_half_gemms`]).
#![allow(non_snake_case, clippy::too_many_arguments)]

use super::sys::{cublasHandle_t, cublasStatus_t};
use crate::call::{with_hip, CublasCall};
use crate::generated::cublas_tables as t;
use hip_sys::hipblas::Hipblas;
use std::ffi::c_int;

/// CUDA's `__half`, by its bits.
pub type Half = u16;

/// Calls `$then!` with every half-precision GEMM: its name, hipBLAS's, and its parameters after
/// `handle, transa, transb`.
#[macro_export]
#[doc(hidden)]
macro_rules! cublas_half_gemms {
    ($then:ident) => {
        $then! {
            cublasHgemm => hipblasHgemm(m: c_int, n: c_int, k: c_int, alpha: *const Half,
                A: *const Half, lda: c_int, B: *const Half, ldb: c_int, beta: *const Half,
                C: *mut Half, ldc: c_int);
            cublasHgemm_64 => hipblasHgemm_64(m: i64, n: i64, k: i64, alpha: *const Half,
                A: *const Half, lda: i64, B: *const Half, ldb: i64, beta: *const Half,
                C: *mut Half, ldc: i64);
            cublasHgemmBatched => hipblasHgemmBatched(m: c_int, n: c_int, k: c_int,
                alpha: *const Half, Aarray: *const *const Half, lda: c_int,
                Barray: *const *const Half, ldb: c_int, beta: *const Half,
                Carray: *const *mut Half, ldc: c_int, batchCount: c_int);
            cublasHgemmBatched_64 => hipblasHgemmBatched_64(m: i64, n: i64, k: i64,
                alpha: *const Half, Aarray: *const *const Half, lda: i64,
                Barray: *const *const Half, ldb: i64, beta: *const Half,
                Carray: *const *mut Half, ldc: i64, batchCount: i64);
            cublasHgemmStridedBatched => hipblasHgemmStridedBatched(m: c_int, n: c_int,
                k: c_int, alpha: *const Half, A: *const Half, lda: c_int, strideA: i64,
                B: *const Half, ldb: c_int, strideB: i64, beta: *const Half, C: *mut Half,
                ldc: c_int, strideC: i64, batchCount: c_int);
            cublasHgemmStridedBatched_64 => hipblasHgemmStridedBatched_64(m: i64, n: i64,
                k: i64, alpha: *const Half, A: *const Half, lda: i64, strideA: i64,
                B: *const Half, ldb: i64, strideB: i64, beta: *const Half, C: *mut Half,
                ldc: i64, strideC: i64, batchCount: i64);
        }
    };
}

/// Each GEMM: a NULL handle refused (cuBLAS's NOT_INITIALIZED), the operations translated, the
/// rest passed as its bits. A release without the `_64` forms (hipBLAS 5.5) answers
/// NOT_SUPPORTED.
macro_rules! half_gemm {
    ($($name:ident => $hip:ident($($arg:ident: $ty:ty),*);)*) => {$(
        /// # Safety
        /// cuBLAS's contract for this function.
        pub unsafe fn $name(
            handle: cublasHandle_t,
            transa: u32,
            transb: u32,
            $($arg: $ty),*
        ) -> cublasStatus_t {
            const F: CublasCall = CublasCall::to(stringify!($name), stringify!($hip));
            if handle.is_null() {
                return F.null_handle("handle");
            }
            with_hip!(F, |h| {
                let b = h.bindings();
                let transa = match t::to_hip_cublasOperation_t(&F, transa, b) {
                    Ok(v) => v,
                    Err(e) => return e,
                };
                let transb = match t::to_hip_cublasOperation_t(&F, transb, b) {
                    Ok(v) => v,
                    Err(e) => return e,
                };
                // SAFETY: the caller's arguments, as their bits (`__half` is `hipblasHalf`).
                F.result(h, unsafe {
                    Hipblas::$hip(&h, handle.cast(), transa.into(), transb.into(), $($arg as _),*)
                })
            })
        }
    )*};
}

crate::cublas_half_gemms!(half_gemm);
