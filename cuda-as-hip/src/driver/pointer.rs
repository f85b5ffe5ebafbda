//! Pointer attributes. CUDA and HIP number the attributes alike (CUDA's last four have no HIP
//! value), but not the memory type `CU_POINTER_ATTRIBUTE_MEMORY_TYPE` answers (HIP 5 counts from
//! 0, HIP 6 puts arrays at 10): that answer is translated. And `cuPointerGetAttributes`, unlike
//! the singular call, answers a pointer CUDA does not know with success and every value zero,
//! where HIP refuses the whole list (`hipErrorInvalidValue`) — for such a pointer, or for one
//! attribute it does not answer: then each is asked alone. NVIDIA's runtime asks it for
//! `cudaPointerGetAttributes` of any host pointer (CuPy does, for every array made from host
//! memory). Its `attributes` are the caller's list, read only.
#![allow(non_snake_case)]

use crate::call::{with_hip, DriverCall};
use crate::driver::sys::*;
use crate::generated::tables as t;
use hip_sys::{hipError_t, hipPointer_attribute, Bindings};
use std::ffi::{c_uint, c_void};

const MEMORY_TYPE: u32 = CUpointer_attribute::CU_POINTER_ATTRIBUTE_MEMORY_TYPE as u32;

/// The size of what CUDA writes for `attribute` (cuda.h's documentation of each; HIP numbers the
/// attributes it has alike).
fn value_size(attribute: u32) -> usize {
    match attribute {
        1 | 3 | 4 | 7 | 11 | 12 | 14 | 17..=20 => 8, // handles, addresses, sizes, 64-bit ids
        5 => std::mem::size_of::<CUDA_POINTER_ATTRIBUTE_P2P_TOKENS>(),
        _ => 4, // memory type, ordinals, flags and booleans
    }
}

/// The memory type HIP wrote at `data`, as CUDA's; `None` for one CUDA has no value for (HIP 6's
/// "unregistered").
unsafe fn cuda_memory_type(call: &DriverCall, data: *mut c_void, b: Bindings) -> Option<u32> {
    let hip = unsafe { data.cast::<i32>().read() };
    t::from_hip_CUmemorytype_enum(call, hip.into(), b).ok()
}

/// No answer for `attribute` at `out`: zero, as CUDA writes for a pointer it does not know.
unsafe fn zero(out: *mut c_void, attribute: u32) {
    unsafe { out.cast::<u8>().write_bytes(0, value_size(attribute)) };
}

/// HIP's answer for `attribute` at `out` as CUDA's: a memory type translated (0 where CUDA has
/// none), every other value as HIP wrote it.
unsafe fn to_cuda(call: &DriverCall, attribute: u32, out: *mut c_void, b: Bindings) {
    if attribute == MEMORY_TYPE {
        let v = unsafe { cuda_memory_type(call, out, b) }.unwrap_or(0);
        unsafe { out.cast::<u32>().write(v) };
    }
}

pub unsafe fn cuPointerGetAttribute(
    data: *mut c_void,
    attribute: u32,
    ptr: CUdeviceptr,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuPointerGetAttribute", "hipPointerGetAttribute");
    if data.is_null() {
        return F.null_argument("data");
    }
    with_hip!(F, |h| {
        let hip_attribute = match t::to_hip_CUpointer_attribute_enum(&F, attribute, h.bindings()) {
            Ok(v) => v,
            Err(e) => return e,
        };
        let r = unsafe { h.hipPointerGetAttribute(data, hip_attribute.into(), ptr as usize as _) };
        let r = F.result(h, r);
        if r != CUresult::CUDA_SUCCESS || attribute != MEMORY_TYPE {
            return r;
        }
        match unsafe { cuda_memory_type(&F, data, h.bindings()) } {
            Some(v) => {
                unsafe { data.cast::<u32>().write(v) };
                r
            }
            // Memory HIP knows as unregistered: CUDA does not know the pointer.
            None => CUresult::CUDA_ERROR_INVALID_VALUE,
        }
    })
}

pub unsafe fn cuPointerGetAttributes(
    count: c_uint,
    attributes: *mut u32,
    data: *mut *mut c_void,
    ptr: CUdeviceptr,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuPointerGetAttributes", "hipDrvPointerGetAttributes");
    if count == 0 {
        return CUresult::CUDA_SUCCESS;
    }
    if attributes.is_null() || data.is_null() {
        return F.null_argument(if data.is_null() { "data" } else { "attributes" });
    }
    let n = count as usize;
    let (asked, outputs) = unsafe {
        (
            std::slice::from_raw_parts(attributes, n),
            std::slice::from_raw_parts(data, n),
        )
    };
    if outputs.iter().any(|p| p.is_null()) {
        return F.null_argument("data[i]");
    }
    with_hip!(F, |h| {
        let b = h.bindings();
        // What HIP is asked; an attribute HIP has no value for stays zero (nothing mapped).
        let (mut hip_attributes, mut hip_outputs) = (Vec::new(), Vec::new());
        for (&a, &out) in asked.iter().zip(outputs) {
            match t::to_hip_CUpointer_attribute_enum(&F, a, b) {
                Ok(v) => {
                    hip_attributes.push(hipPointer_attribute::from(v));
                    hip_outputs.push(out);
                }
                Err(CUresult::CUDA_ERROR_NOT_SUPPORTED) => {}
                Err(e) => return e,
            }
        }
        for (&a, &out) in asked.iter().zip(outputs) {
            unsafe { zero(out, a) };
        }
        if hip_attributes.is_empty() {
            return CUresult::CUDA_SUCCESS;
        }
        let r = unsafe {
            h.hipDrvPointerGetAttributes(
                hip_attributes.len() as c_uint,
                hip_attributes.as_mut_ptr(),
                hip_outputs.as_mut_ptr(),
                ptr as usize as _,
            )
        };
        let asked_of_hip = hip_attributes.iter().zip(&hip_outputs);
        if matches!(r, Ok(e) if e == hipError_t::hipErrorInvalidValue) {
            // A pointer HIP does not know, or one attribute this HIP refuses: asked one by one,
            // what HIP refuses stays zero (for an unknown pointer, all: CUDA's answer).
            for (&a, &out) in asked_of_hip {
                let one = unsafe { h.hipPointerGetAttribute(out, a, ptr as usize as _) };
                match one {
                    Ok(e) if e == hipError_t::hipSuccess => unsafe { to_cuda(&F, a.0, out, b) },
                    _ => unsafe { zero(out, a.0) },
                }
            }
            return CUresult::CUDA_SUCCESS;
        }
        let r = F.result(h, r);
        if r == CUresult::CUDA_SUCCESS {
            for (a, &out) in asked_of_hip {
                unsafe { to_cuda(&F, a.0, out, b) };
            }
        }
        r
    })
}
