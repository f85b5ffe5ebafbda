//! NVRTC functions whose CUDA semantics hiprtc does not share (see aliasgen/data/overrides.txt).
#![allow(non_snake_case)]

use crate::call::NvrtcCall;
use crate::generated::tables;
use crate::log::warn_once;
use crate::nvrtc::options;
use crate::nvrtc::sys::*;
use hip_sys::Hip;
use std::ffi::{c_char, c_int, CStr, CString};

/// The AMD architecture to compile for: `CUDA_AS_HIP_OFFLOAD_ARCH`, else the current device's
/// (`gcnArchName`, without its `:sramecc+:xnack-` feature suffix).
fn offload_arch(h: &Hip) -> Option<String> {
    if let Some(a) = std::env::var(crate::OFFLOAD_ARCH_ENV)
        .ok()
        .filter(|a| !a.is_empty())
    {
        return Some(a);
    }
    let name = crate::platform::device_arch(h)?;
    Some(name.split(':').next().unwrap_or(&name).to_string()).filter(|a| !a.is_empty())
}

/// hiprtc compiles one program at a time: HIP 5.2's comgr can spin forever in LLVM's target
/// registry when two threads compile at once (seen in this crate's tests), while NVRTC promises
/// thread safety.
static COMPILE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Compiles with NVRTC's options translated for hiprtc (see [`options::translate`]).
pub unsafe fn nvrtcCompileProgram(
    prog: nvrtcProgram,
    num_options: c_int,
    options: *const *const c_char,
) -> nvrtcResult {
    const F: NvrtcCall = NvrtcCall::to("nvrtcCompileProgram", "hiprtcCompileProgram");
    use nvrtcResult::{
        NVRTC_ERROR_INVALID_INPUT, NVRTC_ERROR_INVALID_OPTION, NVRTC_ERROR_INVALID_PROGRAM,
    };
    let Ok(n) = usize::try_from(num_options) else {
        return F.rejected(NVRTC_ERROR_INVALID_INPUT, "numOptions is negative");
    };
    if prog.is_null() {
        return F.rejected(
            NVRTC_ERROR_INVALID_PROGRAM,
            "prog is NULL: create it with nvrtcCreateProgram",
        );
    }
    if n > 0 && options.is_null() {
        return F.rejected(
            NVRTC_ERROR_INVALID_OPTION,
            "options is NULL but numOptions is not 0",
        );
    }
    let h = match F.hip() {
        Ok(h) => h,
        Err(e) => return e,
    };
    let mut given = Vec::with_capacity(n);
    for i in 0..n {
        let p = unsafe { *options.add(i) };
        if p.is_null() {
            return F.rejected(NVRTC_ERROR_INVALID_OPTION, "an option is NULL");
        }
        match unsafe { CStr::from_ptr(p) }.to_str() {
            Ok(s) => given.push(s),
            Err(_) => return F.rejected(NVRTC_ERROR_INVALID_OPTION, "an option is not UTF-8"),
        }
    }
    if crate::platform::hip_on_nvidia(&h) {
        // HIP's NVIDIA platform hands the options to NVIDIA's NVRTC (thread-safe): they stay NVRTC's.
        return F.result(h, unsafe {
            h.hiprtcCompileProgram(prog.cast(), num_options, options.cast_mut())
        });
    }
    let arch = offload_arch(&h);
    let t = options::translate(&given, arch.as_deref());
    for note in t.notes {
        warn_once(format!("nvrtcCompileProgram: {note}"));
    }
    if arch.is_none() {
        warn_once(format!(
            "nvrtcCompileProgram: no AMD GPU to compile for; set {} (e.g. gfx90a)",
            crate::OFFLOAD_ARCH_ENV
        ));
    }
    let _one_at_a_time = COMPILE.lock().unwrap_or_else(|p| p.into_inner());
    let Ok(owned) = t
        .options
        .iter()
        .map(|o| CString::new(o.as_str()))
        .collect::<Result<Vec<_>, _>>()
    else {
        return F.rejected(
            NVRTC_ERROR_INVALID_OPTION,
            "a translated option holds a NUL byte",
        );
    };
    let ptrs: Vec<*const c_char> = owned.iter().map(|c| c.as_ptr()).collect();
    F.result(h, unsafe {
        h.hiprtcCompileProgram(prog.cast(), ptrs.len() as c_int, ptrs.as_ptr())
    })
}

/// The size of the LLVM bitcode that relocatable device code (`-rdc=true`) compiles to from
/// HIP 5.7 on, where hiprtc makes no code object for it (`hiprtcGetCodeSize` answers 0) and its
/// linker (`cuLink*`) takes only bitcode; `None` for any other program, or on HIP 5.2 (which
/// ignores `-fgpu-rdc` and has no `hiprtcGetBitcode`).
fn rdc_bitcode_size(h: &Hip, prog: nvrtcProgram) -> Option<usize> {
    let mut code = 0;
    let ok = hip_sys::hiprtcResult::HIPRTC_SUCCESS;
    if unsafe { h.hiprtcGetCodeSize(prog.cast(), &mut code) } != Ok(ok) || code != 0 {
        return None;
    }
    let mut bitcode = 0;
    let r = unsafe { h.hiprtcGetBitcodeSize(prog.cast(), &mut bitcode) };
    (r == Ok(ok) && bitcode > 0).then_some(bitcode)
}

/// What a client gets as its compiled program (PTX or CUBIN): the code object, or for
/// relocatable device code the bitcode (see [`rdc_bitcode_size`]).
unsafe fn code_size(call: NvrtcCall, prog: nvrtcProgram, size: *mut usize) -> nvrtcResult {
    call.forward(|h| match (size.is_null(), rdc_bitcode_size(h, prog)) {
        (false, Some(n)) => {
            unsafe { *size = n };
            Ok(hip_sys::hiprtcResult::HIPRTC_SUCCESS)
        }
        _ => unsafe { h.hiprtcGetCodeSize(prog.cast(), size) },
    })
}

unsafe fn code(call: NvrtcCall, prog: nvrtcProgram, out: *mut c_char) -> nvrtcResult {
    call.forward(|h| match rdc_bitcode_size(h, prog) {
        Some(_) => unsafe { h.hiprtcGetBitcode(prog.cast(), out) },
        None => unsafe { h.hiprtcGetCode(prog.cast(), out) },
    })
}

/// The size of the AMD code object (or relocatable device code's bitcode) that stands where
/// NVRTC's PTX would.
pub unsafe fn nvrtcGetPTXSize(prog: nvrtcProgram, size: *mut usize) -> nvrtcResult {
    unsafe {
        code_size(
            NvrtcCall::to("nvrtcGetPTXSize", "hiprtcGetCodeSize"),
            prog,
            size,
        )
    }
}

/// The AMD code object (binary: it holds NUL bytes) that `cuModuleLoadData` accepts; for
/// relocatable device code (HIP >= 5.7) the LLVM bitcode that `cuLinkAddData` accepts.
pub unsafe fn nvrtcGetPTX(prog: nvrtcProgram, out: *mut c_char) -> nvrtcResult {
    unsafe { code(NvrtcCall::to("nvrtcGetPTX", "hiprtcGetCode"), prog, out) }
}

pub unsafe fn nvrtcGetCUBINSize(prog: nvrtcProgram, size: *mut usize) -> nvrtcResult {
    unsafe { code_size(NvrtcCall::new("nvrtcGetCUBINSize"), prog, size) }
}

pub unsafe fn nvrtcGetCUBIN(prog: nvrtcProgram, out: *mut c_char) -> nvrtcResult {
    unsafe { code(NvrtcCall::new("nvrtcGetCUBIN"), prog, out) }
}

/// NVRTC's text for its codes is the code's name.
pub unsafe fn nvrtcGetErrorString(result: u32) -> *const c_char {
    tables::nvrtcResult_name(i64::from(result))
        .unwrap_or(c"NVRTC_ERROR unknown")
        .as_ptr()
}

/// The NVRTC version this layer implements: CUDA 12.9's.
pub unsafe fn nvrtcVersion(major: *mut c_int, minor: *mut c_int) -> nvrtcResult {
    if major.is_null() || minor.is_null() {
        return nvrtcResult::NVRTC_ERROR_INVALID_INPUT;
    }
    unsafe {
        *major = 12;
        *minor = 9;
    }
    nvrtcResult::NVRTC_SUCCESS
}

/// hiprtc's log with exactly one terminating NUL (HIP 5.2's has none and its size leaves it out).
unsafe fn program_log(call: NvrtcCall, prog: nvrtcProgram) -> Result<Vec<u8>, nvrtcResult> {
    let h = call.hip()?;
    let mut n = 0;
    match call.result(h, unsafe { h.hiprtcGetProgramLogSize(prog.cast(), &mut n) }) {
        nvrtcResult::NVRTC_SUCCESS => {}
        e => return Err(e),
    }
    let mut log = vec![0u8; n + 1];
    match call.result(h, unsafe {
        h.hiprtcGetProgramLog(prog.cast(), log.as_mut_ptr().cast())
    }) {
        nvrtcResult::NVRTC_SUCCESS => {}
        e => return Err(e),
    }
    let text = log.iter().position(|&b| b == 0).unwrap_or(n);
    log.truncate(text + 1);
    Ok(log)
}

/// The log's size in bytes, its terminating NUL included, as NVRTC counts it.
pub unsafe fn nvrtcGetProgramLogSize(prog: nvrtcProgram, size: *mut usize) -> nvrtcResult {
    match unsafe { program_log(NvrtcCall::new("nvrtcGetProgramLogSize"), prog) } {
        Ok(log) => {
            unsafe { *size = log.len() };
            nvrtcResult::NVRTC_SUCCESS
        }
        Err(e) => e,
    }
}

/// The log, NUL-terminated, into a buffer of `nvrtcGetProgramLogSize` bytes.
pub unsafe fn nvrtcGetProgramLog(prog: nvrtcProgram, out: *mut c_char) -> nvrtcResult {
    match unsafe { program_log(NvrtcCall::new("nvrtcGetProgramLog"), prog) } {
        Ok(log) => {
            unsafe { std::ptr::copy_nonoverlapping(log.as_ptr(), out.cast(), log.len()) };
            nvrtcResult::NVRTC_SUCCESS
        }
        Err(e) => e,
    }
}
