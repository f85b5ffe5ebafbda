//! nvJitLink's functions on [`Linker`]. The handle is the link's address, checked against the
//! links alive before use. nvJitLink's input types are checked against what the input is
//! ([`InputKind`]: PTX, a fat binary, a cubin — here NVRTC's `-rdc=true` bitcode —, a host object
//! or library nvcc built); an input this layer cannot link is refused with why, in the error log
//! too.
#![allow(non_snake_case)]

use super::options;
use super::sys::{nvJitLinkHandle, nvJitLinkInputType as Input, nvJitLinkResult};
use crate::call::NvJitLinkCall;
use crate::jit::link::{InputKind, LinkError, Linker};
use crate::jit::options::JitOutputs;
use crate::jit::{AmdTarget, JitError};
use std::ffi::{c_char, c_uint, c_void, CStr};
use std::ptr::null_mut;

type R = nvJitLinkResult;

/// The nvJitLink release this layer implements (CUDA 12.9's).
const VERSION: (c_uint, c_uint) = (12, 9);

pub unsafe fn nvJitLinkCreate(
    handle: *mut nvJitLinkHandle,
    num_options: u32,
    options: *mut *const c_char,
) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkCreate");
    if handle.is_null() {
        return F.null_argument("handle");
    }
    unsafe { *handle = null_mut() };
    let texts = match unsafe { option_texts(num_options, options) } {
        Ok(texts) => texts,
        Err(why) => return F.rejected(R::NVJITLINK_ERROR_INVALID_INPUT, &why),
    };
    let read = match options::read(texts.iter().map(String::as_str)) {
        Ok(read) => read,
        Err((code, why)) => return F.rejected(code, &why),
    };
    let (target, on_nvidia) = match F.hip() {
        Ok(h) => (
            crate::platform::offload_arch(&h).map(|arch| AmdTarget { arch }),
            crate::platform::hip_on_nvidia(&h),
        ),
        Err(e) => return e,
    };
    let linker = Linker::create(target, JitOutputs::default(), read.info);
    // SAFETY: just created, used by this thread only.
    if let Some(l) = unsafe { Linker::get(linker) } {
        l.set_lto_arch(read.arch.as_deref());
        if on_nvidia {
            l.hand_ptx_to_nvidia(); // the GPU loopback: NVIDIA's driver takes the PTX
        }
    }
    unsafe { *handle = linker.cast() };
    R::NVJITLINK_SUCCESS
}

/// The `count` options as text; why not, for a NULL array or entry.
unsafe fn option_texts(count: u32, options: *const *const c_char) -> Result<Vec<String>, String> {
    if count > 0 && options.is_null() {
        return Err(format!("{count} options with a NULL array"));
    }
    (0..count as usize)
        .map(|i| match unsafe { *options.add(i) } {
            o if o.is_null() => Err(format!("option {i} is NULL")),
            o => Ok(unsafe { CStr::from_ptr(o) }.to_string_lossy().into_owned()),
        })
        .collect()
}

pub unsafe fn nvJitLinkDestroy(handle: *mut nvJitLinkHandle) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkDestroy");
    if handle.is_null() {
        return F.null_argument("handle");
    }
    if !Linker::destroy(unsafe { *handle }.cast()) {
        return F.null_handle("*handle (no live link)");
    }
    unsafe { *handle = null_mut() };
    R::NVJITLINK_SUCCESS
}

/// `f` on the link behind `handle`, or the answer to a handle that is none.
unsafe fn with_link(
    call: NvJitLinkCall,
    handle: nvJitLinkHandle,
    f: impl FnOnce(&mut Linker) -> R,
) -> R {
    match unsafe { Linker::get(handle.cast()) } {
        Some(linker) => f(linker),
        None => call.null_handle("handle (no live link)"),
    }
}

pub unsafe fn nvJitLinkAddData(
    handle: nvJitLinkHandle,
    input_type: u32,
    data: *const c_void,
    size: usize,
    name: *const c_char,
) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkAddData");
    if data.is_null() || size == 0 {
        return F.null_argument("data (or a size of 0)");
    }
    let data = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), size) };
    let name = match name.is_null() {
        true => "input".into(),
        false => unsafe { CStr::from_ptr(name) }.to_string_lossy(),
    };
    unsafe { with_link(F, handle, |l| add(F, l, input_type, data, &name)) }
}

pub unsafe fn nvJitLinkAddFile(handle: nvJitLinkHandle, input_type: u32, file: *const c_char) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkAddFile");
    if file.is_null() {
        return F.null_argument("fileName");
    }
    use std::os::unix::ffi::OsStrExt;
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(
        unsafe { CStr::from_ptr(file) }.to_bytes(),
    ));
    unsafe {
        with_link(F, handle, |l| match std::fs::read(path) {
            Ok(data) => add(F, l, input_type, &data, &path.display().to_string()),
            Err(e) => failed(F, l, LinkError::Input(format!("{}: {e}", path.display()))),
        })
    }
}

/// Adds `data`, of nvJitLink input type `input_type`, to the link.
fn add(call: NvJitLinkCall, linker: &mut Linker, input_type: u32, data: &[u8], name: &str) -> R {
    if let Err(why) = check_type(input_type, InputKind::of(data)) {
        linker.log_error(&LinkError::Input(format!("{name}: {why}")));
        return call.rejected(R::NVJITLINK_ERROR_INVALID_INPUT, &why);
    }
    match linker.add(name, data) {
        Ok(()) => R::NVJITLINK_SUCCESS,
        Err(e) => refused(call, e),
    }
}

/// Whether an input of `kind` may be added as `input_type`: why not, where it may not. A cubin
/// here is what this layer's NVRTC makes with `-rdc=true` (LLVM bitcode); a compiled ELF is passed
/// on for the linker to refuse with its reason.
fn check_type(input_type: u32, kind: InputKind) -> Result<(), String> {
    use InputKind::*;
    let expected: &[InputKind] = match input_type {
        t if t == Input::NVJITLINK_INPUT_ANY as u32 => return Ok(()),
        t if t == Input::NVJITLINK_INPUT_PTX as u32 => &[Ptx],
        t if t == Input::NVJITLINK_INPUT_CUBIN as u32 => &[Bitcode, Compiled],
        t if t == Input::NVJITLINK_INPUT_FATBIN as u32 => &[FatBinary],
        t if t == Input::NVJITLINK_INPUT_LTOIR as u32 => &[LtoIr],
        t if t == Input::NVJITLINK_INPUT_OBJECT as u32 => &[Object],
        t if t == Input::NVJITLINK_INPUT_LIBRARY as u32 => &[Archive],
        t if t == Input::NVJITLINK_INPUT_INDEX as u32 => {
            return Err(
                "index files (nvcc's device-link index) are not linked here: add the \
                        objects or libraries themselves"
                    .into(),
            )
        }
        t => return Err(format!("{t} is not an nvJitLinkInputType value")),
    };
    match expected.contains(&kind) {
        true => Ok(()),
        false => Err(format!(
            "the input is {kind:?}, not of input type {input_type}"
        )),
    }
}

/// A link error (already in the error log) as nvJitLink's code, logged once at warn: each is
/// something the user must change (the input, the target).
fn refused(call: NvJitLinkCall, e: LinkError) -> R {
    let code = match &e {
        LinkError::Input(_) => R::NVJITLINK_ERROR_INVALID_INPUT,
        LinkError::Jit(JitError::NoTarget) => R::NVJITLINK_ERROR_MISSING_ARCH,
        LinkError::Jit(JitError::NotText | JitError::Translate(_)) => {
            R::NVJITLINK_ERROR_PTX_COMPILE
        }
        LinkError::Jit(JitError::NoComgr(_)) => R::NVJITLINK_ERROR_INTERNAL,
        LinkError::Jit(JitError::Comgr(_)) => R::NVJITLINK_ERROR_FINALIZE,
    };
    call.refused(code, &e.to_string())
}

/// `e` into the error log, refused.
fn failed(call: NvJitLinkCall, linker: &mut Linker, e: LinkError) -> R {
    linker.log_error(&e);
    refused(call, e)
}

pub unsafe fn nvJitLinkComplete(handle: nvJitLinkHandle) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkComplete");
    unsafe {
        with_link(F, handle, |l| match l.complete() {
            Ok(_) => R::NVJITLINK_SUCCESS,
            Err(e) => refused(F, e),
        })
    }
}

/// `f` on the linked code object, or why there is none.
unsafe fn with_code(call: NvJitLinkCall, handle: nvJitLinkHandle, f: impl FnOnce(&[u8])) -> R {
    unsafe {
        with_link(call, handle, |l| match l.linked() {
            Some(code) => {
                f(code);
                R::NVJITLINK_SUCCESS
            }
            None => failed(
                call,
                l,
                LinkError::Input(
                    "no linked code object: nvJitLinkComplete has not run, or failed".into(),
                ),
            ),
        })
    }
}

pub unsafe fn nvJitLinkGetLinkedCubinSize(handle: nvJitLinkHandle, size: *mut usize) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkGetLinkedCubinSize");
    unsafe { with_code(F, handle, |code| *size = code.len()) }
}

pub unsafe fn nvJitLinkGetLinkedCubin(handle: nvJitLinkHandle, cubin: *mut c_void) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkGetLinkedCubin");
    if cubin.is_null() {
        return F.null_argument("cubin");
    }
    unsafe {
        with_code(F, handle, |code| {
            std::ptr::copy_nonoverlapping(code.as_ptr(), cubin.cast(), code.len())
        })
    }
}

/// There is never linked PTX here (`-ptx` is refused at create).
unsafe fn no_ptx(call: NvJitLinkCall, handle: nvJitLinkHandle) -> R {
    let why = "no linked PTX: this layer links into an AMD code object (nvJitLinkGetLinkedCubin)";
    unsafe {
        with_link(call, handle, |l| {
            failed(call, l, LinkError::Input(why.into()))
        })
    }
}

pub unsafe fn nvJitLinkGetLinkedPtxSize(handle: nvJitLinkHandle, _size: *mut usize) -> R {
    unsafe { no_ptx(NvJitLinkCall::new("nvJitLinkGetLinkedPtxSize"), handle) }
}

pub unsafe fn nvJitLinkGetLinkedPtx(handle: nvJitLinkHandle, _ptx: *mut c_char) -> R {
    unsafe { no_ptx(NvJitLinkCall::new("nvJitLinkGetLinkedPtx"), handle) }
}

/// A log's size with its terminating NUL, or the log copied with it, by `log_of` of the link.
unsafe fn log(
    call: NvJitLinkCall,
    handle: nvJitLinkHandle,
    log_of: fn(&Linker) -> &str,
    out: Result<*mut usize, *mut c_char>,
) -> R {
    unsafe {
        with_link(call, handle, |l| {
            let text = log_of(l).as_bytes();
            match out {
                Ok(size) => *size = text.len() + 1,
                Err(buffer) => {
                    std::ptr::copy_nonoverlapping(text.as_ptr(), buffer.cast(), text.len());
                    *buffer.add(text.len()) = 0;
                }
            }
            R::NVJITLINK_SUCCESS
        })
    }
}

pub unsafe fn nvJitLinkGetErrorLogSize(handle: nvJitLinkHandle, size: *mut usize) -> R {
    let call = NvJitLinkCall::new("nvJitLinkGetErrorLogSize");
    unsafe { log(call, handle, Linker::error_log, Ok(size)) }
}

pub unsafe fn nvJitLinkGetErrorLog(handle: nvJitLinkHandle, text: *mut c_char) -> R {
    let call = NvJitLinkCall::new("nvJitLinkGetErrorLog");
    unsafe { log(call, handle, Linker::error_log, Err(text)) }
}

pub unsafe fn nvJitLinkGetInfoLogSize(handle: nvJitLinkHandle, size: *mut usize) -> R {
    let call = NvJitLinkCall::new("nvJitLinkGetInfoLogSize");
    unsafe { log(call, handle, Linker::info_log, Ok(size)) }
}

pub unsafe fn nvJitLinkGetInfoLog(handle: nvJitLinkHandle, text: *mut c_char) -> R {
    let call = NvJitLinkCall::new("nvJitLinkGetInfoLog");
    unsafe { log(call, handle, Linker::info_log, Err(text)) }
}

pub unsafe fn nvJitLinkVersion(major: *mut c_uint, minor: *mut c_uint) -> R {
    const F: NvJitLinkCall = NvJitLinkCall::new("nvJitLinkVersion");
    if major.is_null() || minor.is_null() {
        return F.null_argument("major/minor");
    }
    unsafe { (*major, *minor) = VERSION };
    R::NVJITLINK_SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_types_must_say_what_the_input_is() {
        let t = |i: Input| i as u32;
        assert!(check_type(t(Input::NVJITLINK_INPUT_PTX), InputKind::Ptx).is_ok());
        assert!(check_type(t(Input::NVJITLINK_INPUT_ANY), InputKind::FatBinary).is_ok());
        assert!(check_type(t(Input::NVJITLINK_INPUT_CUBIN), InputKind::Bitcode).is_ok());
        assert!(check_type(t(Input::NVJITLINK_INPUT_FATBIN), InputKind::FatBinary).is_ok());
        let wrong = check_type(t(Input::NVJITLINK_INPUT_PTX), InputKind::Bitcode).unwrap_err();
        assert!(wrong.contains("Bitcode"), "{wrong}");
        assert!(check_type(t(Input::NVJITLINK_INPUT_LTOIR), InputKind::LtoIr).is_ok());
        let lto = check_type(t(Input::NVJITLINK_INPUT_LTOIR), InputKind::Bitcode).unwrap_err();
        assert!(lto.contains("Bitcode"), "{lto}");
        assert!(check_type(t(Input::NVJITLINK_INPUT_OBJECT), InputKind::Compiled).is_err());
        assert!(check_type(t(Input::NVJITLINK_INPUT_OBJECT), InputKind::Object).is_ok());
        assert!(check_type(t(Input::NVJITLINK_INPUT_LIBRARY), InputKind::Archive).is_ok());
        assert!(check_type(t(Input::NVJITLINK_INPUT_INDEX), InputKind::Ptx).is_err());
        assert!(check_type(t(Input::NVJITLINK_INPUT_NONE), InputKind::Ptx).is_err());
        assert!(check_type(9, InputKind::Ptx)
            .unwrap_err()
            .contains("not an nvJitLinkInputType"));
    }
}
