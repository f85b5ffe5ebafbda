//! The NCCL functions written by hand (aliasgen/data/overrides/nccl.txt says why each). Each
//! `pnccl*` profiling alias is its `nccl*` function.
#![allow(non_snake_case)]

use super::sys::*;
use std::ffi::{c_char, c_int, CStr};

/// `ncclGetVersion`: the NCCL version this layer implements (nccl.h's, 2.27.7), not the older one
/// RCCL 5.4 reports.
pub(crate) unsafe fn ncclGetVersion(version: *mut c_int) -> ncclResult_t {
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { version.write(NCCL_VERSION_CODE as c_int) };
    ncclResult_t::ncclSuccess
}

pub(crate) unsafe fn pncclGetVersion(version: *mut c_int) -> ncclResult_t {
    unsafe { ncclGetVersion(version) }
}

/// `ncclGetErrorString`: NCCL's text for each of its codes.
pub(crate) unsafe fn ncclGetErrorString(result: u32) -> *const c_char {
    let text = ERROR_TEXTS.iter().find(|(code, _)| *code as u32 == result);
    text.map_or(c"unknown result code", |(_, text)| text)
        .as_ptr()
}

pub(crate) unsafe fn pncclGetErrorString(result: u32) -> *const c_char {
    unsafe { ncclGetErrorString(result) }
}

/// `ncclGetLastError`: RCCL's text of the last error (of `comm`, or of the process), an empty
/// string where there is no RCCL to ask.
pub(crate) unsafe fn ncclGetLastError(comm: ncclComm_t) -> *const c_char {
    let asked = hip_sys::rccl::rccl().ok().and_then(|r| {
        // SAFETY: the caller's communicator, as RCCL made it.
        unsafe { r.ncclGetLastError(comm.cast()) }.ok()
    });
    asked.filter(|p| !p.is_null()).unwrap_or(c"".as_ptr())
}

pub(crate) unsafe fn pncclGetLastError(comm: ncclComm_t) -> *const c_char {
    unsafe { ncclGetLastError(comm) }
}

/// `ncclResetDebugInit`: RCCL's, where the release has it (NCCL_DEBUG read again).
pub(crate) unsafe fn ncclResetDebugInit() {
    if let Ok(r) = hip_sys::rccl::rccl() {
        // SAFETY: no arguments.
        let _ = unsafe { r.ncclResetDebugInit() };
    }
}

pub(crate) unsafe fn pncclResetDebugInit() {
    unsafe { ncclResetDebugInit() }
}

/// What each `ncclResult_t` code means, in NCCL's words.
const ERROR_TEXTS: [(ncclResult_t, &CStr); 8] = {
    use ncclResult_t::*;
    [
        (ncclSuccess, c"no error"),
        (
            ncclUnhandledCudaError,
            c"unhandled cuda error (run with NCCL_DEBUG=INFO for details)",
        ),
        (
            ncclSystemError,
            c"unhandled system error (run with NCCL_DEBUG=INFO for details)",
        ),
        (
            ncclInternalError,
            c"internal error - please report this issue to the NCCL developers",
        ),
        (
            ncclInvalidArgument,
            c"invalid argument (run with NCCL_DEBUG=WARN for details)",
        ),
        (
            ncclInvalidUsage,
            c"invalid usage (run with NCCL_DEBUG=WARN for details)",
        ),
        (
            ncclRemoteError,
            c"remote process exited or there was a network error",
        ),
        (ncclInProgress, c"NCCL operation in progress"),
    ]
};
