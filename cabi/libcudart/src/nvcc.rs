//! nvcc's registration entry points (`crt/host_runtime.h`): a program built with nvcc calls them
//! from its static constructors to register the fatbin embedded in it, its kernels and its
//! `__device__` variables, and each `kernel<<<…>>>` launch pushes and pops its configuration.
//! Those fatbins hold NVIDIA code only (SASS, PTX), which no AMD GPU runs: the program must still
//! start (these never fail or crash at load), and launching such a kernel answers
//! `cudaErrorNoKernelImageForDevice`, logged once with how to build for AMD
//! (`cuda_as_hip::runtime::launch`).
#![allow(non_snake_case)]

use cuda_as_hip::runtime::launch::register_nvcc_kernel;
use cuda_as_hip::runtime::sys::{cudaError_t, dim3};
use std::cell::Cell;
use std::ffi::{c_char, c_int, c_uint, c_void};

/// The handle `__cudaRegisterFatBinary` returns: non-NULL, never dereferenced by nvcc's code
/// beyond passing it back.
static mut FATBIN_HANDLE: *mut c_void = std::ptr::null_mut();

#[no_mangle]
pub unsafe extern "C" fn __cudaRegisterFatBinary(_fatCubin: *mut c_void) -> *mut *mut c_void {
    cuda_as_hip::log::info(|| {
        "__cudaRegisterFatBinary: an nvcc-built fatbin (NVIDIA code only) is registered; its kernels cannot run on AMD".into()
    });
    std::ptr::addr_of_mut!(FATBIN_HANDLE)
}

#[no_mangle]
pub unsafe extern "C" fn __cudaRegisterFatBinaryEnd(_fatCubinHandle: *mut *mut c_void) {}

#[no_mangle]
pub unsafe extern "C" fn __cudaUnregisterFatBinary(_fatCubinHandle: *mut *mut c_void) {}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn __cudaRegisterFunction(
    _fatCubinHandle: *mut *mut c_void,
    hostFun: *const c_char,
    _deviceFun: *mut c_char,
    _deviceName: *const c_char,
    _thread_limit: c_int,
    _tid: *mut c_void,
    _bid: *mut c_void,
    _bDim: *mut dim3,
    _gDim: *mut dim3,
    _wSize: *mut c_int,
) {
    // Nothing may unwind into the program's static constructors.
    let _ = std::panic::catch_unwind(|| register_nvcc_kernel(hostFun.cast()));
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn __cudaRegisterVar(
    _fatCubinHandle: *mut *mut c_void,
    _hostVar: *mut c_char,
    _deviceAddress: *mut c_char,
    _deviceName: *const c_char,
    _ext: c_int,
    _size: usize,
    _constant: c_int,
    _global: c_int,
) {
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn __cudaRegisterManagedVar(
    _fatCubinHandle: *mut *mut c_void,
    _hostVarPtrAddress: *mut *mut c_void,
    _deviceAddress: *mut c_char,
    _deviceName: *const c_char,
    _ext: c_int,
    _size: usize,
    _constant: c_int,
    _global: c_int,
) {
}

#[no_mangle]
pub unsafe extern "C" fn __cudaInitModule(_fatCubinHandle: *mut *mut c_void) -> c_char {
    1
}

/// The configuration of the `kernel<<<grid, block, shared, stream>>>` being launched on this
/// thread: pushed before the launch stub runs, popped by it.
struct CallConfiguration {
    grid: dim3,
    block: dim3,
    shared: usize,
    stream: *mut c_void,
}

thread_local! {
    static CONFIGURATION: Cell<Option<CallConfiguration>> = const { Cell::new(None) };
}

#[no_mangle]
pub unsafe extern "C" fn __cudaPushCallConfiguration(
    gridDim: dim3,
    blockDim: dim3,
    sharedMem: usize,
    stream: *mut c_void,
) -> c_uint {
    CONFIGURATION.with(|c| {
        c.set(Some(CallConfiguration {
            grid: gridDim,
            block: blockDim,
            shared: sharedMem,
            stream,
        }))
    });
    0
}

#[no_mangle]
pub unsafe extern "C" fn __cudaPopCallConfiguration(
    gridDim: *mut dim3,
    blockDim: *mut dim3,
    sharedMem: *mut usize,
    stream: *mut *mut c_void,
) -> cudaError_t {
    let Some(c) = CONFIGURATION.with(Cell::take) else {
        return cudaError_t::cudaErrorMissingConfiguration;
    };
    if gridDim.is_null() || blockDim.is_null() || sharedMem.is_null() || stream.is_null() {
        return cudaError_t::cudaErrorInvalidValue;
    }
    unsafe {
        *gridDim = c.grid;
        *blockDim = c.block;
        *sharedMem = c.shared;
        *stream = c.stream;
    }
    cudaError_t::cudaSuccess
}
