//! hipRAND, cuRAND's counterpart: bindings per release (generated from Debian's `libhiprand-dev`
//! 5.3.3, 5.7.1, 6.4.3 and 7.2.4: [`common`] and one module per release), and its loader
//! ([`hiprand()`], through [`crate::rocm`]).
//!
//! `hiprandGetVersion` reports rocRAND's version (`major * 100_000 + minor * 100 + patch`), not
//! hipRAND's: 2.10.9 beside hipRAND 5.3.3, 2.10.17 beside 5.7.1, 3.3.0 beside 6.4.3 and 4.2.0
//! beside 7.2.4 (measured on Debian's packages). That version chooses the binding table.

#[rustfmt::skip]
#[path = "generated/hiprand/common.rs"]
pub mod common;
#[rustfmt::skip]
#[path = "generated/hiprand/v5_3_3.rs"]
pub mod v5_3_3;
#[rustfmt::skip]
#[path = "generated/hiprand/v5_7_1.rs"]
pub mod v5_7_1;
#[rustfmt::skip]
#[path = "generated/hiprand/v6_4_3.rs"]
pub mod v6_4_3;
#[rustfmt::skip]
#[path = "generated/hiprand/v7_2_4.rs"]
pub mod v7_2_4;

pub use common::*;

use crate::rocm::{self, Release, Spec};
use libloading::Library;

/// Environment variable naming the hipRAND library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_HIPRAND_LIBRARY";

/// hipRAND's place in [`crate::ROCM_LIBRARIES`].
pub const ID: u8 = 0;

pub(crate) static SPEC: Spec = Spec {
    label: "hipRAND",
    env: LIBRARY_ENV,
    names: &["libhiprand.so", "libhiprand.so.1"],
    package: "hipRAND (Debian/Ubuntu: libhiprand1, which brings librocrand1)",
    symbols: &SYMBOLS,
    release,
};

/// The binding table for the rocRAND version `hiprandGetVersion` reports: rocRAND 2.10 before
/// 2.10.17 is hipRAND 5.3's, the rest of 2.x 5.7's, 3.x 6.4's, 4.x and later 7.2's. hipRAND built
/// for NVIDIA (the GPU suite's loopback) reports cuRAND's version (10310: below rocRAND's range,
/// read as major 0) and gets the newest table.
fn release(library: &Library) -> Result<Release, String> {
    // SAFETY: `hiprandStatus_t hiprandGetVersion(int *version)`.
    let v = unsafe { rocm::int_version(library, c"hiprandGetVersion") }?;
    let v = u32::try_from(v).map_err(|_| format!("hiprandGetVersion reported {v}"))?;
    let reported = (v / 100_000, v / 100 % 1000, v % 100);
    let table = match reported {
        (2, 10, p) if p < 17 => 0,
        (2, 10.., _) => 1,
        (3, _, _) => 2,
        (0, _, _) | (4.., _, _) => 3,
        _ => {
            return Err(format!(
            "it reports rocRAND {}.{}.{}; the oldest supported is 2.10 (hipRAND 5.3): upgrade ROCm",
            reported.0, reported.1, reported.2
        ))
        }
    };
    Ok(Release { reported, table })
}

crate::rocm::rocm_library!("hipRAND", Hiprand, ID, hiprand);
