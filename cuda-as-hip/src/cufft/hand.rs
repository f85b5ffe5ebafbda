//! The cuFFT functions written by hand (aliasgen/data/overrides/cufft.txt says why each).
#![allow(non_snake_case)]

use super::sys::*;
use super::ID_HANDLES;
use crate::call::{with_hip, CufftCall};
use hip_sys::hipfft::Hipfft;
use std::ffi::c_int;

/// `cufftDestroy`: hipFFT's plan destroyed and its number forgotten (never handed out again, so a
/// second destroy answers CUFFT_INVALID_PLAN, as cuFFT does).
pub(crate) unsafe fn cufftDestroy(plan: cufftHandle) -> cufftResult {
    const F: CufftCall = CufftCall::to("cufftDestroy", "hipfftDestroy");
    let Some(hip) = ID_HANDLES.remove(plan) else {
        return F.rejected(
            cufftResult::CUFFT_INVALID_PLAN,
            &format!("{plan} is not a live plan"),
        );
    };
    with_hip!(F, |h| {
        F.result(h, unsafe { Hipfft::hipfftDestroy(&h, hip.cast()) })
    })
}

/// `cufftGetVersion`: the cuFFT version this layer implements (CUDA 12.9's 11.4.1); hipFFT
/// reports the version of rocFFT, which it is built on.
pub(crate) unsafe fn cufftGetVersion(version: *mut c_int) -> cufftResult {
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { version.write(CUFFT_VERSION as c_int) };
    cufftResult::CUFFT_SUCCESS
}

/// `cufftGetProperty`: [`cufftGetVersion`]'s version, by part.
pub(crate) unsafe fn cufftGetProperty(type_: u32, value: *mut c_int) -> cufftResult {
    const F: CufftCall = CufftCall::new("cufftGetProperty");
    let version = [CUFFT_VER_MAJOR, CUFFT_VER_MINOR, CUFFT_VER_PATCH];
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { F.library_property(type_, version, value) }
}
