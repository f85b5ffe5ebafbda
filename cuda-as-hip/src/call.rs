//! What every generated call shares: reaching HIP (or the ROCm library a family's calls go to),
//! turning HIP results into CUDA ones, and the CUDA-defined codes for what this layer rejects
//! itself. Cold paths log (see [`crate::log`]).

pub use crate::generated::families::{
    CublasCall, CublasLtCall, CufftCall, CurandCall, CusolverCall, CusparseCall, DriverCall,
    NcclCall, NvJitLinkCall, NvrtcCall, RuntimeCall,
};
use crate::log::warn_once;
use hip_sys::hipblas::{hipblasStatus_t, Hipblas};
use hip_sys::hipblaslt::Hipblaslt;
use hip_sys::hipfft::{hipfftResult_t, Hipfft};
use hip_sys::hiprand::{hiprandStatus, Hiprand};
use hip_sys::hipsolver::{hipsolverStatus_t, Hipsolver};
use hip_sys::hipsparse::{hipsparseStatus_t, Hipsparse};
use hip_sys::rccl::Rccl;
use hip_sys::{hipError_t, hiprtcResult, Hip, SymbolError};
use std::ffi::c_int;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicPtr, Ordering};

/// A HIP library a family's calls go to (the HIP runtime, hipRAND…), as [`Call`] reaches it.
pub trait HipLibrary: Sized + Sync + 'static {
    /// Which generated binding table matches the loaded library.
    type Bindings: Copy;
    /// The process-wide library (found and loaded on first use), or why there is none.
    fn load() -> Result<&'static Self, String>;
    /// The library once loaded, left unset while every call is traced: one load decides the hot
    /// path (library loaded, no trace) on every call after the first.
    fn untraced() -> &'static AtomicPtr<Self>;
    fn bindings(&self) -> Self::Bindings;
}

/// `HipLibrary` for a hip-sys library type: its binding-table type and its process-wide loader.
macro_rules! hip_library {
    ($ty:ty, $bindings:ty, $load:path) => {
        impl HipLibrary for $ty {
            type Bindings = $bindings;
            fn load() -> Result<&'static Self, String> {
                $load().map_err(|e| e.to_string())
            }
            fn untraced() -> &'static AtomicPtr<Self> {
                static UNTRACED: AtomicPtr<$ty> = AtomicPtr::new(std::ptr::null_mut());
                &UNTRACED
            }
            #[inline(always)]
            fn bindings(&self) -> $bindings {
                <$ty>::bindings(self)
            }
        }
    };
}
hip_library!(Hip, hip_sys::Bindings, hip_sys::hip);
hip_library!(
    Hiprand,
    hip_sys::hiprand::Bindings,
    hip_sys::hiprand::hiprand
);
hip_library!(
    Hipblas,
    hip_sys::hipblas::Bindings,
    hip_sys::hipblas::hipblas
);
hip_library!(Rccl, hip_sys::rccl::Bindings, hip_sys::rccl::rccl);
hip_library!(Hipfft, hip_sys::hipfft::Bindings, hip_sys::hipfft::hipfft);
hip_library!(
    Hipsparse,
    hip_sys::hipsparse::Bindings,
    hip_sys::hipsparse::hipsparse
);
hip_library!(
    Hipsolver,
    hip_sys::hipsolver::Bindings,
    hip_sys::hipsolver::hipsolver
);
hip_library!(
    Hipblaslt,
    hip_sys::hipblaslt::Bindings,
    hip_sys::hipblaslt::hipblaslt
);

/// A loaded HIP library as one call sees it. `traced` is fixed when the call starts: on the hot
/// path of [`with_hip!`] it is the constant `false`, so the trace check compiles away.
pub struct Loaded<L: 'static> {
    library: &'static L,
    traced: bool,
}

impl<L> Clone for Loaded<L> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<L> Copy for Loaded<L> {}

/// The HIP runtime as one call sees it.
pub type Runtime = Loaded<Hip>;

impl<L> std::ops::Deref for Loaded<L> {
    type Target = L;

    #[inline(always)]
    fn deref(&self) -> &L {
        self.library
    }
}

impl<L: HipLibrary> Loaded<L> {
    /// The hot path: the library loaded and tracing off.
    #[inline(always)]
    pub(crate) fn untraced() -> Option<Self> {
        let p = L::untraced().load(Ordering::Acquire);
        // SAFETY: only ever set from `L::load()`'s `&'static L`.
        (!p.is_null()).then(|| Self {
            library: unsafe { &*p },
            traced: false,
        })
    }

    /// Any call: the hot path, or (cold) loading the library and reading the trace level.
    #[inline]
    fn get() -> Result<Self, ()> {
        match Self::untraced() {
            Some(h) => Ok(h),
            None => Self::load(),
        }
    }

    #[cold]
    fn load() -> Result<Self, ()> {
        let library = L::load().map_err(warn_once)?;
        let traced = crate::log::tracing();
        if !traced {
            L::untraced().store((library as *const L).cast_mut(), Ordering::Release);
        }
        Ok(Self { library, traced })
    }

    #[inline(always)]
    fn with_cold<R>(body: impl FnOnce(Self) -> R, not_loaded: impl FnOnce() -> R) -> R {
        match Self::get() {
            Ok(h) => body(h),
            Err(()) => not_loaded(),
        }
    }

    /// The library itself, for code that keeps it past the call.
    pub fn hip(&self) -> &'static L {
        self.library
    }

    /// Records `r` for the trace when this call is traced (cold, never on the hot path).
    #[inline(always)]
    fn trace<T: std::fmt::Debug>(&self, hip_fn: &'static str, r: Result<T, SymbolError>) {
        if self.traced {
            crate::log::hip_call(hip_fn, &r);
        }
    }
}

/// Runs `$body` with `$h` bound to the [`Loaded`] library of `$call`'s family, as the rest of the
/// calling function: its `return`s and its value are the call's result. The body is expanded
/// twice: inline for the hot path (library loaded, tracing off: one load, trace checks compiled
/// out — a closure here would be left to LLVM's inlining heuristics, which refuse the larger
/// bodies), and in a cold closure for the first call and for traced calls. `$call` is the
/// [`Call`].
macro_rules! with_hip {
    ($call:expr, |$h:ident| $body:block) => {
        match $call.untraced() {
            Some($h) => $body,
            None => $call.with_cold(move |$h| $body),
        }
    };
}
pub(crate) use with_hip;

/// A HIP library's status type (`hipError_t`, `hiprtcResult`): zero is success.
pub trait HipStatus: Copy + std::fmt::Debug {
    fn code(self) -> i64;
    /// The C name of the value, for the log.
    fn name(self) -> Option<&'static str>;
}

/// `HipStatus` for hip-sys's status newtypes (`hip_enum!`: a C integer with named constants).
macro_rules! hip_status {
    ($($ty:ty),*) => {$(
        impl HipStatus for $ty {
            #[inline(always)]
            fn code(self) -> i64 {
                i64::from(self.0)
            }
            fn name(self) -> Option<&'static str> {
                <$ty>::name(self)
            }
        }
    )*};
}
hip_status!(
    hipError_t,
    hiprtcResult,
    hiprandStatus,
    hipblasStatus_t,
    hipfftResult_t,
    hipsolverStatus_t,
    hipsparseStatus_t,
    hip_sys::hipblaslt::hipblasStatus_t,
    // RCCL numbers its status per release (7.2 adds ncclInProgress before ncclNumResults).
    hip_sys::rccl::v5_4_3::ncclResult_t,
    hip_sys::rccl::v7_2_4::ncclResult_t
);

/// The result codes of a CUDA API family (the driver's `CUresult`, the runtime's `cudaError_t`,
/// NVRTC's `nvrtcResult`): what [`Call`] answers with, and how the library's status translates
/// (any [`HipStatus`]: a library may number its status per release, as RCCL does).
/// Each family's impl is generated from its row of aliasgen's family table
/// (`generated/families.rs`).
pub trait ResultCodes: Copy + PartialEq + std::fmt::Debug + 'static {
    /// The HIP library the family's calls become.
    type Library: HipLibrary;
    const SUCCESS: Self;
    /// No HIP runtime could be loaded.
    const NOT_LOADED: Self;
    /// A HIP code with no counterpart, and a panic caught at the C ABI.
    const UNKNOWN: Self;
    const NOT_SUPPORTED: Self;
    const INVALID_VALUE: Self;
    /// A NULL or destroyed handle where CUDA requires a live one.
    const INVALID_HANDLE: Self;
    /// HIP's code as this API's, by the mapped name (`None`: no counterpart).
    fn from_hip(code: i64, b: <Self::Library as HipLibrary>::Bindings) -> Option<Self>;
    /// Every failure a call returns passes here (CUDA's runtime keeps it as the thread's last
    /// error; the driver keeps nothing).
    #[inline(always)]
    fn failed(self) -> Self {
        self
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

    /// [`with_hip!`]'s hot path: the family's library, loaded and untraced.
    #[inline(always)]
    pub(crate) fn untraced(&self) -> Option<Loaded<R::Library>> {
        Loaded::untraced()
    }

    /// [`with_hip!`]'s path for the first call and for traced calls.
    #[cold]
    #[inline(never)]
    pub(crate) fn with_cold(&self, body: impl FnOnce(Loaded<R::Library>) -> R) -> R {
        Loaded::with_cold(body, || self.not_loaded())
    }

    #[inline]
    pub fn hip(&self) -> Result<Loaded<R::Library>, R> {
        Loaded::get().map_err(|()| self.not_loaded())
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
    pub fn result<S: HipStatus>(&self, h: Loaded<R::Library>, r: Result<S, SymbolError>) -> R {
        h.trace(self.hip, r);
        match r {
            Ok(e) if e.code() == 0 => R::SUCCESS,
            Ok(e) => match R::from_hip(e.code(), h.bindings()) {
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
    pub fn forward<S: HipStatus>(
        &self,
        f: impl FnOnce(&'static R::Library) -> Result<S, SymbolError>,
    ) -> R {
        with_hip!(self, |h| { self.result(h, f(h.library)) })
    }

    /// Out of line as a whole (the code's name looked up here), so no value stays live across a
    /// call on the hot path.
    #[cold]
    #[inline(never)]
    fn unknown<S: HipStatus>(&self, e: S) -> R {
        warn_once(format!(
            "{}: HIP returned {} ({}), which has no CUDA counterpart: reporting {:?}",
            self.name,
            e.name().unwrap_or("an unnamed code"),
            e.code(),
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

    /// `Ok` when the HIP runtime sees at least one GPU; else `code` (what the CUDA library answers
    /// when CUDA cannot start), refused with `why` (why the ROCm library must not be called).
    pub fn device_present(&self, code: R, why: &str) -> Result<(), R> {
        match hip_sys::hip().ok().and_then(|h| h.device_count()) {
            Some(n) if n > 0 => Ok(()),
            _ => Err(self.refused(
                code,
                &format!("the HIP runtime sees no GPU ({why}); run on a machine with an AMD GPU"),
            )),
        }
    }

    /// A CUDA library's `…GetProperty`: part `type_` of its `version` written to `value` (checked
    /// non-NULL by the generated layer); `libraryPropertyType` numbers the parts 0 (major),
    /// 1 (minor) and 2 (patch level).
    ///
    /// # Safety
    /// `value` must be valid for a write.
    pub unsafe fn library_property(&self, type_: u32, version: [u32; 3], value: *mut c_int) -> R {
        let Some(part) = version.get(type_ as usize) else {
            return self.invalid_value("libraryPropertyType");
        };
        // SAFETY: the caller's.
        unsafe { value.write(*part as c_int) };
        R::SUCCESS
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
