//! Driver calls HIP before 6 lacks, made of calls it has; the override file's `hand-on` sends only
//! HIP 5 here. 3-D copies and copy / memset nodes go runtime-style (`hipDrvMemcpy3D`'s struct
//! differs from CUDA's there; `hipDrvGraphAdd*Node` arrived in 6.0): CUDA_MEMCPY3D counts bytes
//! and names each side's memory type, hipMemcpy3DParms counts an array's x position and width in
//! elements and takes one copy kind. Graph instantiation with parameters is instantiation with
//! flags and an upload. The array copies HIP 5 lacks (`hipMemcpyDtoA` …) are one-row 2-D copies,
//! as CUDA defines them.
#![allow(non_snake_case)]

use crate::call::{hip_stream, Call, DriverCall, ResultCodes};
use crate::driver::sys::*;
use crate::generated::raw;
use hip_sys::v5_7_1::hipMemcpy3DParms;
use hip_sys::{
    hipExtent, hipGraphExec_t, hipGraph_t, hipMemcpyKind, hipMemsetParams, hipPitchedPtr, hipPos,
    hipStream_t, Bindings, Hip, SymbolError,
};
use std::ffi::c_void;
use std::ptr::{addr_of, addr_of_mut, null_mut};

/// Where one side of a CUDA_MEMCPY3D lives, from the `CUmemorytype` the caller wrote (read as
/// the integer, so a value CUDA does not define is refused, never a Rust enum out of range).
#[derive(Clone, Copy, PartialEq, Debug)]
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

/// The bytes of one element of a CUDA array (its format's size times its channels).
fn array_element_bytes(call: DriverCall, array: CUarray) -> Result<usize, CUresult> {
    let mut d = std::mem::MaybeUninit::<CUDA_ARRAY3D_DESCRIPTOR>::zeroed();
    if unsafe { cuArray3DGetDescriptor_v2(d.as_mut_ptr(), array) } != CUresult::CUDA_SUCCESS {
        return Err(call.unsupported(
            "a CUarray in a 3-D copy needs its element size, which this HIP cannot report \
             (hipArray3DGetDescriptor arrived in HIP 5.7): copy through linear memory",
        ));
    }
    let format = unsafe { addr_of!((*d.as_ptr()).Format).cast::<u32>().read() };
    let channels = unsafe { (*d.as_ptr()).NumChannels } as usize;
    match format {
        0x01 | 0x08 => Ok(channels),            // 8-bit integers
        0x02 | 0x09 | 0x10 => Ok(2 * channels), // 16-bit integers, half
        0x03 | 0x0a | 0x20 => Ok(4 * channels), // 32-bit integers, float
        _ => Err(call.unsupported("a 3-D copy of an array of a format HIP 5 lacks")),
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

/// A pitch or height CUDA does not read (the copy spans one row or one slice) and the caller left
/// 0, as `spanned`; any other value as it is.
fn unspecified_as(value: usize, count: usize, spanned: usize) -> usize {
    match (value, count) {
        (0, 0 | 1) => spanned,
        _ => value,
    }
}

/// One side of a CUDA_MEMCPY3D in CUDA's terms.
struct CudaSide {
    memory: Memory,
    host: *const c_void,
    device: CUdeviceptr,
    array: CUarray,
    /// x in bytes, y in rows, z in slices.
    at: (usize, usize, usize),
    pitch: usize,
    height: usize,
}

impl CudaSide {
    /// The side in the runtime's terms for a copy of `extent` (bytes, rows, slices). CUDA reads
    /// no pitch for a copy of one row and no height for one of one slice, and callers leave them
    /// 0 there; the runtime-style copy checks them, so they become what the copy spans.
    fn to_runtime(
        &self,
        call: DriverCall,
        (width, rows, slices): (usize, usize, usize),
    ) -> Result<RuntimeSide, CUresult> {
        let (array, ptr, element) = match self.memory {
            Memory::Host => (null_mut(), self.host.cast_mut(), None),
            Memory::Array => {
                let element = array_element_bytes(call, self.array)?;
                (self.array.cast(), null_mut(), Some(element))
            }
            Memory::Device | Memory::Unified => (null_mut(), self.device as *mut c_void, None),
        };
        let (x, y, z) = self.at;
        let pitch = unspecified_as(self.pitch, rows, x + width);
        Ok(RuntimeSide {
            array,
            ptr: hipPitchedPtr {
                ptr,
                pitch,
                xsize: pitch,
                ysize: unspecified_as(self.height, slices, y + rows),
            },
            pos: hipPos {
                x: x / element.unwrap_or(1),
                y,
                z,
            },
            element,
        })
    }

    /// The side of a runtime-style copy back in CUDA's terms; `memory` is what its copy kind
    /// says of it (an array side is an array whatever the kind).
    fn from_runtime(
        call: DriverCall,
        array: *mut c_void,
        ptr: &hipPitchedPtr,
        pos: &hipPos,
        memory: Memory,
    ) -> Result<(CudaSide, Option<usize>), CUresult> {
        let element = match array.is_null() {
            true => None,
            false => Some(array_element_bytes(call, array.cast())?),
        };
        let memory = if element.is_some() {
            Memory::Array
        } else {
            memory
        };
        let (host, device) = match memory {
            Memory::Host => (ptr.ptr.cast_const(), 0),
            Memory::Device | Memory::Unified => (std::ptr::null(), ptr.ptr as CUdeviceptr),
            Memory::Array => (std::ptr::null(), 0),
        };
        let side = CudaSide {
            memory,
            host,
            device,
            array: array.cast(),
            at: (pos.x * element.unwrap_or(1), pos.y, pos.z),
            pitch: ptr.pitch,
            height: ptr.ysize,
        };
        Ok((side, element))
    }
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

/// What a copy kind says of its two sides (the inverse of [`copy_kind`]).
fn sides_of(kind: hipMemcpyKind) -> (Memory, Memory) {
    use Memory::{Device, Host, Unified};
    match kind {
        hipMemcpyKind::hipMemcpyHostToHost => (Host, Host),
        hipMemcpyKind::hipMemcpyHostToDevice => (Host, Device),
        hipMemcpyKind::hipMemcpyDeviceToHost => (Device, Host),
        hipMemcpyKind::hipMemcpyDeviceToDevice => (Device, Device),
        _ => (Unified, Unified),
    }
}

/// CUDA_MEMCPY3D (not NULL) as the runtime-style hipMemcpy3DParms of HIP 5.
unsafe fn memcpy3d_to_runtime(
    call: DriverCall,
    p: *const CUDA_MEMCPY3D,
) -> Result<hipMemcpy3DParms, CUresult> {
    let c = unsafe { &*p };
    let src = CudaSide {
        memory: unsafe { memory_type(call, addr_of!(c.srcMemoryType))? },
        host: c.srcHost,
        device: c.srcDevice,
        array: c.srcArray,
        at: (c.srcXInBytes, c.srcY, c.srcZ),
        pitch: c.srcPitch,
        height: c.srcHeight,
    };
    let dst = CudaSide {
        memory: unsafe { memory_type(call, addr_of!(c.dstMemoryType))? },
        host: c.dstHost,
        device: c.dstDevice,
        array: c.dstArray,
        at: (c.dstXInBytes, c.dstY, c.dstZ),
        pitch: c.dstPitch,
        height: c.dstHeight,
    };
    let extent = (c.WidthInBytes, c.Height, c.Depth);
    let (runtime_src, runtime_dst) = (src.to_runtime(call, extent)?, dst.to_runtime(call, extent)?);
    let element = runtime_src.element.or(runtime_dst.element).unwrap_or(1);
    Ok(hipMemcpy3DParms {
        srcArray: runtime_src.array.cast(),
        srcPos: runtime_src.pos,
        srcPtr: runtime_src.ptr,
        dstArray: runtime_dst.array.cast(),
        dstPos: runtime_dst.pos,
        dstPtr: runtime_dst.ptr,
        extent: hipExtent {
            width: c.WidthInBytes / element,
            height: c.Height,
            depth: c.Depth,
        },
        kind: copy_kind(src.memory, dst.memory),
    })
}

/// A runtime-style copy as CUDA_MEMCPY3D (written through `out`, CUDA's reserved fields NULL).
unsafe fn memcpy3d_from_runtime(
    call: DriverCall,
    p: &hipMemcpy3DParms,
    out: *mut CUDA_MEMCPY3D,
) -> Result<(), CUresult> {
    let (src_memory, dst_memory) = sides_of(p.kind);
    let (src, src_element) =
        CudaSide::from_runtime(call, p.srcArray.cast(), &p.srcPtr, &p.srcPos, src_memory)?;
    let (dst, dst_element) =
        CudaSide::from_runtime(call, p.dstArray.cast(), &p.dstPtr, &p.dstPos, dst_memory)?;
    let element = src_element.or(dst_element).unwrap_or(1);
    let memory_type = |m| match m {
        Memory::Host => CUmemorytype::CU_MEMORYTYPE_HOST,
        Memory::Device => CUmemorytype::CU_MEMORYTYPE_DEVICE,
        Memory::Array => CUmemorytype::CU_MEMORYTYPE_ARRAY,
        Memory::Unified => CUmemorytype::CU_MEMORYTYPE_UNIFIED,
    };
    let copy = CUDA_MEMCPY3D {
        srcXInBytes: src.at.0,
        srcY: src.at.1,
        srcZ: src.at.2,
        srcLOD: 0,
        srcMemoryType: memory_type(src.memory),
        srcHost: src.host,
        srcDevice: src.device,
        srcArray: src.array,
        reserved0: null_mut(),
        srcPitch: src.pitch,
        srcHeight: src.height,
        dstXInBytes: dst.at.0,
        dstY: dst.at.1,
        dstZ: dst.at.2,
        dstLOD: 0,
        dstMemoryType: memory_type(dst.memory),
        dstHost: dst.host.cast_mut(),
        dstDevice: dst.device,
        dstArray: dst.array,
        reserved1: null_mut(),
        dstPitch: dst.pitch,
        dstHeight: dst.height,
        WidthInBytes: p.extent.width * element,
        Height: p.extent.height,
        Depth: p.extent.depth,
    };
    unsafe { out.write(copy) };
    Ok(())
}

/// Calls HIP 5's `$function` with the copy `$p` (a pointer to 5.7's hipMemcpy3DParms) between
/// the other arguments: HIP 5.2's hipMemcpy3DParms is 5.7's field for field (only hipArray's
/// pointee differs).
macro_rules! hip5_copy {
    ($call:expr, $function:ident($($before:expr),*; $p:expr $(; $($after:expr),*)?)) => {{
        let p = $p;
        $call.forward(|h: &'static Hip| -> Result<_, SymbolError> {
            match h.bindings() {
                Bindings::V5_2_3 => unsafe {
                    h.v5_2_3().$function($($before,)* p.cast() $(, $($after),*)?)
                },
                _ => unsafe { h.v5_7_1().$function($($before,)* p.cast() $(, $($after),*)?) },
            }
        })
    }};
}

/// A runtime-style copy as the HIP 5 calls take it.
type RuntimeCopy = *const hipMemcpy3DParms;

/// `body` with the CUDA_MEMCPY3D parameter `name` in the runtime's terms, or why it has none.
unsafe fn with_runtime_copy(
    call: DriverCall,
    (name, params): (&str, *const CUDA_MEMCPY3D),
    body: impl FnOnce(RuntimeCopy) -> CUresult,
) -> CUresult {
    if params.is_null() {
        return call.null_argument(name);
    }
    match unsafe { memcpy3d_to_runtime(call, params) } {
        Ok(p) => body(&p),
        Err(e) => e,
    }
}

pub unsafe fn cuMemcpy3D_v2(copy: *const CUDA_MEMCPY3D) -> CUresult {
    const F: DriverCall = DriverCall::to("cuMemcpy3D_v2", "hipMemcpy3D");
    let run = |p: RuntimeCopy| hip5_copy!(F, hipMemcpy3D(; p));
    unsafe { with_runtime_copy(F, ("pCopy", copy), run) }
}

pub unsafe fn cuMemcpy3DAsync_v2(copy: *const CUDA_MEMCPY3D, stream: CUstream) -> CUresult {
    const F: DriverCall = DriverCall::to("cuMemcpy3DAsync_v2", "hipMemcpy3DAsync");
    let stream = hip_stream(stream);
    let run = |p: RuntimeCopy| hip5_copy!(F, hipMemcpy3DAsync(; p; stream));
    unsafe { with_runtime_copy(F, ("pCopy", copy), run) }
}

/// CUDA's `ctx` names the context a copy node runs in; a HIP graph's nodes run on the device the
/// graph is launched on, so it is not passed.
pub unsafe fn cuGraphAddMemcpyNode(
    node: *mut CUgraphNode,
    graph: CUgraph,
    dependencies: *const CUgraphNode,
    num_dependencies: usize,
    params: *const CUDA_MEMCPY3D,
    _ctx: CUcontext,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuGraphAddMemcpyNode", "hipGraphAddMemcpyNode");
    let (node, graph, dependencies) = (node.cast(), graph.cast(), dependencies.cast());
    let add = |p: RuntimeCopy| hip5_copy!(F, hipGraphAddMemcpyNode(node, graph, dependencies, num_dependencies; p));
    unsafe { with_runtime_copy(F, ("copyParams", params), add) }
}

pub unsafe fn cuGraphMemcpyNodeSetParams(
    node: CUgraphNode,
    params: *const CUDA_MEMCPY3D,
) -> CUresult {
    const F: DriverCall =
        DriverCall::to("cuGraphMemcpyNodeSetParams", "hipGraphMemcpyNodeSetParams");
    let set = |p: RuntimeCopy| hip5_copy!(F, hipGraphMemcpyNodeSetParams(node.cast(); p));
    unsafe { with_runtime_copy(F, ("nodeParams", params), set) }
}

/// `ctx` as in [`cuGraphAddMemcpyNode`].
pub unsafe fn cuGraphExecMemcpyNodeSetParams(
    exec: CUgraphExec,
    node: CUgraphNode,
    params: *const CUDA_MEMCPY3D,
    _ctx: CUcontext,
) -> CUresult {
    const F: DriverCall = DriverCall::to(
        "cuGraphExecMemcpyNodeSetParams",
        "hipGraphExecMemcpyNodeSetParams",
    );
    // HIP 5 declares the copy non-const; it only reads it.
    let set = |p: RuntimeCopy| hip5_copy!(F, hipGraphExecMemcpyNodeSetParams(exec.cast(), node.cast(); p.cast_mut()));
    unsafe { with_runtime_copy(F, ("copyParams", params), set) }
}

/// The node's copy back in CUDA's terms: memory types from the copy kind (unified where the
/// kind is hipMemcpyDefault), an array's positions and width in bytes.
pub unsafe fn cuGraphMemcpyNodeGetParams(node: CUgraphNode, out: *mut CUDA_MEMCPY3D) -> CUresult {
    const F: DriverCall =
        DriverCall::to("cuGraphMemcpyNodeGetParams", "hipGraphMemcpyNodeGetParams");
    if out.is_null() {
        return F.null_argument("nodeParams");
    }
    // SAFETY: plain data (pointers, integers, an integer-newtype enum): all zeroes is valid.
    let mut p: hipMemcpy3DParms = unsafe { std::mem::zeroed() };
    let r = hip5_copy!(F, hipGraphMemcpyNodeGetParams(node.cast(); addr_of_mut!(p)));
    if r != CUresult::CUDA_SUCCESS {
        return r;
    }
    match unsafe { memcpy3d_from_runtime(F, &p, out) } {
        Ok(()) => CUresult::CUDA_SUCCESS,
        Err(e) => e,
    }
}

/// CUDA_MEMSET_NODE_PARAMS holds hipMemsetParams' fields.
unsafe fn memset_to_runtime(
    call: DriverCall,
    p: *const CUDA_MEMSET_NODE_PARAMS,
) -> Result<hipMemsetParams, CUresult> {
    if p.is_null() {
        return Err(call.null_argument("memsetParams"));
    }
    let c = unsafe { &*p };
    Ok(hipMemsetParams {
        dst: c.dst as *mut c_void,
        elementSize: c.elementSize,
        height: c.height,
        pitch: c.pitch,
        value: c.value,
        width: c.width,
    })
}

/// `ctx` as in [`cuGraphAddMemcpyNode`].
pub unsafe fn cuGraphAddMemsetNode(
    node: *mut CUgraphNode,
    graph: CUgraph,
    dependencies: *const CUgraphNode,
    num_dependencies: usize,
    params: *const CUDA_MEMSET_NODE_PARAMS,
    _ctx: CUcontext,
) -> CUresult {
    const F: DriverCall = DriverCall::to("cuGraphAddMemsetNode", "hipGraphAddMemsetNode");
    match unsafe { memset_to_runtime(F, params) } {
        Ok(p) => F.forward(|h| unsafe {
            h.hipGraphAddMemsetNode(
                node.cast(),
                graph.cast(),
                dependencies.cast(),
                num_dependencies,
                &p,
            )
        }),
        Err(e) => e,
    }
}

/// `ctx` as in [`cuGraphAddMemcpyNode`].
pub unsafe fn cuGraphExecMemsetNodeSetParams(
    exec: CUgraphExec,
    node: CUgraphNode,
    params: *const CUDA_MEMSET_NODE_PARAMS,
    _ctx: CUcontext,
) -> CUresult {
    const F: DriverCall = DriverCall::to(
        "cuGraphExecMemsetNodeSetParams",
        "hipGraphExecMemsetNodeSetParams",
    );
    match unsafe { memset_to_runtime(F, params) } {
        Ok(p) => F.forward(|h| unsafe {
            h.hipGraphExecMemsetNodeSetParams(exec.cast(), node.cast(), &p)
        }),
        Err(e) => e,
    }
}

/// hipGraphInstantiateWithFlags, then hipGraphUpload on `stream` where `flags` hold CUDA's
/// upload flag (2 in the driver's numbering and the runtime's): `cuGraphInstantiateWithParams`
/// and `cudaGraphInstantiateWithParams` on HIP 5, which each write the outcome in their struct
/// (no error node: HIP 5 names none).
pub(crate) fn instantiate_then_upload<R: ResultCodes<Library = Hip>>(
    call: Call<R>,
    exec: *mut hipGraphExec_t,
    graph: hipGraph_t,
    flags: u64,
    stream: hipStream_t,
) -> R {
    const UPLOAD: u64 = CUgraphInstantiate_flags::CUDA_GRAPH_INSTANTIATE_FLAG_UPLOAD.0 as u64;
    let r =
        call.forward(|h| unsafe { h.hipGraphInstantiateWithFlags(exec, graph, flags & !UPLOAD) });
    match r == R::SUCCESS && flags & UPLOAD != 0 {
        true => call.forward(|h| unsafe { h.hipGraphUpload(*exec, stream) }),
        false => r,
    }
}

/// [`instantiate_then_upload`]. The parameters are read and written field by field:
/// `result_out` may hold anything on entry.
pub unsafe fn cuGraphInstantiateWithParams(
    exec: *mut CUgraphExec,
    graph: CUgraph,
    params: *mut CUDA_GRAPH_INSTANTIATE_PARAMS,
) -> CUresult {
    const F: DriverCall = DriverCall::to(
        "cuGraphInstantiateWithParams",
        "hipGraphInstantiateWithFlags",
    );
    if params.is_null() {
        return F.null_argument("instantiateParams");
    }
    let flags = unsafe { addr_of!((*params).flags).read() };
    let stream = hip_stream(unsafe { addr_of!((*params).hUploadStream).read() });
    let r = instantiate_then_upload(F, exec.cast(), graph.cast(), flags, stream);
    let result = match r {
        CUresult::CUDA_SUCCESS => CUgraphInstantiateResult::CUDA_GRAPH_INSTANTIATE_SUCCESS,
        _ => CUgraphInstantiateResult::CUDA_GRAPH_INSTANTIATE_ERROR,
    };
    unsafe {
        addr_of_mut!((*params).hErrNode_out).write(null_mut());
        addr_of_mut!((*params).result_out).write(result);
    }
    r
}

/// One side of a one-row copy: where it lives and the byte offset there.
#[derive(Clone, Copy)]
enum Place {
    Host(*const c_void),
    Device(CUdeviceptr),
    Array(CUarray, usize),
}

/// `bytes` from `src` to `dst` as a one-row CUDA_MEMCPY2D (pitches: the row, which CUDA does
/// not read for one row and HIP checks).
fn one_row(src: Place, dst: Place, bytes: usize) -> CUDA_MEMCPY2D {
    let side = |place| match place {
        Place::Host(p) => (CUmemorytype::CU_MEMORYTYPE_HOST, p, 0, null_mut(), 0),
        Place::Device(d) => (
            CUmemorytype::CU_MEMORYTYPE_DEVICE,
            std::ptr::null(),
            d,
            null_mut(),
            0,
        ),
        Place::Array(a, offset) => (
            CUmemorytype::CU_MEMORYTYPE_ARRAY,
            std::ptr::null(),
            0,
            a,
            offset,
        ),
    };
    let (src_memory, src_host, src_device, src_array, src_x) = side(src);
    let (dst_memory, dst_host, dst_device, dst_array, dst_x) = side(dst);
    CUDA_MEMCPY2D {
        srcXInBytes: src_x,
        srcY: 0,
        srcMemoryType: src_memory,
        srcHost: src_host,
        srcDevice: src_device,
        srcArray: src_array,
        srcPitch: src_x + bytes,
        dstXInBytes: dst_x,
        dstY: 0,
        dstMemoryType: dst_memory,
        dstHost: dst_host.cast_mut(),
        dstDevice: dst_device,
        dstArray: dst_array,
        dstPitch: dst_x + bytes,
        WidthInBytes: bytes,
        Height: 1,
    }
}

pub unsafe fn cuMemcpyDtoA_v2(
    dst: CUarray,
    dst_offset: usize,
    src: CUdeviceptr,
    bytes: usize,
) -> CUresult {
    let copy = one_row(Place::Device(src), Place::Array(dst, dst_offset), bytes);
    unsafe { raw::cuMemcpy2D_v2(&copy) }
}

pub unsafe fn cuMemcpyAtoD_v2(
    dst: CUdeviceptr,
    src: CUarray,
    src_offset: usize,
    bytes: usize,
) -> CUresult {
    let copy = one_row(Place::Array(src, src_offset), Place::Device(dst), bytes);
    unsafe { raw::cuMemcpy2D_v2(&copy) }
}

pub unsafe fn cuMemcpyAtoA_v2(
    dst: CUarray,
    dst_offset: usize,
    src: CUarray,
    src_offset: usize,
    bytes: usize,
) -> CUresult {
    let copy = one_row(
        Place::Array(src, src_offset),
        Place::Array(dst, dst_offset),
        bytes,
    );
    unsafe { raw::cuMemcpy2D_v2(&copy) }
}

pub unsafe fn cuMemcpyHtoAAsync_v2(
    dst: CUarray,
    dst_offset: usize,
    src: *const c_void,
    bytes: usize,
    stream: CUstream,
) -> CUresult {
    let copy = one_row(Place::Host(src), Place::Array(dst, dst_offset), bytes);
    unsafe { raw::cuMemcpy2DAsync_v2(&copy, stream) }
}

pub unsafe fn cuMemcpyAtoHAsync_v2(
    dst: *mut c_void,
    src: CUarray,
    src_offset: usize,
    bytes: usize,
    stream: CUstream,
) -> CUresult {
    let copy = one_row(Place::Array(src, src_offset), Place::Host(dst), bytes);
    unsafe { raw::cuMemcpy2DAsync_v2(&copy, stream) }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_pitch_and_height_cuda_does_not_read_become_what_the_copy_spans() {
        use CUmemorytype::CU_MEMORYTYPE_DEVICE as D;
        let mut one_row = pitched_copy(D, D);
        (
            one_row.srcPitch,
            one_row.srcHeight,
            one_row.Height,
            one_row.Depth,
        ) = (0, 0, 1, 1);
        (one_row.dstPitch, one_row.dstHeight) = (0, 0);
        let p = unsafe { memcpy3d_to_runtime(F, &one_row) }.unwrap();
        assert_eq!((p.srcPtr.pitch, p.srcPtr.ysize), (8 + 12, 1 + 1));
        assert_eq!((p.dstPtr.pitch, p.dstPtr.ysize), (4 + 12, 2 + 1));
        // Read by CUDA (several rows): kept, even 0 (HIP refuses it as CUDA does).
        let mut rows = one_row;
        rows.Height = 2;
        let p = unsafe { memcpy3d_to_runtime(F, &rows) }.unwrap();
        assert_eq!((p.srcPtr.pitch, p.srcPtr.ysize), (0, 1 + 2));
    }

    #[test]
    fn an_array_copy_is_one_row_at_the_offsets() {
        let array = 0x5000 as CUarray;
        let c = one_row(Place::Device(0x2000), Place::Array(array, 24), 100);
        assert_eq!(c.srcMemoryType, CUmemorytype::CU_MEMORYTYPE_DEVICE);
        assert_eq!((c.srcDevice, c.srcXInBytes, c.srcPitch), (0x2000, 0, 100));
        assert_eq!(c.dstMemoryType, CUmemorytype::CU_MEMORYTYPE_ARRAY);
        assert_eq!((c.dstArray, c.dstXInBytes, c.dstPitch), (array, 24, 124));
        assert_eq!((c.WidthInBytes, c.Height, c.srcY, c.dstY), (100, 1, 0, 0));
        let host = 0x1000 as *mut c_void;
        let c = one_row(Place::Array(array, 8), Place::Host(host), 4);
        assert_eq!(
            (c.dstMemoryType, c.dstHost),
            (CUmemorytype::CU_MEMORYTYPE_HOST, host)
        );
        assert_eq!((c.srcArray, c.srcXInBytes), (array, 8));
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
        let r = unsafe { with_runtime_copy(F, ("pCopy", std::ptr::null()), |_| unreachable!()) };
        assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    }

    #[test]
    fn a_copy_read_back_is_the_copy_given() {
        use CUmemorytype::{
            CU_MEMORYTYPE_DEVICE as D, CU_MEMORYTYPE_HOST as H, CU_MEMORYTYPE_UNIFIED as U,
        };
        for (src, dst) in [(H, D), (D, H), (D, D), (H, H), (U, U)] {
            let given = pitched_copy(src, dst);
            let p = unsafe { memcpy3d_to_runtime(F, &given) }.unwrap();
            let mut back = std::mem::MaybeUninit::<CUDA_MEMCPY3D>::uninit();
            unsafe { memcpy3d_from_runtime(F, &p, back.as_mut_ptr()) }.unwrap();
            let back = unsafe { back.assume_init() };
            // CUDA_MEMCPY3D has no PartialEq: compare its debug form, with the pointer of the
            // side's memory type kept (the other pointer of a side is not carried).
            let mut expected = given;
            match src {
                H => expected.srcDevice = 0,
                _ => expected.srcHost = std::ptr::null(),
            }
            match dst {
                H => expected.dstDevice = 0,
                _ => expected.dstHost = null_mut(),
            }
            assert_eq!(
                format!("{back:?}"),
                format!("{expected:?}"),
                "{src:?} → {dst:?}"
            );
        }
    }
}
