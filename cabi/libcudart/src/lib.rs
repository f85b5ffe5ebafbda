//! `libcudart.so.12` for programs that load NVIDIA's CUDA runtime (`-lcudart`, `dlopen`), on HIP.
//! Each export is generated (`exports.rs`) from cuda_runtime_api.h — the functions it declares and
//! their per-thread-stream (`_ptds`/`_ptsz`) names — and calls `cuda_as_hip::raw`, which validates
//! C's integers and pointers; `guard.rs` keeps panics inside; `hand.rs` answers
//! `cudaGetDriverEntryPoint*` from libcuda's table; `old_abi.rs` translates CUDA 11's ABI, which
//! NVIDIA's libcudart.so.12 still exports; `nvcc.rs` holds nvcc's registration and launch entry
//! points.

#[path = "../../guard.rs"]
mod guard;
mod hand;
mod nvcc;
mod old_abi;
#[path = "../../setup.rs"]
mod setup;
#[rustfmt::skip]
mod exports;
