//! Graph and stream calls whose CUDA structs or callbacks HIP shapes differently.
//! `CUDA_KERNEL_NODE_PARAMS` spells grid and block as three integers each where HIP has `dim3`,
//! and adds `kern` / `ctx`; HIP's node takes the `hipFunction_t` in `func` (ROCm recognises it).
#![allow(non_snake_case)]

use crate::call::DriverCall;
use crate::callback;
use crate::driver::sys::*;
use hip_sys::{dim3, hipGraphExecUpdateResult, hipKernelNodeParams};
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
