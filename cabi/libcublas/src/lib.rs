//! `libcublas.so.12` for programs that load NVIDIA's cuBLAS (`-lcublas`, `dlopen`), on hipBLAS.
//! Each export is generated (`exports.rs`) from cublas_v2.h and calls `cuda_as_hip::raw`, which
//! validates C's integers and pointers; `half.rs` adds the half-precision GEMMs cublas_api.h
//! declares for C++ only. See `guard.rs` for panics.

#[path = "../../guard.rs"]
mod guard;
#[path = "../../setup.rs"]
mod setup;
#[rustfmt::skip]
mod exports;
mod half;
