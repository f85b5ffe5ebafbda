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
        if let Some(answer) = unsafe { from_properties(&call, h, attr, device) } {
            return match answer {
                Ok(v) => {
                    unsafe { value.write(v) };
                    R::SUCCESS
                }
                Err(e) => e,
            };
        }
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
            Some(WithoutHip::Like(texture)) => hip_attribute(&call, h, to_hip, texture, device),
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

/// Reads one limit from HIP's device properties.
type Limit = fn(&hip_sys::hipDeviceProp_tR0600) -> c_int;

/// CUDA's texture and surface limits that HIP keeps in hipDeviceProp_t arrays (HIP 6 on): the
/// entry each is. AMD's hipDeviceGetAttribute answers none of them (hipErrorInvalidValue) and
/// HIP's NVIDIA layer one size for several, while NVIDIA's static runtime reads every one for a
/// `cudaGetDeviceProperties`. AMD's HIP gives surfaces the texture limits and 0 where the
/// hardware has no such texture (gather, pitched 2-D, alternate 3-D, cube maps).
#[rustfmt::skip]
const LIMITS: [(A, Limit); 30] = [
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LAYERED_WIDTH,       |p| p.maxTexture2DLayered[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LAYERED_HEIGHT,      |p| p.maxTexture2DLayered[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LAYERED_LAYERS,      |p| p.maxTexture2DLayered[2]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE1D_LAYERED_WIDTH,       |p| p.maxTexture1DLayered[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE1D_LAYERED_LAYERS,      |p| p.maxTexture1DLayered[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_GATHER_WIDTH,        |p| p.maxTexture2DGather[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_GATHER_HEIGHT,       |p| p.maxTexture2DGather[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_WIDTH_ALTERNATE,     |p| p.maxTexture3DAlt[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_HEIGHT_ALTERNATE,    |p| p.maxTexture3DAlt[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_DEPTH_ALTERNATE,     |p| p.maxTexture3DAlt[2]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURECUBEMAP_LAYERED_WIDTH,  |p| p.maxTextureCubemapLayered[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURECUBEMAP_LAYERED_LAYERS, |p| p.maxTextureCubemapLayered[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_WIDTH,               |p| p.maxSurface2D[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_HEIGHT,              |p| p.maxSurface2D[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_WIDTH,               |p| p.maxSurface3D[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_HEIGHT,              |p| p.maxSurface3D[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_DEPTH,               |p| p.maxSurface3D[2]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE1D_LAYERED_WIDTH,       |p| p.maxSurface1DLayered[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE1D_LAYERED_LAYERS,      |p| p.maxSurface1DLayered[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_WIDTH,       |p| p.maxSurface2DLayered[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_HEIGHT,      |p| p.maxSurface2DLayered[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_LAYERS,      |p| p.maxSurface2DLayered[2]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACECUBEMAP_WIDTH,          |p| p.maxSurfaceCubemap),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACECUBEMAP_LAYERED_WIDTH,  |p| p.maxSurfaceCubemapLayered[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACECUBEMAP_LAYERED_LAYERS, |p| p.maxSurfaceCubemapLayered[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LINEAR_WIDTH,        |p| p.maxTexture2DLinear[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LINEAR_HEIGHT,       |p| p.maxTexture2DLinear[1]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LINEAR_PITCH,        |p| p.maxTexture2DLinear[2]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_MIPMAPPED_WIDTH,     |p| p.maxTexture2DMipmap[0]),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_MIPMAPPED_HEIGHT,    |p| p.maxTexture2DMipmap[1]),
];

/// The limit `attr` is, when it is one of [`LIMITS`].
fn texture_limit(attr: u32) -> Option<Limit> {
    LIMITS
        .iter()
        .find(|(a, _)| *a as u32 == attr)
        .map(|&(_, limit)| limit)
}

/// A texture or surface limit ([`texture_limit`]) of `device` from HIP's device properties, where
/// the running HIP has them there (6 on); `None` for any other attribute or HIP.
///
/// # Safety
/// None beyond HIP's: the properties are written into memory owned here.
unsafe fn from_properties<R: ResultCodes<Library = hip_sys::Hip>>(
    call: &Call<R>,
    h: crate::call::Runtime,
    attr: u32,
    device: c_int,
) -> Option<Result<c_int, R>> {
    if matches!(h.bindings(), Bindings::V5_2_3 | Bindings::V5_7_1) {
        return None;
    }
    let limit = texture_limit(attr)?;
    let mut p = std::mem::MaybeUninit::<hip_sys::hipDeviceProp_tR0600>::zeroed();
    Some(
        match call.result(h, unsafe {
            h.hipGetDevicePropertiesR0600(p.as_mut_ptr(), device)
        }) {
            r if r == R::SUCCESS => Ok(limit(unsafe { p.assume_init_ref() })),
            r => Err(r),
        },
    )
}

/// The surface limits AMD's HIP 6 gives the texture limits of (HIP 5 answers those alone).
#[rustfmt::skip]
const SURFACES_AS_TEXTURES: [(A, A); 5] = [
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_WIDTH, A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_WIDTH),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_HEIGHT, A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_HEIGHT),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_WIDTH, A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_WIDTH),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_HEIGHT, A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_HEIGHT),
    (A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE3D_DEPTH, A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_DEPTH),
];

/// How [`get`] answers an attribute the running HIP cannot report.
enum WithoutHip {
    Fixed(c_int),
    /// The texture limit HIP reports for it: AMD's HIP gives surfaces the texture limits.
    Like(A),
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
        // Texture and surface limits HIP 5 neither answers on AMD nor keeps in its properties:
        // surfaces have the texture limits (as AMD's HIP 6 reports), the rest is 0 (HIP 6 on AMD:
        // no such textures) — CUDA's answer for a feature the device lacks.
        a if texture_limit(a).is_some() => {
            match SURFACES_AS_TEXTURES.iter().find(|(s, _)| *s as u32 == a) {
                Some(&(_, texture)) => Like(texture),
                None => Fixed(0),
            }
        }
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

    #[test]
    fn texture_limits_read_their_own_entry_and_have_a_hip_5_answer() {
        let mut p: hip_sys::hipDeviceProp_tR0600 = unsafe { std::mem::zeroed() };
        p.maxSurface2D = [101, 102];
        p.maxTexture2DLinear = [201, 202, 203];
        p.maxTexture3DAlt = [301, 302, 303];
        p.maxSurface2DLayered = [401, 402, 403];
        let limit = |a: A| texture_limit(a as u32).map(|l| l(&p));
        assert_eq!(
            limit(A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_HEIGHT),
            Some(102)
        );
        assert_eq!(
            limit(A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_LINEAR_PITCH),
            Some(203)
        );
        let depth = A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE3D_DEPTH_ALTERNATE;
        assert_eq!(limit(depth), Some(303));
        assert_eq!(
            limit(A::CU_DEVICE_ATTRIBUTE_MAXIMUM_SURFACE2D_LAYERED_LAYERS),
            Some(403)
        );
        // HIP answers the single-size ones itself.
        assert_eq!(limit(A::CU_DEVICE_ATTRIBUTE_MAXIMUM_TEXTURE2D_WIDTH), None);
        let mut seen = std::collections::BTreeSet::new();
        for (a, _) in LIMITS {
            assert!(seen.insert(a as u32), "{a:?} twice");
            // HIP 5 keeps none of them: each has an answer there too.
            assert!(without_hip(a as u32).is_some(), "{a:?}");
        }
    }

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
