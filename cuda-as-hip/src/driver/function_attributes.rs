//! `cuFuncGetAttribute`: HIP's answer, but CUDA 12's thread-block-cluster attributes, which HIP
//! has no counterpart for, are answered as for a kernel that asks for no cluster — true of every
//! kernel here: AMD GPUs have no clusters, and a launch that asks for one is refused
//! (`launch_attributes.rs`). NVIDIA's static runtime reads every attribute in
//! `cudaFuncGetAttributes` and fails on the first one refused: CUB's dispatch (CuPy's sort, scans
//! and reductions) stopped there.
#![allow(non_snake_case)]

use crate::call::{with_hip, DriverCall};
use crate::driver::sys::{CUfunction, CUfunction_attribute as A, CUresult};
use crate::generated::tables;
use std::ffi::c_int;

/// The cluster attributes, each 0 for a kernel that sets no cluster (no size required, none
/// given, portable sizes only, the default scheduling policy).
const NO_CLUSTER: [A; 6] = [
    A::CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET,
    A::CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH,
    A::CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT,
    A::CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH,
    A::CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED,
    A::CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE,
];

/// `pi` is non-NULL (the generated layer checked it).
pub unsafe fn cuFuncGetAttribute(pi: *mut c_int, attrib: u32, hfunc: CUfunction) -> CUresult {
    const F: DriverCall = DriverCall::to("cuFuncGetAttribute", "hipFuncGetAttribute");
    if hfunc.is_null() {
        return F.null_handle("hfunc");
    }
    let cluster = NO_CLUSTER.iter().any(|&a| a as u32 == attrib);
    // A cluster attribute still checks the function: HIP is asked for its block-size limit.
    let asked = match cluster {
        true => A::CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK as u32,
        false => attrib,
    };
    let r = with_hip!(F, |h| {
        let attrib = match tables::to_hip_CUfunction_attribute_enum(&F, asked, h.bindings()) {
            Ok(v) => v,
            Err(e) => return e,
        };
        F.result(h, unsafe {
            h.hipFuncGetAttribute(pi as _, attrib.into(), hfunc as _)
        })
    });
    if r == CUresult::CUDA_SUCCESS && cluster {
        // SAFETY: non-NULL, the caller's out-pointer.
        unsafe { pi.write(0) };
    }
    r
}
