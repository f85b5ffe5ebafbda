//! nvcc's registration entry points (`crt/host_runtime.h`): a program built with nvcc calls them
//! from its static constructors to register the fatbin embedded in it, its kernels and its
//! `__device__` variables, and each `kernel<<<…>>>` launch pushes and pops its configuration,
//! then (CUDA 12's stubs, `crt/device_functions.h`) asks `__cudaGetKernel` for the kernel's
//! handle and launches it with `__cudaLaunchKernel`.
//! Those fatbins hold NVIDIA code: SASS, which no AMD GPU runs, and often PTX, which is compiled
//! for the GPU when one of its kernels is first launched (`cuda_as_hip::runtime::launch`). The
//! program must start whatever they hold (these never fail or crash at load); launching a kernel
//! whose fatbin has no PTX answers `cudaErrorNoKernelImageForDevice`, logged once with how to
//! build for AMD.
#![allow(non_snake_case)]

use crate::guard::guarded;
use crate::hand::per_thread;
use cuda_as_hip::raw;
use cuda_as_hip::runtime::launch::{register_nvcc_fatbin, register_nvcc_kernel, NvccFatbin};
use cuda_as_hip::runtime::sys::{cudaError_t, cudaKernel_t, cudaStream_t, dim3};
use std::cell::Cell;
use std::ffi::{c_char, c_int, c_uint, c_void};

/// The handle `__cudaRegisterFatBinary` returns is its record of the fat binary: nvcc's code only
/// passes it back.
#[no_mangle]
pub unsafe extern "C" fn __cudaRegisterFatBinary(fatCubin: *mut c_void) -> *mut *mut c_void {
    let record: *const NvccFatbin = register_nvcc_fatbin(fatCubin);
    record.cast_mut().cast()
}

/// The record behind a handle [`__cudaRegisterFatBinary`] returned (`None` for NULL).
fn fatbin_of(handle: *mut *mut c_void) -> Option<&'static NvccFatbin> {
    // SAFETY: nvcc passes back what __cudaRegisterFatBinary returned: a leaked, 'static record.
    unsafe { handle.cast::<NvccFatbin>().as_ref() }
}

#[no_mangle]
pub unsafe extern "C" fn __cudaRegisterFatBinaryEnd(_fatCubinHandle: *mut *mut c_void) {}

#[no_mangle]
pub unsafe extern "C" fn __cudaUnregisterFatBinary(_fatCubinHandle: *mut *mut c_void) {}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn __cudaRegisterFunction(
    fatCubinHandle: *mut *mut c_void,
    hostFun: *const c_char,
    _deviceFun: *mut c_char,
    deviceName: *const c_char,
    _thread_limit: c_int,
    _tid: *mut c_void,
    _bid: *mut c_void,
    _bDim: *mut dim3,
    _gDim: *mut dim3,
    _wSize: *mut c_int,
) {
    // Nothing may unwind into the program's static constructors.
    let _ = std::panic::catch_unwind(|| unsafe {
        register_nvcc_kernel(fatbin_of(fatCubinHandle), hostFun.cast(), deviceName)
    });
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

/// A host variable of the fatbin (NVIDIA's implementation reads these four arguments): nothing
/// in NVIDIA code can reach it here.
#[no_mangle]
pub unsafe extern "C" fn __cudaRegisterHostVar(
    _fatCubinHandle: *mut *mut c_void,
    _deviceName: *const c_char,
    _hostVar: *mut c_char,
    _size: usize,
) {
}

/// The fatbin's unified-function table: registered nowhere, as the fatbin's code cannot run.
/// NVIDIA's implementation reads five arguments, the fatbin handle first; the other four are
/// not needed here (a C callee may ignore trailing arguments). Answers 0 (success) in case a
/// caller reads a result.
#[no_mangle]
pub unsafe extern "C" fn __cudaRegisterUnifiedTable(_fatCubinHandle: *mut *mut c_void) -> c_int {
    0
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

/// CUDA 12's launch stubs: the kernel handle of a stub, as cudaGetKernel answers (an nvcc stub is
/// refused there, `cudaErrorNoKernelImageForDevice` with how to build for AMD).
#[no_mangle]
pub unsafe extern "C" fn __cudaGetKernel(
    kernelPtr: *mut cudaKernel_t,
    entryFuncAddr: *const c_void,
) -> cudaError_t {
    guarded!("__cudaGetKernel", unsafe {
        raw::cudaGetKernel(kernelPtr, entryFuncAddr)
    })
}

/// CUDA 12's launch stubs: `kernel` is a handle from `__cudaGetKernel`, which cudaLaunchKernel
/// takes as CUDA 12 does.
#[no_mangle]
pub unsafe extern "C" fn __cudaLaunchKernel(
    kernel: cudaKernel_t,
    gridDim: dim3,
    blockDim: dim3,
    args: *mut *mut c_void,
    sharedMem: usize,
    stream: cudaStream_t,
) -> cudaError_t {
    guarded!("__cudaLaunchKernel", unsafe {
        raw::cudaLaunchKernel(kernel.cast(), gridDim, blockDim, args, sharedMem, stream)
    })
}

/// `__cudaLaunchKernel` built with `--default-stream per-thread`.
#[no_mangle]
pub unsafe extern "C" fn __cudaLaunchKernel_ptsz(
    kernel: cudaKernel_t,
    gridDim: dim3,
    blockDim: dim3,
    args: *mut *mut c_void,
    sharedMem: usize,
    stream: cudaStream_t,
) -> cudaError_t {
    unsafe {
        __cudaLaunchKernel(
            kernel,
            gridDim,
            blockDim,
            args,
            sharedMem,
            per_thread(stream),
        )
    }
}
