//! cuBLAS on the hipBLAS beside this run's HIP runtime (a sysroot's 5.7.1 / 6.4.3 / 7.2.4 with
//! hipBLAS 5.5.1 / 6.4.4 / 7.2.4; none beside the host's 5.2.3), without a GPU: what each call
//! answers, in cuBLAS's codes, per release (`test_support::FACTS`). Calls through
//! `cuda_as_hip::raw` take C's integers, so values cuBLAS's enums lack can be passed.

use cuda_as_hip::cublas::sys::{self as sys, cublasStatus_t as S};
use cuda_as_hip::raw;
use std::ffi::{c_int, c_void, CStr};
use test_support::hip_run;

/// The release of the hipBLAS beside this run's HIP, if Debian ships one there.
fn hipblas_release() -> Option<&'static str> {
    hip_run().facts.hipblas.as_ref().map(|f| f.release)
}

/// `cublasSgemm_v2` of two 2×2 matrices on `handle`, `transa` as C's integer.
unsafe fn sgemm(handle: sys::cublasHandle_t, transa: u32) -> S {
    let (a, mut c, one) = ([1.0f32; 4], [0.0f32; 4], 1.0f32);
    let op_n = sys::cublasOperation_t::CUBLAS_OP_N as u32;
    let (a, c) = (a.as_ptr(), c.as_mut_ptr());
    // SAFETY: the caller's handle; the matrices are the 2×2 ones here.
    unsafe { raw::cublasSgemm_v2(handle, transa, op_n, 2, 2, 2, &one, a, 2, a, 2, &one, c, 2) }
}

#[test]
fn version_properties_and_status_texts_are_cublas() {
    let mut v: c_int = 0;
    // SAFETY: valid out-pointers; NULL ones are what is tested. No handle is needed.
    unsafe {
        let null = std::ptr::null_mut();
        assert_eq!(
            sys::cublasGetVersion_v2(null, &mut v),
            S::CUBLAS_STATUS_SUCCESS
        );
        assert_eq!(v, 120901);
        assert_eq!(v as u32, sys::CUBLAS_VERSION);
        let part = |p: u32| {
            let mut x = -1;
            (raw::cublasGetProperty(p, &mut x), x)
        };
        assert_eq!(part(0), (S::CUBLAS_STATUS_SUCCESS, 12));
        assert_eq!(part(1), (S::CUBLAS_STATUS_SUCCESS, 9));
        assert_eq!(part(2), (S::CUBLAS_STATUS_SUCCESS, 1));
        assert_eq!(part(7).0, S::CUBLAS_STATUS_INVALID_VALUE);
        assert_eq!(
            sys::cublasGetVersion_v2(null, std::ptr::null_mut()),
            S::CUBLAS_STATUS_INVALID_VALUE
        );
        assert_eq!(sys::cublasGetCudartVersion(), 12090);
        let text = |p: *const std::ffi::c_char| CStr::from_ptr(p).to_str().unwrap();
        assert_eq!(
            text(raw::cublasGetStatusName(15)),
            "CUBLAS_STATUS_NOT_SUPPORTED"
        );
        assert_eq!(
            text(raw::cublasGetStatusString(1)),
            "the library was not initialized"
        );
        assert_eq!(text(raw::cublasGetStatusName(2)), "<unknown>");
        assert_eq!(text(raw::cublasGetStatusString(99)), "unknown error");
    }
}

#[test]
fn no_handle_without_a_gpu() {
    let mut handle = std::ptr::null_mut();
    // SAFETY: valid out-pointers; a NULL one is what is tested.
    unsafe {
        assert_eq!(
            sys::cublasCreate_v2(&mut handle),
            S::CUBLAS_STATUS_NOT_INITIALIZED
        );
        assert!(handle.is_null(), "no handle is handed out");
        assert_eq!(
            sys::cublasCreate_v2(std::ptr::null_mut()),
            S::CUBLAS_STATUS_INVALID_VALUE
        );
    }
}

/// Every call on a NULL handle is NOT_INITIALIZED: hipBLAS's answer translated, or, with no
/// hipBLAS beside HIP 5.2.3, the answer for a library that is not there.
#[test]
fn a_null_handle_is_not_initialized() {
    let null = std::ptr::null_mut();
    let not_init = S::CUBLAS_STATUS_NOT_INITIALIZED;
    let (a, b) = ([1.0f32; 4], [1.0f32; 4]);
    let mut c = [0.0f32; 4];
    let one = 1.0f32;
    // SAFETY: a NULL handle is what is tested; hipBLAS checks it before any memory.
    unsafe {
        assert_eq!(sys::cublasDestroy_v2(null), not_init);
        // cudaStreamLegacy (0x1) becomes HIP's null stream before hipBLAS sees it.
        assert_eq!(sys::cublasSetStream_v2(null, 1 as _), not_init);
        let mut mode = 0;
        assert_eq!(raw::cublasGetPointerMode_v2(null, &mut mode), not_init);
        let op_n = sys::cublasOperation_t::CUBLAS_OP_N as u32;
        assert_eq!(sgemm(null, op_n), not_init);
        // candle's call: f16 in, f32 accumulation, each release's numbering of both.
        let gemm_ex = raw::cublasGemmStridedBatchedEx(
            null,
            op_n,
            op_n,
            2,
            2,
            2,
            (&one as *const f32).cast(),
            a.as_ptr().cast(),
            sys::cudaDataType_t::CUDA_R_16F as u32,
            2,
            4,
            b.as_ptr().cast(),
            sys::cudaDataType_t::CUDA_R_16F as u32,
            2,
            4,
            (&one as *const f32).cast(),
            c.as_mut_ptr().cast::<c_void>(),
            sys::cudaDataType_t::CUDA_R_16F as u32,
            2,
            4,
            1,
            sys::cublasComputeType_t::CUBLAS_COMPUTE_32F as u32,
            sys::cublasGemmAlgo_t::CUBLAS_GEMM_DEFAULT_TENSOR_OP as i32,
        );
        assert_eq!(gemm_ex, not_init);
    }
}

/// A handle no call may reach hipBLAS with: what is refused before hipBLAS is called is tested
/// on it (a NULL handle is refused first of all). Nothing dereferences it unless a refusal is
/// missing, and then the test crashes, as it should.
fn dangling() -> sys::cublasHandle_t {
    std::ptr::NonNull::dangling().as_ptr()
}

#[test]
fn values_cublas_lacks_are_refused_before_hipblas() {
    let handle = dangling();
    let (a, b) = ([1.0f32; 4], [1.0f32; 4]);
    let mut c = [0.0f32; 4];
    let one = 1.0f32;
    let op_n = sys::cublasOperation_t::CUBLAS_OP_N as u32;
    // SAFETY: never reaches hipBLAS with these values.
    unsafe {
        let bad_op = sgemm(handle, 12345);
        let bad_type = raw::cublasGemmEx(
            handle,
            op_n,
            op_n,
            2,
            2,
            2,
            (&one as *const f32).cast(),
            a.as_ptr().cast(),
            12345,
            2,
            b.as_ptr().cast(),
            0,
            2,
            (&one as *const f32).cast(),
            c.as_mut_ptr().cast::<c_void>(),
            0,
            2,
            68,
            -1,
        );
        let bad_mode = raw::cublasSetPointerMode_v2(handle, 7);
        let expected = match hipblas_release() {
            Some(_) => S::CUBLAS_STATUS_INVALID_VALUE,
            // Without hipBLAS, no release's tables to check them against.
            None => S::CUBLAS_STATUS_NOT_INITIALIZED,
        };
        assert_eq!([bad_op, bad_type, bad_mode], [expected; 3]);
    }
}

/// What a release lacks is NOT_SUPPORTED (on a handle hipBLAS never sees); what it has reaches
/// hipBLAS (on a NULL handle: NOT_INITIALIZED).
#[test]
fn each_release_answers_what_it_has() {
    let (a, mut b) = ([1.0f32; 4], [1.0f32; 4]);
    let mut c = [0.0f32; 4];
    let one = 1.0f32;
    // 5.5: trmm in place only (12 parameters), no math mode.
    let has = match hipblas_release() {
        Some("5.5.1") => [false; 2],
        _ => [true; 2],
    };
    let handle = |i: usize| match has[i] {
        true => std::ptr::null_mut(),
        false => dangling(),
    };
    let expected = has.map(|h| match h {
        true => S::CUBLAS_STATUS_NOT_INITIALIZED,
        false => S::CUBLAS_STATUS_NOT_SUPPORTED,
    });
    // SAFETY: NULL handles, which are refused, or handles hipBLAS never sees.
    unsafe {
        let side = sys::cublasSideMode_t::CUBLAS_SIDE_LEFT as u32;
        let (lower, op_n) = (0, 0);
        let diag = sys::cublasDiagType_t::CUBLAS_DIAG_NON_UNIT as u32;
        let trmm = raw::cublasStrmm_v2(
            handle(0),
            side,
            lower,
            op_n,
            diag,
            2,
            2,
            &one,
            a.as_ptr(),
            2,
            b.as_mut_ptr(),
            2,
            c.as_mut_ptr(),
            2,
        );
        let mut math = 0;
        let math_mode = raw::cublasGetMathMode(handle(1), &mut math);
        assert_eq!([trmm, math_mode], expected);
    }
}

/// The half-precision GEMMs cublas_api.h declares for C++ only (`cuda_as_hip::cublas::half`).
#[test]
fn half_gemms_are_forwarded_with_their_operations_translated() {
    use cuda_as_hip::cublas::half;
    let (a, b) = ([0u16; 4], [0u16; 4]);
    let mut c = [0u16; 4];
    let one = 0x3c00u16; // 1.0
    let op_n = sys::cublasOperation_t::CUBLAS_OP_N as u32;
    // SAFETY: a NULL handle, refused, or a dangling one with an operation refused before hipBLAS.
    unsafe {
        let gemm = |handle, transa, m: c_int| {
            half::cublasHgemm(
                handle,
                transa,
                op_n,
                m,
                2,
                2,
                &one,
                a.as_ptr(),
                2,
                b.as_ptr(),
                2,
                &one,
                c.as_ptr().cast_mut(),
                2,
            )
        };
        assert_eq!(
            gemm(std::ptr::null_mut(), op_n, 2),
            S::CUBLAS_STATUS_NOT_INITIALIZED
        );
        let bad_op = gemm(dangling(), 12345, 2);
        let strided = half::cublasHgemmStridedBatched_64(
            std::ptr::null_mut(),
            op_n,
            op_n,
            2,
            2,
            2,
            &one,
            a.as_ptr(),
            2,
            4,
            b.as_ptr(),
            2,
            4,
            &one,
            c.as_mut_ptr(),
            2,
            4,
            1,
        );
        assert_eq!(strided, S::CUBLAS_STATUS_NOT_INITIALIZED);
        match hipblas_release() {
            Some(_) => assert_eq!(bad_op, S::CUBLAS_STATUS_INVALID_VALUE),
            None => assert_eq!(bad_op, S::CUBLAS_STATUS_NOT_INITIALIZED),
        }
    }
}

/// hipBLAS before 7.2 has no hipblasSetWorkspace: rocBLAS keeps its own scratch memory, and the
/// call succeeds without hipBLAS seeing the handle; 7.2's takes it.
#[test]
fn set_workspace_succeeds_where_rocblas_keeps_its_own() {
    let mut scratch = [0u8; 64];
    let workspace = scratch.as_mut_ptr().cast::<c_void>();
    // SAFETY: a NULL handle, refused, or one hipBLAS never sees.
    unsafe {
        let null = sys::cublasSetWorkspace_v2(std::ptr::null_mut(), workspace, 64);
        assert_eq!(null, S::CUBLAS_STATUS_NOT_INITIALIZED);
        if matches!(hipblas_release(), Some("5.5.1" | "6.4.4")) {
            let kept = sys::cublasSetWorkspace_v2(dangling(), workspace, 64);
            assert_eq!(kept, S::CUBLAS_STATUS_SUCCESS);
        }
    }
}

#[test]
fn functions_hipblas_lacks_are_not_supported() {
    let mut count = 0;
    // SAFETY: never reaches hipBLAS.
    let r = unsafe { sys::cublasGetSmCountTarget(std::ptr::null_mut(), &mut count) };
    assert_eq!(r, S::CUBLAS_STATUS_NOT_SUPPORTED);
}
