//! `libcuda.so.1` for programs that load NVIDIA's driver library (`-lcuda`, `dlopen`), on HIP.
//! Each export is generated (`exports.rs`) from cuda.h and calls `cuda_as_hip::raw`, which
//! validates C's integers and pointers; see `guard.rs` for panics.

#[path = "../../guard.rs"]
mod guard;
#[rustfmt::skip]
mod exports;
