//! The CUDA driver and NVRTC APIs against a real HIP runtime on a machine without an AMD GPU (what
//! CI has): the host's HIP 5.2.3, or under scripts/on-hip.sh a sysroot's 5.7.1 / 6.4.3 / 7.2.4,
//! each test asserting what the running version is expected to do.

use cuda_as_hip::driver::sys::*;
use cuda_as_hip::nvrtc::sys::*;
use cuda_as_hip::raw;
use std::ffi::{c_char, c_void, CStr};
use std::ptr::{null, null_mut};
use test_support::{Facts, Scratch};

const KERNEL: &CStr =
    c"extern \"C\" __global__ void vector_add(const float* a, const float* b, float* c, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) c[i] = a[i] + b[i];
}";

fn error_name(r: CUresult) -> String {
    let mut s: *const c_char = null();
    assert_eq!(unsafe { cuGetErrorName(r, &mut s) }, CUresult::CUDA_SUCCESS);
    unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned()
}

#[test]
fn no_device_is_cuda_error_no_device() {
    let mut n = -1;
    assert_eq!(
        unsafe { cuDeviceGetCount(&mut n) },
        CUresult::CUDA_ERROR_NO_DEVICE
    );
    assert_eq!(unsafe { cuInit(0) }, CUresult::CUDA_ERROR_NO_DEVICE);
    assert_eq!(unsafe { cuInit(7) }, CUresult::CUDA_ERROR_INVALID_VALUE);
}

#[test]
fn driver_version_is_the_cuda_api_implemented() {
    let mut v = 0;
    assert_eq!(
        unsafe { cuDriverGetVersion(&mut v) },
        CUresult::CUDA_SUCCESS
    );
    assert_eq!(v, 12090);
    assert_eq!(
        unsafe { cuDriverGetVersion(null_mut()) },
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
}

#[test]
fn a_contexts_api_version_is_cudas() {
    // NVIDIA's static runtime asks in its start-up and compares the answer with CUDA's numbers.
    let mut v = 0;
    let ctx = std::ptr::NonNull::<CUctx_st>::dangling().as_ptr();
    assert_eq!(
        unsafe { cuCtxGetApiVersion(ctx, &mut v) },
        CUresult::CUDA_SUCCESS
    );
    assert_eq!(v, 3020);
    // No GPU, no current context: the NULL context is refused, the version left alone.
    let mut v = 7;
    let r = unsafe { cuCtxGetApiVersion(null_mut(), &mut v) };
    assert_ne!(r, CUresult::CUDA_SUCCESS);
    assert_eq!(v, 7);
    assert_eq!(
        unsafe { cuCtxGetApiVersion(ctx, null_mut()) },
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
}

#[test]
fn error_strings_are_cudas() {
    assert_eq!(
        error_name(CUresult::CUDA_ERROR_NO_DEVICE),
        "CUDA_ERROR_NO_DEVICE"
    );
    assert_eq!(
        error_name(CUresult::CUDA_ERROR_NOT_SUPPORTED),
        "CUDA_ERROR_NOT_SUPPORTED"
    );
    let mut s: *const c_char = null();
    let r = unsafe { cuGetErrorString(CUresult::CUDA_ERROR_NO_DEVICE, &mut s) };
    assert_eq!(r, CUresult::CUDA_SUCCESS);
    let text = unsafe { CStr::from_ptr(s) }.to_string_lossy();
    assert!(text.contains("no CUDA-capable device"), "{text}");
    // A code CUDA does not define, through the raw (C-shaped) layer.
    assert_eq!(
        unsafe { raw::cuGetErrorString(12345, &mut s) },
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
    assert!(s.is_null());
    assert_eq!(
        unsafe { raw::cuGetErrorName(0, null_mut()) },
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
}

#[test]
fn unknown_enum_value_is_invalid_value() {
    let mut v = 0;
    let r = unsafe { raw::cuDeviceGetAttribute(&mut v, 9999, 0) };
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    // A defined value reaches HIP, which has no device 0 here.
    let attr = CUdevice_attribute::CU_DEVICE_ATTRIBUTE_WARP_SIZE;
    let r = unsafe { cuDeviceGetAttribute(&mut v, attr, 0) };
    assert_ne!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    assert_ne!(r, CUresult::CUDA_SUCCESS);
}

#[test]
fn null_out_pointers_are_invalid_value() {
    let attr = CUdevice_attribute::CU_DEVICE_ATTRIBUTE_WARP_SIZE;
    let invalid = CUresult::CUDA_ERROR_INVALID_VALUE;
    assert_eq!(unsafe { cuDeviceGetCount(null_mut()) }, invalid);
    assert_eq!(
        unsafe { cuDeviceGetAttribute(null_mut(), attr, 0) },
        invalid
    );
    assert_eq!(unsafe { cuCtxGetCurrent(null_mut()) }, invalid);
    assert_eq!(unsafe { cuDeviceGet(null_mut(), 0) }, invalid);
    assert_eq!(unsafe { cuCtxGetCacheConfig(null_mut()) }, invalid);
    assert_eq!(
        unsafe { cuModuleLoadData(null_mut(), KERNEL.as_ptr().cast()) },
        invalid
    );
}

/// (PTX: tests/ptx_load.rs.)
#[test]
fn module_load_refuses_nvidia_binaries() {
    let mut module = null_mut();
    // An ELF header whose e_machine is EM_CUDA (190): an NVIDIA cubin.
    let mut cubin = [0u8; 64];
    cubin[..4].copy_from_slice(b"\x7fELF");
    cubin[18..20].copy_from_slice(&190u16.to_le_bytes());
    let r = unsafe {
        cuModuleLoadDataEx(
            &mut module,
            cubin.as_ptr().cast(),
            0,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(r, CUresult::CUDA_ERROR_NO_BINARY_FOR_GPU);
    let fatbin = [
        0x50u8, 0xED, 0x55, 0xBA, 1, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let r = unsafe { cuModuleLoadFatBinary(&mut module, fatbin.as_ptr().cast()) };
    assert_eq!(r, CUresult::CUDA_ERROR_NO_BINARY_FOR_GPU);
    assert_eq!(error_name(r), "CUDA_ERROR_NO_BINARY_FOR_GPU");
}

fn compile(source: &CStr, options: &[&CStr]) -> (nvrtcResult, nvrtcProgram) {
    // No GPU here: the architecture comes from the override.
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    // These tests are about hiprtc itself: no compile cache (tests/nvrtc_cache.rs tests that).
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let mut prog = null_mut();
    let r = unsafe {
        nvrtcCreateProgram(
            &mut prog,
            source.as_ptr(),
            c"k.cu".as_ptr(),
            0,
            null(),
            null(),
        )
    };
    assert_eq!(r, nvrtcResult::NVRTC_SUCCESS);
    let opts: Vec<*const c_char> = options.iter().map(|o| o.as_ptr()).collect();
    let r = unsafe { nvrtcCompileProgram(prog, opts.len() as i32, opts.as_ptr()) };
    (r, prog)
}

fn code_object(
    prog: nvrtcProgram,
    size: unsafe fn(nvrtcProgram, *mut usize) -> nvrtcResult,
    get: unsafe fn(nvrtcProgram, *mut c_char) -> nvrtcResult,
) -> Vec<u8> {
    let mut n = 0;
    assert_eq!(unsafe { size(prog, &mut n) }, nvrtcResult::NVRTC_SUCCESS);
    let mut code = vec![0u8; n];
    assert_eq!(
        unsafe { get(prog, code.as_mut_ptr().cast()) },
        nvrtcResult::NVRTC_SUCCESS
    );
    code
}

#[test]
fn nvrtc_compiles_to_an_amd_code_object() {
    let (r, mut prog) = compile(
        KERNEL,
        &[
            c"--gpu-architecture=compute_80",
            c"-default-device",
            c"--use_fast_math",
        ],
    );
    assert_eq!(r, nvrtcResult::NVRTC_SUCCESS);
    for code in [
        code_object(prog, nvrtcGetPTXSize, nvrtcGetPTX),
        code_object(prog, nvrtcGetCUBINSize, nvrtcGetCUBIN),
    ] {
        assert_eq!(&code[..4], b"\x7fELF");
        assert_eq!(
            u16::from_le_bytes([code[18], code[19]]),
            0xE0,
            "e_machine AMDGPU"
        );
        assert!(code.windows(10).any(|w| w == b"vector_add"));
    }
    assert_eq!(
        unsafe { nvrtcDestroyProgram(&mut prog) },
        nvrtcResult::NVRTC_SUCCESS
    );
}

#[test]
fn nvrtc_compile_error_gives_a_log() {
    let (r, prog) = compile(c"__global__ void k() { undefined_thing(); }", &[]);
    assert_eq!(r, nvrtcResult::NVRTC_ERROR_COMPILATION);
    let mut n = 0;
    assert_eq!(
        unsafe { nvrtcGetProgramLogSize(prog, &mut n) },
        nvrtcResult::NVRTC_SUCCESS
    );
    assert!(n > 1);
    let mut log = vec![1u8; n];
    assert_eq!(
        unsafe { nvrtcGetProgramLog(prog, log.as_mut_ptr().cast()) },
        nvrtcResult::NVRTC_SUCCESS
    );
    assert_eq!(log[n - 1], 0, "NUL-terminated");
    let text = CStr::from_bytes_until_nul(&log).unwrap().to_string_lossy();
    assert!(text.contains("undefined_thing"), "{text}");
    let s = unsafe { CStr::from_ptr(nvrtcGetErrorString(r)) };
    assert_eq!(s.to_str(), Ok("NVRTC_ERROR_COMPILATION"));
    let (mut major, mut minor) = (0, 0);
    assert_eq!(
        unsafe { nvrtcVersion(&mut major, &mut minor) },
        nvrtcResult::NVRTC_SUCCESS
    );
    assert_eq!((major, minor), (12, 9));
}

/// What the loaded HIP version is expected to do.
fn facts() -> &'static Facts {
    let v = hip_sys::hip().expect("a HIP runtime").version();
    Facts::of(v.major, v.minor)
}

/// NVRTC's output for `KERNEL` compiled with `options`, through nvrtcGetCUBIN.
fn cubin(options: &[&CStr]) -> Vec<u8> {
    let (r, mut prog) = compile(KERNEL, options);
    assert_eq!(r, nvrtcResult::NVRTC_SUCCESS);
    let code = code_object(prog, nvrtcGetCUBINSize, nvrtcGetCUBIN);
    assert_eq!(
        unsafe { nvrtcDestroyProgram(&mut prog) },
        nvrtcResult::NVRTC_SUCCESS
    );
    code
}

#[test]
fn relocatable_device_code_is_bitcode_for_the_linker_from_hip_5_7() {
    let rdc = cubin(&[c"-rdc=true"]);
    match facts().linker {
        // hiprtc makes no code object for it (hiprtcGetCodeSize answers 0): NVRTC hands out the
        // LLVM bitcode hiprtc's linker takes.
        true => assert_eq!(&rdc[..4], b"BC\xC0\xDE", "LLVM bitcode"),
        false => assert_eq!(&rdc[..4], b"\x7fELF", "HIP 5.2 ignores -fgpu-rdc"),
    }
}

/// (PTX links: tests/ptx_load.rs.)
#[test]
fn linker_takes_relocatable_device_code_on_every_version() {
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    let invalid = CUresult::CUDA_ERROR_INVALID_VALUE;
    assert_eq!(
        unsafe { cuLinkCreate_v2(0, null_mut(), null_mut(), null_mut()) },
        invalid
    );
    let mut state = null_mut();
    let r = unsafe { cuLinkCreate_v2(0, null_mut(), null_mut(), &mut state) };
    assert_eq!(r, CUresult::CUDA_SUCCESS);
    let r = unsafe {
        raw::cuLinkAddData_v2(state, 99, null_mut(), 0, null(), 0, null_mut(), null_mut())
    };
    assert_eq!(r, invalid, "not a CUjitInputType");
    let cubin_type = CUjitInputType::CU_JIT_INPUT_CUBIN;
    let add = |state: CUlinkState, data: &mut Vec<u8>| unsafe {
        cuLinkAddData_v2(
            state,
            cubin_type,
            data.as_mut_ptr().cast(),
            data.len(),
            c"k".as_ptr(),
            0,
            null_mut(),
            null_mut(),
        )
    };
    let mut code_object = cubin(&[]);
    assert_eq!(
        add(state, &mut code_object),
        CUresult::CUDA_ERROR_INVALID_IMAGE,
        "a code object is not linked again"
    );
    let (mut out, mut size) = (null_mut(), 0);
    let complete = |state: CUlinkState, out: &mut *mut core::ffi::c_void, size: &mut usize| unsafe {
        cuLinkComplete(state, out, size)
    };
    assert_eq!(
        complete(state, &mut out, &mut size),
        CUresult::CUDA_ERROR_INVALID_IMAGE,
        "nothing to link"
    );
    let mut rdc = cubin(&[c"-rdc=true"]);
    if !facts().linker {
        // HIP 5.2's hiprtc ignores -fgpu-rdc: its output is a code object.
        assert_eq!(add(state, &mut rdc), CUresult::CUDA_ERROR_INVALID_IMAGE);
    } else {
        assert_eq!(
            add(state, &mut rdc),
            CUresult::CUDA_SUCCESS,
            "NVRTC's -rdc output"
        );
        let dir = Scratch::new("link");
        let file = dir.path().join("k.bc");
        std::fs::write(&file, &rdc).unwrap();
        let file = std::ffi::CString::new(file.into_os_string().into_encoded_bytes()).unwrap();
        let add_file = |state: CUlinkState, path: &CStr| unsafe {
            cuLinkAddFile_v2(state, cubin_type, path.as_ptr(), 0, null_mut(), null_mut())
        };
        assert_eq!(
            add_file(state, c"/nonexistent/k.bc"),
            CUresult::CUDA_ERROR_FILE_NOT_FOUND
        );
        // The same kernel twice is a duplicate definition: comgr's linker says so.
        assert_eq!(add_file(state, &file), CUresult::CUDA_SUCCESS);
        assert_eq!(
            complete(state, &mut out, &mut size),
            CUresult::CUDA_ERROR_INVALID_PTX
        );
        // Alone, it links into a code object (no GPU needed).
        assert_eq!(unsafe { cuLinkDestroy(state) }, CUresult::CUDA_SUCCESS);
        let r = unsafe { cuLinkCreate_v2(0, null_mut(), null_mut(), &mut state) };
        assert_eq!(r, CUresult::CUDA_SUCCESS);
        assert_eq!(add(state, &mut rdc), CUresult::CUDA_SUCCESS);
        assert_eq!(complete(state, &mut out, &mut size), CUresult::CUDA_SUCCESS);
        let code = unsafe { std::slice::from_raw_parts(out.cast::<u8>(), size) };
        assert_eq!(&code[..4], b"\x7fELF");
    }
    assert_eq!(unsafe { cuLinkDestroy(state) }, CUresult::CUDA_SUCCESS);
    assert_eq!(
        unsafe { cuLinkDestroy(state) },
        CUresult::CUDA_ERROR_INVALID_HANDLE,
        "a destroyed link"
    );
}

#[test]
fn struct_converters_validate_enum_fields() {
    // CUmemorytype starts at 1: a zeroed CUDA_MEMCPY2D carries no valid memory type, and the
    // generated converter refuses it before HIP sees it (the field is read as an integer).
    let copy = std::mem::MaybeUninit::<CUDA_MEMCPY2D>::zeroed();
    let r = unsafe { raw::cuMemcpy2D_v2(copy.as_ptr()) };
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    assert_eq!(
        unsafe { raw::cuMemcpy2D_v2(null()) },
        CUresult::CUDA_ERROR_INVALID_VALUE
    );
}

#[test]
fn graph_and_callback_translations_check_their_arguments() {
    let invalid = CUresult::CUDA_ERROR_INVALID_VALUE;
    assert_eq!(
        unsafe { cuStreamAddCallback(null_mut(), None, null_mut(), 0) },
        invalid
    );
    assert_eq!(
        unsafe { cuGraphExecUpdate_v2(null_mut(), null_mut(), null_mut()) },
        invalid
    );
    assert_eq!(
        unsafe { cuGraphAddKernelNode_v2(null_mut(), null_mut(), null(), 0, null()) },
        invalid
    );
    let mut params = unsafe { std::mem::zeroed::<CUDA_KERNEL_NODE_PARAMS>() };
    params.kern = std::ptr::dangling_mut();
    let r = unsafe { cuGraphKernelNodeSetParams_v2(null_mut(), &params) };
    assert_eq!(
        r,
        CUresult::CUDA_ERROR_NOT_SUPPORTED,
        "library kernels have no HIP node form"
    );
    unsafe extern "C" fn never(_: CUstream, _: CUresult, _: *mut std::ffi::c_void) {}
    // No device: HIP refuses the callback, which is then freed, and a CUDA code comes back.
    let r = unsafe { cuStreamAddCallback(null_mut(), Some(never), null_mut(), 0) };
    assert_ne!(r, CUresult::CUDA_SUCCESS);
}

/// HIP's refusal, whatever it is, but never CUDA_SUCCESS or CUDA_ERROR_NOT_SUPPORTED: the call
/// reached HIP (on HIP 5 through the runtime-style calls).
#[track_caller]
fn refused_by_hip(r: CUresult) {
    assert_ne!(r, CUresult::CUDA_SUCCESS);
    assert_ne!(r, CUresult::CUDA_ERROR_NOT_SUPPORTED);
}

#[test]
fn copies_and_copy_and_memset_nodes_reach_hip_on_every_version() {
    // HIP 5 has no driver-style 3-D copy or node calls: the shim goes runtime-style there. Either
    // way a copy of no valid memory type or a NULL struct is refused first, and a valid one
    // reaches HIP, which refuses the NULL graph or node here.
    let invalid = CUresult::CUDA_ERROR_INVALID_VALUE;
    // Zeroed: no valid memory type (CUmemorytype starts at 1).
    let mut copy = std::mem::MaybeUninit::<CUDA_MEMCPY3D>::zeroed();
    let to_graph = |copy: *const CUDA_MEMCPY3D| unsafe {
        cuGraphAddMemcpyNode(null_mut(), null_mut(), null(), 0, copy, null_mut())
    };
    let to_node = |copy| unsafe { cuGraphMemcpyNodeSetParams(null_mut(), copy) };
    let to_exec =
        |copy| unsafe { cuGraphExecMemcpyNodeSetParams(null_mut(), null_mut(), copy, null_mut()) };
    let now = |copy| unsafe { cuMemcpy3D_v2(copy) };
    let queued = |copy| unsafe { cuMemcpy3DAsync_v2(copy, null_mut()) };
    let calls: [&dyn Fn(*const CUDA_MEMCPY3D) -> CUresult; 5] =
        [&to_graph, &to_node, &to_exec, &now, &queued];
    for call in calls {
        assert_eq!(call(copy.as_ptr()), invalid, "memory type 0");
        assert_eq!(call(null()), invalid);
    }
    // A host → host copy of 16 bytes: without a device HIP refuses it, or copies.
    let (src, mut dst) = ([7u8; 16], [0u8; 16]);
    let c = copy.as_mut_ptr();
    unsafe {
        std::ptr::addr_of_mut!((*c).srcMemoryType).write(CUmemorytype::CU_MEMORYTYPE_HOST);
        std::ptr::addr_of_mut!((*c).dstMemoryType).write(CUmemorytype::CU_MEMORYTYPE_HOST);
        (*c).srcHost = src.as_ptr().cast();
        (*c).dstHost = dst.as_mut_ptr().cast();
        ((*c).srcPitch, (*c).dstPitch) = (16, 16);
        ((*c).WidthInBytes, (*c).Height, (*c).Depth) = (16, 1, 1);
    }
    for call in &calls[..3] {
        refused_by_hip(call(copy.as_ptr()));
    }
    for call in &calls[3..] {
        let r = call(copy.as_ptr());
        assert_ne!(r, CUresult::CUDA_ERROR_NOT_SUPPORTED);
        if r == CUresult::CUDA_SUCCESS {
            unsafe { cuCtxSynchronize() };
            assert_eq!(dst, src);
        }
    }
    let mut read = std::mem::MaybeUninit::<CUDA_MEMCPY3D>::zeroed();
    refused_by_hip(unsafe { cuGraphMemcpyNodeGetParams(null_mut(), read.as_mut_ptr()) });
    let r = unsafe { cuGraphMemcpyNodeGetParams(null_mut(), null_mut()) };
    assert_eq!(r, invalid);

    let set = unsafe { std::mem::zeroed::<CUDA_MEMSET_NODE_PARAMS>() };
    let memset_to_graph =
        |set| unsafe { cuGraphAddMemsetNode(null_mut(), null_mut(), null(), 0, set, null_mut()) };
    let memset_to_exec =
        |set| unsafe { cuGraphExecMemsetNodeSetParams(null_mut(), null_mut(), set, null_mut()) };
    for call in [memset_to_graph, memset_to_exec] {
        refused_by_hip(call(&set));
        assert_eq!(call(null()), invalid);
    }
}

#[test]
fn array_copies_reach_hip_on_every_version() {
    // HIP 5 has no hipMemcpyDtoA / AtoD / AtoA / HtoAAsync / AtoHAsync: one-row 2-D copies there.
    // Either way HIP refuses the NULL array here, never CUDA_ERROR_NOT_SUPPORTED.
    let (array, mut host) = (null_mut(), [0u8; 16]);
    let h = host.as_mut_ptr().cast();
    refused_by_hip(unsafe { cuMemcpyDtoA_v2(array, 0, 0, 16) });
    refused_by_hip(unsafe { cuMemcpyAtoD_v2(0, array, 0, 16) });
    refused_by_hip(unsafe { cuMemcpyAtoA_v2(array, 0, array, 0, 16) });
    refused_by_hip(unsafe { cuMemcpyHtoAAsync_v2(array, 0, h, 16, null_mut()) });
    refused_by_hip(unsafe { cuMemcpyAtoHAsync_v2(h, array, 0, 16, null_mut()) });
    // hipGraphAddMemFreeNode (every HIP's but 5.2's) adds CUDA's driver-style node.
    let mut node = null_mut();
    let r = unsafe { cuGraphAddMemFreeNode(&mut node, null_mut(), null(), 0, 0) };
    match hip_sys::hip().unwrap().bindings() {
        hip_sys::Bindings::V5_2_3 => assert_eq!(r, CUresult::CUDA_ERROR_NOT_SUPPORTED),
        _ => refused_by_hip(r),
    }
}

#[test]
fn array_descriptors_come_from_hip_or_from_creation_on_hip_5_2() {
    // HIP 5.2.3 has no descriptor query: the shim keeps the descriptors of the arrays it made, and
    // knows no other (here the NULL array); a later HIP refuses the NULL array itself.
    let mut d = std::mem::MaybeUninit::<CUDA_ARRAY3D_DESCRIPTOR>::zeroed();
    let unknown = unsafe { cuArray3DGetDescriptor_v2(d.as_mut_ptr(), null_mut()) };
    let no_out = unsafe { cuArray3DGetDescriptor_v2(null_mut(), null_mut()) };
    match hip_sys::hip().unwrap().bindings() {
        hip_sys::Bindings::V5_2_3 => {
            assert_eq!(unknown, CUresult::CUDA_ERROR_NOT_SUPPORTED);
            assert_eq!(no_out, CUresult::CUDA_ERROR_INVALID_VALUE);
        }
        _ => [unknown, no_out].into_iter().for_each(refused_by_hip),
    }
    // Creation reaches HIP (which has no device here) on every version.
    let (mut array, two) = (
        null_mut(),
        CUDA_ARRAY_DESCRIPTOR {
            Width: 8,
            Height: 8,
            Format: CUarray_format::CU_AD_FORMAT_FLOAT,
            NumChannels: 1,
        },
    );
    refused_by_hip(unsafe { cuArrayCreate_v2(&mut array, &two) });
}

#[test]
fn range_attributes_translate_the_callers_list() {
    // The attribute list is the caller's (read, never written): each entry translated, one CUDA
    // does not define refused before HIP; a valid list reaches HIP (which refuses NULL memory).
    let (mut read_mostly, mut location) = (0i32, 0i32);
    let mut data: [*mut c_void; 2] = [
        (&mut read_mostly as *mut i32).cast(),
        (&mut location as *mut i32).cast(),
    ];
    let mut sizes = [4usize, 4];
    let mut asked = [1u32, 2]; // READ_MOSTLY, PREFERRED_LOCATION
    let query = |asked: &mut [u32], data: &mut [*mut c_void], sizes: &mut [usize]| unsafe {
        raw::cuMemRangeGetAttributes(
            data.as_mut_ptr(),
            sizes.as_mut_ptr(),
            asked.as_mut_ptr(),
            asked.len(),
            0,
            64,
        )
    };
    refused_by_hip(query(&mut asked, &mut data, &mut sizes));
    assert_eq!(asked, [1, 2]);
    let r = query(&mut [1, 99], &mut data, &mut sizes);
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
}

#[test]
fn stream_capture_mode_exchange_sends_the_callers_mode() {
    // In and out: the mode to set is read and translated first (a value CUDA does not define is
    // refused before HIP), then the thread's previous mode comes back (GPU suite: the exchange).
    let mut invalid = 7u32;
    let r = unsafe { raw::cuThreadExchangeStreamCaptureMode(&mut invalid) };
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    let r = unsafe { raw::cuThreadExchangeStreamCaptureMode(null_mut()) };
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    let mut mode = CUstreamCaptureMode::CU_STREAM_CAPTURE_MODE_RELAXED;
    refused_by_hip(unsafe { cuThreadExchangeStreamCaptureMode(&mut mode) }); // no device here
}

#[test]
fn unified_copies_reach_hip_on_every_version() {
    // cuMemcpy / cuMemcpyAsync are hipMemcpy(Async) with hipMemcpyDefault: HIP refuses the NULL
    // pointers here, never CUDA_ERROR_NOT_SUPPORTED.
    refused_by_hip(unsafe { cuMemcpy(0, 0, 16) });
    refused_by_hip(unsafe { cuMemcpyAsync(0, 0, 16, null_mut()) });
}

#[test]
fn pointer_attributes_read_the_callers_list() {
    // The list is read, never written (the generated call once took it for an out-pointer), a
    // pointer HIP does not know is CUDA's success with zeros, and the arguments are checked first.
    const MEMORY_TYPE: u32 = CUpointer_attribute::CU_POINTER_ATTRIBUTE_MEMORY_TYPE as u32;
    const ORDINAL: u32 = CUpointer_attribute::CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL as u32;
    const BLOCK_ID: u32 = CUpointer_attribute::CU_POINTER_ATTRIBUTE_MEMORY_BLOCK_ID as u32;
    let host = [0u8; 64];
    let ptr = host.as_ptr() as CUdeviceptr;
    let (mut kind, mut ordinal, mut block) = (7u32, 7i32, 7u64);
    let mut asked = [MEMORY_TYPE, ORDINAL, BLOCK_ID];
    let mut data: [*mut c_void; 3] = [
        (&mut kind as *mut u32).cast(),
        (&mut ordinal as *mut i32).cast(),
        (&mut block as *mut u64).cast(),
    ];
    let query = |asked: &mut [u32], data: &mut [*mut c_void]| unsafe {
        raw::cuPointerGetAttributes(
            asked.len() as u32,
            asked.as_mut_ptr(),
            data.as_mut_ptr(),
            ptr,
        )
    };
    let r = query(&mut asked, &mut data);
    assert_eq!(asked, [MEMORY_TYPE, ORDINAL, BLOCK_ID]);
    assert_ne!(r, CUresult::CUDA_ERROR_NOT_SUPPORTED);
    if r == CUresult::CUDA_SUCCESS {
        assert_eq!((kind, ordinal, block), (0, 0, 0));
    }
    // Only what HIP has no value for: answered here, zero.
    block = 7;
    assert_eq!(
        query(&mut asked[2..], &mut data[2..]),
        CUresult::CUDA_SUCCESS
    );
    assert_eq!(block, 0);
    let invalid = CUresult::CUDA_ERROR_INVALID_VALUE;
    assert_eq!(query(&mut [99], &mut data[..1]), invalid);
    assert_eq!(query(&mut [MEMORY_TYPE], &mut [null_mut()]), invalid);
    let r = unsafe { raw::cuPointerGetAttribute(null_mut(), MEMORY_TYPE, ptr) };
    assert_eq!(r, invalid);
}

#[test]
fn graph_instantiation_with_parameters_reaches_hip_on_every_version() {
    // HIP 5 has no hipGraphInstantiateWithParams: the shim instantiates with flags there and
    // writes the outcome itself.
    let r = unsafe { cuGraphInstantiateWithParams(null_mut(), null_mut(), null_mut()) };
    assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE);
    let mut params = CUDA_GRAPH_INSTANTIATE_PARAMS {
        flags: CUgraphInstantiate_flags::CUDA_GRAPH_INSTANTIATE_FLAG_UPLOAD.0 as u64,
        hUploadStream: null_mut(),
        hErrNode_out: std::ptr::dangling_mut(),
        result_out: CUgraphInstantiateResult::CUDA_GRAPH_INSTANTIATE_SUCCESS,
    };
    let mut exec = null_mut();
    refused_by_hip(unsafe { cuGraphInstantiateWithParams(&mut exec, null_mut(), &mut params) });
    let hip_5 = matches!(
        hip_sys::hip().unwrap().bindings(),
        hip_sys::Bindings::V5_2_3 | hip_sys::Bindings::V5_7_1
    );
    if hip_5 {
        let error = CUgraphInstantiateResult::CUDA_GRAPH_INSTANTIATE_ERROR;
        assert_eq!(params.result_out, error);
        assert!(params.hErrNode_out.is_null());
    }
}

#[test]
fn yes_no_attributes_hip_cannot_report_still_check_the_device() {
    // HIP 5.2.3 has no counterpart of VIRTUAL_ADDRESS_MANAGEMENT_SUPPORTED (later HIPs have one);
    // either way, with no device 0 here the answer is HIP's device error, never NOT_SUPPORTED.
    let mut v = 7;
    for attr in [
        CUdevice_attribute::CU_DEVICE_ATTRIBUTE_VIRTUAL_ADDRESS_MANAGEMENT_SUPPORTED,
        CUdevice_attribute::CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING,
        CUdevice_attribute::CU_DEVICE_ATTRIBUTE_VULKAN_CIG_SUPPORTED,
    ] {
        let r = unsafe { cuDeviceGetAttribute(&mut v, attr, 0) };
        assert_ne!(r, CUresult::CUDA_SUCCESS, "{attr:?}");
        assert_ne!(r, CUresult::CUDA_ERROR_NOT_SUPPORTED, "{attr:?}");
        assert_eq!(v, 7, "{attr:?}: nothing written without a device");
    }
}

#[test]
fn function_attributes_check_the_function_and_pointer_first() {
    // The cluster attributes HIP lacks are answered here, but only for a function HIP knows:
    // a NULL one is an invalid handle for them as for the others (GPU suite: the answers).
    use CUfunction_attribute as A;
    let mut v = -1;
    for a in [
        A::CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
        A::CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET,
        A::CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE,
    ] {
        let r = unsafe { cuFuncGetAttribute(&mut v, a, null_mut()) };
        assert_eq!(r, CUresult::CUDA_ERROR_INVALID_HANDLE, "{a:?}");
        let r = unsafe { cuFuncGetAttribute(null_mut(), a, null_mut()) };
        assert_eq!(r, CUresult::CUDA_ERROR_INVALID_VALUE, "{a:?}");
    }
    assert_eq!(v, -1);
}

#[test]
fn launch_ex_reads_its_configuration_and_attributes() {
    // cuLaunchKernelEx is cuLaunchKernel's launch (which refuses the NULL function here, so a
    // configuration that reaches it answers CUDA_ERROR_INVALID_HANDLE) once its attributes are
    // read: hints pass, an id CUDA does not define is invalid, clusters are not supported, and a
    // cooperative launch takes no `extra`.
    let mut attribute: CUlaunchAttribute = unsafe { std::mem::zeroed() };
    let mut config = CUlaunchConfig {
        gridDimX: 1,
        gridDimY: 1,
        gridDimZ: 1,
        blockDimX: 32,
        blockDimY: 1,
        blockDimZ: 1,
        sharedMemBytes: 0,
        hStream: null_mut(),
        attrs: null_mut(),
        numAttrs: 0,
    };
    let mut extra = [null_mut::<c_void>(); 1];
    let launch = |config: *const CUlaunchConfig, extra: *mut *mut c_void| unsafe {
        cuLaunchKernelEx(config, null_mut(), null_mut(), extra)
    };
    let (invalid, reached) = (
        CUresult::CUDA_ERROR_INVALID_VALUE,
        CUresult::CUDA_ERROR_INVALID_HANDLE,
    );
    assert_eq!(launch(null(), null_mut()), invalid);
    assert_eq!(launch(&config, null_mut()), reached);
    config.numAttrs = 1;
    assert_eq!(launch(&config, null_mut()), invalid); // a count with no list
    config.attrs = &mut attribute;
    let set = |attribute: &mut CUlaunchAttribute, id: u32, words: [u32; 3]| unsafe {
        (attribute as *mut CUlaunchAttribute)
            .cast::<u32>()
            .write(id);
        attribute.value.clusterDim.x = words[0];
        attribute.value.clusterDim.y = words[1];
        attribute.value.clusterDim.z = words[2];
    };
    set(&mut attribute, 99, [0; 3]);
    assert_eq!(launch(&config, null_mut()), invalid);
    set(
        &mut attribute,
        CUlaunchAttributeID::CU_LAUNCH_ATTRIBUTE_PRIORITY as u32,
        [5, 0, 0],
    );
    assert_eq!(launch(&config, null_mut()), reached);
    let cluster = CUlaunchAttributeID::CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION as u32;
    set(&mut attribute, cluster, [1, 1, 1]);
    assert_eq!(launch(&config, null_mut()), reached);
    set(&mut attribute, cluster, [2, 1, 1]);
    assert_eq!(
        launch(&config, null_mut()),
        CUresult::CUDA_ERROR_NOT_SUPPORTED
    );
    let cooperative = CUlaunchAttributeID::CU_LAUNCH_ATTRIBUTE_COOPERATIVE as u32;
    set(&mut attribute, cooperative, [1, 0, 0]);
    assert_eq!(launch(&config, extra.as_mut_ptr()), invalid);
    set(&mut attribute, cooperative, [0, 0, 0]); // explicitly not cooperative: extra allowed
    assert_eq!(launch(&config, null_mut()), reached);
}
