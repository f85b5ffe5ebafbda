//! Kernel launches through the runtime. CUDA's `cudaLaunchKernel` takes either a host-side stub a
//! compiler registered, or (CUDA 12) a kernel handle cast to a pointer: a `cudaKernel_t` or a
//! driver `CUfunction` (what cudarc's runtime layer passes for kernels from NVRTC and
//! `cuModuleGetFunction`). HIP's `hipLaunchKernel` takes stubs only, so the two are told apart
//! here: a stub lies inside a loaded object's code, a handle HIP allocated does not; handles go
//! to `hipModuleLaunchKernel`. Stubs nvcc registered launch the kernel of the same name in the
//! module compiled from their fat binary's PTX; a fat binary with SASS only is refused with the
//! way to build for AMD.
#![allow(non_snake_case)]

use crate::call::{hip_stream, RuntimeCall};
use crate::driver::image;
use crate::jit::options::JitOutputs;
use crate::runtime::sys::*;
use std::collections::BTreeMap;
use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::{Mutex, OnceLock};

/// A fat binary nvcc registered (`__cudaRegisterFatBinary`), and the HIP module made of its PTX
/// once one of its kernels is first used (PTX compiled for the GPU; lazily, as CUDA's lazy
/// loading does: registration runs in the program's static constructors).
pub struct NvccFatbin {
    image: usize,
    module: OnceLock<usize>,
}

/// A kernel nvcc registered: its fat binary, its device-side name, its HIP function once found.
struct NvccKernel {
    fatbin: Option<&'static NvccFatbin>,
    name: CString,
    function: OnceLock<usize>,
}

/// Host-side stubs of kernels nvcc registered (`__cudaRegisterFunction`).
static NVCC_KERNELS: Mutex<BTreeMap<usize, &'static NvccKernel>> = Mutex::new(BTreeMap::new());

/// `__cudaRegisterFatBinary`'s record of `image` (a `__fatBinC_Wrapper_t` or a fat binary), kept
/// for the process (nvcc's code holds the handle until exit).
pub fn register_nvcc_fatbin(image: *const c_void) -> &'static NvccFatbin {
    Box::leak(Box::new(NvccFatbin {
        image: image as usize,
        module: OnceLock::new(),
    }))
}

/// `__cudaRegisterFunction`'s record: `host_stub` launches kernel `device_name` of `fatbin`.
///
/// # Safety
/// `device_name` is NULL or a NUL-terminated string.
pub unsafe fn register_nvcc_kernel(
    fatbin: Option<&'static NvccFatbin>,
    host_stub: *const c_void,
    device_name: *const c_char,
) {
    let name = match device_name.is_null() {
        true => CString::default(),
        false => unsafe { CStr::from_ptr(device_name) }.to_owned(),
    };
    let kernel = Box::leak(Box::new(NvccKernel {
        fatbin,
        name,
        function: OnceLock::new(),
    }));
    let mut kernels = NVCC_KERNELS.lock().unwrap_or_else(|p| p.into_inner());
    kernels.insert(host_stub as usize, kernel);
}

fn nvcc_kernel(func: *const c_void) -> Option<&'static NvccKernel> {
    let kernels = NVCC_KERNELS.lock().unwrap_or_else(|p| p.into_inner());
    kernels.get(&(func as usize)).copied()
}

fn is_nvcc_kernel(func: *const c_void) -> bool {
    nvcc_kernel(func).is_some()
}

/// The HIP function of a kernel nvcc registered: its fat binary loaded as a module (its PTX
/// compiled for the GPU) on first use, then the function by its device-side name. A fat binary
/// with SASS only is refused with the way to build for AMD.
pub(crate) fn nvcc_function(
    f: RuntimeCall,
    func: *const c_void,
) -> Result<hip_sys::hipFunction_t, cudaError_t> {
    let Some(kernel) = nvcc_kernel(func) else {
        return Err(nvcc_kernel_refused(f));
    };
    if let Some(&function) = kernel.function.get() {
        return Ok(function as hip_sys::hipFunction_t);
    }
    let Some(fatbin) = kernel.fatbin else {
        return Err(nvcc_kernel_refused(f));
    };
    let module = match fatbin.module.get() {
        Some(&m) => m as hip_sys::hipModule_t,
        None => {
            let mut m = std::ptr::null_mut();
            let image = fatbin.image as *const c_void;
            let loaded = unsafe { image::load(f, &mut m, image, &JitOutputs::default()) };
            if loaded != cudaError_t::cudaSuccess {
                return Err(loaded);
            }
            *fatbin.module.get_or_init(|| m as usize) as hip_sys::hipModule_t
        }
    };
    let mut function = std::ptr::null_mut();
    let name = kernel.name.as_ptr();
    match f.forward(|h| unsafe { h.hipModuleGetFunction(&mut function, module, name) }) {
        cudaError_t::cudaSuccess => Ok(*kernel.function.get_or_init(|| function as usize) as _),
        e => Err(e),
    }
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
    let function = match classify(func) {
        Launchable::Handle => func.cast_mut().cast(),
        Launchable::NvccStub => match nvcc_function(F, func) {
            Ok(function) => function,
            Err(e) => return e,
        },
        Launchable::Stub => {
            let dim = |d: dim3| hip_sys::dim3 {
                x: d.x,
                y: d.y,
                z: d.z,
            };
            const STUB: RuntimeCall = RuntimeCall::to("cudaLaunchKernel", "hipLaunchKernel");
            return STUB.forward(|h| unsafe {
                h.hipLaunchKernel(func, dim(g), dim(b), args, sharedMem, s)
            });
        }
    };
    let Ok(shared) = u32::try_from(sharedMem) else {
        return F.invalid_value("32-bit shared memory size");
    };
    F.forward(|h| unsafe {
        let extra = std::ptr::null_mut();
        h.hipModuleLaunchKernel(
            function, g.x, g.y, g.z, b.x, b.y, b.z, shared, s, args, extra,
        )
    })
}

/// The answer to a kernel nvcc registered without a fat binary to compile it from.
#[cold]
pub(crate) fn nvcc_kernel_refused(f: RuntimeCall) -> cudaError_t {
    f.refused(
        cudaError_t::cudaErrorNoKernelImageForDevice,
        "this kernel was registered by nvcc without its fat binary, so no PTX is there to compile; \
         build it for AMD instead: its source through NVRTC (cuda-as-hip's libnvrtc compiles CUDA C++ \
         for the GPU) or `hipcc --genco --offload-arch=<gfx…>`, then load the code object with \
         cuModuleLoadData / cudaLibraryLoadData",
    )
}

/// cudaLaunchKernelExC (what CUDA's C++ `cudaLaunchKernelEx` calls): cudaLaunchKernel's launch (or
/// the cooperative one) once the configuration's attributes are read
/// ([`crate::launch_attributes`]: the runtime's are the driver's).
///
/// # Safety
/// As CUDA's: `config` (if not NULL) and its attribute list valid for reads, `args` as
/// cudaLaunchKernel takes them.
pub unsafe fn cudaLaunchKernelExC(
    config: *const cudaLaunchConfig_t,
    func: *const c_void,
    args: *mut *mut c_void,
) -> cudaError_t {
    const F: RuntimeCall = RuntimeCall::to("cudaLaunchKernelExC", "hipModuleLaunchKernel");
    if config.is_null() {
        return F.null_argument("config");
    }
    let c = unsafe { &*config };
    let attributes = c.attrs.cast::<crate::driver::sys::CUlaunchAttribute>();
    let launch = match unsafe { crate::launch_attributes::cooperative(&F, attributes, c.numAttrs) }
    {
        Err(e) => return e,
        Ok(true) => crate::raw::cudaLaunchCooperativeKernel,
        Ok(false) => cudaLaunchKernel,
    };
    unsafe {
        launch(
            func,
            c.gridDim,
            c.blockDim,
            args,
            c.dynamicSmemBytes,
            c.stream,
        )
    }
}
