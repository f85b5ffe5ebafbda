//! Kernel launches through the runtime: `cudaLaunchKernel` takes a host-side function pointer.
//! Kernels nvcc registered (their fatbin holds NVIDIA code only) are refused with the way to
//! build for AMD; any other pointer is HIP's to resolve (a kernel `hipcc` registered).
#![allow(non_snake_case)]

use crate::call::{hip_stream, RuntimeCall};
use crate::runtime::sys::*;
use std::collections::HashSet;
use std::ffi::c_void;
use std::sync::Mutex;

/// Host-side stubs of kernels nvcc registered (`__cudaRegisterFunction`).
static NVCC_KERNELS: Mutex<Option<HashSet<usize>>> = Mutex::new(None);

/// `__cudaRegisterFunction`'s record: `host_stub` launches a kernel compiled for NVIDIA only.
pub fn register_nvcc_kernel(host_stub: *const c_void) {
    let mut kernels = NVCC_KERNELS.lock().unwrap_or_else(|p| p.into_inner());
    kernels
        .get_or_insert_with(HashSet::new)
        .insert(host_stub as usize);
}

fn is_nvcc_kernel(func: *const c_void) -> bool {
    let kernels = NVCC_KERNELS.lock().unwrap_or_else(|p| p.into_inner());
    kernels
        .as_ref()
        .is_some_and(|k| k.contains(&(func as usize)))
}

/// cudaLaunchKernel: HIP's launch of a registered kernel; an nvcc-built one is refused.
///
/// # Safety
/// As CUDA's: `args` holds one pointer per kernel parameter; `stream` is a live stream or special.
pub unsafe fn cudaLaunchKernel(
    func: *const c_void,
    gridDim: dim3,
    blockDim: dim3,
    args: *mut *mut c_void,
    sharedMem: usize,
    stream: cudaStream_t,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLaunchKernel", "hipLaunchKernel");
    if func.is_null() {
        return F.rejected(
            cudaError_t::cudaErrorInvalidDeviceFunction,
            "`func` is NULL",
        );
    }
    if is_nvcc_kernel(func) {
        return nvcc_kernel_launched(F);
    }
    let dim = |d: dim3| hip_sys::dim3 {
        x: d.x,
        y: d.y,
        z: d.z,
    };
    F.forward(|h| unsafe {
        h.hipLaunchKernel(
            func,
            dim(gridDim),
            dim(blockDim),
            args,
            sharedMem,
            hip_stream(stream),
        )
    })
}

#[cold]
fn nvcc_kernel_launched(f: RuntimeCall) -> cudaError_t {
    crate::log::warn_once(format!(
        "{}: this kernel was compiled by nvcc into NVIDIA code (SASS/PTX), which AMD GPUs cannot run; \
         build it for AMD instead: its source through NVRTC (cuda-as-hip's libnvrtc compiles CUDA C++ for the \
         GPU) or `hipcc --genco --offload-arch=<gfx…>`, then load the code object with cuModuleLoadData",
        f.name
    ));
    cudaError_t::cudaErrorNoKernelImageForDevice
}
