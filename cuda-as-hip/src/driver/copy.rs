//! Copies whose direction CUDA infers from the pointers (unified addressing): `cuMemcpy` and
//! `cuMemcpyAsync` are HIP's `hipMemcpy(Async)` with `hipMemcpyDefault`, which infers it the same
//! way (hipify lists the CUDA calls as unsupported: HIP's take the direction as an argument).
//! NVIDIA's runtime sends `cudaMemcpy(Async)` with `cudaMemcpyDefault` here.
#![allow(non_snake_case)]

use crate::call::{hip_stream, DriverCall};
use crate::driver::sys::*;
use hip_sys::hipMemcpyKind;

pub unsafe fn cuMemcpy(dst: CUdeviceptr, src: CUdeviceptr, bytes: usize) -> CUresult {
    const F: DriverCall = DriverCall::to("cuMemcpy", "hipMemcpy");
    F.forward(|h| unsafe {
        h.hipMemcpy(dst as _, src as _, bytes, hipMemcpyKind::hipMemcpyDefault)
    })
}

pub unsafe fn cuMemcpyAsync(
    dst: CUdeviceptr,
    src: CUdeviceptr,
    bytes: usize,
    stream: CUstream,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuMemcpyAsync", "hipMemcpyAsync");
    F.forward(|h| unsafe {
        h.hipMemcpyAsync(
            dst as _,
            src as _,
            bytes,
            hipMemcpyKind::hipMemcpyDefault,
            hip_stream(stream),
        )
    })
}
