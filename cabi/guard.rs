//! The panic guard every exported function runs in: no unwinding crosses the C ABI. A panic
//! becomes the API's catch-all code (`CUDA_ERROR_UNKNOWN`, `NVRTC_ERROR_INTERNAL_ERROR`, or a
//! NULL string), logged with the function's name.

use cuda_as_hip::driver::sys::CUresult;
use cuda_as_hip::nvrtc::sys::nvrtcResult;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What an exported function returns when the call panicked.
pub trait Guarded: Sized {
    const ON_PANIC: Self;

    #[inline]
    fn run(name: &str, f: impl FnOnce() -> Self) -> Self {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            cuda_as_hip::log::warn_once(format!(
                "{name} panicked ({why}): returning the API's catch-all error"
            ));
            Self::ON_PANIC
        })
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
        let r = CUresult::run("test", || panic!("inside a call"));
        assert_eq!(r, CUresult::CUDA_ERROR_UNKNOWN);
        assert_eq!(
            nvrtcResult::run("test", || panic!("x")),
            nvrtcResult::NVRTC_ERROR_INTERNAL_ERROR
        );
        assert!(<*const c_char>::run("test", || panic!("x")).is_null());
        assert_eq!(
            CUresult::run("test", || CUresult::CUDA_SUCCESS),
            CUresult::CUDA_SUCCESS
        );
    }
}
