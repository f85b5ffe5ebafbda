//! `libnvrtc.so.12` for programs that load NVIDIA's NVRTC (`-lnvrtc`, `dlopen`), on hiprtc.
//! Each export is generated (`exports.rs`) from nvrtc.h and calls `cuda_as_hip::raw`, which
//! validates C's integers and pointers; see `guard.rs` for panics. `internal.rs` holds the one
//! export of NVIDIA's library nvrtc.h does not declare (`__nvrtcCPEx`).

#[path = "../../guard.rs"]
mod guard;
mod internal;
#[path = "../../setup.rs"]
mod setup;
#[rustfmt::skip]
mod exports;
