//! cuBLASLt on the hipBLASLt beside this run's HIP runtime (7.1.1 beside 6.4.3, 7.2.4 beside 7.2.4;
//! none for HIP 5), without a GPU, through the Rust API cudarc's `cublaslt::sys` shape gives: no
//! handle (hipBLASLt would end the process), descriptors made and read in CUDA's numbers where
//! hipBLASLt is there and a clear NOT_INITIALIZED where it is not, and cuBLASLt's logger writing
//! this layer's failures to the file it was given.

use cuda_as_hip::cublaslt::sys::{self as sys, cublasStatus_t as S};
use std::ffi::CString;
use test_support::{hip_run, Scratch};

#[test]
fn no_handle_without_a_gpu_and_null_handles_refused() {
    let mut handle = std::ptr::null_mut();
    // SAFETY: a valid out-pointer, or NULL handles refused before hipBLASLt.
    unsafe {
        assert_eq!(
            sys::cublasLtCreate(&mut handle),
            S::CUBLAS_STATUS_NOT_INITIALIZED
        );
        assert!(handle.is_null());
        assert_eq!(
            sys::cublasLtDestroy(handle),
            S::CUBLAS_STATUS_NOT_INITIALIZED
        );
        let mut count = 0;
        let (n, mut results) = (std::ptr::null_mut(), std::mem::zeroed());
        let heuristic = sys::cublasLtMatmulAlgoGetHeuristic(
            n,
            n.cast(),
            n.cast(),
            n.cast(),
            n.cast(),
            n.cast(),
            n.cast(),
            1,
            &mut results,
            &mut count,
        );
        assert_eq!(heuristic, S::CUBLAS_STATUS_NOT_INITIALIZED);
    }
}

/// A descriptor in CUDA's numbers where hipBLASLt is beside the runtime (its pointer mode and
/// data type go in and come back as CUDA numbers them); where none is, NOT_INITIALIZED.
#[test]
fn descriptors_in_cudas_numbers() {
    let mut desc = std::ptr::null_mut();
    let compute = sys::cublasComputeType_t::CUBLAS_COMPUTE_32F;
    // SAFETY: valid out-pointers and 4-byte values; the descriptor made is destroyed once.
    unsafe {
        let made = sys::cublasLtMatmulDescCreate(&mut desc, compute, sys::cudaDataType::CUDA_R_32F);
        if hip_run().facts.hipblaslt_release.is_none() {
            return assert_eq!(made, S::CUBLAS_STATUS_NOT_INITIALIZED);
        }
        assert_eq!(made, S::CUBLAS_STATUS_SUCCESS);
        use sys::cublasLtMatmulDescAttributes_t as A;
        let set = |attr, value: u32| {
            sys::cublasLtMatmulDescSetAttribute(desc, attr, (&value as *const u32).cast(), 4)
        };
        let get = |attr| {
            let (mut value, mut written) = (u32::MAX, 0);
            let r = sys::cublasLtMatmulDescGetAttribute(
                desc,
                attr,
                (&mut value as *mut u32).cast(),
                4,
                &mut written,
            );
            (r, value, written)
        };
        let device = sys::cublasLtPointerMode_t::CUBLASLT_POINTER_MODE_DEVICE as u32;
        assert_eq!(
            set(A::CUBLASLT_MATMUL_DESC_POINTER_MODE, device),
            S::CUBLAS_STATUS_SUCCESS
        );
        assert_eq!(
            get(A::CUBLASLT_MATMUL_DESC_POINTER_MODE),
            (S::CUBLAS_STATUS_SUCCESS, device, 4)
        );
        let bf16 = sys::cudaDataType::CUDA_R_16BF as u32;
        assert_eq!(
            set(A::CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE, bf16),
            S::CUBLAS_STATUS_SUCCESS
        );
        assert_eq!(
            get(A::CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE),
            (S::CUBLAS_STATUS_SUCCESS, bf16, 4)
        );
        // Set once the descriptor is made: hipBLASLt fixes the compute type at creation.
        assert_eq!(
            set(A::CUBLASLT_MATMUL_DESC_COMPUTE_TYPE, 68),
            S::CUBLAS_STATUS_NOT_SUPPORTED
        );
        assert_eq!(
            sys::cublasLtMatmulDescDestroy(desc),
            S::CUBLAS_STATUS_SUCCESS
        );
    }
}

/// cuBLASLt's logger, at the error level, writes each failure of this layer's cuBLASLt calls to
/// the file it opened; forced off, it writes nothing more.
#[test]
fn the_logger_writes_failures_to_its_file() {
    let work = Scratch::new("cublaslt-log");
    let path = work.path().join("cublaslt.log");
    let c_path = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path; NULL handles refused before hipBLASLt.
    unsafe {
        assert_eq!(
            sys::cublasLtLoggerOpenFile(c_path.as_ptr()),
            S::CUBLAS_STATUS_SUCCESS
        );
        assert_eq!(sys::cublasLtLoggerSetLevel(1), S::CUBLAS_STATUS_SUCCESS);
        assert_eq!(
            sys::cublasLtDestroy(std::ptr::null_mut()),
            S::CUBLAS_STATUS_NOT_INITIALIZED
        );
        // Off before reading: the other tests of this process fail calls too.
        assert_eq!(sys::cublasLtLoggerForceDisable(), S::CUBLAS_STATUS_SUCCESS);
        let logged = std::fs::read_to_string(&path).unwrap();
        assert!(
            logged.contains("[cublasLt]") && logged.contains("CUBLAS_STATUS_NOT_INITIALIZED"),
            "{logged}"
        );
        assert_eq!(sys::cublasLtLoggerSetLevel(5), S::CUBLAS_STATUS_SUCCESS);
        sys::cublasLtDestroy(std::ptr::null_mut());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), logged);
    }
}

/// An algorithm that is not one the heuristic returned (here: zeroed) is refused before hipBLASLt,
/// which would read its bytes as an index into its kernels.
#[test]
fn a_matmul_with_an_algorithm_of_no_heuristic_is_refused() {
    let handle = std::ptr::NonNull::dangling().as_ptr();
    let n: *mut std::ffi::c_void = std::ptr::null_mut();
    let zeroed = sys::cublasLtMatmulAlgo_t { data: [0; 8] };
    // SAFETY: refused before anything is looked into.
    let r = unsafe {
        sys::cublasLtMatmul(
            handle,
            n.cast(),
            n,
            n,
            n.cast(),
            n,
            n.cast(),
            n,
            n,
            n.cast(),
            n,
            n.cast(),
            &zeroed,
            n,
            0,
            n.cast(),
        )
    };
    assert_eq!(r, S::CUBLAS_STATUS_INVALID_VALUE);
}
