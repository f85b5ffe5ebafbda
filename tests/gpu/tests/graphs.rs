//! Stream capture, graphs and host functions on a device: capture → instantiate → launch →
//! set parameters → update → destroy, graph nodes built by hand (kernel, memcpy, memset, host), and
//! `cuLaunchHostFunc` in stream order.

use cuda_as_hip::driver::sys::*;
use gpu_tests::{alloc, context, download, function, launch, module, ok, params, stream};
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const ADD: &str = r#"
extern "C" __global__ void add(float* x, float v, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] += v;
}
"#;
const N: usize = 1 << 14;
const BLOCK: u32 = 256;

unsafe extern "C" fn count(counter: *mut c_void) {
    unsafe { &*counter.cast::<AtomicUsize>() }.fetch_add(1, Ordering::SeqCst);
}

/// Captured on `s`: d := 1.0; d += v (kernel); d2 := d; count += 1 (host function).
fn capture(
    s: CUstream,
    f: CUfunction,
    d: CUdeviceptr,
    d2: CUdeviceptr,
    v: f32,
    counter: &AtomicUsize,
) -> CUgraph {
    let mode = CUstreamCaptureMode::CU_STREAM_CAPTURE_MODE_RELAXED;
    ok(unsafe { cuStreamBeginCapture_v2(s, mode) });
    let mut status = CUstreamCaptureStatus::CU_STREAM_CAPTURE_STATUS_NONE;
    ok(unsafe { cuStreamIsCapturing(s, &mut status) });
    assert_eq!(
        status,
        CUstreamCaptureStatus::CU_STREAM_CAPTURE_STATUS_ACTIVE
    );
    ok(unsafe { cuMemsetD32Async(d, 1.0f32.to_bits(), N, s) });
    let (mut d, mut v, mut n) = (d, v, N as i32);
    launch(f, N as u32 / BLOCK, BLOCK, s, &mut params![d, v, n]);
    ok(unsafe { cuMemcpyDtoDAsync_v2(d2, d, N * 4, s) });
    let data = (counter as *const AtomicUsize).cast_mut().cast();
    ok(unsafe { cuLaunchHostFunc(s, Some(count), data) });
    let mut graph = null_mut();
    ok(unsafe { cuStreamEndCapture(s, &mut graph) });
    ok(unsafe { cuStreamIsCapturing(s, &mut status) });
    assert_eq!(status, CUstreamCaptureStatus::CU_STREAM_CAPTURE_STATUS_NONE);
    graph
}

fn nodes(graph: CUgraph) -> Vec<(CUgraphNode, CUgraphNodeType)> {
    let mut n = 0;
    ok(unsafe { cuGraphGetNodes(graph, null_mut(), &mut n) });
    let mut nodes = vec![null_mut(); n];
    ok(unsafe { cuGraphGetNodes(graph, nodes.as_mut_ptr(), &mut n) });
    let kind = |node| {
        let mut t = CUgraphNodeType::CU_GRAPH_NODE_TYPE_EMPTY;
        ok(unsafe { cuGraphNodeGetType(node, &mut t) });
        t
    };
    nodes.into_iter().map(|node| (node, kind(node))).collect()
}

fn run(exec: CUgraphExec, s: CUstream) {
    ok(unsafe { cuGraphLaunch(exec, s) });
    ok(unsafe { cuStreamSynchronize(s) });
}

fn assert_all(d: CUdeviceptr, expected: f32) {
    let got = download::<f32>(d, N);
    assert!(
        got.iter().all(|&x| x == expected),
        "expected {expected}, got {}",
        got[0]
    );
}

#[test]
fn capture_instantiate_launch_set_params_update_destroy() {
    context();
    let f = function(module(ADD), c"add");
    let (d, d2, s) = (alloc::<f32>(N), alloc::<f32>(N), stream());
    let counter = AtomicUsize::new(0);
    let graph = capture(s, f, d, d2, 2.0, &counter);
    let found = nodes(graph);
    use CUgraphNodeType::*;
    let kinds: Vec<_> = found.iter().map(|n| n.1).collect();
    for k in [
        CU_GRAPH_NODE_TYPE_MEMSET,
        CU_GRAPH_NODE_TYPE_KERNEL,
        CU_GRAPH_NODE_TYPE_MEMCPY,
        CU_GRAPH_NODE_TYPE_HOST,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
    // What the capture recorded, read back through CUDA's structs.
    let node = |k| found.iter().find(|n| n.1 == k).unwrap().0;
    let mut kp: CUDA_KERNEL_NODE_PARAMS = unsafe { std::mem::zeroed() };
    ok(unsafe { cuGraphKernelNodeGetParams_v2(node(CU_GRAPH_NODE_TYPE_KERNEL), &mut kp) });
    assert_eq!(
        (kp.func, kp.gridDimX, kp.blockDimX),
        (f, N as u32 / BLOCK, BLOCK)
    );
    let mut mp: CUDA_MEMSET_NODE_PARAMS = unsafe { std::mem::zeroed() };
    ok(unsafe { cuGraphMemsetNodeGetParams(node(CU_GRAPH_NODE_TYPE_MEMSET), &mut mp) });
    assert_eq!(
        (mp.dst, mp.value, mp.elementSize, mp.width),
        (d, 1.0f32.to_bits(), 4, N)
    );

    let mut exec = null_mut();
    ok(unsafe { cuGraphInstantiateWithFlags(&mut exec, graph, 0) });
    run(exec, s);
    run(exec, s);
    assert_all(d2, 3.0);
    assert_eq!(
        counter.load(Ordering::SeqCst),
        2,
        "the host node ran once per launch"
    );

    // New kernel arguments in the executable graph only.
    let (mut dd, mut v, mut n) = (d, 10.0f32, N as i32);
    let mut p = params![dd, v, n];
    kp.kernelParams = p.as_mut_ptr();
    ok(unsafe { cuGraphExecKernelNodeSetParams_v2(exec, node(CU_GRAPH_NODE_TYPE_KERNEL), &kp) });
    run(exec, s);
    assert_all(d2, 11.0);

    // The same topology captured with another value updates the executable graph in place.
    let graph2 = capture(s, f, d, d2, 5.0, &counter);
    let mut info: CUgraphExecUpdateResultInfo = unsafe { std::mem::zeroed() };
    ok(unsafe { cuGraphExecUpdate_v2(exec, graph2, &mut info) });
    assert_eq!(
        info.result,
        CUgraphExecUpdateResult::CU_GRAPH_EXEC_UPDATE_SUCCESS
    );
    run(exec, s);
    assert_all(d2, 6.0);
    assert_eq!(counter.load(Ordering::SeqCst), 4);

    ok(unsafe { cuGraphExecDestroy(exec) });
    ok(unsafe { cuGraphDestroy(graph) });
    ok(unsafe { cuGraphDestroy(graph2) });
    ok(unsafe { cuStreamDestroy_v2(s) });
    for p in [d, d2] {
        ok(unsafe { cuMemFree_v2(p) });
    }
}

/// A memcpy node d2 := d, and a memset node d := value, built by hand. HIP has the driver-style
/// node calls (`hipDrvGraphAddMemcpyNode` / `…MemsetNode`) from 6.0; before that the shim adds
/// them runtime-style.
fn copy_and_set_nodes(
    graph: CUgraph,
    ctx: CUcontext,
    d: CUdeviceptr,
    d2: CUdeviceptr,
) -> [CUgraphNode; 2] {
    let device = CUmemorytype::CU_MEMORYTYPE_DEVICE;
    let copy = CUDA_MEMCPY3D {
        srcXInBytes: 0,
        srcY: 0,
        srcZ: 0,
        srcLOD: 0,
        srcMemoryType: device,
        srcHost: null(),
        srcDevice: d,
        srcArray: null_mut(),
        reserved0: null_mut(),
        srcPitch: 0,
        srcHeight: 0,
        dstXInBytes: 0,
        dstY: 0,
        dstZ: 0,
        dstLOD: 0,
        dstMemoryType: device,
        dstHost: null_mut(),
        dstDevice: d2,
        dstArray: null_mut(),
        reserved1: null_mut(),
        dstPitch: 0,
        dstHeight: 0,
        WidthInBytes: N * 4,
        Height: 1,
        Depth: 1,
    };
    let set = CUDA_MEMSET_NODE_PARAMS {
        dst: d,
        pitch: 0,
        value: 7.0f32.to_bits(),
        elementSize: 4,
        width: N,
        height: 1,
    };
    let (mut set_node, mut copy_node) = (null_mut(), null_mut());
    ok(unsafe { cuGraphAddMemsetNode(&mut set_node, graph, null(), 0, &set, ctx) });
    ok(unsafe { cuGraphAddMemcpyNode(&mut copy_node, graph, &set_node, 1, &copy, ctx) });
    [set_node, copy_node]
}

#[test]
fn graph_built_node_by_node_kernel_memcpy_memset_host() {
    let (_, ctx) = context();
    let f = function(module(ADD), c"add");
    let (d, d2, s) = (alloc::<f32>(N), alloc::<f32>(N), stream());
    ok(unsafe { cuMemsetD32_v2(d, 0, N) });
    let mut graph = null_mut();
    ok(unsafe { cuGraphCreate(&mut graph, 0) });
    let first = copy_and_set_nodes(graph, ctx, d, d2);
    // kernel: d += 1.5, after the copy; host: counter += 1, after the kernel.
    let (mut dd, mut v, mut n) = (d, 1.5f32, N as i32);
    let mut p = params![dd, v, n];
    let kp = CUDA_KERNEL_NODE_PARAMS {
        func: f,
        gridDimX: N as u32 / BLOCK,
        gridDimY: 1,
        gridDimZ: 1,
        blockDimX: BLOCK,
        blockDimY: 1,
        blockDimZ: 1,
        sharedMemBytes: 0,
        kernelParams: p.as_mut_ptr(),
        extra: null_mut(),
        kern: null_mut(),
        ctx: null_mut(),
    };
    let mut kernel = null_mut();
    ok(unsafe { cuGraphAddKernelNode_v2(&mut kernel, graph, &first[1], 1, &kp) });
    let counter = AtomicUsize::new(0);
    let hp = CUDA_HOST_NODE_PARAMS {
        fn_: Some(count),
        userData: (&counter as *const AtomicUsize).cast_mut().cast(),
    };
    let mut host = null_mut();
    ok(unsafe { cuGraphAddHostNode(&mut host, graph, &kernel, 1, &hp) });
    assert_eq!(nodes(graph).len(), first.len() + 2);
    let mut exec = null_mut();
    ok(unsafe { cuGraphInstantiateWithFlags(&mut exec, graph, 0) });
    run(exec, s);
    assert_all(d, 7.0 + 1.5);
    assert_all(d2, 7.0);
    assert_eq!(counter.load(Ordering::SeqCst), 1);
    ok(unsafe { cuGraphExecDestroy(exec) });
    ok(unsafe { cuGraphDestroy(graph) });
    ok(unsafe { cuStreamDestroy_v2(s) });
    for p in [d, d2] {
        ok(unsafe { cuMemFree_v2(p) });
    }
}

/// The copy the other way: each side's position, pitch and height swapped (memory types and
/// pointers left for the caller).
fn swap_sides(c: &CUDA_MEMCPY3D) -> CUDA_MEMCPY3D {
    CUDA_MEMCPY3D {
        srcXInBytes: c.dstXInBytes,
        srcY: c.dstY,
        srcZ: c.dstZ,
        srcPitch: c.dstPitch,
        srcHeight: c.dstHeight,
        dstXInBytes: c.srcXInBytes,
        dstY: c.srcY,
        dstZ: c.srcZ,
        dstPitch: c.srcPitch,
        dstHeight: c.srcHeight,
        ..*c
    }
}

/// A memcpy node of a host region into a device region, each pitched, at offsets in x (bytes)
/// and y: on HIP 5 the shim turns CUDA's byte offsets, pitches and heights into the
/// runtime-style copy's positions and pitched pointers.
#[test]
fn pitched_host_to_device_copy_node() {
    const SRC_W: usize = 8; // floats per source row
    const DST_W: usize = 16; // floats per destination row
    let (_, ctx) = context();
    let src: Vec<f32> = (0..4 * SRC_W).map(|i| i as f32).collect();
    let d = alloc::<f32>(4 * DST_W);
    ok(unsafe { cuMemsetD32_v2(d, 0, 4 * DST_W) });
    let copy = CUDA_MEMCPY3D {
        srcXInBytes: 2 * 4,
        srcY: 1,
        srcZ: 0,
        srcLOD: 0,
        srcMemoryType: CUmemorytype::CU_MEMORYTYPE_HOST,
        srcHost: src.as_ptr().cast(),
        srcDevice: 0,
        srcArray: null_mut(),
        reserved0: null_mut(),
        srcPitch: SRC_W * 4,
        srcHeight: 4,
        dstXInBytes: 4,
        dstY: 2,
        dstZ: 0,
        dstLOD: 0,
        dstMemoryType: CUmemorytype::CU_MEMORYTYPE_DEVICE,
        dstHost: null_mut(),
        dstDevice: d,
        dstArray: null_mut(),
        reserved1: null_mut(),
        dstPitch: DST_W * 4,
        dstHeight: 4,
        WidthInBytes: 3 * 4,
        Height: 2,
        Depth: 1,
    };
    let (mut graph, mut node, mut exec, s) = (null_mut(), null_mut(), null_mut(), stream());
    ok(unsafe { cuGraphCreate(&mut graph, 0) });
    ok(unsafe { cuGraphAddMemcpyNode(&mut node, graph, null(), 0, &copy, ctx) });
    let mut back = std::mem::MaybeUninit::<CUDA_MEMCPY3D>::zeroed();
    ok(unsafe { cuGraphMemcpyNodeGetParams(node, back.as_mut_ptr()) });
    let back = unsafe { back.assume_init() };
    assert_eq!(back.srcMemoryType, CUmemorytype::CU_MEMORYTYPE_HOST);
    assert_eq!(back.dstMemoryType, CUmemorytype::CU_MEMORYTYPE_DEVICE);
    assert_eq!((back.srcHost, back.dstDevice), (copy.srcHost, d));
    assert_eq!(
        (back.srcXInBytes, back.srcY, back.dstXInBytes, back.dstY),
        (8, 1, 4, 2)
    );
    assert_eq!(
        (back.srcPitch, back.dstPitch, back.WidthInBytes),
        (32, 64, 12)
    );
    // Instantiated with parameters, uploaded to the stream it runs on.
    let mut instantiate = CUDA_GRAPH_INSTANTIATE_PARAMS {
        flags: CUgraphInstantiate_flags::CUDA_GRAPH_INSTANTIATE_FLAG_UPLOAD.0 as u64,
        hUploadStream: s,
        hErrNode_out: null_mut(),
        result_out: CUgraphInstantiateResult::CUDA_GRAPH_INSTANTIATE_ERROR,
    };
    ok(unsafe { cuGraphInstantiateWithParams(&mut exec, graph, &mut instantiate) });
    let success = CUgraphInstantiateResult::CUDA_GRAPH_INSTANTIATE_SUCCESS;
    assert_eq!(instantiate.result_out, success);
    run(exec, s);
    let got = download::<f32>(d, 4 * DST_W);
    for (i, &v) in got.iter().enumerate() {
        let (row, col) = (i / DST_W, i % DST_W);
        let inside = (2..4).contains(&row) && (1..4).contains(&col);
        let want = match inside {
            true => src[(row - 2 + 1) * SRC_W + (col - 1 + 2)],
            false => 0.0,
        };
        assert_eq!(v, want, "row {row}, column {col}");
    }
    // The same region back with cuMemcpy3D (device → host), into a zeroed copy of the source.
    let mut again = vec![0f32; 4 * SRC_W];
    let reverse = CUDA_MEMCPY3D {
        srcMemoryType: CUmemorytype::CU_MEMORYTYPE_DEVICE,
        srcDevice: d,
        srcHost: null(),
        dstMemoryType: CUmemorytype::CU_MEMORYTYPE_HOST,
        dstHost: again.as_mut_ptr().cast(),
        dstDevice: 0,
        ..swap_sides(&copy)
    };
    ok(unsafe { cuMemcpy3D_v2(&reverse) });
    for (i, &v) in again.iter().enumerate() {
        let (row, col) = (i / SRC_W, i % SRC_W);
        let inside = (1..3).contains(&row) && (2..5).contains(&col);
        assert_eq!(
            v,
            if inside { src[i] } else { 0.0 },
            "row {row}, column {col}"
        );
    }
    ok(unsafe { cuGraphExecDestroy(exec) });
    ok(unsafe { cuGraphDestroy(graph) });
    ok(unsafe { cuStreamDestroy_v2(s) });
    ok(unsafe { cuMemFree_v2(d) });
}

static ORDER: Mutex<Vec<usize>> = Mutex::new(Vec::new());

unsafe extern "C" fn record(i: *mut c_void) {
    ORDER.lock().unwrap().push(i as usize);
}

#[test]
fn launch_host_func_runs_in_stream_order() {
    context();
    let f = function(module(ADD), c"add");
    let (d, s) = (alloc::<f32>(N), stream());
    ok(unsafe { cuMemsetD32_v2(d, 0, N) });
    for i in 0..64usize {
        let (mut dd, mut v, mut n) = (d, 1.0f32, N as i32);
        launch(f, N as u32 / BLOCK, BLOCK, s, &mut params![dd, v, n]);
        ok(unsafe { cuLaunchHostFunc(s, Some(record), i as *mut c_void) });
    }
    ok(unsafe { cuStreamSynchronize(s) });
    assert_eq!(*ORDER.lock().unwrap(), (0..64).collect::<Vec<_>>());
    assert_all(d, 64.0);
    let r = unsafe { cuLaunchHostFunc(s, None, null_mut()) };
    assert_eq!(
        r,
        CUresult::CUDA_ERROR_INVALID_VALUE,
        "a NULL host function"
    );
    ok(unsafe { cuStreamDestroy_v2(s) });
}
