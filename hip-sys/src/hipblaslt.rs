//! hipBLASLt, cuBLASLt's counterpart: bindings per release (generated from Debian's
//! `libhipblaslt-dev` 7.1.1 and 7.2.4 — the releases beside HIP 6.4.3 and 7.2.4; Debian ships none
//! for HIP 5 —: [`common`] and one module per release), and its loader ([`hipblaslt()`], through
//! [`crate::rocm`]).
//!
//! hipBLASLt reports its version only for a live handle (`hipblasLtGetVersion`), and making one
//! without a GPU ends the process (`hipblasLtCreate` calls `exit()`): the release is read from the
//! library's file instead, whose name carries hipBLASLt's own version (`libhipblaslt.so.1.2` is
//! hipBLASLt 1.2, of ROCm 7.2; 1.1 is ROCm 7.1's, Debian's 7.1.1). The two releases declare the
//! same functions and types; 7.2 adds two epilogues CUDA lacks.

#[rustfmt::skip]
#[path = "generated/hipblaslt/common.rs"]
pub mod common;
#[rustfmt::skip]
#[path = "generated/hipblaslt/v7_1_1.rs"]
pub mod v7_1_1;
#[rustfmt::skip]
#[path = "generated/hipblaslt/v7_2_4.rs"]
pub mod v7_2_4;

pub use common::*;

use crate::rocm::{self, Release, Spec};
use libloading::Library;

/// Environment variable naming the hipBLASLt library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_HIPBLASLT_LIBRARY";

/// hipBLASLt's place in [`crate::ROCM_LIBRARIES`].
pub const ID: u8 = 6;

pub(crate) static SPEC: Spec = Spec {
    label: "hipBLASLt",
    env: LIBRARY_ENV,
    names: &["libhipblaslt.so", "libhipblaslt.so.1"],
    package: "hipBLASLt (Debian/Ubuntu: libhipblaslt1)",
    symbols: &SYMBOLS,
    release,
};

/// The binding table for the hipBLASLt version the library's real file name carries
/// (`libhipblaslt.so.MAJOR.MINOR`, links resolved): 1.1 is ROCm 7.1's, reported as Debian's
/// 7.1.1; 1.2 and later take 7.2.4's table.
fn release(library: &Library) -> Result<Release, String> {
    let version = rocm::file_version(library, b"hipblasLtCreate", "libhipblaslt.so");
    match (version.first(), version.get(1)) {
        (Some(1), Some(1)) => Ok(Release {
            reported: (7, 1, 1),
            table: 0,
        }),
        (Some(1), Some(2..)) | (Some(2..), _) => Ok(Release {
            reported: (7, 2, 4),
            table: 1,
        }),
        _ => Err(format!(
            "its file's name (links resolved) carries {version:?}, no hipBLASLt version from 1.1 \
             (ROCm 7.1, libhipblaslt.so.1.1) on, the oldest supported: use ROCm 7.1 or later"
        )),
    }
}

crate::rocm::rocm_library!("hipBLASLt", Hipblaslt, ID, hipblaslt);
