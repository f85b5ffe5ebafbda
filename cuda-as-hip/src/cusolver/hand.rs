//! The cuSOLVER functions written by hand (aliasgen/data/overrides/cusolver.txt says why each).
#![allow(non_snake_case)]

use super::sys::*;
use crate::call::CusolverCall;
use std::ffi::c_int;

pub(crate) use super::syevd64::{cusolverDnXsyevd, cusolverDnXsyevd_bufferSize};

/// `cusolverGetVersion`: the cuSOLVER version this layer implements (CUDA 12.9's 11.7.5);
/// hipSOLVER has no version call.
pub(crate) unsafe fn cusolverGetVersion(version: *mut c_int) -> cusolverStatus_t {
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { version.write(CUSOLVER_VERSION as c_int) };
    cusolverStatus_t::CUSOLVER_STATUS_SUCCESS
}

/// `cusolverGetProperty`: [`cusolverGetVersion`]'s version, by part.
pub(crate) unsafe fn cusolverGetProperty(type_: u32, value: *mut c_int) -> cusolverStatus_t {
    const F: CusolverCall = CusolverCall::new("cusolverGetProperty");
    let version = [CUSOLVER_VER_MAJOR, CUSOLVER_VER_MINOR, CUSOLVER_VER_PATCH];
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { F.library_property(type_, version, value) }
}
