//! cuLaunchKernelEx: a launch described by a configuration with attributes
//! ([`crate::launch_attributes`]), made as cuLaunchKernel's (or, for the cooperative attribute,
//! cuLaunchCooperativeKernel's) on every HIP version. numba-cuda launches every kernel this way.
#![allow(non_snake_case)]

use super::sys::{CUfunction, CUlaunchConfig, CUresult};
use crate::call::DriverCall;
use std::ffi::c_void;

pub unsafe fn cuLaunchKernelEx(
    config: *const CUlaunchConfig,
    f: CUfunction,
    kernel_params: *mut *mut c_void,
    extra: *mut *mut c_void,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuLaunchKernelEx", "hipModuleLaunchKernel");
    if config.is_null() {
        return F.null_argument("config");
    }
    let c = unsafe { &*config };
    match unsafe { crate::launch_attributes::cooperative(&F, c.attrs, c.numAttrs) } {
        Err(e) => e,
        Ok(true) if !extra.is_null() => F.rejected(
            CUresult::CUDA_ERROR_INVALID_VALUE,
            "a cooperative launch takes its arguments in kernelParams, not extra",
        ),
        Ok(true) => unsafe {
            crate::raw::cuLaunchCooperativeKernel(
                f,
                c.gridDimX,
                c.gridDimY,
                c.gridDimZ,
                c.blockDimX,
                c.blockDimY,
                c.blockDimZ,
                c.sharedMemBytes,
                c.hStream,
                kernel_params,
            )
        },
        Ok(false) => unsafe {
            super::hand::cuLaunchKernel(
                f,
                c.gridDimX,
                c.gridDimY,
                c.gridDimZ,
                c.blockDimX,
                c.blockDimY,
                c.blockDimZ,
                c.sharedMemBytes,
                c.hStream,
                kernel_params,
                extra,
            )
        },
    }
}
