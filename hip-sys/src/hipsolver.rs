//! hipSOLVER, cuSOLVER's counterpart: bindings per release (generated from Debian's
//! `libhipsolver-dev` 5.5.1, 6.4.1 and 7.2.4 — Debian ships none beside HIP 5.2.3 —: [`common`]
//! and one module per release), and its loader ([`hipsolver()`], through [`crate::rocm`]).
//!
//! hipSOLVER has no version call; rocSOLVER, which AMD's hipSOLVER is built on, reports its own
//! (`rocsolver_get_version_string`), which chooses the binding table: rocSOLVER 3.21 beside
//! hipSOLVER 5.5.1, 3.28 beside 6.4.1, 3.32 beside 7.2.4 (measured on Debian's packages).

#[rustfmt::skip]
#[path = "generated/hipsolver/common.rs"]
pub mod common;
#[rustfmt::skip]
#[path = "generated/hipsolver/v5_5_1.rs"]
pub mod v5_5_1;
#[rustfmt::skip]
#[path = "generated/hipsolver/v6_4_1.rs"]
pub mod v6_4_1;
#[rustfmt::skip]
#[path = "generated/hipsolver/v7_2_4.rs"]
pub mod v7_2_4;

pub use common::*;

use crate::rocm::{self, Release, Spec};
use libloading::Library;

/// Environment variable naming the hipSOLVER library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_HIPSOLVER_LIBRARY";

/// hipSOLVER's place in [`crate::ROCM_LIBRARIES`].
pub const ID: u8 = 4;

pub(crate) static SPEC: Spec = Spec {
    label: "hipSOLVER",
    env: LIBRARY_ENV,
    names: &["libhipsolver.so", "libhipsolver.so.1", "libhipsolver.so.0"],
    package: "hipSOLVER (Debian/Ubuntu: libhipsolver0 or libhipsolver1, which bring rocSOLVER)",
    symbols: &SYMBOLS,
    release,
};

/// The binding table for the rocSOLVER version the loaded hipSOLVER is built on: 3.21 – 3.27
/// (ROCm 5.5 – 6.3) take hipSOLVER 5.5's, 3.28 – 3.31 6.4's, 3.32 and later 7.2's. hipSOLVER built
/// for NVIDIA (the GPU suite's loopback) links cuSOLVER, not rocSOLVER (reported 0.0.0): 7.2's.
fn release(library: &Library) -> Result<Release, String> {
    // SAFETY: rocSOLVER's `rocsolver_get_version_string(char *buf, size_t len)`.
    let found = unsafe { rocm::version_string(library, c"rocsolver_get_version_string") }?;
    let reported = found.unwrap_or((0, 0, 0));
    let table = match reported {
        (0, 0, 0) => 2,
        (3, 21..=27, _) => 0,
        (3, 28..=31, _) => 1,
        (3, 32.., _) | (4.., _, _) => 2,
        (major, minor, patch) => {
            return Err(format!(
                "it is built on rocSOLVER {major}.{minor}.{patch}; the oldest supported is 3.21 \
                 (hipSOLVER 5.5): upgrade ROCm"
            ))
        }
    };
    Ok(Release { reported, table })
}

crate::rocm::rocm_library!("hipSOLVER", Hipsolver, ID, hipsolver);
