//! GPU tests of the runtime API (`cuda*`) through cuda-as-hip (`--features gpu`; scripts/gpu-suite.sh
//! runs them on NVIDIA through the HIP loopback): memory, streams and events, device properties
//! against NVIDIA's driver, a program mixing runtime and driver calls, an NVRTC kernel launched
//! through `cudaLaunchKernel` as cudarc's runtime layer launches it, and CUDA 12's library API.

use cuda_as_hip::driver::sys as drv;
use cuda_as_hip::runtime::sys::*;
use gpu_tests::{function, module, runtime_ok as ok};
use std::ffi::c_void;
use std::ptr::null_mut;

const N: usize = 1 << 16;
const BYTES: usize = N * 4;

fn device_buffer() -> *mut c_void {
    let mut p = null_mut();
    ok(unsafe { cudaMalloc(&mut p, BYTES) });
    p
}

#[test]
fn memory_sync_and_async_pinned_and_pageable_and_memset() {
    ok(unsafe { cudaSetDevice(0) });
    let src: Vec<u32> = (0..N as u32).map(|i| i.wrapping_mul(2654435761)).collect();
    let (a, b) = (device_buffer(), device_buffer());
    let mut pinned = null_mut();
    ok(unsafe { cudaMallocHost(&mut pinned, BYTES) });
    let mut stream = null_mut();
    ok(unsafe { cudaStreamCreateWithFlags(&mut stream, cudaStreamNonBlocking) });
    use cudaMemcpyKind::*;
    ok(unsafe { cudaMemcpy(a, src.as_ptr().cast(), BYTES, cudaMemcpyHostToDevice) });
    ok(unsafe { cudaMemcpyAsync(b, a, BYTES, cudaMemcpyDeviceToDevice, stream) });
    ok(unsafe { cudaMemcpyAsync(pinned, b, BYTES, cudaMemcpyDeviceToHost, stream) });
    ok(unsafe { cudaStreamSynchronize(stream) });
    let back = unsafe { std::slice::from_raw_parts(pinned.cast::<u32>(), N) };
    assert_eq!(back, &src[..], "pageable → device → device → pinned");
    ok(unsafe { cudaMemsetAsync(a, 0x5a, BYTES, stream) });
    ok(unsafe { cudaStreamSynchronize(stream) });
    let mut bytes = vec![0u8; BYTES];
    ok(unsafe { cudaMemcpy(bytes.as_mut_ptr().cast(), a, BYTES, cudaMemcpyDefault) });
    assert!(bytes.iter().all(|&x| x == 0x5a), "memset");
    ok(unsafe { cudaStreamDestroy(stream) });
    ok(unsafe { cudaFreeHost(pinned) });
    for p in [a, b] {
        ok(unsafe { cudaFree(p) });
    }
    assert_eq!(unsafe { cudaGetLastError() }, cudaError_t::cudaSuccess);
}

#[test]
fn events_time_work_on_a_stream() {
    ok(unsafe { cudaSetDevice(0) });
    let (mut start, mut end, mut stream) = (null_mut(), null_mut(), null_mut());
    ok(unsafe { cudaEventCreate(&mut start) });
    ok(unsafe { cudaEventCreate(&mut end) });
    ok(unsafe { cudaStreamCreate(&mut stream) });
    let a = device_buffer();
    ok(unsafe { cudaEventRecord(start, stream) });
    for _ in 0..20 {
        ok(unsafe { cudaMemsetAsync(a, 1, BYTES, stream) });
    }
    ok(unsafe { cudaEventRecord(end, stream) });
    ok(unsafe { cudaEventSynchronize(end) });
    let mut ms = -1.0f32;
    ok(unsafe { cudaEventElapsedTime(&mut ms, start, end) });
    assert!(ms >= 0.0, "elapsed {ms} ms");
    ok(unsafe { cudaFree(a) });
    for e in [start, end] {
        ok(unsafe { cudaEventDestroy(e) });
    }
    ok(unsafe { cudaStreamDestroy(stream) });
}

#[test]
fn device_properties_match_the_nvidia_driver() {
    let mut prop = std::mem::MaybeUninit::<cudaDeviceProp>::uninit();
    ok(unsafe { cudaGetDeviceProperties_v2(prop.as_mut_ptr(), 0) });
    let prop = unsafe { prop.assume_init() };
    let nvidia = gpu_tests::NvidiaDriver::open();
    let nv = |a: drv::CUdevice_attribute| {
        let (r, v) = nvidia.attribute(a as u32, 0);
        assert_eq!(r, 0, "NVIDIA's answer for {a:?}");
        v
    };
    use drv::CUdevice_attribute::*;
    let pairs = [
        (
            "multiProcessorCount",
            prop.multiProcessorCount,
            nv(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
        ),
        (
            "maxThreadsPerBlock",
            prop.maxThreadsPerBlock,
            nv(CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK),
        ),
        ("warpSize", prop.warpSize, nv(CU_DEVICE_ATTRIBUTE_WARP_SIZE)),
        (
            "major",
            prop.major,
            nv(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
        ),
        (
            "minor",
            prop.minor,
            nv(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
        ),
        (
            "maxThreadsDim[0]",
            prop.maxThreadsDim[0],
            nv(CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X),
        ),
        (
            "maxGridSize[0]",
            prop.maxGridSize[0],
            nv(CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X),
        ),
        (
            "l2CacheSize",
            prop.l2CacheSize,
            nv(CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE),
        ),
        (
            "memoryBusWidth",
            prop.memoryBusWidth,
            nv(CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH),
        ),
        (
            "sharedMemPerBlock",
            prop.sharedMemPerBlock as i32,
            nv(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK),
        ),
    ];
    let bad: Vec<String> = pairs
        .iter()
        .filter(|(_, ours, theirs)| ours != theirs)
        .map(|(n, ours, theirs)| format!("{n}: shim {ours}, NVIDIA {theirs}"))
        .collect();
    assert!(
        bad.is_empty(),
        "cudaDeviceProp disagrees with NVIDIA's driver:\n{}",
        bad.join("\n")
    );
    let name = unsafe { std::ffi::CStr::from_ptr(prop.name.as_ptr()) };
    assert!(!name.to_bytes().is_empty(), "a device name");
    assert!(
        prop.totalGlobalMem > 1 << 30,
        "{} bytes",
        prop.totalGlobalMem
    );
}

const SCALE: &str = r#"
extern "C" __global__ void scale(float* x, float by, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] *= by;
}
"#;

/// `scale` over cudaMalloc'd memory copied in and back through the runtime: `launch` gets the
/// kernel's parameters `(x, by, n)` and launches it its own way; the result must be `x * by`.
fn scaled_through(by: f32, launch: impl FnOnce(&mut [*mut c_void; 3])) {
    let host: Vec<f32> = (0..N).map(|i| (i % 97) as f32).collect();
    let mut x = device_buffer();
    use cudaMemcpyKind::*;
    ok(unsafe { cudaMemcpy(x, host.as_ptr().cast(), BYTES, cudaMemcpyHostToDevice) });
    let (mut by, mut n) = (by, N as i32);
    let mut params: [*mut c_void; 3] = [
        (&mut x as *mut *mut c_void).cast(),
        (&mut by as *mut f32).cast(),
        (&mut n as *mut i32).cast(),
    ];
    launch(&mut params);
    ok(unsafe { cudaDeviceSynchronize() });
    let mut back = vec![0f32; N];
    ok(unsafe { cudaMemcpy(back.as_mut_ptr().cast(), x, BYTES, cudaMemcpyDeviceToHost) });
    assert!((0..N).all(|i| back[i] == host[i] * by));
    ok(unsafe { cudaFree(x) });
}

/// `f` (a kernel handle) launched by `cudaLaunchKernel` on the legacy stream.
fn runtime_launch(f: *const c_void, params: &mut [*mut c_void; 3]) {
    let grid = dim3 {
        x: (N / 128) as u32,
        y: 1,
        z: 1,
    };
    let block = dim3 { x: 128, y: 1, z: 1 };
    ok(unsafe { cudaLaunchKernel(f, grid, block, params.as_mut_ptr(), 0, null_mut()) });
}

/// cudaMalloc'd memory, a kernel launched with the driver's cuLaunchKernel on a stream the driver
/// made, synchronised by the runtime: one HIP underneath both libraries.
#[test]
fn a_program_mixing_runtime_and_driver_calls() {
    gpu_tests::context();
    let f = function(module(SCALE), c"scale");
    let mut stream: drv::CUstream = null_mut();
    gpu_tests::ok(unsafe { drv::cuStreamCreate(&mut stream, 0) });
    scaled_through(3.0, |params| {
        let (grid, block) = ((N / 256) as u32, 256);
        let p = params.as_mut_ptr();
        gpu_tests::ok(unsafe {
            drv::cuLaunchKernel(f, grid, 1, 1, block, 1, 1, 0, stream, p, null_mut())
        });
        ok(unsafe { cudaStreamSynchronize(stream.cast()) });
    });
    gpu_tests::ok(unsafe { drv::cuStreamDestroy_v2(stream) });
}

/// An NVRTC kernel launched by `cudaLaunchKernel` with the driver's `CUfunction` cast to a
/// pointer, as cudarc's `runtime::result::launch_kernel` does.
#[test]
fn cuda_launch_kernel_runs_an_nvrtc_kernel_handle() {
    gpu_tests::context();
    let f = function(module(SCALE), c"scale");
    scaled_through(-2.0, |params| runtime_launch(f as *const c_void, params));
}

/// CUDA 12's library management: an NVRTC image loaded by `cudaLibraryLoadData`, its kernel from
/// `cudaLibraryGetKernel`, its attributes from `cudaFuncGetAttributes`, launched by
/// `cudaLaunchKernel`, unloaded by `cudaLibraryUnload`.
#[test]
fn an_nvrtc_kernel_through_the_library_api() {
    ok(unsafe { cudaSetDevice(0) });
    let image = gpu_tests::image_with(SCALE, &[]);
    let mut library: cudaLibrary_t = null_mut();
    let (jit, lib) = (null_mut(), null_mut());
    let code = image.as_ptr().cast();
    ok(unsafe { cudaLibraryLoadData(&mut library, code, jit, null_mut(), 0, lib, null_mut(), 0) });
    let mut kernel: cudaKernel_t = null_mut();
    ok(unsafe { cudaLibraryGetKernel(&mut kernel, library, c"scale".as_ptr()) });
    let mut attr = std::mem::MaybeUninit::<cudaFuncAttributes>::uninit();
    ok(unsafe { cudaFuncGetAttributes(attr.as_mut_ptr(), kernel as *const c_void) });
    let attr = unsafe { attr.assume_init() };
    assert!(
        attr.maxThreadsPerBlock >= 128,
        "{}",
        attr.maxThreadsPerBlock
    );
    scaled_through(0.5, |params| {
        runtime_launch(kernel as *const c_void, params)
    });
    ok(unsafe { cudaLibraryUnload(library) });
}

/// `cudaStreamAddCallback` hands the callback the runtime's status and its data;
/// `cudaLaunchHostFunc` runs in stream order too.
#[test]
fn stream_callbacks_and_host_functions_run_with_the_runtime_status() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    unsafe extern "C" fn callback(_: cudaStream_t, status: cudaError_t, data: *mut c_void) {
        assert_eq!(status, cudaError_t::cudaSuccess);
        SEEN.fetch_add(data as usize, Ordering::SeqCst);
    }
    unsafe extern "C" fn host_fn(data: *mut c_void) {
        SEEN.fetch_add(data as usize, Ordering::SeqCst);
    }
    ok(unsafe { cudaSetDevice(0) });
    let mut stream = null_mut();
    ok(unsafe { cudaStreamCreate(&mut stream) });
    // Counts, not addresses.
    let (one, ten) = (
        std::ptr::without_provenance_mut(1),
        std::ptr::without_provenance_mut(10),
    );
    ok(unsafe { cudaStreamAddCallback(stream, Some(callback), one, 0) });
    ok(unsafe { cudaLaunchHostFunc(stream, Some(host_fn), ten) });
    ok(unsafe { cudaStreamSynchronize(stream) });
    assert_eq!(SEEN.load(Ordering::SeqCst), 11);
    ok(unsafe { cudaStreamDestroy(stream) });
}

/// One HIP under both APIs: a stream or event destroyed through one is dead to the other (CUDA's
/// invalid-handle codes, never HIP following freed memory).
#[test]
fn handles_destroyed_through_either_api_are_dead_to_both() {
    gpu_tests::context();
    let (mut stream, mut event) = (null_mut(), null_mut());
    ok(unsafe { cudaStreamCreate(&mut stream) });
    ok(unsafe { cudaEventCreate(&mut event) });
    ok(unsafe { cudaStreamDestroy(stream) });
    assert_eq!(
        unsafe { drv::cuStreamQuery(stream.cast()) },
        drv::CUresult::CUDA_ERROR_INVALID_HANDLE
    );
    assert_eq!(
        unsafe { cudaStreamSynchronize(stream) },
        cudaError_t::cudaErrorInvalidResourceHandle
    );
    gpu_tests::ok(unsafe { drv::cuEventDestroy_v2(event.cast()) });
    assert_eq!(
        unsafe { cudaEventQuery(event) },
        cudaError_t::cudaErrorInvalidResourceHandle
    );
    assert_eq!(
        unsafe { cudaEventDestroy(event) },
        cudaError_t::cudaErrorInvalidResourceHandle
    );
    assert_eq!(
        unsafe { cudaGetLastError() },
        cudaError_t::cudaErrorInvalidResourceHandle
    );
}

/// CUDA's current device is per host thread (a new thread starts on device 0), and each device's
/// primary context is implicit: memory is allocated with no context call, and again after
/// `cudaDeviceReset` destroyed it. (HIP's calls share these semantics: they are forwarded.)
#[test]
fn current_device_is_per_thread_and_the_primary_context_implicit() {
    let mut count = 0;
    ok(unsafe { cudaGetDeviceCount(&mut count) });
    let last = count - 1;
    ok(unsafe { cudaSetDevice(last) });
    let mut device = -1;
    ok(unsafe { cudaGetDevice(&mut device) });
    assert_eq!(device, last);
    let other = std::thread::spawn(|| {
        let mut d = -1;
        (unsafe { cudaGetDevice(&mut d) }, d)
    });
    assert_eq!(
        other.join().unwrap(),
        (cudaError_t::cudaSuccess, 0),
        "a new thread: device 0"
    );
    for _ in 0..2 {
        let p = device_buffer();
        ok(unsafe { cudaMemset(p, 7, BYTES) });
        let mut back = vec![0u8; BYTES];
        let kind = cudaMemcpyKind::cudaMemcpyDeviceToHost;
        ok(unsafe { cudaMemcpy(back.as_mut_ptr().cast(), p, BYTES, kind) });
        assert!(back.iter().all(|&b| b == 7));
        ok(unsafe { cudaFree(p) });
        ok(unsafe { cudaDeviceReset() });
    }
    ok(unsafe { cudaSetDevice(0) });
}
