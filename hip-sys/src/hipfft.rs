//! hipFFT, cuFFT's counterpart: bindings per release (generated from Debian's `libhipfft-dev`
//! 6.1.2, 6.4.3 and 7.2.4 — Debian ships none beside HIP 5.2.3 —: [`common`] and one module per
//! release), and its loader ([`hipfft()`], through [`crate::rocm`]).
//!
//! `hipfftGetVersion` reports the version of the FFT library hipFFT is built on (AMD's: rocFFT,
//! `major * 10_000 + minor * 100 + patch`; NVIDIA's, the GPU suite's loopback: cuFFT's, 11_xxx
//! and later). That version chooses the binding table.

#[rustfmt::skip]
#[path = "generated/hipfft/common.rs"]
pub mod common;
#[rustfmt::skip]
#[path = "generated/hipfft/v6_1_2.rs"]
pub mod v6_1_2;
#[rustfmt::skip]
#[path = "generated/hipfft/v6_4_3.rs"]
pub mod v6_4_3;
#[rustfmt::skip]
#[path = "generated/hipfft/v7_2_4.rs"]
pub mod v7_2_4;

pub use common::*;

use crate::rocm::{self, Release, Spec};
use libloading::Library;

/// Environment variable naming the hipFFT library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_HIPFFT_LIBRARY";

/// hipFFT's place in [`crate::ROCM_LIBRARIES`].
pub const ID: u8 = 3;

pub(crate) static SPEC: Spec = Spec {
    label: "hipFFT",
    env: LIBRARY_ENV,
    names: &["libhipfft.so", "libhipfft.so.0"],
    package: "hipFFT (Debian/Ubuntu: libhipfft0, which brings rocFFT)",
    symbols: &SYMBOLS,
    release,
};

/// The binding table for the FFT library version `hipfftGetVersion` reports: rocFFT 1.0.27
/// beside hipFFT 6.1.2, 1.0.32 beside 6.4.3 and 1.0.36 beside 7.2.4 (measured on Debian's
/// packages); cuFFT (the loopback, 11_xxx and later) takes the newest.
fn release(library: &Library) -> Result<Release, String> {
    // SAFETY: `hipfftResult hipfftGetVersion(int *version)`.
    let v = unsafe { rocm::int_version(library, c"hipfftGetVersion") }?;
    let v = u32::try_from(v).map_err(|_| format!("hipfftGetVersion reported {v}"))?;
    let reported = (v / 10_000, v / 100 % 100, v % 100);
    let table = match reported {
        (1, 0, 27..=31) => 0,
        (1, 0, 32..=35) => 1,
        (1, 0, 36..) | (1, 1.., _) | (2.., _, _) => 2,
        _ => {
            return Err(format!(
                "it is built on an FFT library of version {}.{}.{}; the oldest supported is \
                 rocFFT 1.0.27 (hipFFT 6.1): upgrade ROCm",
                reported.0, reported.1, reported.2
            ))
        }
    };
    Ok(Release { reported, table })
}

crate::rocm::rocm_library!("hipFFT", Hipfft, ID, hipfft);
