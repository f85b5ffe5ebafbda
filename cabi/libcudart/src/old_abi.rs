//! CUDA 11's ABI, which NVIDIA's libcudart.so.12 still exports for programs built against CUDA 11
//! (the last block of cuda_runtime_api.h re-declares it): each translated to its CUDA 12 successor.
#![allow(non_snake_case)]

use cuda_as_hip::call::RuntimeCall;
use cuda_as_hip::raw;
use cuda_as_hip::runtime::cuda11::cudaDeviceProp_cuda11;
use cuda_as_hip::runtime::sys::*;
use std::ffi::{c_int, c_uint, c_ulonglong};

/// `prop` points to CUDA 11's struct (728 bytes), not the 1032-byte one its C type names: the
/// device's properties are read into CUDA 12.9's, then copied field by field (CUDA 12 only
/// appended fields).
pub unsafe fn cudaGetDeviceProperties(prop: *mut cudaDeviceProp, device: c_int) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::new("cudaGetDeviceProperties");
    if prop.is_null() {
        return F.null_argument("prop");
    }
    // SAFETY: integers and byte arrays only: all zeros is a valid value.
    let mut current: cudaDeviceProp = unsafe { std::mem::zeroed() };
    let r = unsafe { raw::cudaGetDeviceProperties_v2(&mut current, device) };
    if r == cudaError_t::cudaSuccess {
        let old = cudaDeviceProp_cuda11::from(&current);
        unsafe { prop.cast::<cudaDeviceProp_cuda11>().write_unaligned(old) };
    }
    r
}

/// CUDA 11's external-semaphore parameters as CUDA 12's: the same fields, which CUDA 12 follows
/// with reserved words (zero).
fn current_params<Old, New>(
    f: RuntimeCall,
    old: *const Old,
    count: c_uint,
    translate: fn(&Old) -> New,
) -> Result<Vec<New>, cudaError_t> {
    match (old.is_null(), count) {
        (_, 0) => Ok(Vec::new()),
        (true, _) => Err(f.null_argument("paramsArray")),
        (false, n) => {
            let old = unsafe { std::slice::from_raw_parts(old, n as usize) };
            Ok(old.iter().map(translate).collect())
        }
    }
}

fn signal_params(old: &cudaExternalSemaphoreSignalParams_v1) -> cudaExternalSemaphoreSignalParams {
    // SAFETY: integers, a pointer-sized union and arrays: all zeros is a valid value.
    let mut new: cudaExternalSemaphoreSignalParams = unsafe { std::mem::zeroed() };
    new.params.fence.value = old.params.fence.value;
    new.params.nvSciSync.reserved = unsafe { old.params.nvSciSync.reserved };
    new.params.keyedMutex.key = old.params.keyedMutex.key;
    new.flags = old.flags;
    new
}

fn wait_params(old: &cudaExternalSemaphoreWaitParams_v1) -> cudaExternalSemaphoreWaitParams {
    // SAFETY: as in signal_params.
    let mut new: cudaExternalSemaphoreWaitParams = unsafe { std::mem::zeroed() };
    new.params.fence.value = old.params.fence.value;
    new.params.nvSciSync.reserved = unsafe { old.params.nvSciSync.reserved };
    new.params.keyedMutex.key = old.params.keyedMutex.key;
    new.params.keyedMutex.timeoutMs = old.params.keyedMutex.timeoutMs;
    new.flags = old.flags;
    new
}

/// CUDA 11's form with `cudaExternalSemaphoreSignalParams_v1`: cudaSignalExternalSemaphoresAsync_v2.
pub unsafe fn cudaSignalExternalSemaphoresAsync(
    extSemArray: *const cudaExternalSemaphore_t,
    paramsArray: *const cudaExternalSemaphoreSignalParams_v1,
    numExtSems: c_uint,
    stream: cudaStream_t,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::new("cudaSignalExternalSemaphoresAsync");
    match current_params(F, paramsArray, numExtSems, signal_params) {
        Ok(p) => unsafe {
            raw::cudaSignalExternalSemaphoresAsync_v2(extSemArray, p.as_ptr(), numExtSems, stream)
        },
        Err(e) => e,
    }
}

/// CUDA 11's form with `cudaExternalSemaphoreWaitParams_v1`: cudaWaitExternalSemaphoresAsync_v2.
pub unsafe fn cudaWaitExternalSemaphoresAsync(
    extSemArray: *const cudaExternalSemaphore_t,
    paramsArray: *const cudaExternalSemaphoreWaitParams_v1,
    numExtSems: c_uint,
    stream: cudaStream_t,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::new("cudaWaitExternalSemaphoresAsync");
    match current_params(F, paramsArray, numExtSems, wait_params) {
        Ok(p) => unsafe {
            raw::cudaWaitExternalSemaphoresAsync_v2(extSemArray, p.as_ptr(), numExtSems, stream)
        },
        Err(e) => e,
    }
}

/// CUDA 11's three parameters: cudaStreamGetCaptureInfo_v2 asked for no graph or dependencies.
pub unsafe fn cudaStreamGetCaptureInfo(
    stream: cudaStream_t,
    captureStatus_out: *mut u32,
    id_out: *mut c_ulonglong,
) -> cudaError_t {
    use std::ptr::null_mut;
    unsafe {
        raw::cudaStreamGetCaptureInfo_v2(
            stream,
            captureStatus_out,
            id_out,
            null_mut(),
            null_mut(),
            null_mut(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_semaphore_parameters_keep_every_value_and_zero_what_cuda_12_added() {
        let mut signal: cudaExternalSemaphoreSignalParams_v1 = unsafe { std::mem::zeroed() };
        signal.params.fence.value = 7;
        signal.params.nvSciSync.reserved = 0x1234_5678_9abc;
        signal.params.keyedMutex.key = 9;
        signal.flags = 1;
        let new = signal_params(&signal);
        assert_eq!(new.params.fence.value, 7);
        assert_eq!(unsafe { new.params.nvSciSync.reserved }, 0x1234_5678_9abc);
        assert_eq!((new.params.keyedMutex.key, new.flags), (9, 1));
        assert_eq!((new.params.reserved, new.reserved), ([0; 12], [0; 16]));

        let mut wait: cudaExternalSemaphoreWaitParams_v1 = unsafe { std::mem::zeroed() };
        wait.params.fence.value = 3;
        wait.params.keyedMutex.key = 4;
        wait.params.keyedMutex.timeoutMs = 5000;
        wait.flags = 1;
        let new = wait_params(&wait);
        assert_eq!(new.params.fence.value, 3);
        assert_eq!(
            (new.params.keyedMutex.key, new.params.keyedMutex.timeoutMs),
            (4, 5000)
        );
        assert_eq!(
            (new.flags, new.params.reserved, new.reserved),
            (1, [0; 10], [0; 16])
        );
    }

    #[test]
    fn a_null_parameter_array_is_refused_unless_empty() {
        const F: RuntimeCall = RuntimeCall::new("test");
        let none = std::ptr::null::<cudaExternalSemaphoreWaitParams_v1>();
        assert!(current_params(F, none, 0, wait_params).is_ok_and(|p| p.is_empty()));
        assert_eq!(
            current_params(F, none, 2, wait_params).err(),
            Some(cudaError_t::cudaErrorInvalidValue)
        );
    }
}
