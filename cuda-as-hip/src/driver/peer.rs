//! Peer copies. CUDA's `cuMemcpyPeer(Async)` names the destination and source *contexts*; HIP's
//! `hipMemcpyPeer(Async)` names their *devices* (hipify lists the CUDA calls as unsupported for that
//! reason). Each context's device is read with the context current for a moment (pushed, asked,
//! popped), so the caller's current context is left as it was.
#![allow(non_snake_case)]

use crate::call::{hip_stream, DriverCall, Runtime};
use crate::driver::sys::*;
use hip_sys::{hipError_t, Hip, SymbolError};
use std::ffi::c_int;
use std::ptr::null_mut;

/// The device of context `ctx`; a NULL context is CUDA_ERROR_INVALID_CONTEXT, as CUDA documents.
fn device_of(call: &DriverCall, h: Runtime, ctx: CUcontext) -> Result<c_int, CUresult> {
    if ctx.is_null() {
        return Err(CUresult::CUDA_ERROR_INVALID_CONTEXT);
    }
    let checked = |r| call.result(h, r).into_result();
    checked(unsafe { h.hipCtxPushCurrent(ctx.cast()) })?;
    let mut dev = -1;
    let asked = checked(unsafe { h.hipCtxGetDevice(&mut dev) });
    let mut popped = null_mut();
    checked(unsafe { h.hipCtxPopCurrent(&mut popped) })?;
    asked.map(|()| dev)
}

/// `copy` with the two contexts' devices (destination, source), or the first failure.
fn with_devices(
    call: &DriverCall,
    dst: CUcontext,
    src: CUcontext,
    copy: impl FnOnce(&'static Hip, c_int, c_int) -> Result<hipError_t, SymbolError>,
) -> CUresult {
    let devices = call
        .hip()
        .and_then(|h| Ok((device_of(call, h, dst)?, device_of(call, h, src)?)));
    match devices {
        Ok((dst_dev, src_dev)) => call.forward(|h| copy(h, dst_dev, src_dev)),
        Err(e) => e,
    }
}

pub unsafe fn cuMemcpyPeer(
    dst: CUdeviceptr,
    dst_ctx: CUcontext,
    src: CUdeviceptr,
    src_ctx: CUcontext,
    bytes: usize,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuMemcpyPeer", "hipMemcpyPeer");
    with_devices(&F, dst_ctx, src_ctx, |h, dst_dev, src_dev| unsafe {
        h.hipMemcpyPeer(dst as _, dst_dev, src as _, src_dev, bytes)
    })
}

pub unsafe fn cuMemcpyPeerAsync(
    dst: CUdeviceptr,
    dst_ctx: CUcontext,
    src: CUdeviceptr,
    src_ctx: CUcontext,
    bytes: usize,
    stream: CUstream,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuMemcpyPeerAsync", "hipMemcpyPeerAsync");
    with_devices(&F, dst_ctx, src_ctx, |h, dst_dev, src_dev| unsafe {
        h.hipMemcpyPeerAsync(
            dst as _,
            dst_dev,
            src as _,
            src_dev,
            bytes,
            hip_stream(stream),
        )
    })
}
