//! NCCL (`nccl*` and the profiling aliases `pnccl*`) on RCCL, which keeps NCCL's names and
//! numbers: each function forwards to RCCL of the release beside the HIP runtime
//! (`hip_sys::rccl`), streams as HIP's; `hand` holds what differs.

pub(crate) mod hand;

#[rustfmt::skip]
#[path = "../generated/nccl_sys.rs"]
pub mod sys;
