//! Kernel launches through the runtime. CUDA's `cudaLaunchKernel` takes either a host-side stub a
//! compiler registered, or (CUDA 12) a kernel handle cast to a pointer: a `cudaKernel_t` or a
//! driver `CUfunction` (what cudarc's runtime layer passes for kernels from NVRTC and
//! `cuModuleGetFunction`). HIP's `hipLaunchKernel` takes stubs only, so the two are told apart
//! here: a stub lies inside a loaded object's code, a handle HIP allocated does not; handles go
//! to `hipModuleLaunchKernel`. Stubs nvcc registered (their fatbin holds NVIDIA code only) are
//! refused with the way to build for AMD.
#![allow(non_snake_case)]

use crate::call::{hip_stream, RuntimeCall};
use crate::runtime::sys::*;
use std::collections::HashSet;
use std::ffi::c_void;
use std::sync::Mutex;

/// Host-side stubs of kernels nvcc registered (`__cudaRegisterFunction`).
static NVCC_KERNELS: Mutex<Option<HashSet<usize>>> = Mutex::new(None);

/// `__cudaRegisterFunction`'s record: `host_stub` launches a kernel compiled for NVIDIA only.
pub fn register_nvcc_kernel(host_stub: *const c_void) {
    let mut kernels = NVCC_KERNELS.lock().unwrap_or_else(|p| p.into_inner());
    kernels
        .get_or_insert_with(HashSet::new)
        .insert(host_stub as usize);
}

fn is_nvcc_kernel(func: *const c_void) -> bool {
    let kernels = NVCC_KERNELS.lock().unwrap_or_else(|p| p.into_inner());
    kernels
        .as_ref()
        .is_some_and(|k| k.contains(&(func as usize)))
}

/// What a pointer handed to `cudaLaunchKernel` (or another call taking a kernel) is.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Launchable {
    /// A kernel handle HIP handed out (`hipFunction_t`).
    Handle,
    /// A host-side stub registered with HIP.
    Stub,
    /// A host-side stub nvcc registered: NVIDIA code only.
    NvccStub,
}

thread_local! {
    /// The last pointer classified on this thread: programs launch the same kernels over and
    /// over, and the classification (a `dladdr` walk) is kept off that path.
    static LAST: std::cell::Cell<(usize, Launchable)> =
        const { std::cell::Cell::new((0, Launchable::Handle)) };
}

pub(crate) fn classify(func: *const c_void) -> Launchable {
    let (last, kind) = LAST.with(std::cell::Cell::get);
    if last == func as usize {
        return kind;
    }
    let kind = if is_nvcc_kernel(func) {
        Launchable::NvccStub
    } else if inside_loaded_object(func) {
        Launchable::Stub
    } else {
        Launchable::Handle
    };
    LAST.with(|l| l.set((func as usize, kind)));
    kind
}

/// Whether `p` lies in a loaded executable or library (code or data), as a stub does.
fn inside_loaded_object(p: *const c_void) -> bool {
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    unsafe { libc::dladdr(p, &mut info) != 0 }
}

/// cudaLaunchKernel: a kernel handle through `hipModuleLaunchKernel`, a registered stub through
/// `hipLaunchKernel`; an nvcc-built stub is refused.
///
/// # Safety
/// As CUDA's: `args` holds one pointer per kernel parameter; `stream` is a live stream or special.
pub unsafe fn cudaLaunchKernel(
    func: *const c_void,
    gridDim: dim3,
    blockDim: dim3,
    args: *mut *mut c_void,
    sharedMem: usize,
    stream: cudaStream_t,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLaunchKernel", "hipModuleLaunchKernel");
    if func.is_null() {
        return F.rejected(
            cudaError_t::cudaErrorInvalidDeviceFunction,
            "`func` is NULL",
        );
    }
    let (g, b, s) = (gridDim, blockDim, hip_stream(stream));
    match classify(func) {
        Launchable::NvccStub => nvcc_kernel_refused(F),
        Launchable::Handle => {
            let Ok(shared) = u32::try_from(sharedMem) else {
                return F.invalid_value("32-bit shared memory size");
            };
            F.forward(|h| unsafe {
                let f = func.cast_mut().cast();
                let extra = std::ptr::null_mut();
                h.hipModuleLaunchKernel(f, g.x, g.y, g.z, b.x, b.y, b.z, shared, s, args, extra)
            })
        }
        Launchable::Stub => {
            let dim = |d: dim3| hip_sys::dim3 {
                x: d.x,
                y: d.y,
                z: d.z,
            };
            const STUB: RuntimeCall = RuntimeCall::to("cudaLaunchKernel", "hipLaunchKernel");
            STUB.forward(|h| unsafe { h.hipLaunchKernel(func, dim(g), dim(b), args, sharedMem, s) })
        }
    }
}

/// The answer to any use of a kernel nvcc compiled: NVIDIA code only.
#[cold]
pub(crate) fn nvcc_kernel_refused(f: RuntimeCall) -> cudaError_t {
    f.refused(
        cudaError_t::cudaErrorNoKernelImageForDevice,
        "this kernel was compiled by nvcc into NVIDIA code (SASS/PTX), which AMD GPUs cannot run; \
         build it for AMD instead: its source through NVRTC (cuda-as-hip's libnvrtc compiles CUDA C++ \
         for the GPU) or `hipcc --genco --offload-arch=<gfx…>`, then load the code object with \
         cuModuleLoadData / cudaLibraryLoadData",
    )
}
