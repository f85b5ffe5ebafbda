//! cuSPARSE (`cusparse*`, the `cusparse.h` API: the generic SpMV / SpMM / SpGEMM / SpSV API, its
//! descriptors, format conversions and the legacy BSR/CSR routines) on hipSPARSE. Each function
//! forwards to hipSPARSE of the release beside the HIP runtime (`hip_sys::hipsparse`), with
//! cuSPARSE's index, operation, format, algorithm and data types translated to hipSPARSE's
//! numbers; `hand` holds what differs. Handles and descriptors are hipSPARSE's; a stream set on a
//! handle is the caller's `cudaStream_t`, which is HIP's.

pub(crate) mod hand;

#[rustfmt::skip]
#[path = "../generated/cusparse_sys.rs"]
pub mod sys;
