//! cuBLAS (`cublas*`, the `cublas_v2.h` API) on hipBLAS. Each function forwards to hipBLAS of the
//! release beside the HIP runtime (`hip_sys::hipblas`), with operation, fill, side, diagonal,
//! pointer-mode, data and compute types translated (hipBLAS numbers them its own way, and 5.5 has
//! no compute type of its own); `hand` holds what differs. Handles are hipBLAS's; a stream set on
//! one is the caller's `cudaStream_t`, which is HIP's. The legacy API of cublas.h (no handle,
//! `char` options) is made of the `_v2` functions (`legacy`).

pub mod half;
pub(crate) mod hand;
pub(crate) mod legacy;

#[rustfmt::skip]
#[path = "../generated/cublas_sys.rs"]
pub mod sys;
