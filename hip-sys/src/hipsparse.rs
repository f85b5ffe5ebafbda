//! hipSPARSE, cuSPARSE's counterpart: bindings per release (generated from Debian's
//! `libhipsparse-dev` 5.3.3, 5.7.1, 6.4.3 and 7.2.4 — the releases beside HIP 5.2.3, 5.7.1, 6.4.3
//! and 7.2.4 —: [`common`] and one module per release), and its loader ([`hipsparse()`], through
//! [`crate::rocm`]).
//!
//! hipSPARSE reports its version only for a live handle (`hipsparseGetVersion`), which needs a GPU:
//! the release is read from what the library is instead — the functions it exports, each
//! release's first ([`release`]), and for 7.x, whose functions and ABI are 6.4's, its file's
//! major version (`libhipsparse.so.4`) — and reported as that release.

#[rustfmt::skip]
#[path = "generated/hipsparse/common.rs"]
pub mod common;
#[rustfmt::skip]
#[path = "generated/hipsparse/v5_3_3.rs"]
pub mod v5_3_3;
#[rustfmt::skip]
#[path = "generated/hipsparse/v5_7_1.rs"]
pub mod v5_7_1;
#[rustfmt::skip]
#[path = "generated/hipsparse/v6_4_3.rs"]
pub mod v6_4_3;
#[rustfmt::skip]
#[path = "generated/hipsparse/v7_2_4.rs"]
pub mod v7_2_4;

pub use common::*;

use crate::rocm::{self, Release, Spec};
use libloading::Library;

/// Environment variable naming the hipSPARSE library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_HIPSPARSE_LIBRARY";

/// hipSPARSE's place in [`crate::ROCM_LIBRARIES`].
pub const ID: u8 = 5;

pub(crate) static SPEC: Spec = Spec {
    label: "hipSPARSE",
    env: LIBRARY_ENV,
    names: &[
        "libhipsparse.so",
        "libhipsparse.so.4",
        "libhipsparse.so.1",
        "libhipsparse.so.0",
    ],
    package: "hipSPARSE (Debian/Ubuntu: libhipsparse0, libhipsparse1 or libhipsparse4, which bring rocSPARSE)",
    symbols: &SYMBOLS,
    release,
};

/// The binding table: 7.2's where the real file is `libhipsparse.so.4…` (or a later major), 6.4's
/// where the library exports `hipsparseConstCsrGet` (new in 6.x), 5.7's where it exports
/// `hipsparseCsr2cscEx2` (new in 5.7), else 5.3's.
fn release(library: &Library) -> Result<Release, String> {
    // SAFETY: only looked up, never called.
    let exports = |name: &[u8]| unsafe { library.get::<unsafe extern "C" fn()>(name) }.is_ok();
    let major = rocm::file_version(library, b"hipsparseCreate", "libhipsparse.so")
        .first()
        .copied()
        .unwrap_or(0);
    let (reported, table) = if major >= 4 {
        ((7, 2, 4), 3)
    } else if exports(b"hipsparseConstCsrGet") {
        ((6, 4, 3), 2)
    } else if exports(b"hipsparseCsr2cscEx2") {
        ((5, 7, 1), 1)
    } else {
        ((5, 3, 3), 0)
    };
    Ok(Release { reported, table })
}

crate::rocm::rocm_library!("hipSPARSE", Hipsparse, ID, hipsparse);
