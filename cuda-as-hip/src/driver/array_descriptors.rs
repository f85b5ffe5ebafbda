//! Array descriptors on HIP 5.2.3, which has no `hipArrayGetDescriptor` / `hipArray3DGetDescriptor`
//! (5.7 adds them). NVIDIA's runtime asks for an array's descriptor in `cudaMemcpy3D` (its
//! element size), and so does this layer's HIP 5 3-D copy (`hip5.rs`): the descriptors of the
//! arrays made through `cuArrayCreate` / `cuArray3DCreate` are kept here from creation to
//! `cuArrayDestroy`. An array made another way (the runtime API's `cudaMallocArray`, a mipmap's
//! level) is not known: `CUDA_ERROR_NOT_SUPPORTED`, logged.
#![allow(non_snake_case)]

use crate::call::{with_hip, DriverCall};
use crate::driver::sys::*;
use hip_sys::{hipError_t, Hip, SymbolError};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

static KNOWN: Mutex<BTreeMap<usize, CUDA_ARRAY3D_DESCRIPTOR>> = Mutex::new(BTreeMap::new());

fn with_known<T>(f: impl FnOnce(&mut BTreeMap<usize, CUDA_ARRAY3D_DESCRIPTOR>) -> T) -> T {
    f(&mut KNOWN.lock().unwrap_or_else(PoisonError::into_inner))
}

/// A 2-D (or 1-D) array's descriptor as CUDA's 3-D one reports it: depth 0, no flags.
fn as_3d(d: &CUDA_ARRAY_DESCRIPTOR) -> CUDA_ARRAY3D_DESCRIPTOR {
    CUDA_ARRAY3D_DESCRIPTOR {
        Width: d.Width,
        Height: d.Height,
        Depth: 0,
        Format: d.Format,
        NumChannels: d.NumChannels,
        Flags: 0,
    }
}

/// Keeps `descriptor` for the array HIP made at `handle` when `r` is success.
unsafe fn record(
    r: CUresult,
    handle: *mut CUarray,
    descriptor: CUDA_ARRAY3D_DESCRIPTOR,
) -> CUresult {
    if r == CUresult::CUDA_SUCCESS {
        let array = unsafe { handle.read() } as usize;
        with_known(|known| known.insert(array, descriptor));
    }
    r
}

/// The kept descriptor of `array`, as `shape` makes it, written to `out`.
unsafe fn describe<T>(
    call: DriverCall,
    out: *mut T,
    array: CUarray,
    shape: impl FnOnce(CUDA_ARRAY3D_DESCRIPTOR) -> T,
) -> CUresult {
    if out.is_null() {
        return call.null_argument("pArrayDescriptor");
    }
    match with_known(|known| known.get(&(array as usize)).copied()) {
        Some(d) => {
            unsafe { out.write(shape(d)) };
            CUresult::CUDA_SUCCESS
        }
        None => call.unsupported(
            "HIP 5.2.3 has no hipArray3DGetDescriptor, and this array was not made by \
             cuArrayCreate / cuArray3DCreate (whose descriptors are kept); HIP 5.7 answers for any",
        ),
    }
}

/// Makes an array through `make` and keeps its descriptor: `describe` of the caller's, read once
/// HIP has accepted it (its format is then one CUDA defines).
unsafe fn create<D>(
    call: DriverCall,
    handle: *mut CUarray,
    d: *const D,
    make: impl FnOnce(&'static Hip) -> Result<hipError_t, SymbolError>,
    describe: impl FnOnce(&D) -> CUDA_ARRAY3D_DESCRIPTOR,
) -> CUresult {
    if handle.is_null() || d.is_null() {
        let param = if d.is_null() {
            "pAllocateArray"
        } else {
            "pHandle"
        };
        return call.null_argument(param);
    }
    let r = call.forward(make);
    unsafe { record(r, handle, describe(&d.read())) }
}

pub unsafe fn cuArrayCreate_v2(handle: *mut CUarray, d: *const CUDA_ARRAY_DESCRIPTOR) -> CUresult {
    const F: DriverCall = DriverCall::to("cuArrayCreate_v2", "hipArrayCreate");
    let make = |h: &'static Hip| unsafe { h.v5_2_3().hipArrayCreate(handle as _, d as _) };
    unsafe { create(F, handle, d, make, as_3d) }
}

pub unsafe fn cuArray3DCreate_v2(
    handle: *mut CUarray,
    d: *const CUDA_ARRAY3D_DESCRIPTOR,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuArray3DCreate_v2", "hipArray3DCreate");
    let make = |h: &'static Hip| unsafe { h.v5_2_3().hipArray3DCreate(handle as _, d as _) };
    unsafe { create(F, handle, d, make, |d| *d) }
}

pub unsafe fn cuArrayDestroy(array: CUarray) -> CUresult {
    const F: DriverCall = DriverCall::to("cuArrayDestroy", "hipArrayDestroy");
    with_hip!(F, |h| {
        let r = F.result(h, unsafe { h.v5_2_3().hipArrayDestroy(array as _) });
        if r == CUresult::CUDA_SUCCESS {
            with_known(|known| known.remove(&(array as usize)));
        }
        r
    })
}

pub unsafe fn cuArray3DGetDescriptor_v2(
    out: *mut CUDA_ARRAY3D_DESCRIPTOR,
    array: CUarray,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuArray3DGetDescriptor_v2", "");
    unsafe { describe(F, out, array, |d| d) }
}

pub unsafe fn cuArrayGetDescriptor_v2(out: *mut CUDA_ARRAY_DESCRIPTOR, array: CUarray) -> CUresult {
    const F: DriverCall = DriverCall::to("cuArrayGetDescriptor_v2", "");
    let shape = |d: CUDA_ARRAY3D_DESCRIPTOR| CUDA_ARRAY_DESCRIPTOR {
        Width: d.Width,
        Height: d.Height,
        Format: d.Format,
        NumChannels: d.NumChannels,
    };
    unsafe { describe(F, out, array, shape) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_descriptor_is_answered_until_the_array_is_forgotten() {
        let d = CUDA_ARRAY_DESCRIPTOR {
            Width: 40,
            Height: 6,
            Format: CUarray_format::CU_AD_FORMAT_FLOAT,
            NumChannels: 2,
        };
        let mut handle = 0x5eed as CUarray;
        let r = unsafe { record(CUresult::CUDA_SUCCESS, &mut handle, as_3d(&d)) };
        assert_eq!(r, CUresult::CUDA_SUCCESS);
        let mut three = std::mem::MaybeUninit::uninit();
        let r = unsafe { cuArray3DGetDescriptor_v2(three.as_mut_ptr(), handle) };
        assert_eq!(r, CUresult::CUDA_SUCCESS);
        let three = unsafe { three.assume_init() };
        assert_eq!(
            (three.Width, three.Height, three.Depth, three.Flags),
            (40, 6, 0, 0)
        );
        let mut two = std::mem::MaybeUninit::uninit();
        assert_eq!(
            unsafe { cuArrayGetDescriptor_v2(two.as_mut_ptr(), handle) },
            r
        );
        assert_eq!(unsafe { two.assume_init() }, d);
        with_known(|known| known.remove(&(handle as usize)));
        let r = unsafe { cuArrayGetDescriptor_v2(two.as_mut_ptr(), handle) };
        assert_eq!(r, CUresult::CUDA_ERROR_NOT_SUPPORTED);
        // A failed creation keeps nothing.
        let failed = CUresult::CUDA_ERROR_OUT_OF_MEMORY;
        assert_eq!(unsafe { record(failed, &mut handle, as_3d(&d)) }, failed);
        assert!(with_known(|known| !known.contains_key(&(handle as usize))));
    }
}
