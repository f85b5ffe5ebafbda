//! NVRTC (`nvrtc*`) on hiprtc.

pub(crate) mod hand;
pub mod options;

#[rustfmt::skip]
#[path = "../generated/nvrtc_sys.rs"]
pub mod sys;
