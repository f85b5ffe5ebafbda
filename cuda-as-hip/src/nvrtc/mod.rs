//! NVRTC (`nvrtc*`) on hiprtc.

pub mod cache;
pub(crate) mod hand;
pub mod headers;
pub mod options;
pub mod program;

#[rustfmt::skip]
#[path = "../generated/nvrtc_sys.rs"]
pub mod sys;
