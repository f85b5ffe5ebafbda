//! Graph and stream calls whose CUDA structs or callbacks HIP shapes differently.
//! `CUDA_KERNEL_NODE_PARAMS` spells grid and block as three integers each where HIP has `dim3`,
//! and adds `kern` / `ctx`; HIP's node takes the `hipFunction_t` in `func` (ROCm recognises it).
//! HIP before 6 adds copy and memset nodes runtime-style only: CUDA_MEMCPY3D counts bytes and
//! names memory types where hipMemcpy3DParms counts an array's elements and takes one copy kind.
#![allow(non_snake_case)]

use crate::call::DriverCall;
use crate::callback;
use crate::driver::sys::*;
use hip_sys::{
    dim3, hipExtent, hipGraphExecUpdateResult, hipKernelNodeParams, hipMemcpyKind, hipMemsetParams,
    hipPitchedPtr, hipPos, Bindings,
};
use std::ffi::{c_uint, c_void};
use std::ptr::null_mut;

/// CUDA's kernel-node parameters as HIP's; a library kernel (`kern`) has no HIP node form.
unsafe fn kernel_params_to_hip(
    call: DriverCall,
    p: *const CUDA_KERNEL_NODE_PARAMS,
) -> Result<hipKernelNodeParams, CUresult> {
    if p.is_null() {
        return Err(call.null_argument("nodeParams"));
    }
    let p = unsafe { &*p };
    if !p.kern.is_null() {
        return Err(call.unsupported(
            "a CUkernel (library kernel) in CUDA_KERNEL_NODE_PARAMS: HIP nodes take a function",
        ));
    }
    Ok(hipKernelNodeParams {
        blockDim: dim3 {
            x: p.blockDimX,
            y: p.blockDimY,
            z: p.blockDimZ,
        },
        extra: p.extra,
        func: p.func.cast(),
        gridDim: dim3 {
            x: p.gridDimX,
            y: p.gridDimY,
            z: p.gridDimZ,
        },
        kernelParams: p.kernelParams,
        sharedMemBytes: p.sharedMemBytes,
    })
}

pub unsafe fn cuGraphAddKernelNode_v2(
    node: *mut CUgraphNode,
    graph: CUgraph,
    dependencies: *const CUgraphNode,
    num_dependencies: usize,
    params: *const CUDA_KERNEL_NODE_PARAMS,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuGraphAddKernelNode_v2");
    let p = match unsafe { kernel_params_to_hip(F, params) } {
        Ok(p) => p,
        Err(e) => return e,
    };
    F.forward(|h| unsafe {
        h.hipGraphAddKernelNode(
            node.cast(),
            graph.cast(),
            dependencies.cast(),
            num_dependencies,
            &p,
        )
    })
}

pub unsafe fn cuGraphKernelNodeSetParams_v2(
    node: CUgraphNode,
    params: *const CUDA_KERNEL_NODE_PARAMS,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuGraphKernelNodeSetParams_v2");
    let p = match unsafe { kernel_params_to_hip(F, params) } {
        Ok(p) => p,
        Err(e) => return e,
    };
    F.forward(|h| unsafe { h.hipGraphKernelNodeSetParams(node.cast(), &p) })
}

pub unsafe fn cuGraphExecKernelNodeSetParams_v2(
    exec: CUgraphExec,
    node: CUgraphNode,
    params: *const CUDA_KERNEL_NODE_PARAMS,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuGraphExecKernelNodeSetParams_v2");
    let p = match unsafe { kernel_params_to_hip(F, params) } {
        Ok(p) => p,
        Err(e) => return e,
    };
    F.forward(|h| unsafe { h.hipGraphExecKernelNodeSetParams(exec.cast(), node.cast(), &p) })
}

/// HIP's parameters back in CUDA's shape (`kern` and `ctx` NULL: HIP nodes have neither).
pub unsafe fn cuGraphKernelNodeGetParams_v2(
    node: CUgraphNode,
    params: *mut CUDA_KERNEL_NODE_PARAMS,
) -> CUresult {
    const F: DriverCall = DriverCall::new("cuGraphKernelNodeGetParams_v2");
    if params.is_null() {
        return F.null_argument("nodeParams");
    }
    let mut p = hipKernelNodeParams {
        blockDim: dim3 { x: 0, y: 0, z: 0 },
        extra: null_mut(),
        func: null_mut(),
        gridDim: dim3 { x: 0, y: 0, z: 0 },
        kernelParams: null_mut(),
        sharedMemBytes: 0,
    };
    let r = F.forward(|h| unsafe { h.hipGraphKernelNodeGetParams(node.cast(), &mut p) });
    if r == CUresult::CUDA_SUCCESS {
        let cuda = CUDA_KERNEL_NODE_PARAMS {
            func: p.func.cast(),
            gridDimX: p.gridDim.x,
            gridDimY: p.gridDim.y,
            gridDimZ: p.gridDim.z,
            blockDimX: p.blockDim.x,
            blockDimY: p.blockDim.y,
            blockDimZ: p.blockDim.z,
            sharedMemBytes: p.sharedMemBytes,
            kernelParams: p.kernelParams,
            extra: p.extra,
            kern: null_mut(),
            ctx: null_mut(),
        };
        unsafe { params.write(cuda) };
    }
    r
}

/// HIP reports the update result through two out-parameters where CUDA fills one struct.
pub unsafe fn cuGraphExecUpdate_v2(
    exec: CUgraphExec,
    graph: CUgraph,
    info: *mut CUgraphExecUpdateResultInfo,
) -> CUresult {
    use hipGraphExecUpdateResult as H;
    use CUgraphExecUpdateResult_enum as C;
    const F: DriverCall = DriverCall::new("cuGraphExecUpdate_v2");
    if info.is_null() {
        return F.null_argument("resultInfo");
    }
    let (mut error_node, mut result) = (null_mut(), H::hipGraphExecUpdateError);
    let r = F.forward(|h| unsafe {
        h.hipGraphExecUpdate(exec.cast(), graph.cast(), &mut error_node, &mut result)
    });
    let result = match result {
        H::hipGraphExecUpdateSuccess => C::CU_GRAPH_EXEC_UPDATE_SUCCESS,
        H::hipGraphExecUpdateErrorTopologyChanged => C::CU_GRAPH_EXEC_UPDATE_ERROR_TOPOLOGY_CHANGED,
        H::hipGraphExecUpdateErrorNodeTypeChanged => {
            C::CU_GRAPH_EXEC_UPDATE_ERROR_NODE_TYPE_CHANGED
        }
        H::hipGraphExecUpdateErrorFunctionChanged => C::CU_GRAPH_EXEC_UPDATE_ERROR_FUNCTION_CHANGED,
        H::hipGraphExecUpdateErrorParametersChanged => {
            C::CU_GRAPH_EXEC_UPDATE_ERROR_PARAMETERS_CHANGED
        }
        H::hipGraphExecUpdateErrorNotSupported => C::CU_GRAPH_EXEC_UPDATE_ERROR_NOT_SUPPORTED,
        H::hipGraphExecUpdateErrorUnsupportedFunctionChange => {
            C::CU_GRAPH_EXEC_UPDATE_ERROR_UNSUPPORTED_FUNCTION_CHANGE
        }
        _ => C::CU_GRAPH_EXEC_UPDATE_ERROR,
    };
    let out = CUgraphExecUpdateResultInfo {
        result,
        errorNode: error_node.cast(),
        errorFromNode: null_mut(),
    };
    unsafe { info.write(out) };
    r
}

/// `hipLaunchHostFunc`, or where the HIP runtime lacks it (HIP 5.2's NVIDIA platform), a stream
/// callback that calls the host function — the same place in stream order.
pub unsafe fn cuLaunchHostFunc(
    stream: CUstream,
    host_fn: CUhostFn,
    user_data: *mut c_void,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuLaunchHostFunc", "hipLaunchHostFunc");
    unsafe { callback::launch_host_func(F, stream.cast(), host_fn, user_data) }
}

/// HIP calls a HIP-typed callback with a HIP status; a trampoline hands CUDA's callback CUDA's.
pub unsafe fn cuStreamAddCallback(
    stream: CUstream,
    callback: CUstreamCallback,
    user_data: *mut c_void,
    flags: c_uint,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuStreamAddCallback", "hipStreamAddCallback");
    // SAFETY: the same function type up to the stream handle's pointee (both are pointers).
    let callback = unsafe {
        std::mem::transmute::<CUstreamCallback, Option<callback::CudaCallback<CUresult>>>(callback)
    };
    unsafe { callback::add_stream_callback(F, stream.cast(), callback, user_data, flags) }
}

/// Where one side of a CUDA_MEMCPY3D lives, from the `CUmemorytype` the caller wrote (read as
/// the integer, so a value CUDA does not define is refused, never a Rust enum out of range).
#[derive(Clone, Copy, PartialEq)]
enum Memory {
    Host,
    Device,
    Array,
    Unified,
}

unsafe fn memory_type(call: DriverCall, p: *const CUmemorytype) -> Result<Memory, CUresult> {
    match unsafe { p.cast::<u32>().read() } {
        1 => Ok(Memory::Host),
        2 => Ok(Memory::Device),
        3 => Ok(Memory::Array),
        4 => Ok(Memory::Unified),
        _ => Err(call.invalid_value("CUmemorytype")),
    }
}

/// The bytes of one element of a CUDA array (its format's size times its channels): the
/// runtime-style copy counts an array's x position and width in elements, CUDA_MEMCPY3D in bytes.
fn array_element_bytes(call: DriverCall, array: CUarray) -> Result<usize, CUresult> {
    let mut d = std::mem::MaybeUninit::<CUDA_ARRAY3D_DESCRIPTOR>::zeroed();
    if unsafe { cuArray3DGetDescriptor_v2(d.as_mut_ptr(), array) } != CUresult::CUDA_SUCCESS {
        return Err(call.unsupported(
            "a CUarray in a memcpy node needs its element size, which this HIP cannot report \
             (hipArray3DGetDescriptor arrived in HIP 5.7): copy through linear memory",
        ));
    }
    let format = unsafe {
        std::ptr::addr_of!((*d.as_ptr()).Format)
            .cast::<u32>()
            .read()
    };
    let channels = unsafe { (*d.as_ptr()).NumChannels } as usize;
    match format {
        0x01 | 0x08 => Ok(channels),            // 8-bit integers
        0x02 | 0x09 | 0x10 => Ok(2 * channels), // 16-bit integers, half
        0x03 | 0x0a | 0x20 => Ok(4 * channels), // 32-bit integers, float
        _ => Err(call.unsupported("a memcpy node on an array of a format HIP 5 lacks")),
    }
}

/// One side of a copy in the runtime's terms: array or pitched pointer, and the position in it.
struct RuntimeSide {
    array: *mut c_void,
    ptr: hipPitchedPtr,
    pos: hipPos,
    /// The array's element size, where the side is an array.
    element: Option<usize>,
}

unsafe fn runtime_side(
    call: DriverCall,
    memory: Memory,
    (host, device, array): (*const c_void, CUdeviceptr, CUarray),
    (x_bytes, y, z): (usize, usize, usize),
    (pitch, height): (usize, usize),
) -> Result<RuntimeSide, CUresult> {
    let element = match memory {
        Memory::Array => Some(array_element_bytes(call, array)?),
        _ => None,
    };
    let ptr = match memory {
        Memory::Host => host.cast_mut(),
        Memory::Array => null_mut(),
        Memory::Device | Memory::Unified => device as *mut c_void,
    };
    Ok(RuntimeSide {
        array: match memory {
            Memory::Array => array.cast(),
            _ => null_mut(),
        },
        ptr: hipPitchedPtr {
            ptr,
            pitch,
            xsize: pitch,
            ysize: height,
        },
        pos: hipPos {
            x: x_bytes / element.unwrap_or(1),
            y,
            z,
        },
        element,
    })
}

/// The runtime's copy kind for CUDA's two memory types (arrays live on the device; unified
/// memory leaves the direction to HIP).
fn copy_kind(src: Memory, dst: Memory) -> hipMemcpyKind {
    use Memory::{Host, Unified};
    match (src, dst) {
        (Unified, _) | (_, Unified) => hipMemcpyKind::hipMemcpyDefault,
        (Host, Host) => hipMemcpyKind::hipMemcpyHostToHost,
        (Host, _) => hipMemcpyKind::hipMemcpyHostToDevice,
        (_, Host) => hipMemcpyKind::hipMemcpyDeviceToHost,
        _ => hipMemcpyKind::hipMemcpyDeviceToDevice,
    }
}

/// CUDA_MEMCPY3D (byte offsets, memory types) as the runtime-style hipMemcpy3DParms of HIP 5
/// (an array's x and width in elements, one copy kind).
unsafe fn memcpy3d_to_runtime(
    call: DriverCall,
    p: *const CUDA_MEMCPY3D,
) -> Result<hip_sys::v5_7_1::hipMemcpy3DParms, CUresult> {
    if p.is_null() {
        return Err(call.null_argument("copyParams"));
    }
    let c = unsafe { &*p };
    let src_memory = unsafe { memory_type(call, std::ptr::addr_of!(c.srcMemoryType))? };
    let dst_memory = unsafe { memory_type(call, std::ptr::addr_of!(c.dstMemoryType))? };
    let src = unsafe {
        runtime_side(
            call,
            src_memory,
            (c.srcHost, c.srcDevice, c.srcArray),
            (c.srcXInBytes, c.srcY, c.srcZ),
            (c.srcPitch, c.srcHeight),
        )?
    };
    let dst = unsafe {
        runtime_side(
            call,
            dst_memory,
            (c.dstHost, c.dstDevice, c.dstArray),
            (c.dstXInBytes, c.dstY, c.dstZ),
            (c.dstPitch, c.dstHeight),
        )?
    };
    let element = src.element.or(dst.element).unwrap_or(1);
    Ok(hip_sys::v5_7_1::hipMemcpy3DParms {
        srcArray: src.array.cast(),
        srcPos: src.pos,
        srcPtr: src.ptr,
        dstArray: dst.array.cast(),
        dstPos: dst.pos,
        dstPtr: dst.ptr,
        extent: hipExtent {
            width: c.WidthInBytes / element,
            height: c.Height,
            depth: c.Depth,
        },
        kind: copy_kind(src_memory, dst_memory),
    })
}

/// HIP before 6 has no hipDrvGraphAddMemcpyNode: the node is added runtime-style. CUDA's `ctx`
/// names the context the copy runs in; a HIP graph's nodes run on the device the graph is
/// launched on, so it is not passed.
pub unsafe fn cuGraphAddMemcpyNode(
    node: *mut CUgraphNode,
    graph: CUgraph,
    dependencies: *const CUgraphNode,
    num_dependencies: usize,
    params: *const CUDA_MEMCPY3D,
    _ctx: CUcontext,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuGraphAddMemcpyNode", "hipGraphAddMemcpyNode");
    let p = match unsafe { memcpy3d_to_runtime(F, params) } {
        Ok(p) => p,
        Err(e) => return e,
    };
    let (node, graph, dependencies) = (node.cast(), graph.cast(), dependencies.cast());
    // Reached on HIP 5 only (the override file's `hand-on`).
    F.forward(|h| match h.bindings() {
        // HIP 5.2's hipMemcpy3DParms is 5.7's field for field (only hipArray's pointee differs).
        Bindings::V5_2_3 => unsafe {
            let p = (&p as *const hip_sys::v5_7_1::hipMemcpy3DParms).cast();
            h.v5_2_3()
                .hipGraphAddMemcpyNode(node, graph, dependencies, num_dependencies, p)
        },
        _ => unsafe {
            h.v5_7_1()
                .hipGraphAddMemcpyNode(node, graph, dependencies, num_dependencies, &p)
        },
    })
}

/// HIP before 6 has no hipDrvGraphAddMemsetNode: the node is added runtime-style, whose
/// hipMemsetParams holds CUDA_MEMSET_NODE_PARAMS' fields. `ctx` as in [`cuGraphAddMemcpyNode`].
pub unsafe fn cuGraphAddMemsetNode(
    node: *mut CUgraphNode,
    graph: CUgraph,
    dependencies: *const CUgraphNode,
    num_dependencies: usize,
    params: *const CUDA_MEMSET_NODE_PARAMS,
    _ctx: CUcontext,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuGraphAddMemsetNode", "hipGraphAddMemsetNode");
    if params.is_null() {
        return F.null_argument("memsetParams");
    }
    let c = unsafe { &*params };
    let p = hipMemsetParams {
        dst: c.dst as *mut c_void,
        elementSize: c.elementSize,
        height: c.height,
        pitch: c.pitch,
        value: c.value,
        width: c.width,
    };
    F.forward(|h| unsafe {
        h.hipGraphAddMemsetNode(
            node.cast(),
            graph.cast(),
            dependencies.cast(),
            num_dependencies,
            &p,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null;

    /// A copy of a host region into a device region, each pitched, at offsets (no arrays: their
    /// element size needs HIP).
    fn pitched_copy(src: CUmemorytype, dst: CUmemorytype) -> CUDA_MEMCPY3D {
        CUDA_MEMCPY3D {
            srcXInBytes: 8,
            srcY: 1,
            srcZ: 2,
            srcLOD: 0,
            srcMemoryType: src,
            srcHost: 0x1000 as *const c_void,
            srcDevice: 0x2000,
            srcArray: null_mut(),
            reserved0: null_mut(),
            srcPitch: 32,
            srcHeight: 4,
            dstXInBytes: 4,
            dstY: 2,
            dstZ: 3,
            dstLOD: 0,
            dstMemoryType: dst,
            dstHost: 0x3000 as *mut c_void,
            dstDevice: 0x4000,
            dstArray: null_mut(),
            reserved1: null_mut(),
            dstPitch: 64,
            dstHeight: 5,
            WidthInBytes: 12,
            Height: 2,
            Depth: 3,
        }
    }

    const F: DriverCall = DriverCall::new("cuGraphAddMemcpyNode");

    #[test]
    fn a_pitched_copy_keeps_byte_offsets_pitches_and_heights() {
        use CUmemorytype::{CU_MEMORYTYPE_DEVICE as D, CU_MEMORYTYPE_HOST as H};
        let p = unsafe { memcpy3d_to_runtime(F, &pitched_copy(H, D)) }.unwrap();
        assert_eq!(
            (p.srcPtr.ptr as usize, p.dstPtr.ptr as usize),
            (0x1000, 0x4000)
        );
        assert_eq!((p.srcPtr.pitch, p.srcPtr.ysize), (32, 4));
        assert_eq!((p.dstPtr.pitch, p.dstPtr.ysize), (64, 5));
        assert_eq!((p.srcPos.x, p.srcPos.y, p.srcPos.z), (8, 1, 2));
        assert_eq!((p.dstPos.x, p.dstPos.y, p.dstPos.z), (4, 2, 3));
        let e = p.extent;
        assert_eq!((e.width, e.height, e.depth), (12, 2, 3));
        assert!(p.srcArray.is_null() && p.dstArray.is_null());
        assert!(p.kind == hipMemcpyKind::hipMemcpyHostToDevice);
    }

    #[test]
    fn the_copy_kind_follows_both_memory_types() {
        use hipMemcpyKind as K;
        use CUmemorytype::{
            CU_MEMORYTYPE_DEVICE as D, CU_MEMORYTYPE_HOST as H, CU_MEMORYTYPE_UNIFIED as U,
        };
        for (src, dst, kind) in [
            (H, H, K::hipMemcpyHostToHost),
            (D, H, K::hipMemcpyDeviceToHost),
            (D, D, K::hipMemcpyDeviceToDevice),
            (U, H, K::hipMemcpyDefault),
            (D, U, K::hipMemcpyDefault),
        ] {
            let p = unsafe { memcpy3d_to_runtime(F, &pitched_copy(src, dst)) }.unwrap();
            assert!(p.kind == kind, "{src:?} → {dst:?}");
        }
        // Unified memory is addressed through srcDevice / dstDevice, as on the device.
        let p = unsafe { memcpy3d_to_runtime(F, &pitched_copy(U, U)) }.unwrap();
        assert_eq!(
            (p.srcPtr.ptr as usize, p.dstPtr.ptr as usize),
            (0x2000, 0x4000)
        );
    }

    #[test]
    fn a_memory_type_cuda_does_not_define_is_refused() {
        let mut copy = std::mem::MaybeUninit::new(pitched_copy(
            CUmemorytype::CU_MEMORYTYPE_HOST,
            CUmemorytype::CU_MEMORYTYPE_HOST,
        ));
        let field = unsafe { std::ptr::addr_of_mut!((*copy.as_mut_ptr()).dstMemoryType) };
        unsafe { field.cast::<u32>().write(9) };
        let r = unsafe { memcpy3d_to_runtime(F, copy.as_ptr()) };
        assert!(matches!(r, Err(CUresult::CUDA_ERROR_INVALID_VALUE)));
        let r = unsafe { memcpy3d_to_runtime(F, null()) };
        assert!(matches!(r, Err(CUresult::CUDA_ERROR_INVALID_VALUE)));
    }
}
