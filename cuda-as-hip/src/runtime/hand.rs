//! Runtime functions whose CUDA semantics HIP does not share (see aliasgen/data/overrides/runtime.txt).
//! Each takes the raw layer's arguments: integers where CUDA has enums.
#![allow(non_snake_case)]

use crate::call::{hip_stream, RuntimeCall};
use crate::callback::{add_stream_callback, launch_host_func, CudaCallback};
use crate::driver::hip5::instantiate_then_upload;
use crate::generated::runtime_tables as tables;
use crate::runtime::last_error;
pub use crate::runtime::launch::{cudaLaunchKernel, cudaLaunchKernelExC};
pub use crate::runtime::library::{
    cudaFuncGetAttributes, cudaGetKernel, cudaLibraryGetGlobal, cudaLibraryGetKernel,
    cudaLibraryLoadData, cudaLibraryLoadFromFile, cudaLibraryUnload,
};
pub use crate::runtime::streams::{
    cudaEventCreate, cudaEventCreateWithFlags, cudaEventDestroy, cudaEventQuery, cudaEventRecord,
    cudaEventSynchronize, cudaStreamCreate, cudaStreamCreateWithFlags,
    cudaStreamCreateWithPriority, cudaStreamDestroy, cudaStreamQuery, cudaStreamSynchronize,
};
use crate::runtime::sys::*;
use hip_sys::Bindings;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

/// cudaDeviceGetAttribute: HIP's answer, but for the yes/no attributes HIP cannot report
/// (`crate::device_attributes`). A refusal the rule then answers is no error: the thread's last
/// error stays what it was.
pub unsafe fn cudaDeviceGetAttribute(value: *mut c_int, attr: u32, device: c_int) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaDeviceGetAttribute", "hipDeviceGetAttribute");
    if value.is_null() {
        return F.null_argument("value");
    }
    let before = last_error::peek();
    let r = unsafe {
        crate::device_attributes::get(F, value, attr, device, tables::to_hip_cudaDeviceAttr)
    };
    if r == cudaError_t::cudaSuccess {
        last_error::set(before);
    }
    r
}

/// The calling thread's last error, reset to `cudaSuccess` ([`last_error`]).
pub unsafe fn cudaGetLastError() -> cudaError_t {
    last_error::take()
}

/// The calling thread's last error, left as it is.
pub unsafe fn cudaPeekAtLastError() -> cudaError_t {
    last_error::peek()
}

/// What CUDA's runtime answers for a code it does not define.
const UNRECOGNIZED: &CStr = c"unrecognized error code";

/// CUDA's name of a CUDA code (`cudaErrorNoDevice`); never NULL, as CUDA's.
pub unsafe fn cudaGetErrorName(error: u32) -> *const c_char {
    tables::cudaError_name(i64::from(error))
        .unwrap_or(UNRECOGNIZED)
        .as_ptr()
}

/// CUDA's description of a CUDA code (the first sentence of driver_types.h's comment on it).
pub unsafe fn cudaGetErrorString(error: u32) -> *const c_char {
    tables::cudaError_text(i64::from(error))
        .unwrap_or(UNRECOGNIZED)
        .as_ptr()
}

/// The CUDA runtime version this layer implements (`CUDART_VERSION`), not HIP's.
pub unsafe fn cudaRuntimeGetVersion(version: *mut c_int) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::new("cudaRuntimeGetVersion");
    report_version(F, version)
}

/// The CUDA driver version this layer implements, as `cuDriverGetVersion` reports it.
pub unsafe fn cudaDriverGetVersion(version: *mut c_int) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::new("cudaDriverGetVersion");
    report_version(F, version)
}

fn report_version(f: RuntimeCall, version: *mut c_int) -> cudaError_t {
    if version.is_null() {
        return f.null_argument("version");
    }
    unsafe { *version = CUDART_VERSION as c_int };
    cudaError_t::cudaSuccess
}

/// cudaMallocHost: HIP's pinned allocation with its flags at CUDA's default (`cudaHostAllocDefault`).
pub unsafe fn cudaMallocHost(ptr: *mut *mut c_void, size: usize) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaMallocHost", "hipHostMalloc");
    if ptr.is_null() {
        return F.null_argument("ptr");
    }
    F.forward(|h| unsafe { h.hipHostMalloc(ptr, size, 0) })
}

/// A trampoline hands the CUDA callback the runtime's status code ([`crate::callback`]).
pub unsafe fn cudaStreamAddCallback(
    stream: cudaStream_t,
    callback: cudaStreamCallback_t,
    userData: *mut c_void,
    flags: c_uint,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaStreamAddCallback", "hipStreamAddCallback");
    // SAFETY: the same function type up to the stream handle's pointee (both are pointers).
    let callback = unsafe {
        std::mem::transmute::<cudaStreamCallback_t, Option<CudaCallback<cudaError_t>>>(callback)
    };
    unsafe { add_stream_callback(F, stream.cast(), callback, userData, flags) }
}

/// `hipLaunchHostFunc`, or a stream callback where HIP lacks it ([`crate::callback`]).
pub unsafe fn cudaLaunchHostFunc(
    stream: cudaStream_t,
    fn_: cudaHostFn_t,
    userData: *mut c_void,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLaunchHostFunc", "hipLaunchHostFunc");
    unsafe { launch_host_func(F, stream.cast(), fn_, userData) }
}

/// CUDA's inline helper, exported by the runtime library too: the descriptor built from its
/// fields. A kind CUDA does not define gives the zero descriptor, as an unknown value has no
/// place in the enum field.
pub unsafe fn cudaCreateChannelDesc(
    x: c_int,
    y: c_int,
    z: c_int,
    w: c_int,
    f: u32,
) -> cudaChannelFormatDesc {
    match channel_format_kind(f) {
        Some(f) => cudaChannelFormatDesc { x, y, z, w, f },
        None => {
            RuntimeCall::new("cudaCreateChannelDesc").invalid_value("cudaChannelFormatKind");
            cudaChannelFormatDesc {
                x: 0,
                y: 0,
                z: 0,
                w: 0,
                f: cudaChannelFormatKind::cudaChannelFormatKindNone,
            }
        }
    }
}

/// `f` as a cudaChannelFormatKind when CUDA defines it. driver_types.h numbers the kinds
/// 0 ..= 31 without a gap (see the generated enum), so the range check is the membership check.
fn channel_format_kind(f: u32) -> Option<cudaChannelFormatKind> {
    const LAST: u32 = cudaChannelFormatKind::cudaChannelFormatKindUnsignedNormalized1010102 as u32;
    // SAFETY: every value in 0 ..= LAST is a variant of the enum (above).
    (f <= LAST).then(|| unsafe { std::mem::transmute::<u32, cudaChannelFormatKind>(f) })
}

/// HIP 5 has no hipGraphInstantiateWithParams: as the driver's `cuGraphInstantiateWithParams`
/// there (`driver::hip5::instantiate_then_upload`), the outcome written field by field.
pub unsafe fn cudaGraphInstantiateWithParams(
    exec: *mut cudaGraphExec_t,
    graph: cudaGraph_t,
    params: *mut cudaGraphInstantiateParams,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to(
        "cudaGraphInstantiateWithParams",
        "hipGraphInstantiateWithFlags",
    );
    if params.is_null() {
        return F.null_argument("instantiateParams");
    }
    let flags = unsafe { std::ptr::addr_of!((*params).flags).read() };
    let stream = hip_stream(unsafe { std::ptr::addr_of!((*params).uploadStream).read() });
    let r = instantiate_then_upload(F, exec.cast(), graph.cast(), flags, stream);
    let result = match r {
        cudaError_t::cudaSuccess => cudaGraphInstantiateResult::cudaGraphInstantiateSuccess,
        _ => cudaGraphInstantiateResult::cudaGraphInstantiateError,
    };
    unsafe {
        std::ptr::addr_of_mut!((*params).errNode_out).write(std::ptr::null_mut());
        std::ptr::addr_of_mut!((*params).result_out).write(result);
    }
    r
}

/// CUDA 12's texture descriptor is HIP's field for field (the same values: wrap / clamp / mirror /
/// border, point / linear, element type / normalized float) with two fields more, which HIP's has
/// no room for: `disableTrilinearOptimization`, a speed hint, is read past; `seamlessCubemap` too
/// (filtering at a cube map's edges is then whatever HIP's sampler does).
/// The enum fields are checked as integers before the descriptor goes to HIP.
pub unsafe fn cudaCreateTextureObject(
    texture: *mut cudaTextureObject_t,
    resource: *const cudaResourceDesc,
    desc: *const cudaTextureDesc,
    view: *const cudaResourceViewDesc,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaCreateTextureObject", "hipCreateTextureObject");
    for (pointer, name) in [
        (texture.cast_const().cast::<c_void>(), "pTexObject"),
        (resource.cast(), "pResDesc"),
        (desc.cast(), "pTexDesc"),
    ] {
        if pointer.is_null() {
            return F.null_argument(name);
        }
    }
    // SAFETY: `desc` is non-null and points to a cudaTextureDesc (the caller's contract).
    let Some(hip_desc) = (unsafe { hip_texture_desc(desc) }) else {
        return F
            .invalid_value("cudaTextureAddressMode / cudaTextureFilterMode / cudaTextureReadMode");
    };
    let hip_desc = std::ptr::addr_of!(hip_desc);
    crate::call::with_hip!(F, |h| {
        // Each version's own binding: its resource descriptor type is its own (the same layout).
        let r = on_each_version!(h, api => unsafe {
            api.hipCreateTextureObject(texture as _, resource as _, hip_desc as _, view as _)
        });
        F.result(h, r)
    })
}

/// `$call` on the running HIP version's own bindings, named `$api`.
macro_rules! on_each_version {
    ($h:expr, $api:ident => $call:expr) => {
        match $h.bindings() {
            Bindings::V5_2_3 => {
                let $api = $h.v5_2_3();
                $call
            }
            Bindings::V5_7_1 => {
                let $api = $h.v5_7_1();
                $call
            }
            Bindings::V6_4_3 => {
                let $api = $h.v6_4_3();
                $call
            }
            Bindings::V7_2_4 => {
                let $api = $h.v7_2_4();
                $call
            }
        }
    };
}
use on_each_version;

/// `desc`'s fields as HIP's descriptor, or None where an enum field holds a value CUDA does not
/// define. Read as integers: an unchecked value must never become a Rust enum.
unsafe fn hip_texture_desc(desc: *const cudaTextureDesc) -> Option<hip_sys::hipTextureDesc> {
    use std::ptr::addr_of;
    let word = |p: *const u32| unsafe { p.read_unaligned() };
    let modes: [u32; 3] = unsafe {
        addr_of!((*desc).addressMode)
            .cast::<[u32; 3]>()
            .read_unaligned()
    };
    let filter = word(unsafe { addr_of!((*desc).filterMode) }.cast());
    let read = word(unsafe { addr_of!((*desc).readMode) }.cast());
    let mip_filter = word(unsafe { addr_of!((*desc).mipmapFilterMode) }.cast());
    let valid = modes.iter().all(|&m| m <= 3) && filter <= 1 && read <= 1 && mip_filter <= 1;
    // SAFETY: checked above; the rest are plain integers and floats at the same offsets.
    valid.then(|| unsafe { desc.cast::<hip_sys::hipTextureDesc>().read_unaligned() })
}
