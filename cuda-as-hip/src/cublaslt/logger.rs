//! cuBLASLt's logger (`cublasLtLogger*`). hipBLASLt has no logger calls (it reads its
//! `HIPBLASLT_LOG_*` variables when loaded), so this is the cuBLASLt log of this layer: the
//! messages its cuBLASLt functions write (an attribute value refused, a call's trace), sent where
//! cuBLASLt sends its own — a callback, a `FILE*`, a file opened by name, or standard error —
//! filtered by cuBLASLt's level or mask: 1 error, 2 trace, 4 hints, 8 info, 16 API trace.
#![allow(non_snake_case)]

use super::sys::*;
use cublasStatus_t as S;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::io::Write;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;

/// Where messages go, and which.
struct Logger {
    mask: c_int,
    disabled: bool,
    sink: Sink,
}

enum Sink {
    Stderr,
    Callback(unsafe extern "C" fn(c_int, *const c_char, *const c_char)),
    /// A `FILE*` the caller owns.
    File(*mut libc::FILE),
    Opened(std::fs::File),
}

// SAFETY: the `FILE*` is the caller's, which cuBLASLt also writes from any thread (stdio locks it).
unsafe impl Send for Logger {}

static LOGGER: Mutex<Logger> = Mutex::new(Logger {
    mask: 0,
    disabled: false,
    sink: Sink::Stderr,
});

/// The levels messages are written at now (0 while disabled): read before anything else, so a
/// cuBLASLt call with the logger off neither formats a message nor takes the lock.
static ACTIVE: AtomicI32 = AtomicI32::new(0);

fn with_logger(f: impl FnOnce(&mut Logger)) -> cublasStatus_t {
    let mut logger = LOGGER.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut logger);
    let active = if logger.disabled { 0 } else { logger.mask };
    ACTIVE.store(active, Ordering::Relaxed);
    S::CUBLAS_STATUS_SUCCESS
}

/// Writes `message` of `function` at `level` (1 error … 5 API trace) where the logger sends
/// messages, when its mask takes that level (only then is the message made).
pub(crate) fn log(level: c_int, function: &str, message: impl FnOnce() -> String) {
    if ACTIVE.load(Ordering::Relaxed) & (1 << (level - 1)) == 0 {
        return;
    }
    let message = message();
    let mut logger = LOGGER.lock().unwrap_or_else(|e| e.into_inner());
    // Again under the lock: a call that saw the logger on may meet it disabled (or its level
    // changed) by now, and nothing is written once cublasLtLoggerForceDisable has returned.
    if logger.disabled || logger.mask & (1 << (level - 1)) == 0 {
        return;
    }
    let line = format!("[cublasLt][{}][{function}] {message}\n", std::process::id());
    match &mut logger.sink {
        Sink::Stderr => eprint!("{line}"),
        Sink::Opened(file) => drop(file.write_all(line.as_bytes())),
        Sink::Callback(callback) => {
            let (f, m) = (c_string(function), c_string(&message));
            // SAFETY: the caller's callback, with two NUL-terminated strings it does not keep.
            unsafe { callback(level, f.as_ptr(), m.as_ptr()) };
        }
        Sink::File(file) => {
            let line = c_string(&line);
            // SAFETY: the caller's open `FILE*`.
            unsafe { libc::fputs(line.as_ptr(), *file) };
        }
    }
}

/// Every failure of a cuBLASLt call passes through here (aliasgen's family row): logged at the
/// error level.
pub(crate) fn failed(code: cublasStatus_t) -> cublasStatus_t {
    log(1, "cublasLt", || format!("a call failed: {code:?}"));
    code
}

fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

/// `cublasLtLoggerSetLevel`: levels 0 (off) to 5 (API trace), each taking those below it.
pub(crate) unsafe fn cublasLtLoggerSetLevel(level: c_int) -> cublasStatus_t {
    if !(0..=5).contains(&level) {
        return S::CUBLAS_STATUS_INVALID_VALUE;
    }
    with_logger(|l| l.mask = (1 << level) - 1)
}

/// `cublasLtLoggerSetMask`: the levels to log, one bit each.
pub(crate) unsafe fn cublasLtLoggerSetMask(mask: c_int) -> cublasStatus_t {
    if !(0..32).contains(&mask) {
        return S::CUBLAS_STATUS_INVALID_VALUE;
    }
    with_logger(|l| l.mask = mask)
}

/// `cublasLtLoggerSetCallback`: messages go to `callback` (NULL: to standard error again).
pub(crate) unsafe fn cublasLtLoggerSetCallback(
    callback: cublasLtLoggerCallback_t,
) -> cublasStatus_t {
    with_logger(|l| l.sink = callback.map_or(Sink::Stderr, Sink::Callback))
}

/// `cublasLtLoggerSetFile`: messages go to the caller's `FILE*` (NULL: to standard error again).
pub(crate) unsafe fn cublasLtLoggerSetFile(file: *mut c_void) -> cublasStatus_t {
    let sink = match file.is_null() {
        true => Sink::Stderr,
        false => Sink::File(file.cast()),
    };
    with_logger(|l| l.sink = sink)
}

/// `cublasLtLoggerOpenFile`: messages go to the file named, opened for appending.
pub(crate) unsafe fn cublasLtLoggerOpenFile(logFile: *const c_char) -> cublasStatus_t {
    if logFile.is_null() {
        return S::CUBLAS_STATUS_INVALID_VALUE;
    }
    // SAFETY: a NUL-terminated path, the caller's.
    let path = unsafe { CStr::from_ptr(logFile) }
        .to_string_lossy()
        .into_owned();
    let opened = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path);
    match opened {
        Ok(file) => with_logger(|l| l.sink = Sink::Opened(file)),
        Err(e) => {
            crate::log::info(|| format!("cublasLtLoggerOpenFile: {path}: {e}"));
            S::CUBLAS_STATUS_INVALID_VALUE
        }
    }
}

/// `cublasLtLoggerForceDisable`: no messages from now on, whatever is set later.
pub(crate) unsafe fn cublasLtLoggerForceDisable() -> cublasStatus_t {
    with_logger(|l| l.disabled = true)
}
