//! Handles that were valid once: a destroyed stream or event, an unloaded module, a freed pointer.
//! Each answers the code CUDA documents, never a crash. scripts/gpu-suite.sh runs each test in a
//! process of its own, so a crash is one failed test, not a lost suite.

use cuda_as_hip::driver::sys::*;
use gpu_tests::{alloc, context, module, ok, stream};
use std::ptr::null_mut;

const KERNEL: &str = r#"extern "C" __global__ void nop() {}"#;

#[test]
fn destroyed_stream_is_an_invalid_handle() {
    context();
    let s = stream();
    ok(unsafe { cuStreamDestroy_v2(s) });
    assert_eq!(
        unsafe { cuStreamQuery(s) },
        CUresult::CUDA_ERROR_INVALID_HANDLE
    );
    assert_eq!(
        unsafe { cuStreamDestroy_v2(s) },
        CUresult::CUDA_ERROR_INVALID_HANDLE
    );
}

#[test]
fn destroyed_event_is_an_invalid_handle() {
    context();
    let mut e = null_mut();
    ok(unsafe { cuEventCreate(&mut e, 0) });
    ok(unsafe { cuEventDestroy_v2(e) });
    assert_eq!(
        unsafe { cuEventQuery(e) },
        CUresult::CUDA_ERROR_INVALID_HANDLE
    );
    assert_eq!(
        unsafe { cuEventDestroy_v2(e) },
        CUresult::CUDA_ERROR_INVALID_HANDLE
    );
}

#[test]
fn unloaded_module_is_an_invalid_handle() {
    context();
    let m = module(KERNEL);
    ok(unsafe { cuModuleUnload(m) });
    let mut f = null_mut();
    let r = unsafe { cuModuleGetFunction(&mut f, m, c"nop".as_ptr()) };
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_HANDLE);
    assert_eq!(
        unsafe { cuModuleUnload(m) },
        CUresult::CUDA_ERROR_INVALID_HANDLE
    );
}

#[test]
fn freed_pointer_is_an_invalid_value() {
    context();
    let d = alloc::<u32>(1024);
    ok(unsafe { cuMemFree_v2(d) });
    assert_eq!(
        unsafe { cuMemFree_v2(d) },
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
}
