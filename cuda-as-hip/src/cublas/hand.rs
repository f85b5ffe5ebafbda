//! The cuBLAS functions written by hand (aliasgen/data/overrides/cublas.txt says why each).
#![allow(non_snake_case)]

use super::sys::*;
// The legacy API's functions without a `_v2` twin.
pub use super::legacy::{
    cublasAlloc, cublasFree, cublasGetError, cublasInit, cublasSetKernelStream, cublasShutdown,
};
use crate::call::{with_hip, CublasCall};
use crate::generated::cublas_tables as t;
use hip_sys::hipblas::Hipblas;
use std::ffi::{c_char, c_int, c_void, CStr};

/// `cublasCreate_v2`: hipBLAS's handle, once HIP sees a GPU. Without one, cuBLAS answers
/// `CUBLAS_STATUS_NOT_INITIALIZED`; hipBLAS 5.5, 6.4 and 7.2 answer `HIPBLAS_STATUS_INTERNAL_ERROR`.
pub(crate) unsafe fn cublasCreate_v2(handle: *mut cublasHandle_t) -> cublasStatus_t {
    const F: CublasCall = CublasCall::to("cublasCreate_v2", "hipblasCreate");
    if let Err(e) = F.device_present(
        cublasStatus_t::CUBLAS_STATUS_NOT_INITIALIZED,
        "hipBLAS would answer INTERNAL_ERROR",
    ) {
        return e;
    }
    with_hip!(F, |h| {
        F.result(h, unsafe { Hipblas::hipblasCreate(&h, handle.cast()) })
    })
}

/// `cublasSetWorkspace_v2`: hipBLAS 7.2's. hipBLAS 5.5 and 6.4 have no such call: rocBLAS
/// allocates the scratch memory it needs itself, so there the caller's workspace stays unused and
/// the call succeeds as on cuBLAS (PyTorch sets one on every handle and stops on a failure).
pub(crate) unsafe fn cublasSetWorkspace_v2(
    handle: cublasHandle_t,
    workspace: *mut c_void,
    size: usize,
) -> cublasStatus_t {
    const F: CublasCall = CublasCall::to("cublasSetWorkspace_v2", "hipblasSetWorkspace");
    if handle.is_null() {
        return F.null_handle("handle");
    }
    with_hip!(F, |h| {
        match unsafe { Hipblas::hipblasSetWorkspace(&h, handle.cast(), workspace, size) } {
            Err(_) => {
                crate::log::info(|| {
                    "cublasSetWorkspace_v2: this hipBLAS has no hipblasSetWorkspace; rocBLAS \
                     allocates its own scratch memory, the workspace given stays unused"
                        .to_string()
                });
                cublasStatus_t::CUBLAS_STATUS_SUCCESS
            }
            status => F.result(h, status),
        }
    })
}

/// `cublasGetVersion_v2`: the cuBLAS version this layer implements (CUDA 12.9's), whatever the
/// handle (cuBLAS does not look at it either); hipBLAS has no version call.
pub(crate) unsafe fn cublasGetVersion_v2(
    _handle: cublasHandle_t,
    version: *mut c_int,
) -> cublasStatus_t {
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { version.write(CUBLAS_VERSION as c_int) };
    cublasStatus_t::CUBLAS_STATUS_SUCCESS
}

/// `cublasGetProperty`: [`cublasGetVersion_v2`]'s version, by part.
pub(crate) unsafe fn cublasGetProperty(type_: u32, value: *mut c_int) -> cublasStatus_t {
    const F: CublasCall = CublasCall::new("cublasGetProperty");
    let version = [CUBLAS_VER_MAJOR, CUBLAS_VER_MINOR, CUBLAS_VER_PATCH];
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { F.library_property(type_, version, value) }
}

/// `cublasGetCudartVersion`: the CUDA runtime version cuBLAS 12.9 was built with.
pub(crate) unsafe fn cublasGetCudartVersion() -> usize {
    12090
}

/// `cublasGetStatusName`: the code's name, as cuBLAS spells it.
pub(crate) unsafe fn cublasGetStatusName(status: u32) -> *const c_char {
    t::cublasStatus_t_name(status.into())
        .unwrap_or(c"<unknown>")
        .as_ptr()
}

/// `cublasGetStatusString`: the code's meaning, in cuBLAS's words.
pub(crate) unsafe fn cublasGetStatusString(status: u32) -> *const c_char {
    status_text(status)
}

/// What a `cublasStatus_t` code means, in cuBLAS's words (cuBLASLt answers with the same).
pub(crate) fn status_text(status: u32) -> *const c_char {
    let text = STATUS_TEXTS.iter().find(|(code, _)| *code as u32 == status);
    text.map_or(c"unknown error", |(_, text)| text).as_ptr()
}

/// `cublasXerbla`: the reference BLAS's report of an invalid argument, on standard error as
/// cuBLAS writes it (cuBLAS calls it itself; programs may too).
pub(crate) unsafe fn cublasXerbla(sr_name: *const c_char, info: c_int) {
    let name = match sr_name.is_null() {
        true => "(null)".into(),
        // SAFETY: a NUL-terminated routine name, the caller's.
        false => unsafe { CStr::from_ptr(sr_name) }.to_string_lossy(),
    };
    eprintln!(" ** On entry to {name} parameter number {info} had an illegal value");
}

/// What each `cublasStatus_t` code means.
const STATUS_TEXTS: [(cublasStatus_t, &CStr); 10] = {
    use cublasStatus_t::*;
    [
        (
            CUBLAS_STATUS_SUCCESS,
            c"the operation completed successfully",
        ),
        (
            CUBLAS_STATUS_NOT_INITIALIZED,
            c"the library was not initialized",
        ),
        (
            CUBLAS_STATUS_ALLOC_FAILED,
            c"the resource allocation failed",
        ),
        (
            CUBLAS_STATUS_INVALID_VALUE,
            c"an invalid numeric value was used as an argument",
        ),
        (
            CUBLAS_STATUS_ARCH_MISMATCH,
            c"an absent device architectural feature is required",
        ),
        (
            CUBLAS_STATUS_MAPPING_ERROR,
            c"an access to GPU memory space failed",
        ),
        (
            CUBLAS_STATUS_EXECUTION_FAILED,
            c"the GPU program failed to execute",
        ),
        (
            CUBLAS_STATUS_INTERNAL_ERROR,
            c"an internal operation failed",
        ),
        (
            CUBLAS_STATUS_NOT_SUPPORTED,
            c"the functionality requested is not supported",
        ),
        (
            CUBLAS_STATUS_LICENSE_ERROR,
            c"error detected trying to check the license",
        ),
    ]
};
