//! cuSPARSE on the hipSPARSE beside this run's HIP runtime (5.3.3, 5.7.1, 6.4.3, 7.2.4), without a
//! GPU: cuSPARSE's version and error texts, no handle (where hipSPARSE before 7.x would answer
//! success with a NULL handle), NULL handles refused as cuSPARSE refuses them, and matrix
//! descriptors — which need no GPU — made, set and read back through hipSPARSE in cuSPARSE's
//! numbering.

use cuda_as_hip::cusparse::sys::{self as sys, cusparseStatus_t as S};
use std::ffi::{c_int, CStr};

#[test]
fn version_names_and_texts_are_cusparses() {
    let (mut v, mut major): (c_int, c_int) = (0, 0);
    let handle = std::ptr::NonNull::dangling().as_ptr();
    // SAFETY: valid out-pointers; the handle is never looked into; NULL ones are what is tested.
    unsafe {
        assert_eq!(
            sys::cusparseGetVersion(handle, &mut v),
            S::CUSPARSE_STATUS_SUCCESS
        );
        let null = sys::cusparseGetVersion(std::ptr::null_mut(), &mut v);
        assert_eq!(
            null,
            S::CUSPARSE_STATUS_INVALID_VALUE,
            "NVIDIA's answer for a NULL handle"
        );
        let which = sys::libraryPropertyType_t::MAJOR_VERSION;
        assert_eq!(
            sys::cusparseGetProperty(which, &mut major),
            S::CUSPARSE_STATUS_SUCCESS
        );
        let text = |p| CStr::from_ptr(p).to_str().unwrap();
        assert_eq!(
            text(sys::cusparseGetErrorName(S::CUSPARSE_STATUS_ZERO_PIVOT)),
            "CUSPARSE_STATUS_ZERO_PIVOT"
        );
        assert_eq!(
            text(sys::cusparseGetErrorString(
                S::CUSPARSE_STATUS_MAPPING_ERROR
            )),
            "texture memory mapping error"
        );
        assert_eq!(
            text(cuda_as_hip::raw::cusparseGetErrorString(12)),
            "unrecognized error code"
        );
    }
    assert_eq!((v, major), (12510, 12));
}

/// No GPU: no handle (cuSPARSE's NOT_INITIALIZED; hipSPARSE 5.3 – 6.4 would answer success and
/// leave it NULL); a NULL handle elsewhere is INVALID_VALUE, before hipSPARSE.
#[test]
fn no_handle_without_a_gpu() {
    let mut handle = std::ptr::null_mut();
    let mut mode = sys::cusparsePointerMode_t::CUSPARSE_POINTER_MODE_HOST;
    // SAFETY: valid out-pointers, or NULL handles refused before hipSPARSE.
    unsafe {
        assert_eq!(
            sys::cusparseCreate(&mut handle),
            S::CUSPARSE_STATUS_NOT_INITIALIZED
        );
        assert!(handle.is_null());
        assert_eq!(
            sys::cusparseCreate(std::ptr::null_mut()),
            S::CUSPARSE_STATUS_INVALID_VALUE
        );
        let null = std::ptr::null_mut();
        assert_eq!(
            sys::cusparseGetPointerMode(null, &mut mode),
            S::CUSPARSE_STATUS_INVALID_VALUE
        );
        assert_eq!(
            sys::cusparseSetStream(null, null.cast()),
            S::CUSPARSE_STATUS_INVALID_VALUE
        );
    }
}

/// A matrix descriptor needs no GPU: each field set through the shim reads back the same, through
/// hipSPARSE's numbering and back; an unknown matrix type is refused before hipSPARSE.
#[test]
fn matrix_descriptors_keep_cusparses_values() {
    use sys::cusparseMatrixType_t as M;
    use sys::{cusparseDiagType_t as D, cusparseFillMode_t as Fl, cusparseIndexBase_t as B};
    let mut descr = std::ptr::null_mut();
    // SAFETY: the descriptor is made, used and destroyed here.
    unsafe {
        assert_eq!(
            sys::cusparseCreateMatDescr(&mut descr),
            S::CUSPARSE_STATUS_SUCCESS
        );
        assert!(!descr.is_null());
        assert_eq!(
            sys::cusparseSetMatType(descr, M::CUSPARSE_MATRIX_TYPE_TRIANGULAR),
            S::CUSPARSE_STATUS_SUCCESS
        );
        assert_eq!(
            sys::cusparseSetMatFillMode(descr, Fl::CUSPARSE_FILL_MODE_UPPER),
            S::CUSPARSE_STATUS_SUCCESS
        );
        assert_eq!(
            sys::cusparseSetMatDiagType(descr, D::CUSPARSE_DIAG_TYPE_UNIT),
            S::CUSPARSE_STATUS_SUCCESS
        );
        assert_eq!(
            sys::cusparseSetMatIndexBase(descr, B::CUSPARSE_INDEX_BASE_ONE),
            S::CUSPARSE_STATUS_SUCCESS
        );
        assert_eq!(
            sys::cusparseGetMatType(descr),
            M::CUSPARSE_MATRIX_TYPE_TRIANGULAR
        );
        assert_eq!(
            sys::cusparseGetMatFillMode(descr),
            Fl::CUSPARSE_FILL_MODE_UPPER
        );
        assert_eq!(
            sys::cusparseGetMatDiagType(descr),
            D::CUSPARSE_DIAG_TYPE_UNIT
        );
        assert_eq!(
            sys::cusparseGetMatIndexBase(descr),
            B::CUSPARSE_INDEX_BASE_ONE
        );
        let unknown = cuda_as_hip::raw::cusparseSetMatType(descr, 99);
        assert_eq!(unknown, S::CUSPARSE_STATUS_INVALID_VALUE);
        assert_eq!(
            sys::cusparseGetMatType(std::ptr::null_mut()),
            M::CUSPARSE_MATRIX_TYPE_GENERAL
        );
        assert_eq!(
            sys::cusparseDestroyMatDescr(descr),
            S::CUSPARSE_STATUS_SUCCESS
        );
    }
}
