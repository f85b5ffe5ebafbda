//! The sixteen half-precision batched GEMVs (`cublasHSHgemvBatched`, `cublasTSSgemvStridedBatched_64`
//! …) cublas_api.h declares for C++ only, which the generated exports (the C view) lack. NVIDIA's
//! libcublas exports them, so a program linked against it may name them; hipBLAS has no
//! half-precision GEMV, so each answers `CUBLAS_STATUS_NOT_SUPPORTED`, logged once
//! (`cabi/cxx_only.rs`).
#![allow(non_snake_case)]

use cuda_as_hip::call::CublasCall;
use cuda_as_hip::cublas::sys::cublasStatus_t;

include!("../../cxx_only.rs");

not_supported!(
    CublasCall,
    cublasStatus_t,
    "hipBLAS has no half-precision GEMV; convert to single precision (cublasSgemvBatched) or use cublasGemmBatchedEx",
    cublasHSHgemvBatched,
    cublasHSHgemvBatched_64,
    cublasHSHgemvStridedBatched,
    cublasHSHgemvStridedBatched_64,
    cublasHSSgemvBatched,
    cublasHSSgemvBatched_64,
    cublasHSSgemvStridedBatched,
    cublasHSSgemvStridedBatched_64,
    cublasTSTgemvBatched,
    cublasTSTgemvBatched_64,
    cublasTSTgemvStridedBatched,
    cublasTSTgemvStridedBatched_64,
    cublasTSSgemvBatched,
    cublasTSSgemvBatched_64,
    cublasTSSgemvStridedBatched,
    cublasTSSgemvStridedBatched_64,
);
