//! The half-precision GEMMs cublas_api.h declares for C++ only, which the generated exports (the
//! C view) lack: exported with C linkage from `cuda_as_hip::cublas::half`'s list.
#![allow(non_snake_case, clippy::missing_safety_doc, clippy::too_many_arguments)]

use crate::guard::guarded;
use cuda_as_hip::cublas::half::{self, Half};
use cuda_as_hip::cublas::sys::{cublasHandle_t, cublasStatus_t};
use std::ffi::c_int;

macro_rules! export {
    ($($name:ident => $hip:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(
            handle: cublasHandle_t,
            transa: u32,
            transb: u32,
            $($arg: $ty),*
        ) -> cublasStatus_t {
            guarded!(
                "half GEMM",
                "{}: handle={:?}, transa={transa}, transb={transb}" (stringify!($name), handle),
                unsafe { half::$name(handle, transa, transb, $($arg),*) }
            )
        }
    )*};
}

cuda_as_hip::cublas_half_gemms!(export);
