//! cuFFT (`cufft*`, the `cufft.h` and `cufftXt.h` API) on hipFFT. Each function forwards to hipFFT
//! of the release beside the HIP runtime (`hip_sys::hipfft`), whose transform types, results and
//! directions are cuFFT's numbers. cuFFT's plans are numbers (`typedef int cufftHandle`) where
//! hipFFT's are pointers: [`ID_HANDLES`] numbers hipFFT's plans (the generated layer looks each
//! one up); `hand` holds what differs.

pub(crate) mod hand;

#[rustfmt::skip]
#[path = "../generated/cufft_sys.rs"]
pub mod sys;

/// The live cuFFT plan numbers and the hipFFT plans they stand for.
pub(crate) static ID_HANDLES: crate::ids::IdHandles = crate::ids::IdHandles::new();
