//! NVIDIA's libcublas called directly, with a handle of its own: the other side of the GPU
//! suite's cuBLAS comparisons (`tests/cublas.rs`) and of `examples/gpu_bench.rs`'s GEMMs, which
//! include this file by path. cuBLAS's enums pass as C's integers.
#![allow(dead_code)] // each includer calls a part

use std::ffi::c_void;

pub type Sgemm = unsafe extern "C" fn(
    *mut c_void,
    u32,
    u32,
    i32,
    i32,
    i32,
    *const f32,
    *const f32,
    i32,
    *const f32,
    i32,
    *const f32,
    *mut f32,
    i32,
) -> u32;
pub type GemmEx = unsafe extern "C" fn(
    *mut c_void,
    u32,
    u32,
    i32,
    i32,
    i32,
    *const c_void,
    *const c_void,
    u32,
    i32,
    *const c_void,
    u32,
    i32,
    *const c_void,
    *mut c_void,
    u32,
    i32,
    u32,
    i32,
) -> u32;
pub type GemmStridedBatchedEx = unsafe extern "C" fn(
    *mut c_void,
    u32,
    u32,
    i32,
    i32,
    i32,
    *const c_void,
    *const c_void,
    u32,
    i32,
    i64,
    *const c_void,
    u32,
    i32,
    i64,
    *const c_void,
    *mut c_void,
    u32,
    i32,
    i64,
    i32,
    u32,
    i32,
) -> u32;
pub type Hgemm = unsafe extern "C" fn(
    *mut c_void,
    u32,
    u32,
    i32,
    i32,
    i32,
    *const u16,
    *const u16,
    i32,
    *const u16,
    i32,
    *const u16,
    *mut u16,
    i32,
) -> u32;

/// cuBLAS's and library_types.h's numbers, as NVIDIA's library takes them.
pub const OP_N: u32 = 0;
pub const OP_T: u32 = 1;
pub const R_32F: u32 = 0;
pub const R_16F: u32 = 2;
pub const R_16BF: u32 = 14;
pub const COMPUTE_32F: u32 = 68;
pub const GEMM_DEFAULT: i32 = -1;

pub struct NvidiaCublas {
    lib: libloading::Library,
    pub handle: *mut c_void,
}

impl NvidiaCublas {
    /// The library at `path`, and a handle it made.
    pub fn open(path: &str) -> NvidiaCublas {
        // SAFETY: NVIDIA's library; its initialisers have no preconditions.
        let lib =
            unsafe { libloading::Library::new(path) }.unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut cublas = NvidiaCublas {
            lib,
            handle: std::ptr::null_mut(),
        };
        let create: unsafe extern "C" fn(*mut *mut c_void) -> u32 = cublas.get("cublasCreate_v2");
        // SAFETY: a valid out-pointer.
        assert_eq!(
            unsafe { create(&mut cublas.handle) },
            0,
            "NVIDIA's cublasCreate"
        );
        cublas
    }

    /// The function `name`, whose C signature the caller names by `T`.
    pub fn get<T: Copy>(&self, name: &str) -> T {
        // SAFETY: the caller's `T` is the function's signature.
        unsafe {
            *self
                .lib
                .get::<T>(name.as_bytes())
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        }
    }
}
