//! CUDA 12's libraries over HIP modules, for both APIs and every HIP version: a `CUlibrary` /
//! `cudaLibrary_t` is a `hipModule_t` and a `CUkernel` / `cudaKernel_t` a `hipFunction_t` — the
//! handles `cuModuleLoadData` / `cuModuleGetFunction` give, so modules, libraries and both APIs
//! share them. HIP 7.2's own `hipLibrary*` calls are not used (HIP 5 and 6 lack them, and their
//! `hipKernel_t` is another handle). Images load as the module loaders load them (PTX, also inside
//! an NVIDIA fatbin, compiled for the GPU; a cubin refused with how to build for AMD); JIT options
//! are read as `cuModuleLoadDataEx` reads them; library options steer NVIDIA's loader and are
//! ignored. The driver's entry points are here, the runtime's in `runtime/library.rs`: both call
//! the generic bodies below with their API's `Call`.
#![allow(non_snake_case)]

use crate::call::{Call, DriverCall};
use crate::driver::image::{self, ImageCodes};
use crate::driver::sys::*;
use hip_sys::{hipFunction_t, hipModule_t};
use std::ffi::{c_char, c_int, c_uint, c_void};

/// The JIT options of a library load, as `cuModuleLoadDataEx` takes them.
pub(crate) struct JitOptions {
    pub count: c_uint,
    pub options: *mut u32,
    pub values: *mut *mut c_void,
}

/// A library from the image at `code`.
pub(crate) unsafe fn load_data<R: ImageCodes>(
    call: Call<R>,
    library: *mut hipModule_t,
    code: *const c_void,
    jit: JitOptions,
) -> R {
    unsafe { image::load_with_options(call, library, code, jit.count, jit.options, jit.values) }
}

/// A library from the file `file`, loaded as [`load_data`] loads an image.
pub(crate) unsafe fn load_file<R: ImageCodes>(
    call: Call<R>,
    library: *mut hipModule_t,
    file: *const c_char,
    jit: JitOptions,
) -> R {
    if file.is_null() {
        return call.null_argument("fileName");
    }
    let bytes = match unsafe { image::read_file(file) } {
        Ok(b) => b,
        Err(why) => return call.rejected(R::INVALID_VALUE, &why),
    };
    unsafe { load_data(call, library, bytes.as_ptr().cast(), jit) }
}

pub(crate) unsafe fn unload<R: ImageCodes>(call: Call<R>, library: hipModule_t) -> R {
    if library.is_null() {
        return call.null_handle("library");
    }
    call.forward(|h| unsafe { h.hipModuleUnload(library) })
}

pub(crate) unsafe fn get_kernel<R: ImageCodes>(
    call: Call<R>,
    kernel: *mut hipFunction_t,
    library: hipModule_t,
    name: *const c_char,
) -> R {
    if kernel.is_null() || name.is_null() {
        return call.null_argument(if name.is_null() { "name" } else { "pKernel" });
    }
    if library.is_null() {
        return call.null_handle("library");
    }
    call.forward(|h| unsafe { h.hipModuleGetFunction(kernel, library, name) })
}

/// The address and size of the library's global `name` (either out-pointer may be NULL).
pub(crate) unsafe fn get_global<R: ImageCodes>(
    call: Call<R>,
    dptr: *mut hip_sys::hipDeviceptr_t,
    bytes: *mut usize,
    library: hipModule_t,
    name: *const c_char,
) -> R {
    if name.is_null() {
        return call.null_argument("name");
    }
    if library.is_null() {
        return call.null_handle("library");
    }
    call.forward(|h| unsafe { h.hipModuleGetGlobal(dptr, bytes, library, name) })
}

const fn driver(name: &'static str, hip: &'static str) -> DriverCall {
    DriverCall::to(name, hip)
}

/// A CUDA library load's entry point (driver or runtime): the library's out-pointer, the image or
/// file, the JIT options (read), the library options (NVIDIA's loader's: ignored), handed to
/// [`load_data`] or [`load_file`] with the API's `Call`.
macro_rules! library_load {
    ($(#[$doc:meta])* $name:ident($lib:ty, $src:ident: $src_ty:ty) -> $ret:ty = $call:expr, $load:path) => {
        $(#[$doc])*
        #[allow(clippy::too_many_arguments)]
        pub unsafe fn $name(
            library: *mut $lib,
            $src: $src_ty,
            jitOptions: *mut u32,
            jitOptionsValues: *mut *mut ::std::ffi::c_void,
            numJitOptions: ::std::ffi::c_uint,
            _libraryOptions: *mut u32,
            _libraryOptionValues: *mut *mut ::std::ffi::c_void,
            _numLibraryOptions: ::std::ffi::c_uint,
        ) -> $ret {
            let jit = $crate::driver::library::JitOptions {
                count: numJitOptions,
                options: jitOptions,
                values: jitOptionsValues,
            };
            unsafe { $load($call, library.cast(), $src, jit) }
        }
    };
}
pub(crate) use library_load;

library_load!(
    cuLibraryLoadData(CUlibrary, code: *const c_void) -> CUresult =
        driver("cuLibraryLoadData", "hipModuleLoadData"), load_data
);
library_load!(
    cuLibraryLoadFromFile(CUlibrary, fileName: *const c_char) -> CUresult =
        driver("cuLibraryLoadFromFile", "hipModuleLoadData"), load_file
);

pub unsafe fn cuLibraryUnload(library: CUlibrary) -> CUresult {
    unsafe { unload(driver("cuLibraryUnload", "hipModuleUnload"), library.cast()) }
}

pub unsafe fn cuLibraryGetKernel(
    pKernel: *mut CUkernel,
    library: CUlibrary,
    name: *const c_char,
) -> CUresult {
    let f = driver("cuLibraryGetKernel", "hipModuleGetFunction");
    unsafe { get_kernel(f, pKernel.cast(), library.cast(), name) }
}

pub unsafe fn cuLibraryGetGlobal(
    dptr: *mut CUdeviceptr,
    bytes: *mut usize,
    library: CUlibrary,
    name: *const c_char,
) -> CUresult {
    let f = driver("cuLibraryGetGlobal", "hipModuleGetGlobal");
    unsafe { get_global(f, dptr.cast(), bytes, library.cast(), name) }
}

/// cuLibraryGetModule: the library is its module.
pub unsafe fn cuLibraryGetModule(pMod: *mut CUmodule, library: CUlibrary) -> CUresult {
    let f = driver("cuLibraryGetModule", "");
    same_handle(f, pMod.cast(), library.cast(), "library")
}

/// cuKernelGetFunction: the kernel is its function.
pub unsafe fn cuKernelGetFunction(pFunc: *mut CUfunction, kernel: CUkernel) -> CUresult {
    let f = driver("cuKernelGetFunction", "");
    same_handle(f, pFunc.cast(), kernel.cast(), "kernel")
}

/// `*out = handle`: one handle standing for another (a library for its module, a kernel for its
/// function).
fn same_handle(f: DriverCall, out: *mut *mut c_void, handle: *mut c_void, what: &str) -> CUresult {
    if out.is_null() {
        return f.null_argument("out-pointer");
    }
    if handle.is_null() {
        return f.null_handle(what);
    }
    // SAFETY: checked non-NULL; the caller's out-pointer.
    unsafe { out.write(handle) };
    CUresult::CUDA_SUCCESS
}

/// cuKernelGetAttribute: the function's attribute (`cuFuncGetAttribute`); AMD GPUs have one
/// code object per module, so the device does not change it.
pub unsafe fn cuKernelGetAttribute(
    pi: *mut c_int,
    attrib: u32,
    kernel: CUkernel,
    _dev: CUdevice,
) -> CUresult {
    if kernel.is_null() {
        return driver("cuKernelGetAttribute", "").null_handle("kernel");
    }
    unsafe { crate::raw::cuFuncGetAttribute(pi, attrib, kernel.cast()) }
}
