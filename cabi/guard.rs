//! The guard every exported function runs in: no unwinding crosses the C ABI — a panic becomes
//! the API's catch-all code (`CUDA_ERROR_UNKNOWN`, `NVRTC_ERROR_INTERNAL_ERROR`,
//! `cudaErrorUnknown`, `CURAND_STATUS_INTERNAL_ERROR`, `CUBLAS_STATUS_INTERNAL_ERROR`, or a NULL string), logged with the function's name — and at `CUDA_AS_HIP_LOG=trace` each call is
//! printed with its arguments, the HIP calls it made, its result and its duration.

pub use cuda_as_hip::log::trace_or_unread;
use cuda_as_hip::log::{trace_call, tracing};
use cuda_as_hip::runtime::sys::{cudaChannelFormatDesc, cudaChannelFormatKind};
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The body of every exported function: `guarded!("cuX", "a={:?}, b={:?}" (a, b), call)` runs
/// `call` in the panic guard and, at trace level, prints the call with its arguments (formatted
/// by the pattern), the HIP calls it made, its result and its duration. Each branch builds its
/// own closures: built before the branch, they would be stored to the stack on every call.
macro_rules! guarded {
    ($name:literal, $call:expr) => {
        $crate::guard::guarded!(@run $name, String::new, $call)
    };
    ($name:literal, $fmt:literal ($($arg:expr),+), $call:expr) => {
        $crate::guard::guarded!(@run $name, move || format!($fmt, $($arg),+), $call)
    };
    (@run $name:literal, $args:expr, $call:expr) => {
        match $crate::guard::trace_or_unread() {
            false => $crate::guard::Guarded::guarded($name, move || $call),
            true => $crate::guard::Guarded::maybe_traced($name, $args, move || $call),
        }
    };
}
pub(crate) use guarded;

/// What an exported function returns when the call panicked.
pub trait Guarded: Sized + std::fmt::Debug {
    const ON_PANIC: Self;

    /// The level is `trace`, or not read yet: the whole call out of line, so the hot path never
    /// comes back from a call here.
    #[cold]
    #[inline(never)]
    fn maybe_traced(name: &str, args: impl FnOnce() -> String, f: impl FnOnce() -> Self) -> Self {
        match tracing() {
            true => Self::traced(name, args, f),
            false => Self::guarded(name, f),
        }
    }

    /// The trace line is written outside the call's guard, and guarded by itself: a trace that
    /// cannot be written (stderr closed) loses the line, never the call's result.
    #[inline(always)]
    fn traced(name: &str, args: impl FnOnce() -> String, f: impl FnOnce() -> Self) -> Self {
        cuda_as_hip::log::trace_begin();
        let start = std::time::Instant::now();
        let r = Self::guarded(name, f);
        let _ = catch_unwind(AssertUnwindSafe(|| {
            trace_call(name, args, &r, start.elapsed())
        }));
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

// Each family's status type: its catch-all code (generated from aliasgen's family table).
include!("guarded.rs");

/// `cublasGetCudartVersion`: no version.
impl Guarded for usize {
    const ON_PANIC: Self = 0;
}

/// `cublasLtDisableCpuInstructionsSetMask`: no mask set before.
impl Guarded for u32 {
    const ON_PANIC: Self = 0;
}

/// cuBLAS's legacy functions that return their result (`cublasSdot`, `cublasIsamax`,
/// `cublasCdotu`): zero (the legacy API has no status to return).
macro_rules! zero_result {
    ($($ty:ty = $zero:expr),*) => {$(
        impl Guarded for $ty {
            const ON_PANIC: Self = $zero;
        }
    )*};
}
zero_result!(
    f32 = 0.0,
    f64 = 0.0,
    i32 = 0,
    cuda_as_hip::cublas::sys::float2 = cuda_as_hip::cublas::sys::float2 { x: 0.0, y: 0.0 },
    cuda_as_hip::cublas::sys::double2 = cuda_as_hip::cublas::sys::double2 { x: 0.0, y: 0.0 }
);

/// `cublasXerbla`: nothing to answer with.
impl Guarded for () {
    const ON_PANIC: Self = ();
}

/// `cudaCreateChannelDesc`, which returns its descriptor by value: the empty one.
impl Guarded for cudaChannelFormatDesc {
    const ON_PANIC: Self = cudaChannelFormatDesc {
        x: 0,
        y: 0,
        z: 0,
        w: 0,
        f: cudaChannelFormatKind::cudaChannelFormatKindNone,
    };
}

impl Guarded for *const c_char {
    const ON_PANIC: Self = std::ptr::null();
}

/// `cusparseGetMat…`, which return a field of a matrix descriptor: the field's first value.
macro_rules! first_value {
    ($($ty:ident::$first:ident),*) => {$(
        impl Guarded for cuda_as_hip::cusparse::sys::$ty {
            const ON_PANIC: Self = Self::$first;
        }
    )*};
}
first_value!(
    cusparseMatrixType_t::CUSPARSE_MATRIX_TYPE_GENERAL,
    cusparseFillMode_t::CUSPARSE_FILL_MODE_LOWER,
    cusparseDiagType_t::CUSPARSE_DIAG_TYPE_NON_UNIT,
    cusparseIndexBase_t::CUSPARSE_INDEX_BASE_ZERO
);

#[cfg(test)]
mod tests {
    use super::*;
    use cuda_as_hip::driver::sys::CUresult;
    use cuda_as_hip::nvrtc::sys::nvrtcResult;

    fn panics() -> CUresult {
        panic!("inside a call")
    }

    #[test]
    fn a_panic_becomes_the_catch_all_code() {
        let r: CUresult = guarded!("test", panics());
        assert_eq!(r, CUresult::CUDA_ERROR_UNKNOWN);
        let n: nvrtcResult = guarded!("test", panic!("x"));
        assert_eq!(n, nvrtcResult::NVRTC_ERROR_INTERNAL_ERROR);
        let s: *const c_char = guarded!("test", panic!("x"));
        assert!(s.is_null());
        let ok: CUresult = guarded!("test", CUresult::CUDA_SUCCESS);
        assert_eq!(ok, CUresult::CUDA_SUCCESS);
    }

    #[test]
    fn a_traced_panic_becomes_the_catch_all_code_too() {
        let r = CUresult::traced("test", || "a=1".into(), panics);
        assert_eq!(r, CUresult::CUDA_ERROR_UNKNOWN);
    }
}
