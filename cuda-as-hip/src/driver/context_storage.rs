//! Context-local storage: the slots NVIDIA's CUDA runtime keeps its per-context state in (the
//! export table `CONTEXT_LOCAL_STORAGE_INTERFACE_V0301`, `crate::driver::export_tables`). HIP has
//! none, so the values live here, keyed by context and key. CUDA calls each value's destructor
//! when its context goes away; here that is `cuCtxDestroy`, `cuDevicePrimaryCtxReset`, and
//! `cuDevicePrimaryCtxRelease` releasing the primary context's last reference (CUDA resets it then).

#![allow(non_snake_case)]

use crate::call::{with_hip, DriverCall};
use crate::driver::sys::{CUcontext, CUdevice, CUresult};
use crate::generated::raw;
use std::ffi::c_void;
use std::sync::Mutex;

/// `clsContextDestroyCallback`: (context, key, value).
pub type Destructor = extern "C" fn(CUcontext, *mut c_void, *mut c_void);

struct Slot {
    value: usize,
    destructor: Option<Destructor>,
}

/// (context, key) → the value stored; contexts and keys are addresses, kept as integers.
static SLOTS: Mutex<Vec<((usize, usize), Slot)>> = Mutex::new(Vec::new());
/// Each device's primary context handle, once learned (`primary_context`).
static PRIMARY: Mutex<Vec<(CUdevice, usize)>> = Mutex::new(Vec::new());

fn slots() -> std::sync::MutexGuard<'static, Vec<((usize, usize), Slot)>> {
    SLOTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The context a storage call means: `ctx`, or the thread's current one when `ctx` is NULL
/// (`CUDA_ERROR_INVALID_CONTEXT` when there is none).
fn context_meant(ctx: CUcontext) -> Result<usize, CUresult> {
    if !ctx.is_null() {
        return Ok(ctx as usize);
    }
    let mut current: CUcontext = std::ptr::null_mut();
    match unsafe { raw::cuCtxGetCurrent(&mut current) } {
        CUresult::CUDA_SUCCESS if current.is_null() => Err(CUresult::CUDA_ERROR_INVALID_CONTEXT),
        CUresult::CUDA_SUCCESS => Ok(current as usize),
        failed => Err(failed),
    }
}

fn status(r: Result<(), CUresult>) -> CUresult {
    r.err().unwrap_or(CUresult::CUDA_SUCCESS)
}

/// Stores `value` under (`ctx`, `key`), replacing what was there (whose destructor is not run).
pub fn put(
    ctx: CUcontext,
    key: *mut c_void,
    value: *mut c_void,
    dtor: Option<Destructor>,
) -> CUresult {
    status(context_meant(ctx).map(|ctx| {
        let slot = Slot {
            value: value as usize,
            destructor: dtor,
        };
        let mut slots = slots();
        match slots.iter_mut().find(|(k, _)| *k == (ctx, key as usize)) {
            Some((_, old)) => *old = slot,
            None => slots.push(((ctx, key as usize), slot)),
        }
    }))
}

/// Forgets (`ctx`, `key`) without running its destructor.
pub fn delete(ctx: CUcontext, key: *mut c_void) -> CUresult {
    status(context_meant(ctx).map(|ctx| slots().retain(|(k, _)| *k != (ctx, key as usize))))
}

/// The value stored under (`ctx`, `key`); `CUDA_ERROR_INVALID_HANDLE` when none is (what
/// NVIDIA's driver answers, as ZLUDA observed).
///
/// # Safety
/// `value` is NULL or valid for a write.
pub unsafe fn get(value: *mut *mut c_void, ctx: CUcontext, key: *mut c_void) -> CUresult {
    if value.is_null() {
        return CUresult::CUDA_ERROR_INVALID_VALUE;
    }
    status(context_meant(ctx).and_then(|ctx| {
        let slots = slots();
        let found = slots.iter().find(|(k, _)| *k == (ctx, key as usize));
        let slot = found.ok_or(CUresult::CUDA_ERROR_INVALID_HANDLE)?;
        unsafe { *value = slot.1.value as *mut c_void };
        Ok(())
    }))
}

/// Runs and forgets the destructors of everything stored for `ctx` (the context is going away).
/// The lock is not held while they run: a destructor may call back into the storage.
pub fn context_ending(ctx: usize) {
    let ending: Vec<_> = {
        let mut slots = slots();
        let (ending, kept) = std::mem::take(&mut *slots)
            .into_iter()
            .partition(|(k, _)| k.0 == ctx);
        *slots = kept;
        ending
    };
    for ((ctx, key), slot) in ending {
        if let Some(destructor) = slot.destructor {
            destructor(
                ctx as CUcontext,
                key as *mut c_void,
                slot.value as *mut c_void,
            );
        }
    }
}

/// `dev`'s primary context handle without changing its state (NVIDIA's runtime asks for it
/// before it retains the context): learned once by a retain and its release, then remembered —
/// a primary context keeps its handle across resets. The release goes straight to HIP: it is this
/// layer's own, and leaves the context as it was, so the storage has nothing to end.
pub fn primary_context(dev: CUdevice) -> Result<CUcontext, CUresult> {
    if let Some(ctx) = known_primary_context(dev) {
        return Ok(ctx as CUcontext);
    }
    let mut ctx: CUcontext = std::ptr::null_mut();
    unsafe { raw::cuDevicePrimaryCtxRetain(&mut ctx, dev) }.into_result()?;
    let _ = release_primary(dev);
    let mut known = PRIMARY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    known.push((dev, ctx as usize));
    Ok(ctx)
}

fn known_primary_context(dev: CUdevice) -> Option<usize> {
    let known = PRIMARY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    known.iter().find(|(d, _)| *d == dev).map(|(_, ctx)| *ctx)
}

/// `dev`'s primary context when anything is stored for it (its handle is learned here, while the
/// context is still what it was, if nothing asked before).
fn primary_holding_values(dev: CUdevice) -> Option<usize> {
    if slots().is_empty() {
        return None;
    }
    let ctx = primary_context(dev).ok()? as usize;
    slots().iter().any(|(k, _)| k.0 == ctx).then_some(ctx)
}

/// `cuCtxDestroy`: the context's values go first.
pub unsafe fn cuCtxDestroy_v2(ctx: CUcontext) -> CUresult {
    if !ctx.is_null() {
        context_ending(ctx as usize);
    }
    const F: DriverCall = DriverCall::to("cuCtxDestroy_v2", "hipCtxDestroy");
    with_hip!(F, |h| {
        F.result(h, unsafe { h.hipCtxDestroy(ctx.cast()) })
    })
}

/// `cuDevicePrimaryCtxReset`: the primary context's values go first.
pub unsafe fn cuDevicePrimaryCtxReset_v2(dev: CUdevice) -> CUresult {
    if let Some(ctx) = primary_holding_values(dev) {
        context_ending(ctx);
    }
    const F: DriverCall = DriverCall::to("cuDevicePrimaryCtxReset_v2", "hipDevicePrimaryCtxReset");
    with_hip!(F, |h| {
        F.result(h, unsafe { h.hipDevicePrimaryCtxReset(dev) })
    })
}

/// `cuDevicePrimaryCtxRelease`: when that was the last reference, CUDA reset the context; its
/// values go then.
pub unsafe fn cuDevicePrimaryCtxRelease_v2(dev: CUdevice) -> CUresult {
    let holding = primary_holding_values(dev);
    let r = release_primary(dev);
    if let Some(ctx) = holding {
        let (mut flags, mut active) = (0, 0);
        let state = unsafe { raw::cuDevicePrimaryCtxGetState(dev, &mut flags, &mut active) };
        if state == CUresult::CUDA_SUCCESS && active == 0 {
            context_ending(ctx);
        }
    }
    r
}

/// `hipDevicePrimaryCtxRelease`, nothing more.
fn release_primary(dev: CUdevice) -> CUresult {
    const F: DriverCall =
        DriverCall::to("cuDevicePrimaryCtxRelease_v2", "hipDevicePrimaryCtxRelease");
    with_hip!(F, |h| {
        F.result(h, unsafe { h.hipDevicePrimaryCtxRelease(dev) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static ENDED: AtomicUsize = AtomicUsize::new(0);

    /// Records the value and, re-entering the storage, deletes another key of its context.
    extern "C" fn destructor(ctx: CUcontext, key: *mut c_void, value: *mut c_void) {
        assert_eq!((ctx as usize, key as usize), (0xC0, 1));
        ENDED.fetch_add(value as usize, Ordering::SeqCst);
        assert_eq!(delete(ctx, 2 as *mut c_void), CUresult::CUDA_SUCCESS);
    }

    fn stored(ctx: usize, key: usize) -> Option<usize> {
        let mut value = std::ptr::null_mut();
        let r = unsafe { get(&mut value, ctx as CUcontext, key as *mut c_void) };
        (r == CUresult::CUDA_SUCCESS).then_some(value as usize)
    }

    #[test]
    fn a_context_ending_runs_its_destructors_once_and_keeps_other_contexts() {
        let (ctx, other) = (0xC0 as CUcontext, 0xC1 as CUcontext);
        let key = |k: usize| k as *mut c_void;
        assert_eq!(
            put(ctx, key(1), 40 as *mut c_void, Some(destructor)),
            CUresult::CUDA_SUCCESS
        );
        assert_eq!(
            put(ctx, key(1), 42 as *mut c_void, Some(destructor)),
            CUresult::CUDA_SUCCESS
        );
        assert_eq!(
            put(other, key(1), 7 as *mut c_void, None),
            CUresult::CUDA_SUCCESS
        );
        assert_eq!(
            (stored(0xC0, 1), stored(0xC1, 1), stored(0xC0, 9)),
            (Some(42), Some(7), None)
        );
        context_ending(0xC0);
        assert_eq!(
            ENDED.load(Ordering::SeqCst),
            42,
            "the replaced value's destructor is not run"
        );
        assert_eq!((stored(0xC0, 1), stored(0xC1, 1)), (None, Some(7)));
        context_ending(0xC0);
        assert_eq!(ENDED.load(Ordering::SeqCst), 42);
        assert_eq!(delete(other, key(1)), CUresult::CUDA_SUCCESS);
        assert_eq!(stored(0xC1, 1), None);
    }
}
