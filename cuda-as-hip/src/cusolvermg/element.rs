//! The four element types cuSOLVERMg computes in, each with the cuSOLVER dense functions (this
//! layer's own, on hipSOLVER: `crate::raw`) that solve a gathered matrix of it.
// The function pointer types spell cuSOLVER's signatures out.
#![allow(non_snake_case, clippy::type_complexity)]

use super::sys::*;
use crate::raw;
use std::ffi::{c_int, c_void};

type Handle = cusolverDnHandle_t;
type Status = cusolverStatus_t;

/// One element type's dense solvers, on untyped device pointers (the workspace is carved by hand).
pub(crate) struct Element {
    /// Bytes per element; the workspace sizes cuSOLVERMg takes count these.
    pub size: usize,
    /// Bytes per real part (the eigenvalues' type: `float` for `cuComplex`).
    pub real_size: usize,
    /// The eigenvalues' `cudaDataType`.
    pub real_type: u32,
    pub getrf_size: unsafe fn(Handle, c_int, c_int, *mut c_void, c_int, *mut c_int) -> Status,
    pub getrf: unsafe fn(
        Handle,
        c_int,
        c_int,
        *mut c_void,
        c_int,
        *mut c_void,
        *mut c_int,
        *mut c_int,
    ) -> Status,
    pub getrs: unsafe fn(
        Handle,
        u32,
        c_int,
        c_int,
        *const c_void,
        c_int,
        *const c_int,
        *mut c_void,
        c_int,
        *mut c_int,
    ) -> Status,
    pub potrf_size: unsafe fn(Handle, u32, c_int, *mut c_void, c_int, *mut c_int) -> Status,
    pub potrf:
        unsafe fn(Handle, u32, c_int, *mut c_void, c_int, *mut c_void, c_int, *mut c_int) -> Status,
    pub potrs: unsafe fn(
        Handle,
        u32,
        c_int,
        c_int,
        *const c_void,
        c_int,
        *mut c_void,
        c_int,
        *mut c_int,
    ) -> Status,
    pub potri_size: unsafe fn(Handle, u32, c_int, *mut c_void, c_int, *mut c_int) -> Status,
    pub potri:
        unsafe fn(Handle, u32, c_int, *mut c_void, c_int, *mut c_void, c_int, *mut c_int) -> Status,
    pub syevd_size: unsafe fn(
        Handle,
        u32,
        u32,
        c_int,
        *const c_void,
        c_int,
        *const c_void,
        *mut c_int,
    ) -> Status,
    pub syevd: unsafe fn(
        Handle,
        u32,
        u32,
        c_int,
        *mut c_void,
        c_int,
        *mut c_void,
        *mut c_void,
        c_int,
        *mut c_int,
    ) -> Status,
}

/// One element type's row of [`Element`]: the cuSOLVER functions of its letter, their typed
/// pointers cast from the untyped ones (the element type the caller named).
macro_rules! element {
    ($t:ty, $real:ty, $real_type:ident, $getrf_size:ident, $getrf:ident, $getrs:ident, $potrf_size:ident,
     $potrf:ident, $potrs:ident, $potri_size:ident, $potri:ident, $syevd_size:ident, $syevd:ident) => {
        Element {
            size: size_of::<$t>(),
            real_size: size_of::<$real>(),
            real_type: cudaDataType::$real_type as u32,
            getrf_size: |h, m, n, a, lda, lwork| unsafe {
                raw::$getrf_size(h, m, n, a.cast(), lda, lwork)
            },
            getrf: |h, m, n, a, lda, work, ipiv, info| unsafe {
                raw::$getrf(h, m, n, a.cast(), lda, work.cast(), ipiv, info)
            },
            getrs: |h, trans, n, nrhs, a, lda, ipiv, b, ldb, info| unsafe {
                raw::$getrs(h, trans, n, nrhs, a.cast(), lda, ipiv, b.cast(), ldb, info)
            },
            potrf_size: |h, uplo, n, a, lda, lwork| unsafe {
                raw::$potrf_size(h, uplo, n, a.cast(), lda, lwork)
            },
            potrf: |h, uplo, n, a, lda, work, lwork, info| unsafe {
                raw::$potrf(h, uplo, n, a.cast(), lda, work.cast(), lwork, info)
            },
            potrs: |h, uplo, n, nrhs, a, lda, b, ldb, info| unsafe {
                raw::$potrs(h, uplo, n, nrhs, a.cast(), lda, b.cast(), ldb, info)
            },
            potri_size: |h, uplo, n, a, lda, lwork| unsafe {
                raw::$potri_size(h, uplo, n, a.cast(), lda, lwork)
            },
            potri: |h, uplo, n, a, lda, work, lwork, info| unsafe {
                raw::$potri(h, uplo, n, a.cast(), lda, work.cast(), lwork, info)
            },
            syevd_size: |h, jobz, uplo, n, a, lda, w, lwork| unsafe {
                raw::$syevd_size(h, jobz, uplo, n, a.cast(), lda, w.cast(), lwork)
            },
            syevd: |h, jobz, uplo, n, a, lda, w, work, lwork, info| unsafe {
                raw::$syevd(
                    h,
                    jobz,
                    uplo,
                    n,
                    a.cast(),
                    lda,
                    w.cast(),
                    work.cast(),
                    lwork,
                    info,
                )
            },
        }
    };
}

const FLOAT: Element = element!(
    f32,
    f32,
    CUDA_R_32F,
    cusolverDnSgetrf_bufferSize,
    cusolverDnSgetrf,
    cusolverDnSgetrs,
    cusolverDnSpotrf_bufferSize,
    cusolverDnSpotrf,
    cusolverDnSpotrs,
    cusolverDnSpotri_bufferSize,
    cusolverDnSpotri,
    cusolverDnSsyevd_bufferSize,
    cusolverDnSsyevd
);
const DOUBLE: Element = element!(
    f64,
    f64,
    CUDA_R_64F,
    cusolverDnDgetrf_bufferSize,
    cusolverDnDgetrf,
    cusolverDnDgetrs,
    cusolverDnDpotrf_bufferSize,
    cusolverDnDpotrf,
    cusolverDnDpotrs,
    cusolverDnDpotri_bufferSize,
    cusolverDnDpotri,
    cusolverDnDsyevd_bufferSize,
    cusolverDnDsyevd
);
// Complex matrices' eigen-solver is the Hermitian one (`heevd`).
const COMPLEX: Element = element!(
    cuComplex,
    f32,
    CUDA_R_32F,
    cusolverDnCgetrf_bufferSize,
    cusolverDnCgetrf,
    cusolverDnCgetrs,
    cusolverDnCpotrf_bufferSize,
    cusolverDnCpotrf,
    cusolverDnCpotrs,
    cusolverDnCpotri_bufferSize,
    cusolverDnCpotri,
    cusolverDnCheevd_bufferSize,
    cusolverDnCheevd
);
const DOUBLE_COMPLEX: Element = element!(
    cuDoubleComplex,
    f64,
    CUDA_R_64F,
    cusolverDnZgetrf_bufferSize,
    cusolverDnZgetrf,
    cusolverDnZgetrs,
    cusolverDnZpotrf_bufferSize,
    cusolverDnZpotrf,
    cusolverDnZpotrs,
    cusolverDnZpotri_bufferSize,
    cusolverDnZpotri,
    cusolverDnZheevd_bufferSize,
    cusolverDnZheevd
);

/// The element type of a `cudaDataType` cuSOLVERMg computes in (`CUDA_R_32F`, `CUDA_R_64F`,
/// `CUDA_C_32F`, `CUDA_C_64F`).
pub(crate) fn of(data_type: u32) -> Option<&'static Element> {
    const TABLE: [(cudaDataType, &Element); 4] = [
        (cudaDataType::CUDA_R_32F, &FLOAT),
        (cudaDataType::CUDA_R_64F, &DOUBLE),
        (cudaDataType::CUDA_C_32F, &COMPLEX),
        (cudaDataType::CUDA_C_64F, &DOUBLE_COMPLEX),
    ];
    TABLE
        .iter()
        .find(|(t, _)| *t as u32 == data_type)
        .map(|(_, e)| *e)
}
