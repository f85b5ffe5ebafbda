//! Runtime streams and events, on the driver's tombstones (`driver/handles.rs`): a stream or event
//! destroyed through either API answers `cudaErrorInvalidResourceHandle` when used again (HIP may
//! follow the freed memory and crash), and one HIP hands out again — through either API — is
//! alive. A runtime call that bypassed them could revive nothing and bury nothing, leaving the
//! driver to refuse a live handle at a reused address.
#![allow(non_snake_case)]

use crate::call::{hip_stream, RuntimeCall};
use crate::driver::handles::{create, destroy, Tombstones, EVENTS, STREAMS};
use crate::runtime::sys::*;
use hip_sys::Hip;
use std::ffi::{c_int, c_uint};

pub unsafe fn cudaStreamCreate(pStream: *mut cudaStream_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaStreamCreate", "hipStreamCreate");
    let f = |h: &'static Hip| unsafe { h.hipStreamCreate(pStream.cast()) };
    unsafe { create(&F, &STREAMS, pStream.cast(), f) }
}

pub unsafe fn cudaStreamCreateWithFlags(pStream: *mut cudaStream_t, flags: c_uint) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaStreamCreateWithFlags", "hipStreamCreateWithFlags");
    let f = |h: &'static Hip| unsafe { h.hipStreamCreateWithFlags(pStream.cast(), flags) };
    unsafe { create(&F, &STREAMS, pStream.cast(), f) }
}

pub unsafe fn cudaStreamCreateWithPriority(
    pStream: *mut cudaStream_t,
    flags: c_uint,
    priority: c_int,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to(
        "cudaStreamCreateWithPriority",
        "hipStreamCreateWithPriority",
    );
    let f =
        |h: &'static Hip| unsafe { h.hipStreamCreateWithPriority(pStream.cast(), flags, priority) };
    unsafe { create(&F, &STREAMS, pStream.cast(), f) }
}

pub unsafe fn cudaEventCreate(event: *mut cudaEvent_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaEventCreate", "hipEventCreate");
    let f = |h: &'static Hip| unsafe { h.hipEventCreate(event.cast()) };
    unsafe { create(&F, &EVENTS, event.cast(), f) }
}

pub unsafe fn cudaEventCreateWithFlags(event: *mut cudaEvent_t, flags: c_uint) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaEventCreateWithFlags", "hipEventCreateWithFlags");
    let f = |h: &'static Hip| unsafe { h.hipEventCreateWithFlags(event.cast(), flags) };
    unsafe { create(&F, &EVENTS, event.cast(), f) }
}

pub unsafe fn cudaStreamDestroy(stream: cudaStream_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaStreamDestroy", "hipStreamDestroy");
    destroy(&F, &STREAMS, stream as usize, |h| unsafe {
        h.hipStreamDestroy(hip_stream(stream))
    })
}

pub unsafe fn cudaEventDestroy(event: cudaEvent_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaEventDestroy", "hipEventDestroy");
    destroy(&F, &EVENTS, event as usize, |h| unsafe {
        h.hipEventDestroy(event.cast())
    })
}

/// `f` unless one of `handles` (kind, handle) was destroyed.
fn alive(
    call: RuntimeCall,
    handles: &[(&Tombstones, usize)],
    f: impl crate::driver::handles::HipCall,
) -> cudaError_t {
    if handles.iter().any(|(dead, h)| dead.holds(*h)) {
        return call.destroyed_handle();
    }
    call.forward(f)
}

pub unsafe fn cudaStreamQuery(stream: cudaStream_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaStreamQuery", "hipStreamQuery");
    alive(F, &[(&STREAMS, stream as usize)], |h| unsafe {
        h.hipStreamQuery(hip_stream(stream))
    })
}

pub unsafe fn cudaStreamSynchronize(stream: cudaStream_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaStreamSynchronize", "hipStreamSynchronize");
    alive(F, &[(&STREAMS, stream as usize)], |h| unsafe {
        h.hipStreamSynchronize(hip_stream(stream))
    })
}

pub unsafe fn cudaEventQuery(event: cudaEvent_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaEventQuery", "hipEventQuery");
    alive(F, &[(&EVENTS, event as usize)], |h| unsafe {
        h.hipEventQuery(event.cast())
    })
}

pub unsafe fn cudaEventSynchronize(event: cudaEvent_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaEventSynchronize", "hipEventSynchronize");
    alive(F, &[(&EVENTS, event as usize)], |h| unsafe {
        h.hipEventSynchronize(event.cast())
    })
}

pub unsafe fn cudaEventRecord(event: cudaEvent_t, stream: cudaStream_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaEventRecord", "hipEventRecord");
    let handles = [(&EVENTS, event as usize), (&STREAMS, stream as usize)];
    alive(F, &handles, |h| unsafe {
        h.hipEventRecord(event.cast(), hip_stream(stream))
    })
}
