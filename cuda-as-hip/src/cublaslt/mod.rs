//! cuBLASLt (`cublasLt*`, the `cublasLt.h` API) on hipBLASLt. Each function forwards to hipBLASLt
//! of the release beside the HIP runtime (`hip_sys::hipblaslt`, 7.1 or 7.2), with compute and data
//! types translated; descriptors and handles are hipBLASLt's. What differs is by hand:
//! `attributes` (enum-valued attribute values are CUDA's numbers in the caller's buffer and
//! hipBLASLt's in hipBLASLt), `hand` (versions, status texts, and the matmul algorithm, 64 bytes in
//! cuBLASLt and 24 in hipBLASLt) and `logger` (hipBLASLt has no logger calls).

pub(crate) mod attributes;
pub(crate) mod hand;
pub(crate) mod logger;

#[rustfmt::skip]
#[path = "../generated/cublaslt_sys.rs"]
pub mod sys;
