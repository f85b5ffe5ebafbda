//! cuDeviceGetAttribute and cudaDeviceGetAttribute (the runtime numbers its attributes as the
//! driver does): HIP's answer. Where the running HIP has no counterpart or refuses one
//! (`hipErrorInvalidValue`: HIP 5.2's NVIDIA layer lacks unified addressing), the device is
//! checked and the answer is what holds for every device through this HIP — unified addressing 1
//! (HIP devices share one 64-bit address space with the host), a capability 0 (this HIP offers
//! no way to use it), a feature's size 0 — or what follows from what HIP does report (the PCI
//! domain from the bus id), as CUDA answers every attribute it defines for a valid device:
//! NVIDIA's samples stop on any error, and NVIDIA's static runtime (CuPy, cuda-python) reads
//! dozens of them for one `cudaGetDeviceProperties`.

use crate::call::{with_hip, Call, ResultCodes};
use crate::driver::sys::CUdevice_attribute_enum as A;
use hip_sys::Bindings;
use std::ffi::c_int;

/// An API's attribute table (CUDA's number → HIP's).
type ToHip<R> = fn(&Call<R>, u32, Bindings) -> Result<i64, R>;

/// The attribute `attr` of `device` into `value`; `to_hip` is the API's attribute table.
///
/// # Safety
/// `value` must be valid for a write (the caller refuses a NULL one, naming its parameter).
pub(crate) unsafe fn get<R: ResultCodes<Library = hip_sys::Hip>>(
    call: Call<R>,
    value: *mut c_int,
    attr: u32,
    device: c_int,
    to_hip: ToHip<R>,
) -> R {
    with_hip!(call, |h| {
        let refused = match to_hip(&call, attr, h.bindings()) {
            Ok(a) => match call.result(h, unsafe {
                h.hipDeviceGetAttribute(value, a.into(), device)
            }) {
                r if r == R::INVALID_VALUE || r == R::NOT_SUPPORTED => r,
                r if r == R::SUCCESS && attr == A::CU_DEVICE_ATTRIBUTE_GPU_OVERLAP as u32 => {
                    // A yes / no in CUDA; its HIP counterpart counts the copy engines.
                    unsafe { value.write((value.read() > 0) as c_int) };
                    return r;
                }
                r => return r,
            },
            Err(e) if e == R::NOT_SUPPORTED => e, // no counterpart in this HIP
            Err(e) => return e,                   // not an attribute CUDA defines
        };
        // The device must be one: MAX_THREADS_PER_BLOCK has a counterpart everywhere.
        let a_device = |v| {
            hip_attribute(
                &call,
                h,
                to_hip,
                A::CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
                device,
            )
            .map(|_| v)
        };
        let answer = match without_hip(attr) {
            None => return refused,
            Some(WithoutHip::Fixed(v)) => a_device(v),
            Some(WithoutHip::BoardGroup) => a_device(device),
            Some(WithoutHip::PciDomain) => pci_domain(&call, h, device),
            Some(WithoutHip::BlocksPerMultiprocessor) => {
                let threads = hip_attribute(
                    &call,
                    h,
                    to_hip,
                    A::CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR,
                    device,
                );
                let warp =
                    hip_attribute(&call, h, to_hip, A::CU_DEVICE_ATTRIBUTE_WARP_SIZE, device);
                threads.and_then(|t| warp.map(|w| t / w.max(1)))
            }
        };
        match answer {
            Ok(answer) => {
                crate::log::warn_once(format!("{}: attribute {attr} answered {answer}", call.name));
                unsafe { value.write(answer) };
                R::SUCCESS
            }
            Err(e) => e,
        }
    })
}

/// The CUDA attribute `attr` of `device` as the running HIP reports it.
fn hip_attribute<R: ResultCodes<Library = hip_sys::Hip>>(
    call: &Call<R>,
    h: crate::call::Runtime,
    to_hip: ToHip<R>,
    attr: A,
    device: c_int,
) -> Result<c_int, R> {
    let hip = to_hip(call, attr as u32, h.bindings())?;
    let mut v = 0;
    match call.result(h, unsafe {
        h.hipDeviceGetAttribute(&mut v, hip.into(), device)
    }) {
        r if r == R::SUCCESS => Ok(v),
        r => Err(r),
    }
}

/// The PCI domain, from the bus id HIP writes (`dddd:bb:dd.f`, hexadecimal).
fn pci_domain<R: ResultCodes<Library = hip_sys::Hip>>(
    call: &Call<R>,
    h: crate::call::Runtime,
    device: c_int,
) -> Result<c_int, R> {
    let mut text = [0 as std::ffi::c_char; 32];
    let r = call.result(h, unsafe {
        h.hipDeviceGetPCIBusId(text.as_mut_ptr(), text.len() as c_int, device)
    });
    if r != R::SUCCESS {
        return Err(r);
    }
    let text = unsafe { std::ffi::CStr::from_ptr(text.as_ptr()) }.to_string_lossy();
    text.split(':')
        .next()
        .and_then(|d| c_int::from_str_radix(d, 16).ok())
        .filter(|_| text.matches(':').count() == 2)
        .ok_or(R::UNKNOWN)
}

/// How [`get`] answers an attribute the running HIP cannot report.
enum WithoutHip {
    Fixed(c_int),
    /// From the PCI bus id HIP gives.
    PciDomain,
    /// The device's ordinal: each device a board of its own.
    BoardGroup,
    /// Threads per multiprocessor / warp size: a block is at least one wavefront.
    BlocksPerMultiprocessor,
}

/// What [`get`] answers for `attrib` where HIP cannot (None: the refusal stands — an attribute
/// CUDA answers only on hardware that has the feature, or the sentinel `…_MAX`).
fn without_hip(attrib: u32) -> Option<WithoutHip> {
    use WithoutHip::*;
    // Capabilities this HIP offers no way to use: 0.
    const CAPABILITIES: [A; 30] = [
        A::CU_DEVICE_ATTRIBUTE_CAN_TEX2D_GATHER,
        A::CU_DEVICE_ATTRIBUTE_CAN_USE_STREAM_MEM_OPS_V1,
        A::CU_DEVICE_ATTRIBUTE_CAN_USE_64_BIT_STREAM_MEM_OPS_V1,
        A::CU_DEVICE_ATTRIBUTE_CAN_USE_64_BIT_STREAM_MEM_OPS,
        A::CU_DEVICE_ATTRIBUTE_CAN_FLUSH_REMOTE_WRITES,
        A::CU_DEVICE_ATTRIBUTE_CLUSTER_LAUNCH,
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
        A::CU_DEVICE_ATTRIBUTE_MPS_ENABLED,
        A::CU_DEVICE_ATTRIBUTE_MULTICAST_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_READ_ONLY_HOST_REGISTER_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_SPARSE_CUDA_ARRAY_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_TENSOR_MAP_ACCESS_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_TIMELINE_SEMAPHORE_INTEROP_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_UNIFIED_FUNCTION_POINTERS,
        A::CU_DEVICE_ATTRIBUTE_VIRTUAL_ADDRESS_MANAGEMENT_SUPPORTED,
        A::CU_DEVICE_ATTRIBUTE_VULKAN_CIG_SUPPORTED,
    ];
    // Sizes and options of features this HIP does not offer (persisting L2, access policy
    // windows, memory-pool sharing handles, GPUDirect RDMA, decompression, PCI product ids it
    // does not report, shared memory the system reserves per block — none on AMD): 0.
    const NONE: [A; 11] = [
        A::CU_DEVICE_ATTRIBUTE_MAX_PERSISTING_L2_CACHE_SIZE,
        A::CU_DEVICE_ATTRIBUTE_MAX_ACCESS_POLICY_WINDOW_SIZE,
        A::CU_DEVICE_ATTRIBUTE_MEMPOOL_SUPPORTED_HANDLE_TYPES,
        A::CU_DEVICE_ATTRIBUTE_GPU_DIRECT_RDMA_FLUSH_WRITES_OPTIONS,
        A::CU_DEVICE_ATTRIBUTE_GPU_DIRECT_RDMA_WRITES_ORDERING,
        A::CU_DEVICE_ATTRIBUTE_MEM_DECOMPRESS_ALGORITHM_MASK,
        A::CU_DEVICE_ATTRIBUTE_MEM_DECOMPRESS_MAXIMUM_LENGTH,
        A::CU_DEVICE_ATTRIBUTE_GPU_PCI_DEVICE_ID,
        A::CU_DEVICE_ATTRIBUTE_GPU_PCI_SUBSYSTEM_ID,
        A::CU_DEVICE_ATTRIBUTE_RESERVED_SHARED_MEMORY_PER_BLOCK,
        A::CU_DEVICE_ATTRIBUTE_NUMA_CONFIG, // CU_DEVICE_NUMA_CONFIG_NONE
    ];
    // Layered textures and surfaces: HIP reports no layer limit; CUDA GPUs report 2048.
    const LAYERS: [A; 6] = [
        A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE1D_LAYERED_LAYERS,
        A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LAYERED_LAYERS,
        A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURECUBEMAP_LAYERED_LAYERS,
        A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE1D_LAYERED_LAYERS,
        A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_LAYERS,
        A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACECUBEMAP_LAYERED_LAYERS,
    ];
    let is = |list: &[A]| list.iter().any(|&a| a as u32 == attrib);
    Some(match attrib {
        a if a == A::CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING as u32 => Fixed(1),
        // One memory-synchronisation domain, as CUDA GPUs before Hopper have.
        a if a == A::CU_DEVICE_ATTRIBUTE_MEM_SYNC_DOMAIN_COUNT as u32 => Fixed(1),
        // No NUMA node known: -1, as CUDA says.
        a if a == A::CU_DEVICE_ATTRIBUTE_NUMA_ID as u32
            || a == A::CU_DEVICE_ATTRIBUTE_HOST_NUMA_ID as u32 =>
        {
            Fixed(-1)
        }
        a if a == A::CU_DEVICE_ATTRIBUTE_PCI_DOMAIN_ID as u32 => PciDomain,
        a if a == A::CU_DEVICE_ATTRIBUTE_MULTI_GPU_BOARD_GROUP_ID as u32 => BoardGroup,
        a if a == A::CU_DEVICE_ATTRIBUTE_MAX_BLOCKS_PER_MULTIPROCESSOR as u32 => {
            BlocksPerMultiprocessor
        }
        _ if is(&CAPABILITIES) || is(&NONE) => Fixed(0),
        _ if is(&LAYERS) => Fixed(2048),
        _ => return None,
    })
}

/// The fixed answer [`get`] gives for `attrib` where HIP cannot report it (None: none, or one
/// derived from what HIP does report).
pub fn always_answered(attrib: u32) -> Option<c_int> {
    match without_hip(attrib)? {
        WithoutHip::Fixed(v) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::sys::CUresult;
    use crate::generated::tables::to_hip_CUdevice_attribute_enum as to_hip;

    /// Every attribute CUDA 12.9 defines is answered through every HIP: by HIP, or here.
    #[test]
    fn every_attribute_without_a_hip_counterpart_has_an_answer() {
        let call = crate::call::DriverCall::to("cuDeviceGetAttribute", "hipDeviceGetAttribute");
        let mut missing = Vec::new();
        for b in Bindings::ALL {
            for attr in 1..A::CU_DEVICE_ATTRIBUTE_MAX as u32 {
                if to_hip(&call, attr, b) == Err(CUresult::CUDA_ERROR_NOT_SUPPORTED)
                    && without_hip(attr).is_none()
                {
                    missing.push(format!("{attr} ({b:?})"));
                }
            }
        }
        assert!(missing.is_empty(), "no answer for {missing:?}");
        assert_eq!(
            always_answered(A::CU_DEVICE_ATTRIBUTE_PCI_DOMAIN_ID as u32),
            None
        );
        assert_eq!(
            always_answered(A::CU_DEVICE_ATTRIBUTE_NUMA_ID as u32),
            Some(-1)
        );
    }
}
