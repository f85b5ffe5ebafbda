//! What every generated call shares: reaching HIP, turning HIP results into CUDA ones, and the
//! CUDA-defined codes for what this layer rejects itself. Cold paths log (see [`crate::log`]).

use crate::driver::sys::CUresult;
use crate::generated::{runtime_tables, tables};
use crate::log::warn_once;
use crate::nvrtc::sys::nvrtcResult;
use crate::runtime::sys::cudaError_t;
use hip_sys::{hipError_t, hiprtcResult, Hip, SymbolError};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicPtr, Ordering};

/// The HIP runtime once it has loaded, left unset while every call is traced: one load decides
/// the hot path (runtime loaded, no trace) on every call after the first.
static UNTRACED: AtomicPtr<Hip> = AtomicPtr::new(std::ptr::null_mut());

/// The loaded HIP runtime as one call sees it. `traced` is fixed when the call starts: on the hot
/// path of [`with_hip!`] it is the constant `false`, so the trace check compiles away.
#[derive(Copy, Clone)]
pub struct Runtime {
    hip: &'static Hip,
    traced: bool,
}

impl std::ops::Deref for Runtime {
    type Target = Hip;

    #[inline(always)]
    fn deref(&self) -> &Hip {
        self.hip
    }
}

impl Runtime {
    /// The hot path: HIP loaded and tracing off.
    #[inline(always)]
    pub(crate) fn untraced() -> Option<Self> {
        let p = UNTRACED.load(Ordering::Acquire);
        // SAFETY: only ever set from `hip_sys::hip()`'s `&'static Hip`.
        (!p.is_null()).then(|| Self {
            hip: unsafe { &*p },
            traced: false,
        })
    }

    /// Any call: the hot path, or (cold) loading HIP and reading the trace level.
    #[inline]
    fn get() -> Result<Self, ()> {
        match Self::untraced() {
            Some(h) => Ok(h),
            None => Self::load(),
        }
    }

    #[cold]
    fn load() -> Result<Self, ()> {
        let hip = hip_sys::hip().map_err(|e| warn_once(format!("{e}")))?;
        let traced = crate::log::tracing();
        if !traced {
            UNTRACED.store((hip as *const Hip).cast_mut(), Ordering::Release);
        }
        Ok(Self { hip, traced })
    }

    /// [`with_hip!`]'s path for the first call and for traced calls.
    #[cold]
    #[inline(never)]
    pub(crate) fn with_cold<R>(body: impl FnOnce(Self) -> R, not_loaded: impl FnOnce() -> R) -> R {
        match Self::get() {
            Ok(h) => body(h),
            Err(()) => not_loaded(),
        }
    }

    /// The HIP runtime itself, for code that keeps it past the call.
    pub fn hip(&self) -> &'static Hip {
        self.hip
    }

    /// Records `r` for the trace when this call is traced (cold, never on the hot path).
    #[inline(always)]
    fn trace<T: std::fmt::Debug>(&self, hip_fn: &'static str, r: Result<T, SymbolError>) {
        if self.traced {
            crate::log::hip_call(hip_fn, &r);
        }
    }
}

/// Runs `$body` with `$h` bound to the HIP [`Runtime`], as the rest of the calling function: its
/// `return`s and its value are the call's result. The body is expanded twice: inline for the hot
/// path (HIP loaded, tracing off: one load, trace checks compiled out — a closure here would be
/// left to LLVM's inlining heuristics, which refuse the larger bodies), and in a cold closure for
/// the first call and for traced calls. `$call` is the [`Call`] or [`NvrtcCall`].
macro_rules! with_hip {
    ($call:expr, |$h:ident| $body:block) => {
        match $crate::call::Runtime::untraced() {
            Some($h) => $body,
            None => $crate::call::Runtime::with_cold(move |$h| $body, || $call.not_loaded()),
        }
    };
}
pub(crate) use with_hip;

/// The result codes of a CUDA API whose calls fail the way HIP's do (the driver's `CUresult`, the
/// runtime's `cudaError_t`): what [`Call`] answers with, and how HIP's codes translate.
pub trait ResultCodes: Copy + PartialEq + std::fmt::Debug + 'static {
    const SUCCESS: Self;
    /// No HIP runtime could be loaded.
    const NOT_LOADED: Self;
    const UNKNOWN: Self;
    const NOT_SUPPORTED: Self;
    const INVALID_VALUE: Self;
    /// A NULL or destroyed handle where CUDA requires a live one.
    const INVALID_HANDLE: Self;
    /// HIP's code as this API's, by the mapped name (`None`: no counterpart).
    fn from_hip(code: i64, b: hip_sys::Bindings) -> Option<Self>;
    /// Every failure a call returns passes here (CUDA's runtime keeps it as the thread's last
    /// error; the driver keeps nothing).
    #[inline(always)]
    fn failed(self) -> Self {
        self
    }
}

impl ResultCodes for CUresult {
    const SUCCESS: Self = CUresult::CUDA_SUCCESS;
    const NOT_LOADED: Self = CUresult::CUDA_ERROR_NOT_INITIALIZED;
    const UNKNOWN: Self = CUresult::CUDA_ERROR_UNKNOWN;
    const NOT_SUPPORTED: Self = CUresult::CUDA_ERROR_NOT_SUPPORTED;
    const INVALID_VALUE: Self = CUresult::CUDA_ERROR_INVALID_VALUE;
    const INVALID_HANDLE: Self = CUresult::CUDA_ERROR_INVALID_HANDLE;
    #[inline(always)]
    fn from_hip(code: i64, b: hip_sys::Bindings) -> Option<Self> {
        tables::cudaError_enum_from_hip(code, b)
    }
}

impl ResultCodes for cudaError_t {
    const SUCCESS: Self = cudaError_t::cudaSuccess;
    /// What CUDA's runtime answers when it finds no usable driver.
    const NOT_LOADED: Self = cudaError_t::cudaErrorInsufficientDriver;
    const UNKNOWN: Self = cudaError_t::cudaErrorUnknown;
    const NOT_SUPPORTED: Self = cudaError_t::cudaErrorNotSupported;
    const INVALID_VALUE: Self = cudaError_t::cudaErrorInvalidValue;
    const INVALID_HANDLE: Self = cudaError_t::cudaErrorInvalidResourceHandle;
    #[inline(always)]
    fn from_hip(code: i64, b: hip_sys::Bindings) -> Option<Self> {
        runtime_tables::cudaError_from_hip(code, b)
    }
    #[inline(always)]
    fn failed(self) -> Self {
        crate::runtime::last_error::set(self)
    }
}

/// A call in progress: the CUDA function, and the HIP function it becomes (for the log).
pub struct Call<R> {
    pub name: &'static str,
    pub hip: &'static str,
    codes: PhantomData<fn() -> R>,
}

impl<R> Clone for Call<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for Call<R> {}

/// A driver call: `CUresult`.
pub type DriverCall = Call<CUresult>;
/// A runtime call: `cudaError_t`, each failure kept as the calling thread's last error.
pub type RuntimeCall = Call<cudaError_t>;

impl<R: ResultCodes> Call<R> {
    pub const fn new(name: &'static str) -> Self {
        Self::to(name, "")
    }

    pub const fn to(name: &'static str, hip: &'static str) -> Self {
        Self {
            name,
            hip,
            codes: PhantomData,
        }
    }

    #[inline]
    pub fn hip(&self) -> Result<Runtime, R> {
        Runtime::get().map_err(|()| self.not_loaded())
    }

    /// The answer when no HIP runtime could be loaded (logged once, with every path tried).
    #[cold]
    pub fn not_loaded(&self) -> R {
        R::NOT_LOADED.failed()
    }

    /// HIP's result as CUDA's: by the mapped name; a HIP code CUDA has no name for is the API's
    /// "unknown" code (logged with the HIP code); a symbol this HIP lacks is "not supported". On
    /// [`with_hip!`]'s hot path the trace check compiles out, leaving a zero test and, on
    /// failure, one direct-indexed table load.
    #[inline(always)]
    pub fn result(&self, h: Runtime, r: Result<hipError_t, SymbolError>) -> R {
        h.trace(self.hip, r);
        match r {
            Ok(hipError_t(0)) => R::SUCCESS,
            Ok(e) => match R::from_hip(i64::from(e.0), h.bindings()) {
                Some(c) => c.failed(),
                None => self.unknown(e),
            },
            Err(e) => self.symbol_missing(e),
        }
    }

    #[cold]
    fn symbol_missing(&self, e: SymbolError) -> R {
        self.unsupported(&e.to_string())
    }

    /// Calls HIP through `f` and translates its result.
    #[inline(always)]
    pub fn forward(&self, f: impl FnOnce(&'static Hip) -> Result<hipError_t, SymbolError>) -> R {
        with_hip!(self, |h| { self.result(h, f(h.hip)) })
    }

    /// Out of line as a whole (the code's name looked up here), so no value stays live across a
    /// call on the hot path.
    #[cold]
    #[inline(never)]
    fn unknown(&self, e: hipError_t) -> R {
        warn_once(format!(
            "{}: HIP returned {} ({}), which has no CUDA counterpart: reporting {:?}",
            self.name,
            e.name().unwrap_or("an unnamed code"),
            e.0,
            R::UNKNOWN
        ));
        R::UNKNOWN.failed()
    }

    #[cold]
    pub fn unsupported(&self, why: &str) -> R {
        warn_once(format!("{} is not supported on HIP: {why}", self.name));
        R::NOT_SUPPORTED.failed()
    }

    #[cold]
    pub fn null_argument(&self, param: &str) -> R {
        self.rejected(R::INVALID_VALUE, &format!("`{param}` is NULL"))
    }

    /// A NULL where CUDA requires a handle (a function, a stream that cannot be the default…):
    /// CUDA's documented answer, and the handle never reaches HIP, whose NVIDIA layer dereferences it.
    #[cold]
    pub fn null_handle(&self, param: &str) -> R {
        self.rejected(R::INVALID_HANDLE, &format!("`{param}` is NULL"))
    }

    /// A stream or event this layer destroyed, used again: CUDA's answer, without asking HIP.
    #[cold]
    pub fn destroyed_handle(&self) -> R {
        self.rejected(R::INVALID_HANDLE, "the handle was destroyed")
    }

    /// A value that is not one of the CUDA enum's constants.
    #[cold]
    pub fn invalid_value(&self, cuda_enum: &str) -> R {
        self.rejected(R::INVALID_VALUE, &format!("not a {cuda_enum} value"))
    }

    /// An argument CUDA itself would refuse, with `code`; `why` names it (logged at info).
    #[cold]
    pub fn rejected(&self, code: R, why: &str) -> R {
        crate::log::info(|| format!("{}: {why}: {code:?}", self.name));
        code.failed()
    }

    /// A call this layer refuses for a reason the user must act on: `why` names it and the fix
    /// (logged once at warn).
    #[cold]
    pub fn refused(&self, code: R, why: &str) -> R {
        warn_once(format!("{}: {why}: {code:?}", self.name));
        code.failed()
    }

    /// A CUDA constant the running HIP has no counterpart for.
    #[cold]
    pub fn no_hip_value(&self, constant: &str) -> R {
        warn_once(format!(
            "{}: {constant} has no counterpart in this HIP version",
            self.name
        ));
        R::NOT_SUPPORTED.failed()
    }

    /// A HIP value written to an out-parameter that CUDA cannot express.
    #[cold]
    pub fn no_cuda_value(&self, hip_enum: &str, v: i64) -> R {
        warn_once(format!(
            "{}: HIP answered {hip_enum} {v}, which CUDA cannot express",
            self.name
        ));
        R::NOT_SUPPORTED.failed()
    }
}

/// An NVRTC call in progress. NVRTC has no "not supported" code: such calls report
/// `NVRTC_ERROR_INTERNAL_ERROR`, logged with the reason.
#[derive(Copy, Clone)]
pub struct NvrtcCall {
    pub name: &'static str,
    pub hip: &'static str,
}

impl NvrtcCall {
    pub const fn new(name: &'static str) -> Self {
        Self { name, hip: "" }
    }

    pub const fn to(name: &'static str, hip: &'static str) -> Self {
        Self { name, hip }
    }

    #[inline]
    pub fn hip(&self) -> Result<Runtime, nvrtcResult> {
        Runtime::get().map_err(|()| self.not_loaded())
    }

    /// The answer when no HIP runtime could be loaded (logged once, with every path tried).
    pub const fn not_loaded(&self) -> nvrtcResult {
        nvrtcResult::NVRTC_ERROR_INTERNAL_ERROR
    }

    #[inline(always)]
    pub fn result(&self, h: Runtime, r: Result<hiprtcResult, SymbolError>) -> nvrtcResult {
        h.trace(self.hip, r);
        match r {
            Ok(hiprtcResult(0)) => nvrtcResult::NVRTC_SUCCESS,
            Ok(e) => tables::nvrtcResult_from_hip(i64::from(e.0), h.bindings())
                .unwrap_or_else(|| self.unknown(e)),
            Err(e) => self.unsupported(&e.to_string()),
        }
    }

    /// Calls hiprtc through `f` and translates its result.
    #[inline(always)]
    pub fn forward(
        &self,
        f: impl FnOnce(&'static Hip) -> Result<hiprtcResult, SymbolError>,
    ) -> nvrtcResult {
        with_hip!(self, |h| { self.result(h, f(h.hip)) })
    }

    #[cold]
    #[inline(never)]
    fn unknown(&self, e: hiprtcResult) -> nvrtcResult {
        warn_once(format!(
            "{}: hiprtc returned {e:?}: reporting NVRTC_ERROR_INTERNAL_ERROR",
            self.name
        ));
        nvrtcResult::NVRTC_ERROR_INTERNAL_ERROR
    }

    #[cold]
    pub fn unsupported(&self, why: &str) -> nvrtcResult {
        warn_once(format!("{} is not supported on hiprtc: {why}", self.name));
        nvrtcResult::NVRTC_ERROR_INTERNAL_ERROR
    }

    /// An argument NVRTC itself would refuse, with `code`; `why` names it and the fix.
    #[cold]
    pub fn rejected(&self, code: nvrtcResult, why: &str) -> nvrtcResult {
        crate::log::info(|| format!("{}: {why}: {code:?}", self.name));
        code
    }

    #[cold]
    pub fn null_argument(&self, param: &str) -> nvrtcResult {
        crate::log::info(|| {
            format!(
                "{}: `{param}` is NULL: NVRTC_ERROR_INVALID_INPUT",
                self.name
            )
        });
        nvrtcResult::NVRTC_ERROR_INVALID_INPUT
    }
}

/// CUDA's special stream handles as HIP's (a driver `CUstream` or a runtime `cudaStream_t`):
/// `CU_STREAM_LEGACY` / `cudaStreamLegacy` (0x1) is HIP's null stream, which synchronises like
/// CUDA's legacy default stream; `CU_STREAM_PER_THREAD` / `cudaStreamPerThread` (0x2) is
/// `hipStreamPerThread`, also 0x2. Every other handle is HIP's own.
#[inline]
pub fn hip_stream<S>(s: *mut S) -> hip_sys::hipStream_t {
    match s as usize {
        0x1 => std::ptr::null_mut(),
        _ => s.cast(),
    }
}

/// The bits of `*p` as a `U` of the same size: a CUDA struct field copied into its HIP twin
/// (`CUdeviceptr` into `hipDeviceptr_t`, a handle into a handle). The size check is at compile time.
///
/// # Safety
/// `p` is valid for reads, and every bit pattern of `T` the caller can hold is a valid `U`.
#[inline]
pub unsafe fn bits<T, U>(p: *const T) -> U {
    const { assert!(size_of::<T>() == size_of::<U>()) };
    unsafe { p.cast::<U>().read_unaligned() }
}
