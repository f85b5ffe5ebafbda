//! cuBLASLt's attribute calls: a descriptor's attribute travels as an untyped buffer, which holds
//! CUDA's numbers where the value is an enum (an operation, an epilogue, a data type…) and must
//! hold hipBLASLt's when hipBLASLt reads it (hipBLASLt numbers operations 111 / 112 / 113, as
//! hipBLAS does). Each attribute's value kind is listed here; the values translate through the
//! generated tables (aliasgen's `value_enums` of cuBLASLt's family row).
#![allow(non_snake_case)]

use super::sys::*;
use crate::call::{with_hip, CublasLtCall, Loaded};
use crate::generated::cublaslt_tables as t;
use cublasStatus_t as S;
use hip_sys::hipblaslt::{hipblasStatus_t, Bindings, Hipblaslt};
use hip_sys::SymbolError;
use std::ffi::c_void;

type ToHip = fn(&CublasLtCall, u32, Bindings) -> Result<i64, cublasStatus_t>;
type FromHip = fn(&CublasLtCall, i64, Bindings) -> Result<u32, cublasStatus_t>;

/// How an enum-valued attribute's value translates.
#[derive(Clone, Copy)]
struct EnumValue(ToHip, FromHip);

const OPERATION: EnumValue = EnumValue(t::to_hip_cublasOperation_t, t::from_hip_cublasOperation_t);
const EPILOGUE: EnumValue = EnumValue(t::to_hip_cublasLtEpilogue_t, t::from_hip_cublasLtEpilogue_t);
const POINTER_MODE: EnumValue = EnumValue(
    t::to_hip_cublasLtPointerMode_t,
    t::from_hip_cublasLtPointerMode_t,
);
const DATA_TYPE: EnumValue = EnumValue(t::to_hip_cudaDataType_t, t::from_hip_cudaDataType_t);
const ORDER: EnumValue = EnumValue(t::to_hip_cublasLtOrder_t, t::from_hip_cublasLtOrder_t);
const SCALE_MODE: EnumValue = EnumValue(
    t::to_hip_cublasLtMatmulMatrixScale_t,
    t::from_hip_cublasLtMatmulMatrixScale_t,
);

/// The enum-valued attributes of a matmul descriptor (the others are integers and pointers).
const MATMUL_DESC: [(u32, EnumValue); 8] = {
    use cublasLtMatmulDescAttributes_t as A;
    [
        (A::CUBLASLT_MATMUL_DESC_TRANSA as u32, OPERATION),
        (A::CUBLASLT_MATMUL_DESC_TRANSB as u32, OPERATION),
        (A::CUBLASLT_MATMUL_DESC_EPILOGUE as u32, EPILOGUE),
        (A::CUBLASLT_MATMUL_DESC_POINTER_MODE as u32, POINTER_MODE),
        (A::CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE as u32, DATA_TYPE),
        (
            A::CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_DATA_TYPE as u32,
            DATA_TYPE,
        ),
        (A::CUBLASLT_MATMUL_DESC_A_SCALE_MODE as u32, SCALE_MODE),
        (A::CUBLASLT_MATMUL_DESC_B_SCALE_MODE as u32, SCALE_MODE),
    ]
};

/// The enum-valued attributes of a matrix layout.
const MATRIX_LAYOUT: [(u32, EnumValue); 2] = {
    use cublasLtMatrixLayoutAttribute_t as A;
    [
        (A::CUBLASLT_MATRIX_LAYOUT_TYPE as u32, DATA_TYPE),
        (A::CUBLASLT_MATRIX_LAYOUT_ORDER as u32, ORDER),
    ]
};

/// The enum-valued attributes of a matrix transform descriptor.
const TRANSFORM_DESC: [(u32, EnumValue); 4] = {
    use cublasLtMatrixTransformDescAttributes_t as A;
    [
        (
            A::CUBLASLT_MATRIX_TRANSFORM_DESC_SCALE_TYPE as u32,
            DATA_TYPE,
        ),
        (
            A::CUBLASLT_MATRIX_TRANSFORM_DESC_POINTER_MODE as u32,
            POINTER_MODE,
        ),
        (A::CUBLASLT_MATRIX_TRANSFORM_DESC_TRANSA as u32, OPERATION),
        (A::CUBLASLT_MATRIX_TRANSFORM_DESC_TRANSB as u32, OPERATION),
    ]
};

/// No enum-valued attributes.
const NO_VALUES: [(u32, EnumValue); 0] = [];

/// What `table` says of attribute `attr`, if it lists it (how its value translates; its one value).
fn lookup<T: Copy>(table: &[(u32, T)], attr: u32) -> Option<T> {
    table.iter().find(|(a, _)| *a == attr).map(|(_, v)| *v)
}

/// The CUDA enum value in the caller's buffer (cuBLASLt's enums are 32-bit; another size is
/// refused, as cuBLASLt refuses it).
fn read_enum(f: &CublasLtCall, buf: *const c_void, size: usize) -> Result<u32, cublasStatus_t> {
    if buf.is_null() || size != 4 {
        return Err(f.rejected(
            S::CUBLAS_STATUS_INVALID_VALUE,
            "an enum value takes 4 bytes",
        ));
    }
    // SAFETY: 4 readable bytes, the caller's.
    Ok(unsafe { buf.cast::<u32>().read_unaligned() })
}

/// An attribute set: the value translated into a local 4-byte buffer when it is an enum's.
fn set(
    f: &CublasLtCall,
    h: Loaded<Hipblaslt>,
    value: Option<EnumValue>,
    (buf, size): (*const c_void, usize),
    call: impl FnOnce(*const c_void, usize) -> Result<hipblasStatus_t, SymbolError>,
) -> cublasStatus_t {
    let Some(EnumValue(to_hip, _)) = value else {
        return f.result(h, call(buf, size));
    };
    let cuda = match read_enum(f, buf, size) {
        Ok(v) => v,
        Err(e) => return e,
    };
    match to_hip(f, cuda, h.bindings()) {
        Ok(hip) => {
            let hip = hip as i32;
            f.result(h, call((&hip as *const i32).cast(), 4))
        }
        Err(e) => e,
    }
}

/// An attribute read: hipBLASLt's answer, its enum value (when it wrote one) put back in CUDA's
/// numbers.
fn get(
    f: &CublasLtCall,
    h: Loaded<Hipblaslt>,
    value: Option<EnumValue>,
    (buf, size): (*mut c_void, usize),
    call: impl FnOnce() -> Result<hipblasStatus_t, SymbolError>,
) -> cublasStatus_t {
    let status = f.result(h, call());
    let Some(EnumValue(_, from_hip)) = value else {
        return status;
    };
    if status != S::CUBLAS_STATUS_SUCCESS || buf.is_null() || size < 4 {
        return status;
    }
    // SAFETY: hipBLASLt wrote the value's 4 bytes into the caller's buffer.
    let hip = unsafe { buf.cast::<i32>().read_unaligned() };
    match from_hip(f, hip.into(), h.bindings()) {
        // SAFETY: as above.
        Ok(cuda) => unsafe { buf.cast::<u32>().write_unaligned(cuda) },
        Err(e) => return e,
    }
    status
}

/// A descriptor kind's `Set` / `Get` pair: `$to_hip` names its attribute in hipBLASLt, `$values`
/// lists its enum-valued attributes, `$fixed` those hipBLASLt lacks whose one value cuBLASLt
/// supports is what hipBLASLt does (answered here: set to it, success; read, that value).
macro_rules! attribute_calls {
    ($desc:ty, $to_hip:path, $values:expr, $fixed:expr,
     $set:ident => $hip_set:ident, $get:ident => $hip_get:ident) => {
        #[doc = concat!("`", stringify!($set), "`.")]
        pub(crate) unsafe fn $set(
            desc: $desc,
            attr: u32,
            buf: *const c_void,
            sizeInBytes: usize,
        ) -> cublasStatus_t {
            const F: CublasLtCall = CublasLtCall::to(stringify!($set), stringify!($hip_set));
            if let Some(only) = lookup(&$fixed, attr) {
                return set_fixed(&F, only, buf, sizeInBytes);
            }
            with_hip!(F, |h| {
                let a = match $to_hip(&F, attr, h.bindings()) {
                    Ok(v) => v.into(),
                    Err(e) => return e,
                };
                set(
                    &F,
                    h,
                    lookup(&$values, attr),
                    (buf, sizeInBytes),
                    |b, s| unsafe { h.$hip_set(desc.cast(), a, b, s) },
                )
            })
        }

        #[doc = concat!("`", stringify!($get), "`.")]
        pub(crate) unsafe fn $get(
            desc: $desc,
            attr: u32,
            buf: *mut c_void,
            sizeInBytes: usize,
            sizeWritten: *mut usize,
        ) -> cublasStatus_t {
            const F: CublasLtCall = CublasLtCall::to(stringify!($get), stringify!($hip_get));
            if let Some(only) = lookup(&$fixed, attr) {
                // SAFETY: checked non-NULL by the generated layer; `buf` as the caller gives it.
                return unsafe { get_fixed(only, buf, sizeInBytes, sizeWritten) };
            }
            with_hip!(F, |h| {
                let a = match $to_hip(&F, attr, h.bindings()) {
                    Ok(v) => v.into(),
                    Err(e) => return e,
                };
                get(
                    &F,
                    h,
                    lookup(&$values, attr),
                    (buf, sizeInBytes),
                    || unsafe { h.$hip_get(desc.cast(), a, buf, sizeInBytes, sizeWritten) },
                )
            })
        }
    };
}

/// A set of an attribute answered here: its one supported value succeeds.
fn set_fixed(f: &CublasLtCall, only: u32, buf: *const c_void, size: usize) -> cublasStatus_t {
    match read_enum(f, buf, size) {
        Ok(v) if v == only => S::CUBLAS_STATUS_SUCCESS,
        Ok(_) => {
            f.unsupported("hipBLASLt has only the value cuBLASLt's default gives this attribute")
        }
        Err(e) => e,
    }
}

/// A read of an attribute answered here: its one value, 4 bytes.
///
/// # Safety
/// `written` is valid for a write; `buf`, when not NULL, for `size` bytes.
unsafe fn get_fixed(
    only: u32,
    buf: *mut c_void,
    size: usize,
    written: *mut usize,
) -> cublasStatus_t {
    // SAFETY: the caller's.
    unsafe { written.write(4) };
    if !buf.is_null() && size >= 4 {
        // SAFETY: the caller's.
        unsafe { buf.cast::<u32>().write_unaligned(only) };
    }
    S::CUBLAS_STATUS_SUCCESS
}

/// Matmul attributes answered here: `TRANSC`, which hipBLASLt lacks — cuBLASLt supports only
/// `CUBLAS_OP_N` there (D is never transposed), which is what hipBLASLt does; cudarc sets it on
/// every matmul.
const MATMUL_DESC_FIXED: [(u32, u32); 1] = [(
    cublasLtMatmulDescAttributes_t::CUBLASLT_MATMUL_DESC_TRANSC as u32,
    cublasOperation_t::CUBLAS_OP_N as u32,
)];
const NONE_FIXED: [(u32, u32); 0] = [];

attribute_calls!(cublasLtMatmulDesc_t, t::to_hip_cublasLtMatmulDescAttributes_t, MATMUL_DESC, MATMUL_DESC_FIXED,
    cublasLtMatmulDescSetAttribute => hipblasLtMatmulDescSetAttribute,
    cublasLtMatmulDescGetAttribute => hipblasLtMatmulDescGetAttribute);
attribute_calls!(cublasLtMatrixLayout_t, t::to_hip_cublasLtMatrixLayoutAttribute_t, MATRIX_LAYOUT, NONE_FIXED,
    cublasLtMatrixLayoutSetAttribute => hipblasLtMatrixLayoutSetAttribute,
    cublasLtMatrixLayoutGetAttribute => hipblasLtMatrixLayoutGetAttribute);
// A preference's attributes are integers: nothing to translate.
attribute_calls!(cublasLtMatmulPreference_t, t::to_hip_cublasLtMatmulPreferenceAttributes_t, NO_VALUES, NONE_FIXED,
    cublasLtMatmulPreferenceSetAttribute => hipblasLtMatmulPreferenceSetAttribute,
    cublasLtMatmulPreferenceGetAttribute => hipblasLtMatmulPreferenceGetAttribute);
attribute_calls!(cublasLtMatrixTransformDesc_t, t::to_hip_cublasLtMatrixTransformDescAttributes_t, TRANSFORM_DESC, NONE_FIXED,
    cublasLtMatrixTransformDescSetAttribute => hipblasLtMatrixTransformDescSetAttribute,
    cublasLtMatrixTransformDescGetAttribute => hipblasLtMatrixTransformDescGetAttribute);

#[cfg(test)]
mod tests {
    use super::*;
    use hip_sys::hipblaslt::hipblasStatus_t as H;
    use test_support::hip_run;

    const F: CublasLtCall = CublasLtCall::new("attributes test");

    /// The hipBLASLt beside this HIP (loaded; no GPU needed), or `None` where the facts say
    /// there is none.
    fn hipblaslt() -> Option<Loaded<Hipblaslt>> {
        let loaded = F.hip().ok();
        let expected = hip_run().facts.hipblaslt_release;
        assert_eq!(
            loaded.is_some(),
            expected.is_some(),
            "hipBLASLt {expected:?}"
        );
        loaded
    }

    /// What `set` hands hipBLASLt for a CUDA value of `value`'s enum.
    fn hipblaslt_sees(h: Loaded<Hipblaslt>, value: EnumValue, cuda: u32) -> (cublasStatus_t, i32) {
        let mut seen = -1;
        let buf = (&cuda as *const u32).cast();
        let status = set(&F, h, Some(value), (buf, 4), |b, s| {
            assert_eq!(s, 4);
            // SAFETY: `set` hands a 4-byte value.
            seen = unsafe { b.cast::<i32>().read_unaligned() };
            Ok(H::HIPBLAS_STATUS_SUCCESS)
        });
        (status, seen)
    }

    /// What `get` gives the caller when hipBLASLt writes `hip` for `value`'s enum.
    fn caller_sees(h: Loaded<Hipblaslt>, value: EnumValue, hip: i32) -> (cublasStatus_t, u32) {
        let mut buf = u32::MAX;
        let status = get(
            &F,
            h,
            Some(value),
            ((&mut buf as *mut u32).cast(), 4),
            || {
                // SAFETY: the 4-byte buffer above, written as hipBLASLt would.
                unsafe { (&mut buf as *mut u32).cast::<i32>().write_unaligned(hip) };
                Ok(H::HIPBLAS_STATUS_SUCCESS)
            },
        );
        (status, buf)
    }

    #[test]
    fn enum_values_cross_in_hipblaslts_numbers_and_come_back_in_cudas() {
        let Some(h) = hipblaslt() else { return };
        let ok = S::CUBLAS_STATUS_SUCCESS;
        // hipBLASLt numbers operations as hipBLAS (HIPBLAS_OP_N 111, T 112, C 113).
        let op = cublasOperation_t::CUBLAS_OP_T as u32;
        assert_eq!(hipblaslt_sees(h, OPERATION, op), (ok, 112));
        assert_eq!(
            caller_sees(h, OPERATION, 113),
            (ok, cublasOperation_t::CUBLAS_OP_C as u32)
        );
        // Epilogues, orders and data types keep cuBLASLt's numbers in hipBLASLt.
        let relu_bias = cublasLtEpilogue_t::CUBLASLT_EPILOGUE_RELU_BIAS as u32;
        assert_eq!(hipblaslt_sees(h, EPILOGUE, relu_bias), (ok, 6));
        assert_eq!(
            caller_sees(h, ORDER, 1),
            (ok, cublasLtOrder_t::CUBLASLT_ORDER_ROW as u32)
        );
        assert_eq!(
            caller_sees(h, DATA_TYPE, 14),
            (ok, cudaDataType_t::CUDA_R_16BF as u32)
        );
        // A value no CUDA constant names never reaches hipBLASLt; nor does one hipBLASLt has
        // none for (COL32, an NVIDIA tensor-core layout).
        assert_eq!(
            hipblaslt_sees(h, OPERATION, 77),
            (S::CUBLAS_STATUS_INVALID_VALUE, -1)
        );
        let col32 = cublasLtOrder_t::CUBLASLT_ORDER_COL32 as u32;
        assert_eq!(
            hipblaslt_sees(h, ORDER, col32),
            (S::CUBLAS_STATUS_NOT_SUPPORTED, -1)
        );
    }

    #[test]
    fn only_enum_valued_attributes_are_translated() {
        use cublasLtMatmulDescAttributes_t as A;
        assert!(lookup(&MATMUL_DESC, A::CUBLASLT_MATMUL_DESC_TRANSB as u32).is_some());
        assert!(lookup(&MATMUL_DESC, A::CUBLASLT_MATMUL_DESC_BIAS_POINTER as u32).is_none());
        let ld = cublasLtMatrixLayoutAttribute_t::CUBLASLT_MATRIX_LAYOUT_LD as u32;
        assert!(lookup(&MATRIX_LAYOUT, ld).is_none());
    }
}
