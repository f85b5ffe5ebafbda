//! The twelve half-precision prune functions (`cusparseHprune…`) cusparse.h declares for C++ only,
//! which the generated exports (the C view) lack. NVIDIA's libcusparse exports them, so a program
//! linked against it may name them; hipSPARSE has no half-precision prune (only its single and
//! double ones), so each answers `CUSPARSE_STATUS_NOT_SUPPORTED`, logged once (`cabi/cxx_only.rs`).
#![allow(non_snake_case)]

use cuda_as_hip::call::CusparseCall;
use cuda_as_hip::cusparse::sys::cusparseStatus_t;

include!("../../cxx_only.rs");

not_supported!(
    CusparseCall,
    cusparseStatus_t,
    "hipSPARSE has no half-precision prune; prune in single precision (cusparseSprune…)",
    cusparseHpruneDense2csr_bufferSizeExt,
    cusparseHpruneDense2csrNnz,
    cusparseHpruneDense2csr,
    cusparseHpruneCsr2csr_bufferSizeExt,
    cusparseHpruneCsr2csrNnz,
    cusparseHpruneCsr2csr,
    cusparseHpruneDense2csrByPercentage_bufferSizeExt,
    cusparseHpruneDense2csrNnzByPercentage,
    cusparseHpruneDense2csrByPercentage,
    cusparseHpruneCsr2csrByPercentage_bufferSizeExt,
    cusparseHpruneCsr2csrNnzByPercentage,
    cusparseHpruneCsr2csrByPercentage,
);
