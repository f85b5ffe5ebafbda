//! Destroyed streams and events. CUDA answers CUDA_ERROR_INVALID_HANDLE when a destroyed stream or
//! event is queried, synchronized, recorded or destroyed again; HIP — AMD's, and NVIDIA's stack
//! under the GPU loopback — may follow the freed object's memory and crash. This layer remembers
//! the handles it destroyed (tombstones) and answers CUDA's code for them without calling HIP. A
//! handle HIP hands out again (the allocator reused the address) is alive again. Handles this layer
//! never destroyed — made elsewhere, or the special streams — are never refused. While nothing was
//! destroyed the check is one load and a branch (3 instructions per call, BENCHMARKS.md).
#![allow(non_snake_case)]

use crate::call::{hip_stream, with_hip, Call, DriverCall, ResultCodes};
use crate::driver::sys::*;
use hip_sys::{hipError_t, Hip, SymbolError};
use std::collections::HashSet;
use std::ffi::{c_int, c_uint};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

/// One kind of handle's tombstones; `any` lets the common case (none destroyed) skip the lock.
pub(crate) struct Tombstones {
    any: AtomicBool,
    set: RwLock<Option<HashSet<usize>>>,
}

/// Shared with the runtime (`runtime/streams.rs`): one HIP underneath both APIs, so a handle
/// destroyed through either is dead to both, and one created through either is alive.
pub(crate) static STREAMS: Tombstones = Tombstones::new();
pub(crate) static EVENTS: Tombstones = Tombstones::new();

impl Tombstones {
    const fn new() -> Self {
        Self {
            any: AtomicBool::new(false),
            set: RwLock::new(None),
        }
    }

    /// On the hot path: one load and a branch while nothing was destroyed.
    #[inline(always)]
    pub(crate) fn holds(&self, handle: usize) -> bool {
        self.any.load(Ordering::Acquire) && self.holds_slow(handle)
    }

    #[inline(never)]
    fn holds_slow(&self, handle: usize) -> bool {
        self.set
            .read()
            .is_ok_and(|s| s.as_ref().is_some_and(|s| s.contains(&handle)))
    }

    fn bury(&self, handle: usize) {
        if let Ok(mut s) = self.set.write() {
            s.get_or_insert_with(HashSet::new).insert(handle);
            self.any.store(true, Ordering::Release);
        }
    }

    fn revive(&self, handle: usize) {
        if self.any.load(Ordering::Acquire) {
            if let Ok(mut s) = self.set.write() {
                s.as_mut().map(|s| s.remove(&handle));
            }
        }
    }
}

/// HIP, called by the function the handle is for.
pub(crate) trait HipCall: FnOnce(&'static Hip) -> Result<hipError_t, SymbolError> {}
impl<F: FnOnce(&'static Hip) -> Result<hipError_t, SymbolError>> HipCall for F {}

/// `f`, which destroys `handle`, and its tombstone when HIP agreed.
pub(crate) fn destroy<R: ResultCodes<Library = Hip>>(
    call: &Call<R>,
    dead: &Tombstones,
    handle: usize,
    f: impl HipCall,
) -> R {
    if dead.holds(handle) {
        return call.destroyed_handle();
    }
    let r = call.forward(f);
    if r == R::SUCCESS {
        dead.bury(handle);
    }
    r
}

/// `f`, which writes a new handle to `out`: a reused address is no longer a tombstone.
pub(crate) unsafe fn create<R: ResultCodes<Library = Hip>>(
    call: &Call<R>,
    dead: &Tombstones,
    out: *mut usize,
    f: impl HipCall,
) -> R {
    if out.is_null() {
        return call.null_argument("handle out-pointer");
    }
    let r = call.forward(f);
    if r == R::SUCCESS {
        dead.revive(unsafe { *out });
    }
    r
}

pub unsafe fn cuStreamCreate(out: *mut CUstream, flags: c_uint) -> CUresult {
    const F: DriverCall = DriverCall::to("cuStreamCreate", "hipStreamCreateWithFlags");
    let f = |h: &'static Hip| unsafe { h.hipStreamCreateWithFlags(out.cast(), flags) };
    unsafe { create(&F, &STREAMS, out.cast(), f) }
}

pub unsafe fn cuStreamCreateWithPriority(
    out: *mut CUstream,
    flags: c_uint,
    priority: c_int,
) -> CUresult {
    const F: DriverCall =
        DriverCall::to("cuStreamCreateWithPriority", "hipStreamCreateWithPriority");
    let f = |h: &'static Hip| unsafe { h.hipStreamCreateWithPriority(out.cast(), flags, priority) };
    unsafe { create(&F, &STREAMS, out.cast(), f) }
}

pub unsafe fn cuEventCreate(out: *mut CUevent, flags: c_uint) -> CUresult {
    const F: DriverCall = DriverCall::to("cuEventCreate", "hipEventCreateWithFlags");
    let f = |h: &'static Hip| unsafe { h.hipEventCreateWithFlags(out.cast(), flags) };
    unsafe { create(&F, &EVENTS, out.cast(), f) }
}

pub unsafe fn cuStreamDestroy_v2(s: CUstream) -> CUresult {
    const F: DriverCall = DriverCall::to("cuStreamDestroy_v2", "hipStreamDestroy");
    destroy(&F, &STREAMS, s as usize, |h| unsafe {
        h.hipStreamDestroy(hip_stream(s))
    })
}

pub unsafe fn cuEventDestroy_v2(e: CUevent) -> CUresult {
    const F: DriverCall = DriverCall::to("cuEventDestroy_v2", "hipEventDestroy");
    destroy(&F, &EVENTS, e as usize, |h| unsafe {
        h.hipEventDestroy(e.cast())
    })
}

#[inline(always)]
pub unsafe fn cuStreamQuery(s: CUstream) -> CUresult {
    const F: DriverCall = DriverCall::to("cuStreamQuery", "hipStreamQuery");
    if STREAMS.holds(s as usize) {
        return F.destroyed_handle();
    }
    with_hip!(F, |h| {
        F.result(h, unsafe { h.hipStreamQuery(hip_stream(s)) })
    })
}

#[inline(always)]
pub unsafe fn cuStreamSynchronize(s: CUstream) -> CUresult {
    const F: DriverCall = DriverCall::to("cuStreamSynchronize", "hipStreamSynchronize");
    if STREAMS.holds(s as usize) {
        return F.destroyed_handle();
    }
    with_hip!(F, |h| {
        F.result(h, unsafe { h.hipStreamSynchronize(hip_stream(s)) })
    })
}

#[inline(always)]
pub unsafe fn cuEventQuery(e: CUevent) -> CUresult {
    const F: DriverCall = DriverCall::to("cuEventQuery", "hipEventQuery");
    if EVENTS.holds(e as usize) {
        return F.destroyed_handle();
    }
    with_hip!(F, |h| { F.result(h, unsafe { h.hipEventQuery(e.cast()) }) })
}

#[inline(always)]
pub unsafe fn cuEventSynchronize(e: CUevent) -> CUresult {
    const F: DriverCall = DriverCall::to("cuEventSynchronize", "hipEventSynchronize");
    if EVENTS.holds(e as usize) {
        return F.destroyed_handle();
    }
    with_hip!(F, |h| {
        F.result(h, unsafe { h.hipEventSynchronize(e.cast()) })
    })
}

#[inline(always)]
pub unsafe fn cuEventRecord(e: CUevent, s: CUstream) -> CUresult {
    const F: DriverCall = DriverCall::to("cuEventRecord", "hipEventRecord");
    if STREAMS.holds(s as usize) || EVENTS.holds(e as usize) {
        return F.destroyed_handle();
    }
    with_hip!(F, |h| {
        F.result(h, unsafe { h.hipEventRecord(e.cast(), hip_stream(s)) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_destroyed_handle_is_held_until_created_again() {
        let t = Tombstones::new();
        assert!(!t.holds(0x1000), "nothing destroyed yet");
        t.bury(0x1000);
        assert!(t.holds(0x1000) && !t.holds(0x2000));
        t.revive(0x1000);
        assert!(!t.holds(0x1000), "HIP handed the address out again");
    }
}
