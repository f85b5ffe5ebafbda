//! What only the C ABI library can do: answer `cuGetProcAddress` with its own exported
//! addresses, run the per-thread-stream variants, and refuse the legacy 32-bit ABI.
#![allow(non_snake_case)]

use crate::procs::{address, PROCS};
use cuda_as_hip::driver::sys::*;
use std::ffi::{c_char, c_int, c_void, CStr};

/// The `_ptds` / `_ptsz` variants: a NULL stream is the calling thread's default stream.
#[inline]
pub fn per_thread(stream: CUstream) -> CUstream {
    match stream.is_null() {
        true => 0x2 as CUstream, // CU_STREAM_PER_THREAD
        false => stream,
    }
}

/// Legacy names whose C signature differs from their successor's (32-bit device pointers):
/// exported so nothing fails to link or resolve, answered with a CUDA-defined code.
#[cold]
pub fn legacy_abi(name: &str) -> CUresult {
    cuda_as_hip::log::warn_once(format!(
        "{name}: CUDA's pre-3.2 ABI (32-bit device pointers) is not implemented; build against cuda.h 3.2 or later"
    ));
    CUresult::CUDA_ERROR_NOT_SUPPORTED
}

/// The symbol for `name` at `version`: the newest variant not newer than it, per-thread when
/// asked for and there is one. `Err` says why there is none.
fn resolve(
    name: &str,
    version: c_int,
    per_thread: bool,
) -> Result<&'static str, CUdriverProcAddressQueryResult> {
    let start = PROCS.partition_point(|p| p.0 < name);
    let variants = &PROCS[start
        ..PROCS[start..]
            .iter()
            .position(|p| p.0 != name)
            .map_or(PROCS.len(), |n| start + n)];
    if variants.is_empty() {
        return Err(CUdriverProcAddressQueryResult::CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND);
    }
    let has_per_thread = variants.iter().any(|p| p.2);
    let wanted = per_thread && has_per_thread;
    variants
        .iter()
        .filter(|p| p.2 == wanted && i64::from(p.1) <= i64::from(version))
        .max_by_key(|p| p.1)
        .map(|p| p.3)
        .ok_or(CUdriverProcAddressQueryResult::CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT)
}

/// cuGetProcAddress_v2: `symbol` is the base name (`cuMemAlloc`), `version` the CUDA version the
/// caller was built for (12090); flags choose legacy or per-thread default-stream variants.
pub unsafe fn cuGetProcAddress_v2(
    symbol: *const c_char,
    pfn: *mut *mut c_void,
    version: c_int,
    flags: cuuint64_t,
    status: *mut u32,
) -> CUresult {
    use CUdriverProcAddress_flags_enum as Flags;
    if symbol.is_null() || pfn.is_null() {
        return CUresult::CUDA_ERROR_INVALID_VALUE;
    }
    let per_thread = match flags {
        f if f == Flags::CU_GET_PROC_ADDRESS_DEFAULT as u64
            || f == Flags::CU_GET_PROC_ADDRESS_LEGACY_STREAM as u64 =>
        {
            false
        }
        f if f == Flags::CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM as u64 => true,
        _ => return CUresult::CUDA_ERROR_INVALID_VALUE,
    };
    let name = unsafe { CStr::from_ptr(symbol) }.to_str().unwrap_or("");
    let (found, query) = match resolve(name, version, per_thread).map(address) {
        Ok(Some(p)) => (
            p,
            CUdriverProcAddressQueryResult::CU_GET_PROC_ADDRESS_SUCCESS,
        ),
        Ok(None) => (
            std::ptr::null_mut(),
            CUdriverProcAddressQueryResult::CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND,
        ),
        Err(why) => (std::ptr::null_mut(), why),
    };
    unsafe { *pfn = found };
    if !status.is_null() {
        unsafe { *status = query as u32 };
    }
    match found.is_null() {
        true => {
            cuda_as_hip::log::info(|| {
                format!("cuGetProcAddress({name}, {version}, {flags}): {query:?}")
            });
            CUresult::CUDA_ERROR_NOT_FOUND
        }
        false => CUresult::CUDA_SUCCESS,
    }
}

/// CUDA 11.3's form, without the status out-parameter.
pub unsafe fn cuGetProcAddress(
    symbol: *const c_char,
    pfn: *mut *mut c_void,
    version: c_int,
    flags: cuuint64_t,
) -> CUresult {
    unsafe { cuGetProcAddress_v2(symbol, pfn, version, flags, std::ptr::null_mut()) }
}
