//! Driver functions whose CUDA semantics HIP does not share (see aliasgen/data/overrides/driver.txt).
#![allow(non_snake_case)]
//! Each takes the raw layer's arguments: integers where CUDA has enums.

use crate::call::{hip_stream, DriverCall};
pub use crate::driver::array_descriptors::{
    cuArray3DCreate_v2, cuArray3DGetDescriptor_v2, cuArrayCreate_v2, cuArrayDestroy,
    cuArrayGetDescriptor_v2,
};
pub use crate::driver::context_storage::{
    cuCtxDestroy_v2, cuDevicePrimaryCtxRelease_v2, cuDevicePrimaryCtxReset_v2,
};
pub use crate::driver::copy::{cuMemcpy, cuMemcpyAsync};
pub use crate::driver::export_tables::cuGetExportTable;
pub use crate::driver::function_attributes::cuFuncGetAttribute;
pub use crate::driver::graph::{
    cuGraphAddKernelNode_v2, cuGraphExecKernelNodeSetParams_v2, cuGraphExecUpdate_v2,
    cuGraphKernelNodeGetParams_v2, cuGraphKernelNodeSetParams_v2, cuLaunchHostFunc,
    cuStreamAddCallback,
};
pub use crate::driver::handles::{
    cuEventCreate, cuEventDestroy_v2, cuEventQuery, cuEventRecord, cuEventSynchronize,
    cuStreamCreate, cuStreamCreateWithPriority, cuStreamDestroy_v2, cuStreamQuery,
    cuStreamSynchronize,
};
pub use crate::driver::hip5::{
    cuGraphAddMemcpyNode, cuGraphAddMemsetNode, cuGraphExecMemcpyNodeSetParams,
    cuGraphExecMemsetNodeSetParams, cuGraphInstantiateWithParams, cuGraphMemcpyNodeGetParams,
    cuGraphMemcpyNodeSetParams, cuMemcpy3DAsync_v2, cuMemcpy3D_v2, cuMemcpyAtoA_v2,
    cuMemcpyAtoD_v2, cuMemcpyAtoHAsync_v2, cuMemcpyDtoA_v2, cuMemcpyHtoAAsync_v2,
};
use crate::driver::image;
pub use crate::driver::launch_ex::cuLaunchKernelEx;
pub use crate::driver::library::{
    cuKernelGetAttribute, cuKernelGetFunction, cuLibraryGetGlobal, cuLibraryGetKernel,
    cuLibraryGetModule, cuLibraryLoadData, cuLibraryLoadFromFile, cuLibraryUnload,
};
pub use crate::driver::link::{
    cuLinkAddData_v2, cuLinkAddFile_v2, cuLinkComplete, cuLinkCreate_v2, cuLinkDestroy,
};
pub use crate::driver::peer::{cuMemcpyPeer, cuMemcpyPeerAsync};
pub use crate::driver::pointer::{cuPointerGetAttribute, cuPointerGetAttributes};
use crate::driver::sys::*;
use crate::generated::tables;
use crate::jit::options::JitOutputs;
use crate::log::warn_once;
use std::ffi::{c_char, c_int, c_uint, c_void};

/// cuInit: opens HIP on first use. HIP 5.2 reports a machine without GPU as
/// `hipErrorInvalidDevice`; CUDA's answer is `CUDA_ERROR_NO_DEVICE`. No HIP runtime at all is
/// also "no device" to a CUDA program (the log says which libraries were tried).
pub unsafe fn cuInit(flags: c_uint) -> CUresult {
    const F: DriverCall = DriverCall::to("cuInit", "hipInit");
    if flags != 0 {
        return F.invalid_value("cuInit flags (CUDA defines none: pass 0)");
    }
    let Ok(h) = F.hip() else {
        return CUresult::CUDA_ERROR_NO_DEVICE;
    };
    let r = F.result(h, unsafe { h.hipInit(0) });
    if r == CUresult::CUDA_SUCCESS {
        return r;
    }
    match h.device_count() {
        Some(n) if n > 0 => r,
        _ => {
            warn_once(format!(
                "cuInit: HIP {} ({}) sees no AMD GPU: CUDA_ERROR_NO_DEVICE",
                h.version(),
                h.path().display()
            ));
            CUresult::CUDA_ERROR_NO_DEVICE
        }
    }
}

/// cuDeviceGetAttribute: HIP's answer, but for the attributes HIP cannot report
/// (`crate::device_attributes`).
pub unsafe fn cuDeviceGetAttribute(pi: *mut c_int, attrib: u32, dev: CUdevice) -> CUresult {
    const F: DriverCall = DriverCall::to("cuDeviceGetAttribute", "hipDeviceGetAttribute");
    let to_hip = tables::to_hip_CUdevice_attribute_enum;
    if pi.is_null() {
        return F.null_argument("pi");
    }
    unsafe { crate::device_attributes::get(F, pi, attrib, dev, to_hip) }
}

/// Modules here load eagerly: cuModuleLoad* compiles and loads a module whole (HIP has no lazy
/// loading to report), whatever `CUDA_MODULE_LOADING` says. NVIDIA's static runtime asks before
/// its first call, and stops on an error.
pub unsafe fn cuModuleGetLoadingMode(mode: *mut u32) -> CUresult {
    unsafe { *mode = crate::driver::sys::CUmoduleLoadingMode::CU_MODULE_EAGER_LOADING as u32 };
    CUresult::CUDA_SUCCESS
}

/// The API version of a context: 3020 (CUDA 3.2's context API, which every context created
/// through the `_v2` functions and the primary context report), for `ctx` or, when NULL, the
/// current context (none: CUDA_ERROR_INVALID_CONTEXT). HIP reports a number of its own, which
/// NVIDIA's static runtime would compare with CUDA's; it asks in its start-up.
pub unsafe fn cuCtxGetApiVersion(ctx: CUcontext, version: *mut c_uint) -> CUresult {
    const API_VERSION: c_uint = 3020;
    if ctx.is_null() {
        let mut current = std::ptr::null_mut();
        // SAFETY: a valid out-pointer.
        match unsafe { crate::raw::cuCtxGetCurrent(&mut current) } {
            CUresult::CUDA_SUCCESS if current.is_null() => {
                return CUresult::CUDA_ERROR_INVALID_CONTEXT
            }
            CUresult::CUDA_SUCCESS => {}
            e => return e,
        }
    }
    // SAFETY: checked non-NULL by the generated layer.
    unsafe { *version = API_VERSION };
    CUresult::CUDA_SUCCESS
}

/// The CUDA version this layer implements (cuda.h's `CUDA_VERSION`), not HIP's: clients compare
/// it against the CUDA features they need.
pub unsafe fn cuDriverGetVersion(version: *mut c_int) -> CUresult {
    unsafe { *version = CUDA_VERSION as c_int };
    CUresult::CUDA_SUCCESS
}

unsafe fn error_text(
    error: u32,
    out: *mut *const c_char,
    lookup: fn(i64) -> Option<&'static std::ffi::CStr>,
) -> CUresult {
    if out.is_null() {
        return CUresult::CUDA_ERROR_INVALID_VALUE;
    }
    let (text, r) = match lookup(i64::from(error)) {
        Some(t) => (t.as_ptr(), CUresult::CUDA_SUCCESS),
        None => (std::ptr::null(), CUresult::CUDA_ERROR_INVALID_VALUE),
    };
    unsafe { *out = text };
    r
}

/// CUDA's description of a CUDA code (the first sentence of cuda.h's comment on it).
pub unsafe fn cuGetErrorString(error: u32, out: *mut *const c_char) -> CUresult {
    unsafe { error_text(error, out, tables::cudaError_enum_text) }
}

/// CUDA's name of a CUDA code (`CUDA_ERROR_NO_DEVICE`).
pub unsafe fn cuGetErrorName(error: u32, out: *mut *const c_char) -> CUresult {
    unsafe { error_text(error, out, tables::cudaError_enum_name) }
}

/// The module loaders all become `hipModuleLoadData` (PTX compiled for the GPU first).
const fn loading(name: &'static str) -> DriverCall {
    DriverCall::to(name, "hipModuleLoadData")
}

pub unsafe fn cuModuleLoadData(module: *mut CUmodule, image: *const c_void) -> CUresult {
    let no_outputs = JitOutputs::default();
    unsafe {
        image::load(
            loading("cuModuleLoadData"),
            module.cast(),
            image,
            &no_outputs,
        )
    }
}

/// The JIT options that steer NVIDIA's code generator have no AMD meaning; the log buffers get
/// the PTX translator's and comgr's messages, `CU_JIT_WALL_TIME` the compile time.
pub unsafe fn cuModuleLoadDataEx(
    module: *mut CUmodule,
    image: *const c_void,
    num_options: c_uint,
    options: *mut u32,
    option_values: *mut *mut c_void,
) -> CUresult {
    const F: DriverCall = loading("cuModuleLoadDataEx");
    unsafe {
        image::load_with_options(F, module.cast(), image, num_options, options, option_values)
    }
}

pub unsafe fn cuModuleLoadFatBinary(module: *mut CUmodule, image: *const c_void) -> CUresult {
    let no_outputs = JitOutputs::default();
    unsafe {
        image::load(
            loading("cuModuleLoadFatBinary"),
            module.cast(),
            image,
            &no_outputs,
        )
    }
}

/// `cuModuleLoad`: the file's bytes, loaded as [`cuModuleLoadData`] loads them (so a PTX file is
/// compiled for the GPU, as CUDA's driver does).
pub unsafe fn cuModuleLoad(module: *mut CUmodule, fname: *const c_char) -> CUresult {
    const F: DriverCall = loading("cuModuleLoad");
    let no_outputs = JitOutputs::default();
    match unsafe { image::read_file(fname) } {
        Ok(bytes) => unsafe { image::load(F, module.cast(), bytes.as_ptr().cast(), &no_outputs) },
        Err(why) => F.rejected(CUresult::CUDA_ERROR_FILE_NOT_FOUND, &why),
    }
}

/// HIP's `extra` keys: BUFFER_POINTER and BUFFER_SIZE are CUDA's (0x1, 0x2), END is 0x3 where
/// CUDA's is 0x0.
const HIP_LAUNCH_PARAM_END: usize = 0x3;
const MAX_EXTRA: usize = 64;

/// CUDA's `extra` array as HIP's, or `None` for a key CUDA does not define.
unsafe fn extra_to_hip(extra: *mut *mut c_void) -> Option<Vec<*mut c_void>> {
    let mut out = Vec::with_capacity(5);
    for i in (0..MAX_EXTRA).step_by(2) {
        let key = unsafe { *extra.add(i) } as usize;
        match key as u32 {
            CU_LAUNCH_PARAM_END_AS_INT => {
                out.push(HIP_LAUNCH_PARAM_END as *mut c_void);
                return Some(out);
            }
            CU_LAUNCH_PARAM_BUFFER_POINTER_AS_INT | CU_LAUNCH_PARAM_BUFFER_SIZE_AS_INT => {
                out.push(key as *mut c_void);
                out.push(unsafe { *extra.add(i + 1) });
            }
            _ => return None,
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
pub unsafe fn cuLaunchKernel(
    f: CUfunction,
    grid_x: c_uint,
    grid_y: c_uint,
    grid_z: c_uint,
    block_x: c_uint,
    block_y: c_uint,
    block_z: c_uint,
    shared_mem_bytes: c_uint,
    stream: CUstream,
    kernel_params: *mut *mut c_void,
    extra: *mut *mut c_void,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuLaunchKernel", "hipModuleLaunchKernel");
    if f.is_null() {
        return F.null_handle("f");
    }
    let h = match F.hip() {
        Ok(h) => h,
        Err(e) => return e,
    };
    // HIP's NVIDIA platform defines HIP_LAUNCH_PARAM_* as CUDA's own values.
    let mut hip_extra = match extra.is_null() || crate::platform::hip_on_nvidia(&h) {
        true => None,
        false => match unsafe { extra_to_hip(extra) } {
            Some(v) => Some(v),
            None => return F.invalid_value("CU_LAUNCH_PARAM key"),
        },
    };
    let extra_ptr = hip_extra.as_mut().map_or(extra, |v| v.as_mut_ptr());
    F.result(h, unsafe {
        h.hipModuleLaunchKernel(
            f.cast(),
            grid_x,
            grid_y,
            grid_z,
            block_x,
            block_y,
            block_z,
            shared_mem_bytes,
            hip_stream(stream),
            kernel_params,
            extra_ptr,
        )
    })
}

/// HIP's wait takes a mask; CUDA compares the whole value.
pub unsafe fn cuStreamWaitValue32_v2(
    stream: CUstream,
    addr: CUdeviceptr,
    value: cuuint32_t,
    flags: c_uint,
) -> CUresult {
    DriverCall::to("cuStreamWaitValue32_v2", "hipStreamWaitValue32").forward(|h| unsafe {
        h.hipStreamWaitValue32(
            hip_stream(stream),
            addr as usize as _,
            value,
            flags,
            u32::MAX,
        )
    })
}

pub unsafe fn cuStreamWaitValue64_v2(
    stream: CUstream,
    addr: CUdeviceptr,
    value: cuuint64_t,
    flags: c_uint,
) -> CUresult {
    DriverCall::to("cuStreamWaitValue64_v2", "hipStreamWaitValue64").forward(|h| unsafe {
        h.hipStreamWaitValue64(
            hip_stream(stream),
            addr as usize as _,
            value,
            flags,
            u64::MAX,
        )
    })
}

/// HIP cannot call back for the dynamic shared memory per block size: without a callback the
/// call is forwarded, with one it is not supported.
#[allow(clippy::too_many_arguments)]
pub unsafe fn cuOccupancyMaxPotentialBlockSizeWithFlags(
    min_grid_size: *mut c_int,
    block_size: *mut c_int,
    func: CUfunction,
    callback: CUoccupancyB2DSize,
    dynamic_smem_size: usize,
    block_size_limit: c_int,
    flags: c_uint,
) -> CUresult {
    const F: DriverCall = DriverCall::to(
        "cuOccupancyMaxPotentialBlockSizeWithFlags",
        "hipModuleOccupancyMaxPotentialBlockSizeWithFlags",
    );
    if callback.is_some() {
        return F.unsupported("a blockSizeToDynamicSMemSize callback (HIP takes a fixed size)");
    }
    if min_grid_size.is_null() || block_size.is_null() {
        return F.null_argument("minGridSize/blockSize");
    }
    F.forward(|h| unsafe {
        h.hipModuleOccupancyMaxPotentialBlockSizeWithFlags(
            min_grid_size,
            block_size,
            func.cast(),
            dynamic_smem_size,
            block_size_limit,
            flags,
        )
    })
}

pub unsafe fn cuOccupancyMaxPotentialBlockSize(
    min_grid_size: *mut c_int,
    block_size: *mut c_int,
    func: CUfunction,
    callback: CUoccupancyB2DSize,
    dynamic_smem_size: usize,
    block_size_limit: c_int,
) -> CUresult {
    unsafe {
        cuOccupancyMaxPotentialBlockSizeWithFlags(
            min_grid_size,
            block_size,
            func,
            callback,
            dynamic_smem_size,
            block_size_limit,
            0,
        )
    }
}

/// CUDA 12.5's context creation with optional parameters: without execution-affinity or CiG
/// parameters (what HIP has no counterpart for) it is `hipCtxCreate`.
pub unsafe fn cuCtxCreate_v4(
    ctx: *mut CUcontext,
    params: *mut CUctxCreateParams,
    flags: c_uint,
    dev: CUdevice,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuCtxCreate_v4", "hipCtxCreate");
    if ctx.is_null() {
        return F.null_argument("pctx");
    }
    if let Some(p) = unsafe { params.as_ref() } {
        if p.numExecAffinityParams != 0 || !p.cigParams.is_null() {
            return F.unsupported("execution-affinity or CiG context parameters");
        }
    }
    F.forward(|h| unsafe { h.hipCtxCreate(ctx.cast(), flags, dev) })
}
