//! The guard every exported function runs in: no unwinding crosses the C ABI — a panic becomes
//! the API's catch-all code (`CUDA_ERROR_UNKNOWN`, `NVRTC_ERROR_INTERNAL_ERROR`, or a NULL
//! string), logged with the function's name — and at `CUDA_AS_HIP_LOG=trace` each call is
//! printed with its arguments, the HIP calls it made, its result and its duration.

use cuda_as_hip::driver::sys::CUresult;
use cuda_as_hip::log::{enabled, trace_call, Level};
use cuda_as_hip::nvrtc::sys::nvrtcResult;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What an exported function returns when the call panicked.
pub trait Guarded: Sized + std::fmt::Debug {
    const ON_PANIC: Self;

    /// Runs an exported function's body; `args` formats its arguments for the trace.
    #[inline(always)]
    fn run(name: &str, args: impl FnOnce() -> String, f: impl FnOnce() -> Self) -> Self {
        match enabled(Level::Trace) {
            false => Self::guarded(name, f),
            true => Self::traced(name, args, f),
        }
    }

    #[cold]
    #[inline(never)]
    fn traced(name: &str, args: impl FnOnce() -> String, f: impl FnOnce() -> Self) -> Self {
        let start = std::time::Instant::now();
        let r = Self::guarded(name, f);
        trace_call(name, args, &r, start.elapsed());
        r
    }

    #[inline(always)]
    fn guarded(name: &str, f: impl FnOnce() -> Self) -> Self {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(r) => r,
            Err(payload) => Self::panicked(name, payload),
        }
    }

    #[cold]
    #[inline(never)]
    fn panicked(name: &str, payload: Box<dyn std::any::Any + Send>) -> Self {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        cuda_as_hip::log::warn_once(format!(
            "{name} panicked ({why}): returning the API's catch-all error"
        ));
        Self::ON_PANIC
    }
}

impl Guarded for CUresult {
    const ON_PANIC: Self = CUresult::CUDA_ERROR_UNKNOWN;
}

impl Guarded for nvrtcResult {
    const ON_PANIC: Self = nvrtcResult::NVRTC_ERROR_INTERNAL_ERROR;
}

impl Guarded for *const c_char {
    const ON_PANIC: Self = std::ptr::null();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_catch_all_code() {
        let r = CUresult::run("test", String::new, || panic!("inside a call"));
        assert_eq!(r, CUresult::CUDA_ERROR_UNKNOWN);
        assert_eq!(
            nvrtcResult::run("test", String::new, || panic!("x")),
            nvrtcResult::NVRTC_ERROR_INTERNAL_ERROR
        );
        assert!(<*const c_char>::run("test", String::new, || panic!("x")).is_null());
        assert_eq!(
            CUresult::run("test", String::new, || CUresult::CUDA_SUCCESS),
            CUresult::CUDA_SUCCESS
        );
    }
}
