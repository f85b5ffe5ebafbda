//! NVIDIA's private driver tables on a GPU (ARCHITECTURE.md "NVIDIA's private driver tables"): the
//! primary context's handle as NVIDIA's static runtime asks for it, context-local storage and its
//! destructors, and the integrity check over the devices this layer reports. scripts/gpu-suite.sh
//! runs each test in a process of its own.

use cuda_as_hip::driver::export_tables::{uuid, IntegrityInputs};
use cuda_as_hip::driver::sys::*;
use gpu_tests::{context, ok};
use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicUsize, Ordering};

const CUDART_INTERFACE: [u8; 16] = uuid("6bd5fb6c5bf4e74a8987d93912fd9df9");
const CONTEXT_LOCAL_STORAGE: [u8; 16] = uuid("c693336e1121df11a8c368f355d89593");
const INTEGRITY_CHECK: [u8; 16] = uuid("d4082055bde6704b8d34ba123c66e1f2");

/// Slot `index` of table `id` as a function of type `F`.
fn slot<F: Copy>(id: [u8; 16], index: usize) -> F {
    ok(unsafe { cuInit(0) });
    let uuid = CUuuid {
        bytes: id.map(|b| b as _),
    };
    let mut table = std::ptr::null();
    ok(unsafe { cuGetExportTable(&mut table, &uuid) });
    let address = unsafe { *table.cast::<*const c_void>().add(index) };
    assert!(!address.is_null());
    unsafe { std::mem::transmute_copy(&address) }
}

type Primary = extern "C" fn(*mut CUcontext, CUdevice) -> CUresult;
type Put = extern "C" fn(CUcontext, *mut c_void, *mut c_void, Option<Destructor>) -> CUresult;
type Get = extern "C" fn(*mut *mut c_void, CUcontext, *mut c_void) -> CUresult;
type Destructor = extern "C" fn(CUcontext, *mut c_void, *mut c_void);

fn primary_active(dev: CUdevice) -> bool {
    let (mut flags, mut active) = (0, 0);
    ok(unsafe { cuDevicePrimaryCtxGetState(dev, &mut flags, &mut active) });
    active != 0
}

#[test]
fn the_runtime_gets_the_primary_context_without_activating_it() {
    let primary: Primary = slot(CUDART_INTERFACE, 2);
    assert!(
        !primary_active(0),
        "a fresh process has no active primary context"
    );
    let mut handle = null_mut();
    ok(primary(&mut handle, 0));
    assert!(!handle.is_null());
    assert!(
        !primary_active(0),
        "asking for the handle does not activate the context"
    );
    let (_, retained) = context();
    assert_eq!(
        retained, handle,
        "the handle is the one cuDevicePrimaryCtxRetain gives"
    );
    let mut again = null_mut();
    ok(primary(&mut again, 0));
    assert_eq!(again, handle);
}

static ENDED: AtomicUsize = AtomicUsize::new(0);

extern "C" fn destructor(_: CUcontext, key: *mut c_void, value: *mut c_void) {
    ENDED.fetch_add(key as usize * value as usize, Ordering::SeqCst);
}

fn stored(ctx: CUcontext, key: usize) -> Result<usize, CUresult> {
    let get: Get = slot(CONTEXT_LOCAL_STORAGE, 2);
    let mut value = null_mut();
    match get(&mut value, ctx, key as *mut c_void) {
        CUresult::CUDA_SUCCESS => Ok(value as usize),
        failed => Err(failed),
    }
}

#[test]
fn the_primary_contexts_values_end_when_it_is_reset() {
    let put: Put = slot(CONTEXT_LOCAL_STORAGE, 0);
    let (dev, ctx) = context();
    // NULL: the current context, the primary one.
    ok(put(
        null_mut(),
        3 as *mut c_void,
        5 as *mut c_void,
        Some(destructor),
    ));
    assert_eq!(stored(ctx, 3), Ok(5));
    assert_eq!(stored(null_mut(), 3), Ok(5));
    ok(unsafe { cuDevicePrimaryCtxReset_v2(dev) });
    assert_eq!(ENDED.load(Ordering::SeqCst), 15, "the destructor ran once");
    assert_eq!(stored(ctx, 3), Err(CUresult::CUDA_ERROR_INVALID_HANDLE));
}

#[test]
fn a_created_contexts_values_end_when_it_is_destroyed() {
    let put: Put = slot(CONTEXT_LOCAL_STORAGE, 0);
    let (dev, primary) = context();
    let mut ctx = null_mut();
    ok(unsafe { cuCtxCreate_v2(&mut ctx, 0, dev) });
    ok(put(
        ctx,
        2 as *mut c_void,
        7 as *mut c_void,
        Some(destructor),
    ));
    ok(put(
        primary,
        2 as *mut c_void,
        100 as *mut c_void,
        Some(destructor),
    ));
    ok(unsafe { cuCtxDestroy_v2(ctx) });
    assert_eq!(
        ENDED.load(Ordering::SeqCst),
        14,
        "only the destroyed context's destructor ran"
    );
    assert_eq!(stored(primary, 2), Ok(100));
}

#[test]
fn the_integrity_check_hashes_the_devices_this_layer_reports() {
    let check: extern "C" fn(u32, u64, *mut [u64; 2]) -> CUresult = slot(INTEGRITY_CHECK, 1);
    let seconds = 1_765_000_000;
    for version in [12090, 12091, 12092, 13002] {
        let mut answer = [0; 2];
        ok(check(version, seconds, &mut answer));
        let inputs = IntegrityInputs::here(version, seconds).expect("the devices' identities");
        assert!(!inputs.devices.is_empty());
        assert_eq!(answer, inputs.answer(), "version {version}");
    }
}
