//! The CUDA driver API (`cu*`).

pub(crate) mod array_descriptors;
pub(crate) mod context_storage;
pub(crate) mod copy;
pub mod export_tables;
pub(crate) mod function_attributes;
pub(crate) mod graph;
pub(crate) mod hand;
/// What `cuDeviceGetAttribute` answers for an attribute the running HIP cannot report.
pub use crate::device_attributes::always_answered as attribute_answered_without_hip;
pub(crate) mod handles;
pub(crate) mod hip5;
pub(crate) mod image;
pub(crate) mod launch_ex;
pub(crate) mod library;
pub(crate) mod link;
pub(crate) mod peer;
pub(crate) mod pointer;

#[rustfmt::skip]
#[path = "../generated/driver_sys.rs"]
pub mod sys;

impl sys::CUresult {
    /// `Ok` for `CUDA_SUCCESS`, else the code as the error: `?` for hand-written code that makes
    /// several driver calls.
    pub(crate) fn into_result(self) -> Result<(), Self> {
        match self {
            Self::CUDA_SUCCESS => Ok(()),
            failed => Err(failed),
        }
    }
}
