//! `libnvJitLink.so.12` for programs that load NVIDIA's nvJitLink (`-lnvJitLink`, `dlopen`;
//! cuda-pathfinder loads it before cuSOLVER and cuSPARSE). Each export is generated
//! (`exports.rs`) from nvJitLink.h — under its plain name and every 12.x release's
//! (`__nvJitLinkCreate_12_0` … `_12_9`) — and calls `cuda_as_hip::raw`; see `guard.rs` for
//! panics.
#![allow(non_snake_case)]

#[path = "../../guard.rs"]
mod guard;
#[path = "../../setup.rs"]
mod setup;
#[rustfmt::skip]
mod exports;
