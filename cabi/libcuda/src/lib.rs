//! `libcuda.so.1` for programs that load NVIDIA's driver library (`-lcuda`, `dlopen`), on HIP.
//! Each export is generated (`exports.rs`) from cuda.h — the functions it declares, their
//! per-thread-stream (`_ptds`/`_ptsz`) and legacy names — and calls `cuda_as_hip::raw`, which
//! validates C's integers and pointers; `guard.rs` keeps panics inside; `hand.rs` answers
//! `cuGetProcAddress` from the generated `procs.rs`.

#[path = "../../guard.rs"]
mod guard;
mod hand;
#[path = "../../setup.rs"]
mod setup;
#[rustfmt::skip]
mod exports;
#[rustfmt::skip]
mod procs;
