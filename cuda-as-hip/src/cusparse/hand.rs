//! The cuSPARSE functions written by hand (aliasgen/data/overrides/cusparse.txt says why each).
#![allow(non_snake_case)]

use super::sys::*;
use crate::call::CusparseCall;
use crate::generated::cusparse_tables as t;
use hip_sys::hipsparse::Hipsparse;
use std::ffi::{c_char, c_int};

/// `cusparseGetVersion`: the cuSPARSE version this layer implements (CUDA 12.9's 12.5.10) for
/// any handle but NULL, which cuSPARSE refuses (hipSPARSE reports its own version).
pub(crate) unsafe fn cusparseGetVersion(
    handle: cusparseHandle_t,
    version: *mut c_int,
) -> cusparseStatus_t {
    const F: CusparseCall = CusparseCall::new("cusparseGetVersion");
    if handle.is_null() {
        return F.null_handle("handle");
    }
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { version.write(CUSPARSE_VERSION as c_int) };
    cusparseStatus_t::CUSPARSE_STATUS_SUCCESS
}

/// `cusparseGetProperty`: [`cusparseGetVersion`]'s version, by part.
pub(crate) unsafe fn cusparseGetProperty(type_: u32, value: *mut c_int) -> cusparseStatus_t {
    const F: CusparseCall = CusparseCall::new("cusparseGetProperty");
    let version = [CUSPARSE_VER_MAJOR, CUSPARSE_VER_MINOR, CUSPARSE_VER_PATCH];
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { F.library_property(type_, version, value) }
}

/// `cusparseGetErrorName`: the code's name, as cuSPARSE spells it (and its answer for a code it
/// does not know).
pub(crate) unsafe fn cusparseGetErrorName(status: u32) -> *const c_char {
    t::cusparseStatus_t_name(status.into())
        .unwrap_or(UNRECOGNIZED)
        .as_ptr()
}

const UNRECOGNIZED: &std::ffi::CStr = c"unrecognized error code";

/// cuSPARSE 12.5's text for each code (measured on NVIDIA's library, which answers these without
/// a GPU).
const ERROR_TEXTS: [(cusparseStatus_t, &std::ffi::CStr); 12] = {
    use cusparseStatus_t as S;
    [
        (S::CUSPARSE_STATUS_SUCCESS, c"success"),
        (S::CUSPARSE_STATUS_NOT_INITIALIZED, c"initialization error"),
        (S::CUSPARSE_STATUS_ALLOC_FAILED, c"out of memory"),
        (S::CUSPARSE_STATUS_INVALID_VALUE, c"invalid value"),
        (S::CUSPARSE_STATUS_ARCH_MISMATCH, c"architecture mismatch"),
        (
            S::CUSPARSE_STATUS_MAPPING_ERROR,
            c"texture memory mapping error",
        ),
        (
            S::CUSPARSE_STATUS_EXECUTION_FAILED,
            c"kernel launch failure",
        ),
        (S::CUSPARSE_STATUS_INTERNAL_ERROR, c"internal error"),
        (
            S::CUSPARSE_STATUS_MATRIX_TYPE_NOT_SUPPORTED,
            c"matrix type not supported",
        ),
        (S::CUSPARSE_STATUS_ZERO_PIVOT, c"zero pivot"),
        (S::CUSPARSE_STATUS_NOT_SUPPORTED, c"operation not supported"),
        (
            S::CUSPARSE_STATUS_INSUFFICIENT_RESOURCES,
            c"insufficient resources",
        ),
    ]
};

/// `cusparseGetErrorString`: cuSPARSE's text for the code.
pub(crate) unsafe fn cusparseGetErrorString(status: u32) -> *const c_char {
    (ERROR_TEXTS.iter())
        .find(|(code, _)| *code as u32 == status)
        .map_or(UNRECOGNIZED, |(_, text)| text)
        .as_ptr()
}

/// `cusparseGetMat…`: a field of a matrix descriptor, read by hipSPARSE's function of the same
/// name and translated to cuSPARSE's numbering. These return the field, not a status: a NULL
/// descriptor, or no hipSPARSE, answers the field's first value (logged).
macro_rules! descriptor_field {
    ($name:ident, $hip:ident, $ty:ident, $from_hip:ident, $first:ident) => {
        pub(crate) unsafe fn $name(descrA: cusparseMatDescr_t) -> $ty {
            const F: CusparseCall = CusparseCall::to(stringify!($name), stringify!($hip));
            if descrA.is_null() {
                let _ = F.null_argument("descrA");
                return $ty::$first;
            }
            let Ok(h) = F.hip() else { return $ty::$first };
            // SAFETY: a descriptor hipSPARSE made (the caller's).
            let value = match unsafe { Hipsparse::$hip(&h, descrA.cast()) } {
                Ok(v) => t::$from_hip(&F, i64::from(v.0), h.bindings()),
                Err(e) => Err(F.unsupported(&e.to_string())),
            };
            match value {
                // SAFETY: the table answers only values of cuSPARSE's enum, whose repr is u32.
                Ok(v) => unsafe { std::mem::transmute::<u32, $ty>(v) },
                Err(_) => $ty::$first,
            }
        }
    };
}

descriptor_field!(
    cusparseGetMatType,
    hipsparseGetMatType,
    cusparseMatrixType_t,
    from_hip_cusparseMatrixType_t,
    CUSPARSE_MATRIX_TYPE_GENERAL
);
descriptor_field!(
    cusparseGetMatFillMode,
    hipsparseGetMatFillMode,
    cusparseFillMode_t,
    from_hip_cusparseFillMode_t,
    CUSPARSE_FILL_MODE_LOWER
);
descriptor_field!(
    cusparseGetMatDiagType,
    hipsparseGetMatDiagType,
    cusparseDiagType_t,
    from_hip_cusparseDiagType_t,
    CUSPARSE_DIAG_TYPE_NON_UNIT
);
descriptor_field!(
    cusparseGetMatIndexBase,
    hipsparseGetMatIndexBase,
    cusparseIndexBase_t,
    from_hip_cusparseIndexBase_t,
    CUSPARSE_INDEX_BASE_ZERO
);
