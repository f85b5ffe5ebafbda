//! cuSOLVER (`cusolver*`: the dense `cusolverDn.h`, sparse `cusolverSp.h` and refactorization
//! `cusolverRf.h` APIs) on hipSOLVER. Each function forwards to hipSOLVER of the release beside
//! the HIP runtime (`hip_sys::hipsolver`), with cuBLAS's fill, operation, side and diagonal enums
//! and cuSOLVER's eigen-problem, status and data types translated to hipSOLVER's numbers; `hand`
//! holds what differs. Handles are hipSOLVER's; a stream set on one is the caller's
//! `cudaStream_t`, which is HIP's.

pub(crate) mod hand;
mod syevd64;

#[rustfmt::skip]
#[path = "../generated/cusolver_sys.rs"]
pub mod sys;
