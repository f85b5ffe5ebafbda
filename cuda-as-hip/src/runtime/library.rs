//! CUDA 12's library management in the runtime API: the bodies are the driver's
//! (`driver/library.rs`: a `cudaLibrary_t` is a `hipModule_t`, a `cudaKernel_t` a `hipFunction_t`,
//! on every HIP version), with the runtime's codes; and the runtime's kernel queries on any
//! kernel, handle or stub.
#![allow(non_snake_case)]

use crate::call::RuntimeCall;
use crate::driver::library::{self, library_load};
use crate::runtime::launch::{classify, Launchable};
use crate::runtime::sys::*;
use hip_sys::hipFunction_attribute as A;
use std::ffi::{c_char, c_int, c_void};

library_load!(
    /// cudaLibraryLoadData: the image as a HIP module (PTX compiled for the GPU first; the JIT
    /// options' log buffers get the compile's messages).
    cudaLibraryLoadData(cudaLibrary_t, code: *const c_void) -> cudaError_t =
        RuntimeCall::to("cudaLibraryLoadData", "hipModuleLoadData"), library::load_data
);
library_load!(
    /// cudaLibraryLoadFromFile: the file's bytes, loaded as [`cudaLibraryLoadData`] loads them.
    cudaLibraryLoadFromFile(cudaLibrary_t, fileName: *const c_char) -> cudaError_t =
        RuntimeCall::to("cudaLibraryLoadFromFile", "hipModuleLoadData"), library::load_file
);

pub unsafe fn cudaLibraryUnload(lib: cudaLibrary_t) -> cudaError_t {
    let f = RuntimeCall::to("cudaLibraryUnload", "hipModuleUnload");
    unsafe { library::unload(f, lib.cast()) }
}

pub unsafe fn cudaLibraryGetKernel(
    pKernel: *mut cudaKernel_t,
    lib: cudaLibrary_t,
    name: *const c_char,
) -> cudaError_t {
    let f = RuntimeCall::to("cudaLibraryGetKernel", "hipModuleGetFunction");
    unsafe { library::get_kernel(f, pKernel.cast(), lib.cast(), name) }
}

pub unsafe fn cudaLibraryGetGlobal(
    dptr: *mut *mut c_void,
    bytes: *mut usize,
    lib: cudaLibrary_t,
    name: *const c_char,
) -> cudaError_t {
    let f = RuntimeCall::to("cudaLibraryGetGlobal", "hipModuleGetGlobal");
    unsafe { library::get_global(f, dptr.cast(), bytes, lib.cast(), name) }
}

/// cudaGetKernel: a kernel handle is its own kernel; a stub registered with HIP is looked up.
pub unsafe fn cudaGetKernel(
    kernelPtr: *mut cudaKernel_t,
    entryFuncAddr: *const c_void,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaGetKernel", "hipGetFuncBySymbol");
    if kernelPtr.is_null() {
        return F.null_argument("kernelPtr");
    }
    match kernel_handle(F, entryFuncAddr) {
        Ok(k) => {
            unsafe { *kernelPtr = k.cast() };
            cudaError_t::cudaSuccess
        }
        Err(e) => e,
    }
}

/// The `hipFunction_t` behind what a runtime call was given as a kernel.
fn kernel_handle(
    f: RuntimeCall,
    func: *const c_void,
) -> Result<hip_sys::hipFunction_t, cudaError_t> {
    if func.is_null() {
        return Err(f.rejected(
            cudaError_t::cudaErrorInvalidDeviceFunction,
            "the kernel is NULL",
        ));
    }
    match classify(func) {
        Launchable::Handle => Ok(func.cast_mut().cast()),
        Launchable::NvccStub => crate::runtime::launch::nvcc_function(f, func),
        Launchable::Stub => {
            let mut k = std::ptr::null_mut();
            match f.forward(|h| unsafe { h.hipGetFuncBySymbol(&mut k, func) }) {
                cudaError_t::cudaSuccess => Ok(k),
                e => Err(e),
            }
        }
    }
}

/// cudaFuncGetAttributes on any kernel (handle or stub), read attribute by attribute from HIP.
/// AMD GPUs have no thread-block clusters: those fields are zero.
pub unsafe fn cudaFuncGetAttributes(
    attr: *mut cudaFuncAttributes,
    func: *const c_void,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaFuncGetAttributes", "hipFuncGetAttribute");
    if attr.is_null() {
        return F.null_argument("attr");
    }
    let k = match kernel_handle(F, func) {
        Ok(k) => k,
        Err(e) => return e,
    };
    let get = |a: A| -> Result<c_int, cudaError_t> {
        let mut v = 0;
        match F.forward(|h| unsafe { h.hipFuncGetAttribute(&mut v, a, k) }) {
            cudaError_t::cudaSuccess => Ok(v),
            e => Err(e),
        }
    };
    let size = |a: A| get(a).map(|v| usize::try_from(v).unwrap_or(0));
    let read = || -> Result<cudaFuncAttributes, cudaError_t> {
        // SAFETY: every field is an integer (or an array of them): zero is valid.
        let mut out: cudaFuncAttributes = unsafe { std::mem::zeroed() };
        out.sharedSizeBytes = size(A::HIP_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES)?;
        out.constSizeBytes = size(A::HIP_FUNC_ATTRIBUTE_CONST_SIZE_BYTES)?;
        out.localSizeBytes = size(A::HIP_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES)?;
        out.maxThreadsPerBlock = get(A::HIP_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK)?;
        out.numRegs = get(A::HIP_FUNC_ATTRIBUTE_NUM_REGS)?;
        out.ptxVersion = get(A::HIP_FUNC_ATTRIBUTE_PTX_VERSION)?;
        out.binaryVersion = get(A::HIP_FUNC_ATTRIBUTE_BINARY_VERSION)?;
        out.cacheModeCA = get(A::HIP_FUNC_ATTRIBUTE_CACHE_MODE_CA)?;
        out.maxDynamicSharedSizeBytes = get(A::HIP_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES)?;
        out.preferredShmemCarveout = get(A::HIP_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT)?;
        Ok(out)
    };
    match read() {
        Ok(a) => {
            unsafe { attr.write(a) };
            cudaError_t::cudaSuccess
        }
        Err(e) => e,
    }
}
