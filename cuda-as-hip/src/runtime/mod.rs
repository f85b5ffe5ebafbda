//! The CUDA runtime API (`cuda*`) on the same HIP as the driver API: a `cudaStream_t` is a
//! `CUstream` is a `hipStream_t`, memory from `cudaMalloc` serves `cu*` calls and back.

pub(crate) mod hand;
pub mod last_error;
pub mod launch;
pub(crate) mod library;
pub(crate) mod streams;

#[rustfmt::skip]
#[path = "../generated/runtime_sys.rs"]
pub mod sys;

/// CUDA 11's `cudaDeviceProp`, which libcudart's old-ABI `cudaGetDeviceProperties` fills.
#[rustfmt::skip]
#[path = "../generated/runtime_cuda11.rs"]
pub mod cuda11;
