//! `libcurand.so.10` for programs that load NVIDIA's cuRAND (`-lcurand`, `dlopen`), on hipRAND.
//! Each export is generated (`exports.rs`) from curand.h and calls `cuda_as_hip::raw`, which
//! validates C's integers and pointers; see `guard.rs` for panics.

#[path = "../../guard.rs"]
mod guard;
#[path = "../../setup.rs"]
mod setup;
#[rustfmt::skip]
mod exports;
