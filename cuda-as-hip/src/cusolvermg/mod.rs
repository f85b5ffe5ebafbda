//! cuSOLVERMg (`cusolverMg*`, `cusolverMg.h`: the dense solvers of one node's GPUs together),
//! which has no HIP counterpart: `hand` gathers each distributed matrix ([`layout`]) onto one
//! device and solves it with this layer's cuSOLVER dense functions ([`element`], on hipSOLVER).
//! Its types and status are cuSOLVER's, its module shows them as cudarc's `cusolvermg::sys` does.

mod element;
pub(crate) mod hand;
mod layout;

#[rustfmt::skip]
#[path = "../generated/cusolvermg_sys.rs"]
pub mod sys;
