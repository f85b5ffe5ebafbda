//! cuRAND (`curand*`) on hipRAND. The host API's functions forward to hipRAND of the release
//! beside the HIP runtime (`hip_sys::hiprand`), generator types translated (hipRAND numbers them
//! its own way); `hand` holds what differs.

pub(crate) mod hand;

#[rustfmt::skip]
#[path = "../generated/curand_sys.rs"]
pub mod sys;
