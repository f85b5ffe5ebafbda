//! RCCL, NCCL's counterpart, which keeps NCCL's names: bindings per release (generated from
//! Debian's `librccl-dev` 5.4.3 and 7.2.4 — the releases beside HIP 5.7.1 and 7.2.4; none beside
//! 5.2.3 or 6.4.3 —: [`common`] and one module per release), and its loader ([`rccl()`], through
//! [`crate::rocm`]).
//!
//! `ncclGetVersion` reports the NCCL version the RCCL release implements (`major * 10_000 +
//! minor * 100 + patch`): 2.13.4 for RCCL 5.4.3, 2.27.7 for 7.2.4 (measured on Debian's packages).
//! That version chooses the binding table; NVIDIA's own libnccl (the GPU suite's stand-in for
//! RCCL) reports its NCCL version and gets the newest table.

#[rustfmt::skip]
#[path = "generated/rccl/common.rs"]
pub mod common;
#[rustfmt::skip]
#[path = "generated/rccl/v5_4_3.rs"]
pub mod v5_4_3;
#[rustfmt::skip]
#[path = "generated/rccl/v7_2_4.rs"]
pub mod v7_2_4;

pub use common::*;

use crate::rocm::{self, Release, Spec};
use libloading::Library;

/// Environment variable naming the RCCL library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_RCCL_LIBRARY";

/// RCCL's place in [`crate::ROCM_LIBRARIES`].
pub const ID: u8 = 2;

pub(crate) static SPEC: Spec = Spec {
    label: "RCCL",
    env: LIBRARY_ENV,
    names: &["librccl.so", "librccl.so.1"],
    package: "RCCL (Debian/Ubuntu: librccl1)",
    symbols: &SYMBOLS,
    release,
};

/// The binding table for the NCCL version `ncclGetVersion` reports: before 2.20, RCCL 5.4's;
/// from 2.20 on, 7.2's.
fn release(library: &Library) -> Result<Release, String> {
    // SAFETY: `ncclResult_t ncclGetVersion(int *version)`.
    let v = unsafe { rocm::int_version(library, c"ncclGetVersion") }?;
    let v = u32::try_from(v).map_err(|_| format!("ncclGetVersion reported {v}"))?;
    let reported = (v / 10_000, v / 100 % 100, v % 100);
    let table = match reported {
        (2, 13..=19, _) => 0,
        (2, 20.., _) | (3.., _, _) => 1,
        _ => {
            return Err(format!(
            "it implements NCCL {}.{}.{}; the oldest supported is 2.13 (RCCL 5.4): upgrade ROCm",
            reported.0, reported.1, reported.2
        ))
        }
    };
    Ok(Release { reported, table })
}

crate::rocm::rocm_library!("RCCL", Rccl, ID, rccl);
