//! hipBLAS, cuBLAS's counterpart: bindings per release (generated from Debian's `libhipblas-dev`
//! 5.5.1, 6.4.4 and 7.2.4 — Debian ships none beside HIP 5.2.3 —: [`common`] and one module per
//! release), and its loader ([`hipblas()`], through [`crate::rocm`]).
//!
//! hipBLAS has no version call; rocBLAS, which AMD's hipBLAS is built on, reports its own:
//! rocBLAS 2.47 beside hipBLAS 5.5.1, 4.4 beside 6.4.4 and 5.2 beside 7.2.4 (measured on Debian's
//! packages). That version chooses the binding table: hipBLAS 6's `HIPBLAS_V2` ABI (`hipDataType`,
//! `hipblasGemmEx_v2`) arrived with rocBLAS 4, and 7.x (rocBLAS 5) keeps only it.

#[rustfmt::skip]
#[path = "generated/hipblas/common.rs"]
pub mod common;
#[rustfmt::skip]
#[path = "generated/hipblas/v5_5_1.rs"]
pub mod v5_5_1;
#[rustfmt::skip]
#[path = "generated/hipblas/v6_4_4.rs"]
pub mod v6_4_4;
#[rustfmt::skip]
#[path = "generated/hipblas/v7_2_4.rs"]
pub mod v7_2_4;

pub use common::*;

use crate::rocm::{self, Release, Spec};
use libloading::Library;

/// Environment variable naming the hipBLAS library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_HIPBLAS_LIBRARY";

/// hipBLAS's place in [`crate::ROCM_LIBRARIES`].
pub const ID: u8 = 1;

pub(crate) static SPEC: Spec = Spec {
    label: "hipBLAS",
    env: LIBRARY_ENV,
    names: &[
        "libhipblas.so",
        "libhipblas.so.3",
        "libhipblas.so.2",
        "libhipblas.so.0",
    ],
    package:
        "hipBLAS (Debian/Ubuntu: libhipblas0, libhipblas2 or libhipblas3, which bring rocBLAS)",
    symbols: &SYMBOLS,
    release,
};

/// The binding table for the rocBLAS version the loaded hipBLAS is built on: 2.x and 3.x
/// (ROCm 5.x) take hipBLAS 5.5's, 4.x 6.4's, 5.x and later 7.2's. hipBLAS built for NVIDIA (the
/// GPU suite's loopback) links cuBLAS, not rocBLAS (reported 0.0.0): 6.4's table where it exports
/// 6.x's `_v2` functions (`hipblasGemmEx_v2`), else 7.2's, whose plain names have that ABI.
fn release(library: &Library) -> Result<Release, String> {
    // SAFETY: rocBLAS's `rocblas_get_version_string(char *buf, size_t len)`.
    let Some(reported) = (unsafe { rocm::version_string(library, c"rocblas_get_version_string") })?
    else {
        // SAFETY: only looked up, never called.
        let v2 = unsafe { library.get::<unsafe extern "C" fn()>(b"hipblasGemmEx_v2") }.is_ok();
        return Ok(Release {
            reported: (0, 0, 0),
            table: if v2 { 1 } else { 2 },
        });
    };
    let table = match reported.0 {
        2 | 3 => 0,
        4 => 1,
        5.. => 2,
        _ => {
            return Err(format!(
                "it is built on rocBLAS {}.{}.{}; the oldest supported is 2.x (hipBLAS 5.5): \
                 upgrade ROCm",
                reported.0, reported.1, reported.2
            ))
        }
    };
    Ok(Release { reported, table })
}

crate::rocm::rocm_library!("hipBLAS", Hipblas, ID, hipblas);
