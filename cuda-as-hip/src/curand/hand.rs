//! The cuRAND functions written by hand (aliasgen/data/overrides/curand.txt says why each).
#![allow(non_snake_case)]

use super::sys::*;
use crate::call::{with_hip, CurandCall};
use crate::generated::curand_tables as t;
use hip_sys::hiprand::{hiprandGenerator_t, hiprandRngType_t, hiprandStatus_t, Hiprand};
use hip_sys::SymbolError;
use std::ffi::c_int;

/// `curandCreateGenerator`: hipRAND's, once HIP sees a GPU. Without one, hipRAND 5.x answers
/// `HIPRAND_STATUS_ALLOCATION_FAILED`, but 6.4 and 7.2 create the generator and then abort the
/// process (`rocRAND internal error: hipErrorNoDevice`) when it is destroyed; cuRAND answers
/// `CURAND_STATUS_INITIALIZATION_FAILED` when CUDA cannot start.
pub(crate) unsafe fn curandCreateGenerator(
    generator: *mut curandGenerator_t,
    rng_type: u32,
) -> curandStatus_t {
    const F: CurandCall = CurandCall::to("curandCreateGenerator", "hiprandCreateGenerator");
    unsafe { create(F, generator, rng_type, Hiprand::hiprandCreateGenerator) }
}

/// `curandCreateGeneratorHost`: as [`curandCreateGenerator`].
pub(crate) unsafe fn curandCreateGeneratorHost(
    generator: *mut curandGenerator_t,
    rng_type: u32,
) -> curandStatus_t {
    const F: CurandCall = CurandCall::to("curandCreateGeneratorHost", "hiprandCreateGeneratorHost");
    unsafe { create(F, generator, rng_type, Hiprand::hiprandCreateGeneratorHost) }
}

type Create = unsafe fn(
    &Hiprand,
    *mut hiprandGenerator_t,
    hiprandRngType_t,
) -> Result<hiprandStatus_t, SymbolError>;

/// A generator of cuRAND's `rng_type` made by `hip_create`, when HIP sees a GPU.
unsafe fn create(
    call: CurandCall,
    generator: *mut curandGenerator_t,
    rng_type: u32,
    hip_create: Create,
) -> curandStatus_t {
    // cuRAND's answer when CUDA cannot start.
    if let Err(e) = call.device_present(
        curandStatus_t::CURAND_STATUS_INITIALIZATION_FAILED,
        "hipRAND 6.4 and later would create a generator and abort the process destroying it",
    ) {
        return e;
    }
    with_hip!(call, |h| {
        let rng = match t::to_hip_curandRngType(&call, rng_type, h.bindings()) {
            Ok(v) => v,
            Err(e) => return e,
        };
        call.result(h, unsafe { hip_create(&h, generator.cast(), rng.into()) })
    })
}

/// `curandGetVersion`: the cuRAND version this layer implements (CUDA 12.9's), not the rocRAND
/// version `hiprandGetVersion` reports.
pub(crate) unsafe fn curandGetVersion(version: *mut c_int) -> curandStatus_t {
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { version.write(CURAND_VERSION as c_int) };
    curandStatus_t::CURAND_STATUS_SUCCESS
}

/// `curandGetProperty`: [`curandGetVersion`]'s version, by part (`libraryPropertyType`, read as
/// the caller's integer).
pub(crate) unsafe fn curandGetProperty(type_: u32, value: *mut c_int) -> curandStatus_t {
    const F: CurandCall = CurandCall::new("curandGetProperty");
    let version = [CURAND_VER_MAJOR, CURAND_VER_MINOR, CURAND_VER_PATCH];
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { F.library_property(type_, version, value) }
}
