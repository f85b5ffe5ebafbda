//! Which platform the loaded HIP runs on. A device of HIP's NVIDIA platform (HIP's
//! `nvidia_detail` headers, as in the GPU loopback) has no GCN architecture name; there NVRTC's
//! options are NVIDIA's NVRTC's own and modules are NVIDIA images, so the AMD-side translations
//! (option rewriting, the image check) stand aside.

use hip_sys::{Bindings, Hip};
use std::ffi::{c_int, CStr};
use std::sync::OnceLock;

/// The current device's `gcnArchName` (`gfx90a:sramecc+:xnack-`; empty on HIP's NVIDIA
/// platform); `None` without a device.
pub(crate) fn device_arch(h: &Hip) -> Option<String> {
    let mut dev = 0;
    if unsafe { h.hipGetDevice(&mut dev) }.ok()?.0 != 0 {
        return None;
    }
    device_arch_name(h, dev)
}

/// The AMD architecture to compile for: `CUDA_AS_HIP_OFFLOAD_ARCH`, else the current device's
/// (`gcnArchName`, without its `:sramecc+:xnack-` feature suffix).
pub(crate) fn offload_arch(h: &Hip) -> Option<String> {
    if let Some(a) = std::env::var(crate::OFFLOAD_ARCH_ENV)
        .ok()
        .filter(|a| !a.is_empty())
    {
        return Some(a);
    }
    let name = device_arch(h)?;
    Some(name.split(':').next().unwrap_or(&name).to_string()).filter(|a| !a.is_empty())
}

/// comgr — inside hiprtc for NVRTC, called directly for PTX — compiles one module at a time in
/// this process, where CUDA's NVRTC and PTX JIT are thread-safe: HIP 5.2's comgr can spin forever
/// in LLVM's target registry, or abort registering LLVM's command-line options twice ("Option 'h'
/// registered more than once"), when two threads compile at once (both seen in this crate's tests).
pub(crate) fn one_compile_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static COMPILE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    COMPILE.lock().unwrap_or_else(|p| p.into_inner())
}

/// HIP here runs on NVIDIA (decided once, from the first device's properties).
pub(crate) fn hip_on_nvidia(h: &Hip) -> bool {
    static ON_NVIDIA: OnceLock<bool> = OnceLock::new();
    *ON_NVIDIA.get_or_init(|| device_arch(h).is_some_and(|a| a.is_empty()))
}

fn device_arch_name(h: &Hip, dev: c_int) -> Option<String> {
    macro_rules! props {
        ($call:expr, $ty:ty) => {{
            let mut p = std::mem::MaybeUninit::<$ty>::zeroed();
            match unsafe { $call(p.as_mut_ptr(), dev) } {
                Ok(e) if e.0 == 0 => {
                    let p = unsafe { p.assume_init() };
                    let name = unsafe { CStr::from_ptr(p.gcnArchName.as_ptr()) };
                    Some(name.to_string_lossy().into_owned())
                }
                _ => None,
            }
        }};
    }
    match h.bindings() {
        Bindings::V5_2_3 => props!(
            |p, d| h.v5_2_3().hipGetDeviceProperties(p, d),
            hip_sys::v5_2_3::hipDeviceProp_t
        ),
        Bindings::V5_7_1 => props!(
            |p, d| h.v5_7_1().hipGetDeviceProperties(p, d),
            hip_sys::v5_7_1::hipDeviceProp_t
        ),
        Bindings::V6_4_3 | Bindings::V7_2_4 => {
            props!(
                |p, d| h.hipGetDevicePropertiesR0600(p, d),
                hip_sys::hipDeviceProp_tR0600
            )
        }
    }
}
