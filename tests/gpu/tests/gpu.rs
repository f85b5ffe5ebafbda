//! GPU integration tests through cuda-as-hip's CUDA names (`--features gpu`; scripts/gpu-suite.sh
//! runs them on NVIDIA through the HIP loopback, and they run unchanged on an AMD GPU).

use cuda_as_hip::driver::attribute_answered_without_hip;
use cuda_as_hip::driver::sys::*;
use gpu_tests::{alloc, context, download, function, launch, module, ok, stream};
use std::ffi::c_void;
use std::ptr::{null, null_mut};

const KERNELS: &str = r#"
extern "C" __global__ void vector_add(const float* a, const float* b, float* c, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i] + b[i];
}
__device__ int counter;
extern "C" __global__ void bump(int by) { atomicAdd(&counter, by); }
struct Packed { float scale; int n; float* x; };
extern "C" __global__ void scale(Packed p) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < p.n) p.x[i] *= p.scale;
}
"#;

const N: usize = 1 << 16;

/// The `scale` kernel's parameter, as the kernel lays it out.
#[repr(C)]
struct Packed {
    scale: f32,
    n: i32,
    x: CUdeviceptr,
}

#[test]
fn vector_add() {
    context();
    let m = module(KERNELS);
    let f = function(m, c"vector_add");
    let a: Vec<f32> = (0..N).map(|i| i as f32).collect();
    let b: Vec<f32> = (0..N).map(|i| (3 * i) as f32).collect();
    let bytes = N * 4;
    let (mut da, mut db, mut dc) = (alloc::<f32>(N), alloc::<f32>(N), alloc::<f32>(N));
    ok(unsafe { cuMemcpyHtoD_v2(da, a.as_ptr().cast(), bytes) });
    ok(unsafe { cuMemcpyHtoD_v2(db, b.as_ptr().cast(), bytes) });
    let mut n = N as i32;
    let mut params = [
        (&mut da as *mut CUdeviceptr).cast(),
        (&mut db as *mut CUdeviceptr).cast(),
        (&mut dc as *mut CUdeviceptr).cast(),
        (&mut n as *mut i32).cast(),
    ];
    launch(f, (N / 256) as u32, 256, null_mut(), &mut params);
    let mut c = vec![0f32; N];
    ok(unsafe { cuMemcpyDtoH_v2(c.as_mut_ptr().cast(), dc, bytes) });
    assert!((0..N).all(|i| c[i] == a[i] + b[i]));
    for p in [da, db, dc] {
        ok(unsafe { cuMemFree_v2(p) });
    }
}

#[test]
fn memcpy_every_direction_sync_and_async_pinned_and_pageable() {
    context();
    let bytes = N * 4;
    let src: Vec<u32> = (0..N as u32).map(|i| i.wrapping_mul(2654435761)).collect();
    let mut pinned: *mut c_void = null_mut();
    ok(unsafe { cuMemAllocHost_v2(&mut pinned, bytes) });
    let (d1, d2) = (alloc::<u32>(N), alloc::<u32>(N));
    let mut stream = null_mut();
    ok(unsafe { cuStreamCreate(&mut stream, 0) });
    // pageable → device → device → pinned (async) → pageable (async)
    ok(unsafe { cuMemcpyHtoD_v2(d1, src.as_ptr().cast(), bytes) });
    ok(unsafe { cuMemcpyDtoD_v2(d2, d1, bytes) });
    ok(unsafe { cuMemcpyDtoHAsync_v2(pinned, d2, bytes, stream) });
    ok(unsafe { cuStreamSynchronize(stream) });
    let pinned_view = unsafe { std::slice::from_raw_parts(pinned.cast::<u32>(), N) };
    assert_eq!(pinned_view, &src[..]);
    ok(unsafe { cuMemsetD32_v2(d1, 0, N) });
    ok(unsafe { cuMemcpyHtoDAsync_v2(d1, pinned, bytes, stream) });
    ok(unsafe { cuMemcpyDtoDAsync_v2(d2, d1, bytes, stream) });
    let mut back = vec![0u32; N];
    ok(unsafe { cuMemcpyDtoHAsync_v2(back.as_mut_ptr().cast(), d2, bytes, stream) });
    ok(unsafe { cuStreamSynchronize(stream) });
    assert_eq!(back, src);
    // Unified addressing: cuMemcpy / cuMemcpyAsync take the direction from the pointers.
    ok(unsafe { cuMemsetD32_v2(d1, 0, N) });
    ok(unsafe { cuMemsetD32_v2(pinned as CUdeviceptr, 0, N) });
    ok(unsafe { cuMemcpy(d1, src.as_ptr() as CUdeviceptr, bytes) });
    ok(unsafe { cuMemcpyAsync(pinned as CUdeviceptr, d1, bytes, stream) });
    ok(unsafe { cuStreamSynchronize(stream) });
    let pinned_view = unsafe { std::slice::from_raw_parts(pinned.cast::<u32>(), N) };
    assert_eq!(pinned_view, &src[..]);
    ok(unsafe { cuStreamDestroy_v2(stream) });
    ok(unsafe { cuMemFreeHost(pinned) });
}

/// A 2-D copy of `width` bytes × `height` rows from the start of one side to the start of the other.
fn copy2d(src: Side2d, dst: Side2d, width: usize, height: usize) -> CUDA_MEMCPY2D {
    CUDA_MEMCPY2D {
        srcXInBytes: 0,
        srcY: 0,
        srcMemoryType: src.kind,
        srcHost: src.host,
        srcDevice: src.device,
        srcArray: src.array,
        srcPitch: src.pitch,
        dstXInBytes: 0,
        dstY: 0,
        dstMemoryType: dst.kind,
        dstHost: dst.host.cast_mut(),
        dstDevice: dst.device,
        dstArray: dst.array,
        dstPitch: dst.pitch,
        WidthInBytes: width,
        Height: height,
    }
}

#[derive(Clone, Copy)]
struct Side2d {
    kind: CUmemorytype,
    host: *const c_void,
    device: CUdeviceptr,
    array: CUarray,
    pitch: usize,
}

impl Side2d {
    fn host(p: *const c_void, pitch: usize) -> Self {
        let kind = CUmemorytype::CU_MEMORYTYPE_HOST;
        Self {
            kind,
            host: p,
            device: 0,
            array: null_mut(),
            pitch,
        }
    }
    fn device(d: CUdeviceptr, pitch: usize) -> Self {
        let kind = CUmemorytype::CU_MEMORYTYPE_DEVICE;
        Self {
            kind,
            host: null(),
            device: d,
            array: null_mut(),
            pitch,
        }
    }
    fn array(a: CUarray) -> Self {
        let kind = CUmemorytype::CU_MEMORYTYPE_ARRAY;
        Self {
            kind,
            host: null(),
            device: 0,
            array: a,
            pitch: 0,
        }
    }
}

fn float_array(width: usize, height: usize) -> CUarray {
    let desc = CUDA_ARRAY_DESCRIPTOR {
        Width: width,
        Height: height,
        Format: CUarray_format::CU_AD_FORMAT_FLOAT,
        NumChannels: 1,
    };
    let mut array = null_mut();
    ok(unsafe { cuArrayCreate_v2(&mut array, &desc) });
    array
}

/// Host → pitched device memory → a 2-D array → host and back into the pitched memory at an
/// offset (cuMemcpy2D / cuMemcpy2DAsync with every memory type), then 1-D arrays: device → array,
/// array → array at an offset, host → array and array → host asynchronously.
#[test]
fn two_d_copies_through_pitched_memory_and_arrays() {
    const W: usize = 40; // floats per row
    const H: usize = 6;
    context();
    let src: Vec<f32> = (0..W * H).map(|i| i as f32 * 0.5).collect();
    let (mut d, mut pitch) = (0, 0);
    ok(unsafe { cuMemAllocPitch_v2(&mut d, &mut pitch, W * 4, H, 4) });
    assert!(pitch >= W * 4);
    let host = Side2d::host(src.as_ptr().cast(), W * 4);
    ok(unsafe { cuMemcpy2D_v2(&copy2d(host, Side2d::device(d, pitch), W * 4, H)) });
    let a = float_array(W, H);
    let mut described = std::mem::MaybeUninit::<CUDA_ARRAY3D_DESCRIPTOR>::zeroed();
    ok(unsafe { cuArray3DGetDescriptor_v2(described.as_mut_ptr(), a) });
    let described = unsafe { described.assume_init() };
    let shape = (described.Width, described.Height, described.Depth);
    assert_eq!((shape, described.NumChannels), ((W, H, 0), 1));
    assert_eq!(described.Format, CUarray_format::CU_AD_FORMAT_FLOAT);
    ok(unsafe {
        cuMemcpy2D_v2(&copy2d(
            Side2d::device(d, pitch),
            Side2d::array(a),
            W * 4,
            H,
        ))
    });
    let mut back = vec![0f32; W * H];
    let out = Side2d::host(back.as_mut_ptr().cast_const().cast(), W * 4);
    ok(unsafe { cuMemcpy2D_v2(&copy2d(Side2d::array(a), out, W * 4, H)) });
    assert_eq!(back, src, "host → pitched → array → host");
    // The array's rows 1.. into the pitched memory's rows 0.., from column 2, on a stream.
    let s = stream();
    let mut shifted = copy2d(
        Side2d::array(a),
        Side2d::device(d, pitch),
        (W - 2) * 4,
        H - 1,
    );
    (shifted.srcY, shifted.srcXInBytes) = (1, 2 * 4);
    ok(unsafe { cuMemcpy2DAsync_v2(&shifted, s) });
    ok(unsafe { cuStreamSynchronize(s) });
    ok(unsafe { cuMemcpy2D_v2(&copy2d(Side2d::device(d, pitch), out, W * 4, H)) });
    for row in 0..H - 1 {
        for col in 0..W - 2 {
            let want = src[(row + 1) * W + col + 2];
            assert_eq!(back[row * W + col], want, "row {row}, column {col}");
        }
    }
    ok(unsafe { cuArrayDestroy(a) });
    // 1-D arrays: device → a1, a1 → a2 four floats in, zeros → a2's head, a2 → host.
    let linear = alloc::<f32>(W);
    ok(unsafe { cuMemcpyHtoD_v2(linear, src.as_ptr().cast(), W * 4) });
    let (a1, a2) = (float_array(W, 0), float_array(W, 0));
    ok(unsafe { cuMemcpyDtoA_v2(a1, 0, linear, W * 4) });
    ok(unsafe { cuMemcpyAtoA_v2(a2, 4 * 4, a1, 0, (W - 4) * 4) });
    let zeros = [0f32; 4];
    ok(unsafe { cuMemcpyHtoAAsync_v2(a2, 0, zeros.as_ptr().cast(), 4 * 4, s) });
    let mut row = vec![-1f32; W];
    ok(unsafe { cuMemcpyAtoHAsync_v2(row.as_mut_ptr().cast(), a2, 0, W * 4, s) });
    ok(unsafe { cuStreamSynchronize(s) });
    assert_eq!(&row[..4], &zeros);
    assert_eq!(&row[4..], &src[..W - 4]);
    assert_eq!(download::<f32>(linear, W), &src[..W]);
    for array in [a1, a2] {
        ok(unsafe { cuArrayDestroy(array) });
    }
    ok(unsafe { cuStreamDestroy_v2(s) });
    ok(unsafe { cuMemFree_v2(linear) });
    ok(unsafe { cuMemFree_v2(d) });
}

/// Memory type, device pointer and ordinal of device memory, pinned host memory and pageable host
/// memory (which CUDA does not know: success and zeros from the plural call, as NVIDIA's runtime
/// expects for `cudaPointerGetAttributes` of host memory).
#[test]
fn pointer_attributes_of_device_pinned_and_pageable_memory() {
    use CUpointer_attribute::*;
    context();
    let d = alloc::<u32>(64);
    let mut pinned: *mut c_void = null_mut();
    ok(unsafe { cuMemAllocHost_v2(&mut pinned, 256) });
    let pageable = vec![0u8; 256];
    let query = |ptr: CUdeviceptr| {
        let (mut kind, mut device, mut ordinal) = (9u32, 9 as CUdeviceptr, 9i32);
        let mut asked = [
            CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
            CU_POINTER_ATTRIBUTE_DEVICE_POINTER,
            CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL,
        ];
        let mut data: [*mut c_void; 3] = [
            (&mut kind as *mut u32).cast(),
            (&mut device as *mut CUdeviceptr).cast(),
            (&mut ordinal as *mut i32).cast(),
        ];
        ok(unsafe { cuPointerGetAttributes(3, asked.as_mut_ptr(), data.as_mut_ptr(), ptr) });
        (kind, device, ordinal)
    };
    let (device_memory, host_memory) = (
        CUmemorytype::CU_MEMORYTYPE_DEVICE,
        CUmemorytype::CU_MEMORYTYPE_HOST,
    );
    assert_eq!(query(d + 16), (device_memory as u32, d + 16, 0));
    assert_eq!(query(pinned as CUdeviceptr).0, host_memory as u32);
    assert_eq!(query(pageable.as_ptr() as CUdeviceptr), (0, 0, 0));
    let mut kind = 0u32;
    let attribute = CU_POINTER_ATTRIBUTE_MEMORY_TYPE;
    ok(unsafe { cuPointerGetAttribute((&mut kind as *mut u32).cast(), attribute, d) });
    assert_eq!(kind, device_memory as u32);
    ok(unsafe { cuMemFreeHost(pinned) });
    ok(unsafe { cuMemFree_v2(d) });
}

/// A texture object over a 2-D array: created, its resource and texture descriptions read back,
/// destroyed.
#[test]
fn texture_object_over_an_array() {
    context();
    let a = float_array(16, 8);
    let mut resource: CUDA_RESOURCE_DESC = unsafe { std::mem::zeroed() };
    resource.resType = CUresourcetype::CU_RESOURCE_TYPE_ARRAY;
    resource.res.array.hArray = a;
    let mut texture: CUDA_TEXTURE_DESC = unsafe { std::mem::zeroed() };
    texture.addressMode = [CUaddress_mode::CU_TR_ADDRESS_MODE_CLAMP; 3];
    texture.filterMode = CUfilter_mode::CU_TR_FILTER_MODE_LINEAR;
    let mut object = 0;
    ok(unsafe { cuTexObjectCreate(&mut object, &resource, &texture, null()) });
    let mut back: CUDA_RESOURCE_DESC = unsafe { std::mem::zeroed() };
    ok(unsafe { cuTexObjectGetResourceDesc(&mut back, object) });
    assert_eq!(back.resType, CUresourcetype::CU_RESOURCE_TYPE_ARRAY);
    assert_eq!(unsafe { back.res.array.hArray }, a);
    let mut described: CUDA_TEXTURE_DESC = unsafe { std::mem::zeroed() };
    ok(unsafe { cuTexObjectGetTextureDesc(&mut described, object) });
    assert_eq!(
        described.filterMode,
        CUfilter_mode::CU_TR_FILTER_MODE_LINEAR
    );
    assert_eq!(
        described.addressMode[0],
        CUaddress_mode::CU_TR_ADDRESS_MODE_CLAMP
    );
    ok(unsafe { cuTexObjectDestroy(object) });
    ok(unsafe { cuArrayDestroy(a) });
}

/// cuThreadExchangeStreamCaptureMode reads the mode to set and returns the thread's previous one.
#[test]
fn stream_capture_mode_exchange() {
    use CUstreamCaptureMode::*;
    context();
    let mut mode = CU_STREAM_CAPTURE_MODE_RELAXED;
    ok(unsafe { cuThreadExchangeStreamCaptureMode(&mut mode) });
    assert_eq!(
        mode, CU_STREAM_CAPTURE_MODE_GLOBAL,
        "a thread starts in global mode"
    );
    ok(unsafe { cuThreadExchangeStreamCaptureMode(&mut mode) });
    assert_eq!(mode, CU_STREAM_CAPTURE_MODE_RELAXED, "the mode set before");
}

#[test]
fn memset_8_16_32() {
    context();
    let d = alloc::<u32>(N);
    let mut out = vec![0u32; N];
    ok(unsafe { cuMemsetD8_v2(d, 0xAB, N * 4) });
    ok(unsafe { cuMemcpyDtoH_v2(out.as_mut_ptr().cast(), d, N * 4) });
    assert!(out.iter().all(|&v| v == 0xABAB_ABAB));
    ok(unsafe { cuMemsetD16_v2(d, 0x1234, N * 2) });
    ok(unsafe { cuMemcpyDtoH_v2(out.as_mut_ptr().cast(), d, N * 4) });
    assert!(out.iter().all(|&v| v == 0x1234_1234));
    ok(unsafe { cuMemsetD32_v2(d, 0xDEAD_BEEF, N) });
    ok(unsafe { cuMemcpyDtoH_v2(out.as_mut_ptr().cast(), d, N * 4) });
    assert!(out.iter().all(|&v| v == 0xDEAD_BEEF));
}

#[test]
fn streams_with_priorities_and_timed_events() {
    context();
    let (mut least, mut greatest) = (0, 0);
    ok(unsafe { cuCtxGetStreamPriorityRange(&mut least, &mut greatest) });
    let mut stream = null_mut();
    ok(unsafe { cuStreamCreateWithPriority(&mut stream, 0, greatest) });
    let mut prio = 99;
    ok(unsafe { cuStreamGetPriority(stream, &mut prio) });
    assert_eq!(prio, greatest);
    let (mut start, mut end) = (null_mut(), null_mut());
    ok(unsafe { cuEventCreate(&mut start, 0) });
    ok(unsafe { cuEventCreate(&mut end, 0) });
    ok(unsafe { cuEventRecord(start, stream) });
    let d = alloc::<u8>(64 << 20);
    ok(unsafe { cuMemsetD8Async(d, 7, 64 << 20, stream) });
    ok(unsafe { cuEventRecord(end, stream) });
    ok(unsafe { cuEventSynchronize(end) });
    let mut ms = -1.0f32;
    ok(unsafe { cuEventElapsedTime(&mut ms, start, end) });
    assert!(ms > 0.0 && ms < 10_000.0, "{ms} ms");
    ok(unsafe { cuStreamDestroy_v2(stream) });
}

#[test]
fn module_globals() {
    context();
    let m = module(KERNELS);
    let (mut ptr, mut size) = (0, 0);
    ok(unsafe { cuModuleGetGlobal_v2(&mut ptr, &mut size, m, c"counter".as_ptr()) });
    assert_eq!(size, 4);
    ok(unsafe { cuMemsetD32_v2(ptr, 5, 1) });
    let mut by = 3i32;
    let mut params = [(&mut by as *mut i32).cast::<c_void>()];
    launch(function(m, c"bump"), 4, 32, null_mut(), &mut params);
    ok(unsafe { cuCtxSynchronize() });
    let mut value = 0i32;
    ok(unsafe { cuMemcpyDtoH_v2((&mut value as *mut i32).cast(), ptr, 4) });
    assert_eq!(value, 5 + 4 * 32 * 3);
}

/// The `scale` kernel, and N floats 0, 1, 2 … on the device (and their host copy).
fn scale_kernel_and_input() -> (CUfunction, CUdeviceptr, Vec<f32>) {
    context();
    let f = function(module(KERNELS), c"scale");
    let x = alloc::<f32>(N);
    let host: Vec<f32> = (0..N).map(|i| i as f32).collect();
    ok(unsafe { cuMemcpyHtoD_v2(x, host.as_ptr().cast(), N * 4) });
    (f, x, host)
}

#[test]
fn extra_buffer_kernel_parameters() {
    let (f, x, host) = scale_kernel_and_input();
    let mut args = Packed {
        scale: 2.5,
        n: N as i32,
        x,
    };
    let mut size = size_of::<Packed>();
    let mut extra = [
        std::ptr::without_provenance_mut(CU_LAUNCH_PARAM_BUFFER_POINTER_AS_INT as usize),
        (&mut args as *mut Packed).cast(),
        std::ptr::without_provenance_mut(CU_LAUNCH_PARAM_BUFFER_SIZE_AS_INT as usize),
        (&mut size as *mut usize).cast(),
        std::ptr::without_provenance_mut(CU_LAUNCH_PARAM_END_AS_INT as usize),
    ];
    ok(unsafe {
        cuLaunchKernel(
            f,
            (N / 256) as u32,
            1,
            1,
            256,
            1,
            1,
            0,
            null_mut(),
            null_mut(),
            extra.as_mut_ptr(),
        )
    });
    let mut out = vec![0f32; N];
    ok(unsafe { cuMemcpyDtoH_v2(out.as_mut_ptr().cast(), x, N * 4) });
    assert!((0..N).all(|i| out[i] == host[i] * 2.5));
}

#[test]
fn launch_ex_with_hints_and_a_cooperative_attribute() {
    // cuLaunchKernelEx (numba's launch): hints are read past, the cooperative attribute makes a
    // cooperative launch; both scale every element, as cuLaunchKernel would.
    let (f, x, host) = scale_kernel_and_input();
    let mut args = Packed {
        scale: 2.0,
        n: N as i32,
        x,
    };
    let mut params = [(&mut args as *mut Packed).cast::<c_void>()];
    let mut attributes: [CUlaunchAttribute; 2] = unsafe { std::mem::zeroed() };
    attributes[0].id = CUlaunchAttributeID::CU_LAUNCH_ATTRIBUTE_PRIORITY;
    attributes[0].value.priority = 1;
    attributes[1].id = CUlaunchAttributeID::CU_LAUNCH_ATTRIBUTE_COOPERATIVE;
    let mut config = CUlaunchConfig {
        gridDimX: (N / 256) as u32,
        gridDimY: 1,
        gridDimZ: 1,
        blockDimX: 256,
        blockDimY: 1,
        blockDimZ: 1,
        sharedMemBytes: 0,
        hStream: null_mut(),
        attrs: attributes.as_mut_ptr(),
        numAttrs: 2,
    };
    ok(unsafe { cuLaunchKernelEx(&config, f, params.as_mut_ptr(), null_mut()) });
    // Cooperative (the whole grid resident at once): HIP 5.2 has no cooperative module launch.
    config.gridDimX = 4;
    unsafe { (*config.attrs.add(1)).value.cooperative = 1 }; // through the pointer the launch reads
    let r = unsafe { cuLaunchKernelEx(&config, f, params.as_mut_ptr(), null_mut()) };
    let hip = hip_sys::hip().expect("HIP loads").bindings();
    let reached = match hip {
        hip_sys::Bindings::V5_2_3 => {
            assert_eq!(r, CUresult::CUDA_ERROR_NOT_SUPPORTED);
            0
        }
        _ => {
            ok(r);
            4 * 256
        }
    };
    ok(unsafe { cuCtxSynchronize() });
    let mut out = vec![0f32; N];
    ok(unsafe { cuMemcpyDtoH_v2(out.as_mut_ptr().cast(), x, N * 4) });
    assert!((0..reached).all(|i| out[i] == host[i] * 4.0));
    assert!((reached..N).all(|i| out[i] == host[i] * 2.0));
}

#[test]
fn occupancy() {
    context();
    let m = module(KERNELS);
    let mut blocks = 0;
    ok(unsafe {
        cuOccupancyMaxActiveBlocksPerMultiprocessor(&mut blocks, function(m, c"vector_add"), 256, 0)
    });
    assert!(blocks >= 1, "{blocks}");
}

#[test]
fn function_attributes_include_cuda_12_cluster_attributes() {
    // NVIDIA's static runtime reads them all in cudaFuncGetAttributes (CUB's dispatch calls it);
    // a kernel here asks for no cluster.
    use CUfunction_attribute as A;
    context();
    let f = function(module(KERNELS), c"vector_add");
    let get = |a: A| {
        let mut v = -1;
        ok(unsafe { cuFuncGetAttribute(&mut v, a, f) });
        v
    };
    assert!(get(A::CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK) >= 256);
    for a in [
        A::CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET,
        A::CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH,
        A::CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT,
        A::CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH,
        A::CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED,
        A::CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE,
    ] {
        assert_eq!(get(a), 0, "{a:?}");
    }
}

#[test]
fn multiple_contexts() {
    let (dev, primary) = context();
    let mut ctx = null_mut();
    ok(unsafe { cuCtxCreate_v2(&mut ctx, 0, dev) });
    let mut current = null_mut();
    ok(unsafe { cuCtxGetCurrent(&mut current) });
    assert_eq!(current, ctx, "a created context is current");
    let d = alloc::<u32>(16);
    ok(unsafe { cuMemsetD32_v2(d, 42, 16) });
    let mut popped = null_mut();
    ok(unsafe { cuCtxPopCurrent_v2(&mut popped) });
    assert_eq!(popped, ctx);
    ok(unsafe { cuCtxPushCurrent_v2(primary) });
    ok(unsafe { cuCtxSetCurrent(primary) });
    ok(unsafe { cuCtxDestroy_v2(ctx) });
}

/// Disagreements between the shim (CUDA attribute → our table → HIP → the loopback's AMD
/// HIP→CUDA switch → NVIDIA) and NVIDIA's driver read directly, each with its reason.
const KNOWN_DIFFERENCES: &[(u32, &str)] = &[
    (
        106, // CU_DEVICE_ATTRIBUTE_MAX_BLOCKS_PER_MULTIPROCESSOR
        "HIP has no counterpart: threads per multiprocessor / warp size (2048 / 32 = 64 on an \
         H100, NVIDIA says 32)",
    ),
    // HIP's counterpart holds several sizes (width, height[, depth | pitch]) and
    // hipDeviceGetAttribute answers one: the loopback asks CUDA for the width (README, limits).
    (
        49,
        "MAXIMUM_TEXTURE3D_DEPTH_ALTERNATE: hipDeviceAttributeMaxTexture3DAlt",
    ),
    (
        57,
        "MAXIMUM_SURFACE2D_HEIGHT: hipDeviceAttributeMaxSurface2D",
    ),
    (
        71,
        "MAXIMUM_TEXTURE2D_LINEAR_HEIGHT: hipDeviceAttributeMaxTexture2DLinear",
    ),
    (
        72,
        "MAXIMUM_TEXTURE2D_LINEAR_PITCH: hipDeviceAttributeMaxTexture2DLinear",
    ),
    (
        123, // CU_DEVICE_ATTRIBUTE_CAN_USE_STREAM_WAIT_VALUE_NOR
        "hipify maps it to hipDeviceAttributeCanUseStreamWaitValue, which the loopback pairs \
         with CUDA's attribute 94 (64-bit stream memory operations), 0 on this driver",
    ),
];

#[test]
fn device_attributes_match_the_nvidia_driver() {
    context();
    let nvidia = gpu_tests::NvidiaDriver::open();
    let (mut compared, mut unmapped, mut bad) = (0, 0, Vec::new());
    for attr in 1..=CUdevice_attribute::CU_DEVICE_ATTRIBUTE_MAX as u32 {
        let mut ours = 0;
        match unsafe { cuda_as_hip::raw::cuDeviceGetAttribute(&mut ours, attr, 0) } {
            CUresult::CUDA_SUCCESS => {}
            CUresult::CUDA_ERROR_NOT_SUPPORTED => {
                unmapped += 1;
                continue;
            }
            CUresult::CUDA_ERROR_INVALID_VALUE => continue, // not a CUDA 12.9 attribute value
            e => {
                bad.push(format!("attribute {attr}: shim returned {e:?}"));
                continue;
            }
        }
        let (r, theirs) = nvidia.attribute(attr, 0);
        if attribute_answered_without_hip(attr) == Some(ours) {
            // What this HIP has no counterpart for: the shim's fixed answer, whatever the GPU.
            unmapped += 1;
            continue;
        }
        compared += 1;
        if (r != 0 || ours != theirs) && !KNOWN_DIFFERENCES.iter().any(|k| k.0 == attr) {
            bad.push(format!(
                "attribute {attr}: shim {ours}, NVIDIA {theirs} (NVIDIA result {r})"
            ));
        }
    }
    println!("device attributes: {compared} compared with NVIDIA's driver, {unmapped} without a HIP counterpart");
    assert!(compared > 40, "{compared}");
    assert!(
        bad.is_empty(),
        "{} disagreements:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
