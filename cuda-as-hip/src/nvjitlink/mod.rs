//! nvJitLink (`nvJitLink*`), which has no HIP counterpart: a link here is
//! [`crate::jit::link::Linker`] — PTX (translated), NVIDIA fat binaries (their PTX) and NVRTC's
//! `-rdc=true` bitcode, linked by comgr into one AMD code object, as `cuLink*` links — with
//! nvJitLink's options, input types, codes and logs. The "cubin" it hands back is that code
//! object, which `cuModuleLoadData` takes.

pub(crate) mod hand;
mod options;

#[rustfmt::skip]
#[path = "../generated/nvjitlink_sys.rs"]
pub mod sys;
