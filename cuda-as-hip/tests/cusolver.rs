//! cuSOLVER on the hipSOLVER beside this run's HIP runtime (a sysroot's 5.7.1 / 6.4.3 / 7.2.4 with
//! hipSOLVER 5.5.1 / 6.4.1 / 7.2.4; none beside 5.2.3), without a GPU: cuSOLVER's version, handles
//! refused as cuSOLVER refuses them, NULL handles and out-pointers answered with cuSOLVER's codes,
//! cuBLAS's enums translated to hipSOLVER's numbers before the call.

use cuda_as_hip::cusolver::sys::{self as sys, cusolverStatus_t as S};
use std::ffi::c_int;
use test_support::hip_run;

#[test]
fn version_is_cusolvers() {
    let (mut v, mut parts): (c_int, [c_int; 3]) = (0, [0; 3]);
    let which = [
        sys::libraryPropertyType_t::MAJOR_VERSION,
        sys::libraryPropertyType_t::MINOR_VERSION,
        sys::libraryPropertyType_t::PATCH_LEVEL,
    ];
    // SAFETY: valid out-pointers; a NULL one is what is tested.
    unsafe {
        assert_eq!(sys::cusolverGetVersion(&mut v), S::CUSOLVER_STATUS_SUCCESS);
        for (part, which) in parts.iter_mut().zip(which) {
            assert_eq!(
                sys::cusolverGetProperty(which, part),
                S::CUSOLVER_STATUS_SUCCESS
            );
        }
        let null = sys::cusolverGetVersion(std::ptr::null_mut());
        assert_eq!(null, S::CUSOLVER_STATUS_INVALID_VALUE);
    }
    assert_eq!((v, parts), (11705, [11, 7, 5]));
}

/// No GPU: no handle of any of the three APIs (cuSOLVER's NOT_INITIALIZED, whatever hipSOLVER would
/// answer); a NULL out-pointer is INVALID_VALUE (hipSOLVER would answer HANDLE_IS_NULLPTR).
#[test]
fn no_handle_without_a_gpu() {
    let (mut dn, mut sp, mut rf) = (
        std::ptr::null_mut(),
        std::ptr::null_mut(),
        std::ptr::null_mut(),
    );
    // SAFETY: valid out-pointers, or NULL ones refused before hipSOLVER.
    unsafe {
        let made = [
            sys::cusolverDnCreate(&mut dn),
            sys::cusolverSpCreate(&mut sp),
            sys::cusolverRfCreate(&mut rf),
        ];
        assert_eq!(made, [S::CUSOLVER_STATUS_NOT_INITIALIZED; 3]);
        let null = sys::cusolverDnCreate(std::ptr::null_mut());
        assert_eq!(null, S::CUSOLVER_STATUS_INVALID_VALUE);
    }
    assert!(dn.is_null() && sp.is_null() && rf.is_null());
}

/// A NULL handle is cuSOLVER's NOT_INITIALIZED, answered before hipSOLVER (which would answer
/// HANDLE_IS_NULLPTR); an unknown fill mode is INVALID_VALUE, before the handle reaches anything.
#[test]
fn null_handles_and_unknown_enums_get_cusolvers_codes() {
    let mut lwork = 0;
    let null = std::ptr::null_mut();
    let a = std::ptr::NonNull::<f32>::dangling().as_ptr();
    let lower = sys::cublasFillMode_t::CUBLAS_FILL_MODE_LOWER;
    // SAFETY: refused before hipSOLVER (a NULL handle; an unknown constant).
    unsafe {
        let size = sys::cusolverDnSpotrf_bufferSize(null, lower, 4, a, 4, &mut lwork);
        let stream = sys::cusolverDnSetStream(null, null.cast());
        let destroyed = sys::cusolverDnDestroy(null);
        assert_eq!(
            [size, stream, destroyed],
            [S::CUSOLVER_STATUS_NOT_INITIALIZED; 3]
        );
        let handle = std::ptr::NonNull::dangling().as_ptr();
        let unknown =
            cuda_as_hip::raw::cusolverDnSpotrf_bufferSize(handle, 99, 4, a, 4, &mut lwork);
        let want = match hip_run().facts.hipsolver {
            Some(_) => S::CUSOLVER_STATUS_INVALID_VALUE,
            // No hipSOLVER to load: nothing is translated.
            None => S::CUSOLVER_STATUS_NOT_INITIALIZED,
        };
        assert_eq!(unknown, want);
    }
}

/// cusolverDnXsyevd (64-bit, CuPy's `eigh`) goes to hipSOLVER's 32-bit syevd / heevd: type
/// combinations cuSOLVER does not take and sizes beyond 32 bits are NOT_SUPPORTED before hipSOLVER;
/// a valid problem reaches the 32-bit call, which refuses the NULL handle as cuSOLVER does.
#[test]
fn xsyevd_goes_to_the_32_bit_eigensolver() {
    let (null, mut device, mut host) = (std::ptr::null_mut(), 0usize, 0usize);
    let params: sys::cusolverDnParams_t = std::ptr::null_mut(); // not read
    let w = std::ptr::NonNull::<f64>::dangling().as_ptr().cast();
    let r64 = sys::cudaDataType_t::CUDA_R_64F as u32;
    let (c64, vector, lower) = (sys::cudaDataType_t::CUDA_C_64F as u32, 1, 0);
    let size = |n: i64, types: (u32, u32, u32), device: &mut usize, host: &mut usize| unsafe {
        cuda_as_hip::raw::cusolverDnXsyevd_bufferSize(
            null, params, vector, lower, n, types.0, w, n, types.1, w, types.2, device, host,
        )
    };
    let unsupported = S::CUSOLVER_STATUS_NOT_SUPPORTED;
    assert_eq!(
        size(8, (c64, c64, c64), &mut device, &mut host),
        unsupported
    );
    assert_eq!(
        size(1 << 32, (r64, r64, r64), &mut device, &mut host),
        unsupported
    );
    let no_handle = S::CUSOLVER_STATUS_NOT_INITIALIZED;
    assert_eq!(size(8, (r64, r64, r64), &mut device, &mut host), no_handle);
    assert_eq!(size(8, (c64, r64, c64), &mut device, &mut host), no_handle);
    let solve = unsafe {
        cuda_as_hip::raw::cusolverDnXsyevd(
            null,
            params,
            vector,
            lower,
            8,
            r64,
            w,
            8,
            r64,
            w,
            r64,
            w,
            64,
            null.cast(),
            0,
            null.cast(),
        )
    };
    assert_eq!(solve, no_handle);
    let null_size = unsafe {
        cuda_as_hip::raw::cusolverDnXsyevd_bufferSize(
            null,
            params,
            vector,
            lower,
            8,
            r64,
            w,
            8,
            r64,
            w,
            r64,
            null.cast(),
            &mut host,
        )
    };
    assert_eq!(null_size, S::CUSOLVER_STATUS_INVALID_VALUE);
}
