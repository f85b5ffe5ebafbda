//! Helpers for the GPU integration tests (`tests/gpu.rs`, built with `--features gpu`): a context on
//! device 0, NVRTC-compiled modules, and checked calls. Everything goes through cuda-as-hip's CUDA
//! names only, so the same tests run on an AMD GPU and on NVIDIA through the HIP loopback.
// Handles (`CUmodule`…) are opaque values the driver checks; these helpers never dereference them.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use cuda_as_hip::driver::sys::*;
use cuda_as_hip::nvrtc::sys::*;
use cuda_as_hip::runtime::sys::cudaError_t;
use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr::{null, null_mut};

/// Panics with CUDA's name for the code unless it is CUDA_SUCCESS.
#[track_caller]
pub fn ok(r: CUresult) {
    assert_eq!(r, CUresult::CUDA_SUCCESS, "CUDA call failed");
}

/// Panics unless a runtime call returned cudaSuccess.
#[track_caller]
pub fn runtime_ok(r: cudaError_t) {
    assert_eq!(r, cudaError_t::cudaSuccess, "runtime call failed");
}

/// Panics unless a cuSOLVER or cuSOLVERMg call returned CUSOLVER_STATUS_SUCCESS (0).
#[track_caller]
pub fn solved(r: u32) {
    assert_eq!(r, 0, "cuSOLVER call failed");
}

/// The primary context of device 0, made current.
pub fn context() -> (CUdevice, CUcontext) {
    context_on(0)
}

/// The primary context of device `ordinal`, made current.
pub fn context_on(ordinal: i32) -> (CUdevice, CUcontext) {
    ok(unsafe { cuInit(0) });
    let mut dev = 0;
    ok(unsafe { cuDeviceGet(&mut dev, ordinal) });
    let mut ctx = null_mut();
    ok(unsafe { cuDevicePrimaryCtxRetain(&mut ctx, dev) });
    ok(unsafe { cuCtxSetCurrent(ctx) });
    (dev, ctx)
}

/// NVRTC: `source` → the image cuModuleLoadData takes, loaded.
pub fn module(source: &str) -> CUmodule {
    module_with(source, &[])
}

/// As [`module`], compiled with NVRTC `options`.
pub fn module_with(source: &str, options: &[&str]) -> CUmodule {
    load(&image_with(source, options))
}

/// An image loaded as a module of the current context.
pub fn load(image: &[u8]) -> CUmodule {
    let mut module = null_mut();
    ok(unsafe { cuModuleLoadData(&mut module, image.as_ptr().cast()) });
    module
}

/// NVRTC: `source` → the image cuModuleLoadData takes.
pub fn image(source: &str) -> Vec<u8> {
    image_with(source, &[])
}

/// NVRTC: `source` compiled with `options` → the image (what `nvrtcGetPTX` gives).
pub fn image_with(source: &str, options: &[&str]) -> Vec<u8> {
    let src = CString::new(source).expect("no NUL in source");
    let mut prog = null_mut();
    let r = unsafe {
        nvrtcCreateProgram(
            &mut prog,
            src.as_ptr(),
            c"gpu_test.cu".as_ptr(),
            0,
            null(),
            null(),
        )
    };
    assert_eq!(r, nvrtcResult::NVRTC_SUCCESS);
    let options: Vec<CString> = options
        .iter()
        .map(|o| CString::new(*o).expect("no NUL in options"))
        .collect();
    let ptrs: Vec<*const c_char> = options.iter().map(|o| o.as_ptr()).collect();
    let r = unsafe { nvrtcCompileProgram(prog, ptrs.len() as i32, ptrs.as_ptr()) };
    if r != nvrtcResult::NVRTC_SUCCESS {
        let mut n = 0;
        unsafe { nvrtcGetProgramLogSize(prog, &mut n) };
        let mut log = vec![0u8; n.max(1)];
        unsafe { nvrtcGetProgramLog(prog, log.as_mut_ptr().cast::<c_char>()) };
        panic!("compile failed: {}", String::from_utf8_lossy(&log));
    }
    let mut size = 0;
    assert_eq!(
        unsafe { nvrtcGetPTXSize(prog, &mut size) },
        nvrtcResult::NVRTC_SUCCESS
    );
    let mut image = vec![0u8; size];
    assert_eq!(
        unsafe { nvrtcGetPTX(prog, image.as_mut_ptr().cast()) },
        nvrtcResult::NVRTC_SUCCESS
    );
    unsafe { nvrtcDestroyProgram(&mut prog) };
    image
}

pub fn function(module: CUmodule, name: &CStr) -> CUfunction {
    let mut f = null_mut();
    ok(unsafe { cuModuleGetFunction(&mut f, module, name.as_ptr()) });
    f
}

/// Device memory for `n` values of `T`.
pub fn alloc<T>(n: usize) -> CUdeviceptr {
    let mut p = 0;
    ok(unsafe { cuMemAlloc_v2(&mut p, n * size_of::<T>()) });
    p
}

/// `n` values of `T` copied back from device memory.
pub fn download<T: Copy + Default>(d: CUdeviceptr, n: usize) -> Vec<T> {
    let mut out = vec![T::default(); n];
    ok(unsafe { cuMemcpyDtoH_v2(out.as_mut_ptr().cast(), d, n * size_of::<T>()) });
    out
}

/// A new stream of the current context.
pub fn stream() -> CUstream {
    let mut s = null_mut();
    ok(unsafe { cuStreamCreate(&mut s, CUstream_flags::CU_STREAM_NON_BLOCKING as u32) });
    s
}

/// A one-dimensional launch of `f` with `params` on `stream`.
pub fn launch(f: CUfunction, grid: u32, block: u32, stream: CUstream, params: &mut [*mut c_void]) {
    ok(unsafe {
        cuLaunchKernel(
            f,
            grid,
            1,
            1,
            block,
            1,
            1,
            0,
            stream,
            params.as_mut_ptr(),
            null_mut(),
        )
    });
}

/// The kernel-parameter array CUDA wants: one pointer per argument.
#[macro_export]
macro_rules! params {
    ($($arg:expr),* $(,)?) => {
        [$((&mut $arg as *mut _ as *mut std::ffi::c_void)),*]
    };
}

/// NVIDIA's own driver (`libcuda.so.1`, beside the loopback), initialised: the independent oracle
/// the attribute tests compare the shim's answers with (loopback GPU suite only).
pub struct NvidiaDriver {
    get_attribute: unsafe extern "C" fn(*mut i32, u32, i32) -> u32,
    _library: libloading::Library,
}

impl NvidiaDriver {
    pub fn open() -> Self {
        let library = unsafe { libloading::Library::new("libcuda.so.1") }
            .expect("NVIDIA's libcuda.so.1: the oracle of this test (loopback GPU suite only)");
        let init: libloading::Symbol<unsafe extern "C" fn(u32) -> u32> =
            unsafe { library.get(b"cuInit\0") }.expect("cuInit");
        assert_eq!(unsafe { init(0) }, 0, "NVIDIA's cuInit");
        let get_attribute = *unsafe { library.get(b"cuDeviceGetAttribute\0") }.expect("symbol");
        Self {
            get_attribute,
            _library: library,
        }
    }

    /// NVIDIA's `cuDeviceGetAttribute(attr, device)`: (its result code, the value).
    pub fn attribute(&self, attr: u32, device: i32) -> (u32, i32) {
        let mut value = 0;
        let r = unsafe { (self.get_attribute)(&mut value, attr, device) };
        (r, value)
    }
}

/// NVIDIA's own library for a CUDA library's GPU test: the file `CUDA_AS_HIP_TEST_NVIDIA_<NAME>`
/// names (scripts/gpu-suite.sh's `library_suite` sets it), opened.
pub fn nvidia_library(name: &str) -> libloading::Library {
    let var = format!("CUDA_AS_HIP_TEST_NVIDIA_{name}");
    let path = std::env::var(&var)
        .unwrap_or_else(|_| panic!("{var}: NVIDIA's library (scripts/gpu-suite.sh sets it)"));
    // SAFETY: NVIDIA's library; its initialisers have no preconditions.
    unsafe { libloading::Library::new(&path) }.unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A column-major `n`×`n` matrix: symmetric, diagonally dominant (so positive definite), its
/// entries in [-0.5, 0.5) from a xorshift sequence started at `seed`, `n` added on the diagonal.
pub fn symmetric_positive_definite(n: usize, seed: u64) -> Vec<f64> {
    let mut x = seed;
    let mut a = vec![0.0; n * n];
    for j in 0..n {
        for i in 0..=j {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = (x >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            a[i + j * n] = v;
            a[j + i * n] = v;
        }
        a[j + j * n] += n as f64;
    }
    a
}

/// `$api`: a struct whose methods are the CUDA library calls a test makes (one list of signatures),
/// each going through the shim (`$sys`, a cuda-as-hip `sys` module) or, when the struct holds
/// NVIDIA's library (`native`), through NVIDIA's own function of that name; the status as C's
/// integer. The comparisons of `tests/cusolver.rs`, `tests/cusparse.rs` and `tests/cublaslt.rs` run
/// one sequence both ways with it.
#[macro_export]
macro_rules! shim_or_native {
    ($api:ident, $sys:path, { $($name:ident($($arg:ident: $ty:ty),*);)* }) => {
        struct $api {
            native: Option<libloading::Library>,
        }

        #[allow(non_snake_case, clippy::too_many_arguments)]
        impl $api {
            $(unsafe fn $name(&self, $($arg: $ty),*) -> u32 {
                use $sys as sys;
                match &self.native {
                    // SAFETY: the caller's.
                    None => unsafe { sys::$name($($arg),*) as u32 },
                    Some(lib) => {
                        type F = unsafe extern "C" fn($($ty),*) -> u32;
                        let name = stringify!($name);
                        // SAFETY: the header's signature; enums pass as C's integers.
                        let f = unsafe { *lib.get::<F>(name.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}")) };
                        // SAFETY: the caller's.
                        unsafe { f($($arg),*) }
                    }
                }
            })*
        }
    };
}
