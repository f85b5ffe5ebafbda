//! What only the C ABI library can do: run the per-thread-stream variants, hand out the
//! driver's functions (`cudaGetDriverEntryPoint*`) from libcuda's `cuGetProcAddress` table, and
//! serve CUDA 11's ABI (`old_abi.rs`).
#![allow(non_snake_case)]

use cuda_as_hip::call::RuntimeCall;
use cuda_as_hip::driver::sys::{cuuint64_t, CUresult};
use cuda_as_hip::runtime::sys::*;
use std::ffi::{c_char, c_int, c_uint, c_ulonglong, c_void};
use std::sync::OnceLock;

pub use crate::old_abi::*;

/// The `_ptds` / `_ptsz` variants: a NULL stream is the calling thread's default stream.
#[inline]
pub fn per_thread(stream: cudaStream_t) -> cudaStream_t {
    match stream.is_null() {
        true => 0x2 as cudaStream_t, // cudaStreamPerThread
        false => stream,
    }
}

type GetProcAddress =
    unsafe extern "C" fn(*const c_char, *mut *mut c_void, c_int, cuuint64_t, *mut u32) -> CUresult;

/// `cuGetProcAddress_v2` of this project's libcuda, found beside this library (the layout
/// `scripts/lay-out.sh` makes): never NVIDIA's, whatever the loader's search path holds.
fn driver_get_proc_address() -> Result<GetProcAddress, &'static str> {
    static DRIVER: OnceLock<Result<GetProcAddress, String>> = OnceLock::new();
    DRIVER
        .get_or_init(|| {
            let dir = own_directory().ok_or("cannot tell where libcudart was loaded from")?;
            let tried = ["libcuda.so.1", "libcuda.so"].map(|n| dir.join(n));
            let lib = tried
                .iter()
                .find_map(|p| unsafe { libloading::Library::new(p) }.ok())
                .ok_or_else(|| format!("no cuda-as-hip libcuda beside libcudart ({tried:?})"))?;
            let f = unsafe { lib.get::<GetProcAddress>(b"cuGetProcAddress_v2\0") }
                .map(|s| *s)
                .map_err(|e| format!("libcuda beside libcudart lacks cuGetProcAddress_v2: {e}"))?;
            std::mem::forget(lib); // the functions handed out live as long as the process
            Ok(f)
        })
        .as_ref()
        .copied()
        .map_err(|e| {
            cuda_as_hip::log::warn_once(format!("cudaGetDriverEntryPoint: {e}"));
            "no driver library"
        })
}

fn own_directory() -> Option<std::path::PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    let here = own_directory as *const c_void;
    if unsafe { libc::dladdr(here, &mut info) } == 0 || info.dli_fname.is_null() {
        return None;
    }
    let file = unsafe { std::ffi::CStr::from_ptr(info.dli_fname) };
    let file = std::path::Path::new(std::ffi::OsStr::from_bytes(file.to_bytes()));
    file.parent().map(std::path::Path::to_path_buf)
}

/// cudaGetDriverEntryPointByVersion: libcuda's answer for `symbol` at `cudaVersion`. The flags
/// (`cudaEnableDefault`, legacy, per-thread) and the status values are cuGetProcAddress's.
pub unsafe fn cudaGetDriverEntryPointByVersion(
    symbol: *const c_char,
    funcPtr: *mut *mut c_void,
    cudaVersion: c_uint,
    flags: c_ulonglong,
    driverStatus: *mut u32,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::new("cudaGetDriverEntryPoint");
    if symbol.is_null() || funcPtr.is_null() {
        return F.null_argument(if symbol.is_null() {
            "symbol"
        } else {
            "funcPtr"
        });
    }
    let Ok(version) = c_int::try_from(cudaVersion) else {
        return F.invalid_value("CUDA version");
    };
    let get = match driver_get_proc_address() {
        Ok(get) => get,
        Err(why) => return F.unsupported(why),
    };
    let mut status = 0u32;
    let r = unsafe { get(symbol, funcPtr, version, flags, &mut status) };
    if !driverStatus.is_null() {
        unsafe { *driverStatus = status };
    }
    match r {
        CUresult::CUDA_SUCCESS => cudaError_t::cudaSuccess,
        // Not found, or too new for the version asked: CUDA answers success with the status
        // saying which, and a NULL function.
        CUresult::CUDA_ERROR_NOT_FOUND if !driverStatus.is_null() => cudaError_t::cudaSuccess,
        CUresult::CUDA_ERROR_NOT_FOUND => F.rejected(
            cudaError_t::cudaErrorSymbolNotFound,
            "no such driver function",
        ),
        _ => F.rejected(cudaError_t::cudaErrorInvalidValue, "flags"),
    }
}

/// cudaGetDriverEntryPoint: as [`cudaGetDriverEntryPointByVersion`] at this runtime's version.
pub unsafe fn cudaGetDriverEntryPoint(
    symbol: *const c_char,
    funcPtr: *mut *mut c_void,
    flags: c_ulonglong,
    driverStatus: *mut u32,
) -> cudaError_t {
    unsafe {
        cudaGetDriverEntryPointByVersion(symbol, funcPtr, CUDART_VERSION, flags, driverStatus)
    }
}
