//! cuDeviceGetAttribute and cudaDeviceGetAttribute (the runtime numbers its attributes as the
//! driver does): HIP's answer, but for the yes/no attributes programs read before they use a
//! feature (NVIDIA's samples stop on any error). Where the running HIP has no counterpart or
//! refuses one (`hipErrorInvalidValue`: HIP 5.2's NVIDIA layer lacks unified addressing), the
//! device is checked and the answer is what holds for every device through this HIP — unified
//! addressing 1 (HIP devices share one 64-bit address space with the host), a `…_SUPPORTED`
//! capability 0 (this HIP offers no way to use it) — as CUDA answers every attribute it defines
//! for a valid device.

use crate::call::{with_hip, Call, ResultCodes};
use crate::driver::sys::CUdevice_attribute_enum;
use hip_sys::Bindings;
use std::ffi::c_int;

/// The attribute `attr` of `device` into `value`; `to_hip` is the API's attribute table.
///
/// # Safety
/// `value` must be valid for a write (the caller refuses a NULL one, naming its parameter).
pub(crate) unsafe fn get<R: ResultCodes<Library = hip_sys::Hip>>(
    call: Call<R>,
    value: *mut c_int,
    attr: u32,
    device: c_int,
    to_hip: fn(&Call<R>, u32, Bindings) -> Result<i64, R>,
) -> R {
    with_hip!(call, |h| {
        let refused = match to_hip(&call, attr, h.bindings()) {
            Ok(a) => match call.result(h, unsafe {
                h.hipDeviceGetAttribute(value, a.into(), device)
            }) {
                r if r == R::INVALID_VALUE || r == R::NOT_SUPPORTED => r,
                r => return r,
            },
            Err(e) if e == R::NOT_SUPPORTED => e, // no counterpart in this HIP
            Err(e) => return e,                   // not an attribute CUDA defines
        };
        let Some(answer) = always_answered(attr) else {
            return refused;
        };
        // The device must be one: MAX_THREADS_PER_BLOCK (1) has a counterpart everywhere.
        let any = match to_hip(&call, 1, h.bindings()) {
            Ok(a) => a,
            Err(e) => return e,
        };
        let mut n = 0;
        let r = call.result(h, unsafe {
            h.hipDeviceGetAttribute(&mut n, any.into(), device)
        });
        if r != R::SUCCESS {
            return r;
        }
        crate::log::warn_once(format!("{}: attribute {attr} answered {answer}", call.name));
        unsafe { value.write(answer) };
        R::SUCCESS
    })
}

/// What [`get`] answers for `attrib` where HIP cannot: unified addressing 1, the
/// capabilities some HIP has no counterpart for 0; None for the rest.
pub fn always_answered(attrib: u32) -> Option<c_int> {
    use CUdevice_attribute_enum as A;
    const CAPABILITIES: [A; 22] = [
        A::CU_DEVICE_ATTRIBUTE_D3D12_CIG_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_DEFERRED_MAPPING_CUDA_ARRAY_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_DMA_BUF_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_GENERIC_COMPRESSION_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_GPU_DIRECT_RDMA_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_GPU_DIRECT_RDMA_WITH_CUDA_VMM_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_FABRIC_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_WIN32_HANDLE_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HANDLE_TYPE_WIN32_KMT_HANDLE_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HOST_NUMA_MEMORY_POOLS_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HOST_NUMA_MULTINODE_IPC_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HOST_NUMA_VIRTUAL_MEMORY_MANAGEMENT_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_HOST_REGISTER_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_IPC_EVENT_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_MULTICAST_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_READ_ONLY_HOST_REGISTER_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_SPARSE_CUDA_ARRAY_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_TENSOR_MAP_ACCESS_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_TIMELINE_SEMAPHORE_INTEROP_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_VIRTUAL_ADDRESS_MANAGEMENT_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_VULKAN_CIG_SUPPORTED,
    ];
    if attrib == A::CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING as u32 {
        return Some(1);
    }
    CAPABILITIES
        .iter()
        .any(|&c| c as u32 == attrib)
        .then_some(0)
}
