//! `cuLink*`. On AMD GPUs a link is `crate::jit::link::Linker`: PTX (translated), NVIDIA fat
//! binaries (their PTX) and NVRTC's `-rdc=true` bitcode, linked by comgr — every HIP version, no
//! GPU needed, the JIT log options honoured. On HIP's NVIDIA platform (the GPU loopback) the calls
//! go to hiprtc's linker (HIP ≥ 5.7), NVIDIA's behind it: its results are `hiprtcResult`,
//! translated here; the CUDA JIT options are not passed on (each call logs that once), and the
//! input type hiprtc gets is read from the input itself.
#![allow(non_snake_case)]

use crate::call::DriverCall;
use crate::driver::sys::*;
use crate::jit::link::{LinkError, Linker};
use crate::jit::options::{BadOption, JitOutputs};
use crate::jit::AmdTarget;
use crate::log::warn_once;
use hip_sys::{hiprtcResult, Bindings, Hip, SymbolError};
use std::ffi::{c_char, c_uint, c_void, CStr};
use std::ptr::null_mut;

/// Who links: this layer (`Linker`, through comgr) where HIP runs on an AMD GPU or on none, for
/// the target given (`None`: no device to compile for); hiprtc on HIP's NVIDIA platform.
enum Links {
    Comgr(Option<AmdTarget>),
    Hiprtc,
}

fn links(call: DriverCall) -> Result<Links, CUresult> {
    let h = call.hip()?;
    Ok(match crate::platform::hip_on_nvidia(&h) {
        true => Links::Hiprtc,
        false => Links::Comgr(crate::platform::offload_arch(&h).map(|arch| AmdTarget { arch })),
    })
}

/// A `Linker` error (already in the link's error log) as CUDA's code.
fn link_failed(call: DriverCall, e: LinkError) -> CUresult {
    let code = match &e {
        LinkError::Input(_) => CUresult::CUDA_ERROR_INVALID_IMAGE,
        LinkError::Jit(j) => <CUresult as crate::driver::image::ImageCodes>::jit_failed(j),
    };
    call.refused(code, &e.to_string())
}

/// The link behind `state`, or the answer to a handle that is none.
unsafe fn linker<'a>(call: DriverCall, state: CUlinkState) -> Result<&'a mut Linker, CUresult> {
    unsafe { Linker::get(state.cast()) }.ok_or_else(|| call.null_handle("state (no live link)"))
}

/// Adds `data` to the link behind `state`.
unsafe fn add_to_linker(call: DriverCall, state: CUlinkState, data: &[u8], name: &str) -> CUresult {
    let linker = match unsafe { linker(call, state) } {
        Ok(l) => l,
        Err(e) => return e,
    };
    match linker.add(name, data) {
        Ok(()) => CUresult::CUDA_SUCCESS,
        Err(e) => link_failed(call, e),
    }
}

fn input_name(name: *const c_char) -> String {
    match name.is_null() {
        true => "input".into(),
        false => unsafe { CStr::from_ptr(name) }
            .to_string_lossy()
            .into_owned(),
    }
}

/// `CUjitInputType`'s largest value (`CU_JIT_INPUT_NVVM`); hiprtc's input types share 0 to 5.
const LAST_CUDA_INPUT_TYPE: u32 = CUjitInputType_enum::CU_JIT_INPUT_NVVM as u32;

/// hiprtc's linker result as a CUDA code.
fn link_result(call: DriverCall, r: Result<hiprtcResult, SymbolError>) -> CUresult {
    match r {
        Ok(hiprtcResult::HIPRTC_SUCCESS) => CUresult::CUDA_SUCCESS,
        Ok(hiprtcResult::HIPRTC_ERROR_OUT_OF_MEMORY) => CUresult::CUDA_ERROR_OUT_OF_MEMORY,
        Ok(
            hiprtcResult::HIPRTC_ERROR_INVALID_INPUT | hiprtcResult::HIPRTC_ERROR_INVALID_OPTION,
        ) => CUresult::CUDA_ERROR_INVALID_VALUE,
        Ok(hiprtcResult::HIPRTC_ERROR_LINKING) => CUresult::CUDA_ERROR_INVALID_IMAGE,
        Ok(e) => {
            warn_once(format!(
                "{}: hiprtc returned {e:?}: reporting CUDA_ERROR_UNKNOWN",
                call.name
            ));
            CUresult::CUDA_ERROR_UNKNOWN
        }
        Err(e) => call.unsupported(&e.to_string()),
    }
}

/// The longest magic [`hiprtc_input`] reads.
const HEAD: usize = 24;

/// hiprtc's input type for an input starting with `head`: LLVM bitcode (raw or in its wrapper),
/// a clang offload bundle of it, or an archive of those; `None` for anything else.
fn hiprtc_input(head: &[u8]) -> Option<i64> {
    let kind = match head {
        [b'B', b'C', 0xC0, 0xDE, ..] | [0xDE, 0xC0, 0x17, 0x0B, ..] => {
            hip_sys::HIPRTC_JIT_INPUT_LLVM_BITCODE
        }
        h if h.starts_with(b"__CLANG_OFFLOAD_BUNDLE__") => {
            hip_sys::HIPRTC_JIT_INPUT_LLVM_BUNDLED_BITCODE
        }
        h if h.starts_with(b"!<arch>\n") => {
            hip_sys::HIPRTC_JIT_INPUT_LLVM_ARCHIVES_OF_BUNDLED_BITCODE
        }
        _ => return None,
    };
    Some(i64::from(kind))
}

/// The input type for hiprtc of an input of CUDA type `input_type` starting with `head`, after
/// logging ignored options; a CUDA code for an input hiprtc's linker cannot take.
fn input(
    call: DriverCall,
    input_type: u32,
    num_options: c_uint,
    head: &[u8],
) -> Result<i64, CUresult> {
    if input_type > LAST_CUDA_INPUT_TYPE {
        return Err(call.invalid_value("CUjitInputType"));
    }
    ignore_options(call, num_options);
    hiprtc_input(head).ok_or_else(|| {
        call.refused(
            CUresult::CUDA_ERROR_INVALID_IMAGE,
            "hiprtc's linker takes LLVM bitcode only: compile relocatable device code through \
             NVRTC here with -rdc=true (HIP >= 5.7), whose output is that bitcode",
        )
    })
}

fn ignore_options(call: DriverCall, n: c_uint) {
    if n > 0 {
        warn_once(format!(
            "{}: {n} JIT option(s) ignored (they steer NVIDIA's PTX JIT)",
            call.name
        ));
    }
}

/// `$call` on the running HIP version's bindings, where `$api` names them; `None` on HIP 5.2,
/// which has no linker. The linker's option types differ per version, so each arm is its own call.
macro_rules! linker {
    ($h:expr, $api:ident => $call:expr) => {
        match $h.bindings() {
            Bindings::V5_2_3 => None,
            Bindings::V5_7_1 => {
                let $api = $h.v5_7_1();
                Some($call)
            }
            Bindings::V6_4_3 => {
                let $api = $h.v6_4_3();
                Some($call)
            }
            Bindings::V7_2_4 => {
                let $api = $h.v7_2_4();
                Some($call)
            }
        }
    };
}

/// Calls hiprtc's linker through `f`; `None` from `f` means this HIP version has no linker.
fn link(
    call: DriverCall,
    f: impl FnOnce(&'static Hip) -> Option<Result<hiprtcResult, SymbolError>>,
) -> CUresult {
    match call.hip() {
        Ok(h) => match f(h.hip()) {
            Some(r) => link_result(call, r),
            None => call.unsupported("hiprtc's linker arrived in HIP 5.7"),
        },
        Err(e) => e,
    }
}

pub unsafe fn cuLinkCreate_v2(
    num_options: c_uint,
    options: *mut u32,
    values: *mut *mut c_void,
    state: *mut CUlinkState,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuLinkCreate_v2");
    if state.is_null() {
        return F.null_argument("stateOut");
    }
    match links(F) {
        Ok(Links::Comgr(target)) => {
            return match unsafe { JitOutputs::read(num_options, options, values) } {
                Ok(outputs) => {
                    unsafe { *state = Linker::create(target, outputs, true).cast() };
                    CUresult::CUDA_SUCCESS
                }
                Err(BadOption(why)) => F.rejected(CUresult::CUDA_ERROR_INVALID_VALUE, &why),
            };
        }
        Ok(Links::Hiprtc) => {}
        Err(e) => return e,
    }
    ignore_options(F, num_options);
    link(F, |h| unsafe {
        linker!(h, api => api.hiprtcLinkCreate(0, null_mut(), null_mut(), state.cast()))
    })
}

#[allow(clippy::too_many_arguments)]
pub unsafe fn cuLinkAddData_v2(
    state: CUlinkState,
    input_type: u32,
    data: *mut c_void,
    size: usize,
    name: *const c_char,
    num_options: c_uint,
    _options: *mut u32,
    _values: *mut *mut c_void,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuLinkAddData_v2");
    if data.is_null() {
        return F.null_argument("data");
    }
    if input_type > LAST_CUDA_INPUT_TYPE {
        return F.invalid_value("CUjitInputType");
    }
    match links(F) {
        // SAFETY: `data` holds `size` bytes (CUDA's contract).
        Ok(Links::Comgr(_)) => unsafe {
            let bytes = std::slice::from_raw_parts(data.cast::<u8>(), size);
            return add_to_linker(F, state, bytes, &input_name(name));
        },
        Ok(Links::Hiprtc) => {}
        Err(e) => return e,
    }
    // SAFETY: `data` holds `size` bytes (CUDA's contract); only the first HEAD are read.
    let head = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), size.min(HEAD)) };
    let t = match input(F, input_type, num_options, head) {
        Ok(t) => t,
        Err(e) => return e,
    };
    link(F, |h| unsafe {
        linker!(h, api => api.hiprtcLinkAddData(state.cast(), t.into(), data, size, name, 0, null_mut(), null_mut()))
    })
}

pub unsafe fn cuLinkAddFile_v2(
    state: CUlinkState,
    input_type: u32,
    path: *const c_char,
    num_options: c_uint,
    _options: *mut u32,
    _values: *mut *mut c_void,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuLinkAddFile_v2");
    if path.is_null() {
        return F.null_argument("path");
    }
    if input_type > LAST_CUDA_INPUT_TYPE {
        return F.invalid_value("CUjitInputType");
    }
    match links(F) {
        Ok(Links::Comgr(_)) => {
            let path = unsafe { CStr::from_ptr(path) }
                .to_string_lossy()
                .into_owned();
            return match std::fs::read(&path) {
                Ok(bytes) => unsafe { add_to_linker(F, state, &bytes, &path) },
                Err(e) => F.refused(CUresult::CUDA_ERROR_FILE_NOT_FOUND, &format!("{path}: {e}")),
            };
        }
        Ok(Links::Hiprtc) => {}
        Err(e) => return e,
    }
    let head = match file_head(unsafe { std::ffi::CStr::from_ptr(path) }) {
        Ok(head) => head,
        Err(e) => return F.refused(CUresult::CUDA_ERROR_FILE_NOT_FOUND, &e),
    };
    let t = match input(F, input_type, num_options, &head) {
        Ok(t) => t,
        Err(e) => return e,
    };
    link(F, |h| unsafe {
        linker!(h, api => api.hiprtcLinkAddFile(state.cast(), t.into(), path, 0, null_mut(), null_mut()))
    })
}

/// The first [`HEAD`] bytes of the file at `path`.
fn file_head(path: &std::ffi::CStr) -> Result<Vec<u8>, String> {
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(path.to_bytes()));
    let mut head = Vec::with_capacity(HEAD);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEAD as u64).read_to_end(&mut head))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(head)
}

pub unsafe fn cuLinkComplete(
    state: CUlinkState,
    out: *mut *mut c_void,
    size: *mut usize,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuLinkComplete");
    if out.is_null() || size.is_null() {
        return F.null_argument("cubinOut/sizeOut");
    }
    match links(F) {
        Ok(Links::Comgr(_)) => {
            let linker = match unsafe { linker(F, state) } {
                Ok(l) => l,
                Err(e) => return e,
            };
            return match linker.complete() {
                Ok(code) => {
                    unsafe { (*out, *size) = (code.as_ptr().cast_mut().cast(), code.len()) };
                    CUresult::CUDA_SUCCESS
                }
                Err(e) => link_failed(F, e),
            };
        }
        Ok(Links::Hiprtc) => {}
        Err(e) => return e,
    }
    link(F, |h| {
        Some(unsafe { h.hiprtcLinkComplete(state.cast(), out, size) })
    })
}

pub unsafe fn cuLinkDestroy(state: CUlinkState) -> CUresult {
    const F: DriverCall = DriverCall::new("cuLinkDestroy");
    match links(F) {
        Ok(Links::Comgr(_)) if Linker::destroy(state.cast()) => return CUresult::CUDA_SUCCESS,
        Ok(Links::Comgr(_)) => return F.null_handle("state (no live link)"),
        Ok(Links::Hiprtc) => {}
        Err(e) => return e,
    }
    link(F, |h| Some(unsafe { h.hiprtcLinkDestroy(state.cast()) }))
}
