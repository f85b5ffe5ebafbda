//! CUDA 12's library management over HIP modules, the same on every HIP version: a
//! `cudaLibrary_t` is a `hipModule_t` and a `cudaKernel_t` a `hipFunction_t` — the handles the
//! driver's `cuModuleLoadData` / `cuModuleGetFunction` give, so both APIs share them, and
//! `cudaLaunchKernel` launches them ([`crate::runtime::launch`]). HIP 7.2's own `hipLibrary*`
//! calls are not used: HIP 5 and 6 lack them. Images are checked as the driver's loaders check
//! them (an NVIDIA cubin, fatbin or PTX is refused with how to build for AMD); JIT and library
//! options steer NVIDIA's JIT and are ignored, as `cuModuleLoadDataEx` ignores them.
#![allow(non_snake_case)]

use crate::call::RuntimeCall;
use crate::driver::image::{self, Image};
use crate::runtime::launch::{classify, Launchable};
use crate::runtime::sys::*;
use hip_sys::hipFunction_attribute as A;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

/// cudaLibraryLoadData: the code object as a HIP module.
#[allow(clippy::too_many_arguments)]
pub unsafe fn cudaLibraryLoadData(
    library: *mut cudaLibrary_t,
    code: *const c_void,
    _jitOptions: *mut u32,
    _jitOptionsValues: *mut *mut c_void,
    _numJitOptions: c_uint,
    _libraryOptions: *mut u32,
    _libraryOptionValues: *mut *mut c_void,
    _numLibraryOptions: c_uint,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLibraryLoadData", "hipModuleLoadData");
    unsafe { image::load(F, library.cast(), code, Image::runtime_code) }
}

/// cudaLibraryLoadFromFile: the file's bytes, loaded as [`cudaLibraryLoadData`] loads them.
#[allow(clippy::too_many_arguments)]
pub unsafe fn cudaLibraryLoadFromFile(
    library: *mut cudaLibrary_t,
    fileName: *const c_char,
    _jitOptions: *mut u32,
    _jitOptionsValues: *mut *mut c_void,
    _numJitOptions: c_uint,
    _libraryOptions: *mut u32,
    _libraryOptionValues: *mut *mut c_void,
    _numLibraryOptions: c_uint,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLibraryLoadFromFile", "hipModuleLoadData");
    if fileName.is_null() {
        return F.null_argument("fileName");
    }
    let path = unsafe { CStr::from_ptr(fileName) }
        .to_string_lossy()
        .into_owned();
    let mut bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => return F.rejected(cudaError_t::cudaErrorInvalidValue, &format!("{path}: {e}")),
    };
    bytes.push(0); // a text image (PTX) is read up to its NUL
    unsafe {
        image::load(
            F,
            library.cast(),
            bytes.as_ptr().cast(),
            Image::runtime_code,
        )
    }
}

pub unsafe fn cudaLibraryUnload(library: cudaLibrary_t) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLibraryUnload", "hipModuleUnload");
    if library.is_null() {
        return F.null_handle("library");
    }
    F.forward(|h| unsafe { h.hipModuleUnload(library.cast()) })
}

pub unsafe fn cudaLibraryGetKernel(
    pKernel: *mut cudaKernel_t,
    library: cudaLibrary_t,
    name: *const c_char,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLibraryGetKernel", "hipModuleGetFunction");
    if pKernel.is_null() || name.is_null() {
        return F.null_argument(if name.is_null() { "name" } else { "pKernel" });
    }
    if library.is_null() {
        return F.null_handle("library");
    }
    F.forward(|h| unsafe { h.hipModuleGetFunction(pKernel.cast(), library.cast(), name) })
}

pub unsafe fn cudaLibraryGetGlobal(
    dptr: *mut *mut c_void,
    bytes: *mut usize,
    library: cudaLibrary_t,
    name: *const c_char,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLibraryGetGlobal", "hipModuleGetGlobal");
    if name.is_null() {
        return F.null_argument("name");
    }
    if library.is_null() {
        return F.null_handle("library");
    }
    F.forward(|h| unsafe { h.hipModuleGetGlobal(dptr.cast(), bytes, library.cast(), name) })
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
        Launchable::NvccStub => Err(crate::runtime::launch::nvcc_kernel_refused(f)),
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
