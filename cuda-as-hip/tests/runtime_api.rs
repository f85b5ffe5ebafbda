//! The runtime API (`cuda*`) through the Rust way in, against the real HIP runtime without a GPU:
//! CUDA's per-thread last-error semantics, versions, error names, argument validation.

use cuda_as_hip::raw;
use cuda_as_hip::runtime::sys::*;
use std::ffi::CStr;
use std::ptr::null_mut;
use test_support::Facts;

/// What the loaded HIP version is expected to do.
fn facts() -> &'static Facts {
    let v = hip_sys::hip().expect("a HIP runtime").version();
    Facts::of(v.major, v.minor)
}

#[test]
fn last_error_is_per_thread_taken_by_get_and_left_by_peek() {
    unsafe {
        assert_eq!(
            cudaGetLastError(),
            cudaError_t::cudaSuccess,
            "a new thread starts clean"
        );
        assert_eq!(
            cudaGetDeviceCount(std::ptr::null_mut()),
            cudaError_t::cudaErrorInvalidValue
        );
        assert_eq!(cudaPeekAtLastError(), cudaError_t::cudaErrorInvalidValue);
        assert_eq!(
            cudaPeekAtLastError(),
            cudaError_t::cudaErrorInvalidValue,
            "peek leaves it"
        );
        let other = std::thread::spawn(|| cudaGetLastError()).join().unwrap();
        assert_eq!(
            other,
            cudaError_t::cudaSuccess,
            "another thread's last error is its own"
        );
        assert_eq!(cudaGetLastError(), cudaError_t::cudaErrorInvalidValue);
        assert_eq!(
            cudaGetLastError(),
            cudaError_t::cudaSuccess,
            "get resets it"
        );
        let mut v = 0;
        assert_eq!(cudaRuntimeGetVersion(&mut v), cudaError_t::cudaSuccess);
        assert_eq!(
            cudaGetLastError(),
            cudaError_t::cudaSuccess,
            "success leaves no error"
        );
    }
}

#[test]
fn no_device_is_cuda_error_no_device_and_recorded() {
    let mut n = -1;
    let r = unsafe { cudaGetDeviceCount(&mut n) };
    assert_eq!(r, cudaError_t::cudaErrorNoDevice, "HIP without a GPU");
    assert_eq!(
        unsafe { cudaGetLastError() },
        cudaError_t::cudaErrorNoDevice
    );
}

#[test]
fn versions_are_the_cuda_api_implemented() {
    let (mut runtime, mut driver) = (0, 0);
    unsafe {
        assert_eq!(
            cudaRuntimeGetVersion(&mut runtime),
            cudaError_t::cudaSuccess
        );
        assert_eq!(cudaDriverGetVersion(&mut driver), cudaError_t::cudaSuccess);
        assert_eq!(
            cudaDriverGetVersion(std::ptr::null_mut()),
            cudaError_t::cudaErrorInvalidValue
        );
    }
    assert_eq!((runtime, driver), (12090, 12090));
}

#[test]
fn error_names_and_strings_are_cudas() {
    let text = |p: *const core::ffi::c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap();
    unsafe {
        assert_eq!(
            text(cudaGetErrorName(cudaError_t::cudaErrorNoDevice)),
            "cudaErrorNoDevice"
        );
        assert!(text(cudaGetErrorString(cudaError_t::cudaErrorNoDevice))
            .starts_with("This indicates that no CUDA-capable devices were detected"));
        assert_eq!(
            text(raw::cudaGetErrorName(12345)),
            "unrecognized error code"
        );
        assert_eq!(
            text(raw::cudaGetErrorString(12345)),
            "unrecognized error code"
        );
    }
}

#[test]
fn unknown_enum_values_and_null_out_pointers_are_invalid_values() {
    let mut value = 0;
    unsafe {
        assert_eq!(
            raw::cudaDeviceGetAttribute(&mut value, 9999, 0),
            cudaError_t::cudaErrorInvalidValue
        );
        assert_eq!(
            raw::cudaMemcpy(std::ptr::null_mut(), std::ptr::null(), 0, 77),
            cudaError_t::cudaErrorInvalidValue
        );
        assert_eq!(
            raw::cudaGetDevice(std::ptr::null_mut()),
            cudaError_t::cudaErrorInvalidValue
        );
        let desc = raw::cudaCreateChannelDesc(8, 0, 0, 0, 999);
        assert_eq!(
            desc.f,
            cudaChannelFormatKind::cudaChannelFormatKindNone,
            "no such kind"
        );
        let desc = raw::cudaCreateChannelDesc(32, 0, 0, 0, 2);
        assert_eq!(
            (desc.x, desc.f),
            (32, cudaChannelFormatKind::cudaChannelFormatKindFloat)
        );
    }
}

#[test]
fn a_launch_of_a_null_function_is_an_invalid_device_function() {
    let d = dim3 { x: 1, y: 1, z: 1 };
    let r = unsafe {
        cudaLaunchKernel(
            std::ptr::null(),
            d,
            d,
            std::ptr::null_mut(),
            0,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(r, cudaError_t::cudaErrorInvalidDeviceFunction);
}

#[test]
fn device_properties_need_a_device_and_an_out_pointer() {
    let mut prop = std::mem::MaybeUninit::<cudaDeviceProp>::uninit();
    unsafe {
        assert_eq!(
            cudaGetDeviceProperties_v2(std::ptr::null_mut(), 0),
            cudaError_t::cudaErrorInvalidValue
        );
        let r = cudaGetDeviceProperties_v2(prop.as_mut_ptr(), 0);
        // HIP's own code for "no GPU", by name: 5.2.3 answers hipErrorInvalidDevice, later
        // versions hipErrorNoDevice (through hipGetDevicePropertiesR0600 from 6.0).
        let expected = match facts().hip_init {
            "hipErrorInvalidDevice" => cudaError_t::cudaErrorInvalidDevice,
            _ => cudaError_t::cudaErrorNoDevice,
        };
        assert_eq!(r, expected, "HIP {}", facts().release);
    }
}

extern "C" fn an_nvcc_stub() {}

#[test]
fn a_launch_of_a_kernel_nvcc_registered_needs_an_amd_build() {
    let stub = an_nvcc_stub as *const core::ffi::c_void;
    unsafe { cuda_as_hip::runtime::launch::register_nvcc_kernel(None, stub, std::ptr::null()) };
    let d = dim3 { x: 1, y: 1, z: 1 };
    let r = unsafe { cudaLaunchKernel(stub, d, d, std::ptr::null_mut(), 0, std::ptr::null_mut()) };
    assert_eq!(r, cudaError_t::cudaErrorNoKernelImageForDevice);
    assert_eq!(
        unsafe { cudaGetLastError() },
        cudaError_t::cudaErrorNoKernelImageForDevice
    );
}

#[test]
fn libraries_refuse_nvidia_binaries_with_the_runtime_codes() {
    let mut lib: cudaLibrary_t = std::ptr::null_mut();
    let load = |lib: &mut cudaLibrary_t, code: *const core::ffi::c_void| unsafe {
        cudaLibraryLoadData(
            lib,
            code,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    };
    // PTX is compiled for the GPU: with no device (and no CUDA_AS_HIP_OFFLOAD_ARCH) there is
    // nothing to compile for.
    let ptx = c".version 8.5\n.target sm_90\n.entry k() { ret; }\n";
    assert_eq!(
        load(&mut lib, ptx.as_ptr().cast()),
        cudaError_t::cudaErrorNoDevice
    );
    let mut cubin = [0u8; 64];
    cubin[..4].copy_from_slice(b"\x7fELF");
    cubin[18..20].copy_from_slice(&190u16.to_le_bytes()); // EM_CUDA
    assert_eq!(
        load(&mut lib, cubin.as_ptr().cast()),
        cudaError_t::cudaErrorNoKernelImageForDevice
    );
    assert_eq!(
        unsafe { cudaGetLastError() },
        cudaError_t::cudaErrorNoKernelImageForDevice
    );
    assert_eq!(
        load(&mut lib, std::ptr::null()),
        cudaError_t::cudaErrorInvalidValue
    );
    assert!(lib.is_null(), "nothing loaded");
    let missing = c"/nonexistent/kernels.hsaco";
    let r = unsafe {
        cudaLibraryLoadFromFile(
            &mut lib,
            missing.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    };
    assert_eq!(r, cudaError_t::cudaErrorInvalidValue);
    let mut k: cudaKernel_t = std::ptr::null_mut();
    assert_eq!(
        unsafe { cudaLibraryGetKernel(&mut k, std::ptr::null_mut(), c"k".as_ptr()) },
        cudaError_t::cudaErrorInvalidResourceHandle
    );
}

extern "C" fn another_nvcc_stub() {}

#[test]
fn kernel_queries_validate_and_refuse_nvcc_kernels() {
    let stub = another_nvcc_stub as *const core::ffi::c_void;
    unsafe { cuda_as_hip::runtime::launch::register_nvcc_kernel(None, stub, std::ptr::null()) };
    let mut attr = std::mem::MaybeUninit::<cudaFuncAttributes>::uninit();
    unsafe {
        assert_eq!(
            cudaFuncGetAttributes(std::ptr::null_mut(), stub),
            cudaError_t::cudaErrorInvalidValue
        );
        assert_eq!(
            cudaFuncGetAttributes(attr.as_mut_ptr(), stub),
            cudaError_t::cudaErrorNoKernelImageForDevice
        );
        assert_eq!(
            cudaFuncGetAttributes(attr.as_mut_ptr(), std::ptr::null()),
            cudaError_t::cudaErrorInvalidDeviceFunction
        );
        let mut k: cudaKernel_t = std::ptr::null_mut();
        assert_eq!(
            cudaGetKernel(std::ptr::null_mut(), stub),
            cudaError_t::cudaErrorInvalidValue
        );
        assert_eq!(
            cudaGetKernel(&mut k, stub),
            cudaError_t::cudaErrorNoKernelImageForDevice
        );
    }
}

#[test]
fn stream_callbacks_need_a_function() {
    unsafe {
        assert_eq!(
            cudaStreamAddCallback(std::ptr::null_mut(), None, std::ptr::null_mut(), 0),
            cudaError_t::cudaErrorInvalidValue
        );
        assert_eq!(
            cudaLaunchHostFunc(std::ptr::null_mut(), None, std::ptr::null_mut()),
            cudaError_t::cudaErrorInvalidValue
        );
    }
}

#[test]
fn external_semaphore_graph_nodes_need_their_handles() {
    // HIP 7.2.4 dereferences these handles unchecked (a NULL one crashes it): CUDA's answer.
    let invalid = cudaError_t::cudaErrorInvalidValue;
    let params = std::mem::MaybeUninit::<cudaExternalSemaphoreSignalNodeParams>::zeroed();
    let mut node = std::ptr::null_mut();
    unsafe {
        assert_eq!(
            cudaGraphAddExternalSemaphoresSignalNode(
                &mut node,
                std::ptr::null_mut(),
                std::ptr::null(),
                0,
                params.as_ptr()
            ),
            invalid
        );
        assert_eq!(
            cudaGraphExternalSemaphoresSignalNodeSetParams(std::ptr::null_mut(), params.as_ptr()),
            invalid
        );
        assert_eq!(
            cudaGraphExecExternalSemaphoresWaitNodeSetParams(
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null()
            ),
            invalid
        );
        assert_eq!(cudaGetLastError(), invalid, "recorded as the last error");
    }
}

#[test]
fn external_semaphore_graph_nodes_answer_not_supported_on_every_hip() {
    // The runtime's eight, then the driver's.
    // Non-NULL arguments, so the NULL checks do not answer first. HIP 7.2.4 exports these
    // functions but each jumps to address 0: the shim must not call them there. Elsewhere they
    // are not supported either: HIP 5.2.3 does not declare them, 5.7.1's parameter structs differ
    // from CUDA's, 6.4.3 does not export them. Nothing here may reach HIP with these pointers.
    let mut node_storage = [0u64; 64];
    let node: cudaGraphNode_t = node_storage.as_mut_ptr().cast();
    let exec: cudaGraphExec_t = node_storage.as_mut_ptr().cast();
    let mut signal = std::mem::MaybeUninit::<cudaExternalSemaphoreSignalNodeParams>::zeroed();
    let mut wait = std::mem::MaybeUninit::<cudaExternalSemaphoreWaitNodeParams>::zeroed();
    let mut added: cudaGraphNode_t = std::ptr::null_mut();
    let graph: cudaGraph_t = node_storage.as_mut_ptr().cast();
    let answers = unsafe {
        [
            cudaGraphAddExternalSemaphoresSignalNode(
                &mut added,
                graph,
                std::ptr::null(),
                0,
                signal.as_ptr(),
            ),
            cudaGraphAddExternalSemaphoresWaitNode(
                &mut added,
                graph,
                std::ptr::null(),
                0,
                wait.as_ptr(),
            ),
            cudaGraphExternalSemaphoresSignalNodeGetParams(node, signal.as_mut_ptr()),
            cudaGraphExternalSemaphoresSignalNodeSetParams(node, signal.as_ptr()),
            cudaGraphExternalSemaphoresWaitNodeGetParams(node, wait.as_mut_ptr()),
            cudaGraphExternalSemaphoresWaitNodeSetParams(node, wait.as_ptr()),
            cudaGraphExecExternalSemaphoresSignalNodeSetParams(exec, node, signal.as_ptr()),
            cudaGraphExecExternalSemaphoresWaitNodeSetParams(exec, node, wait.as_ptr()),
        ]
    };
    let release = facts().release;
    for (i, answer) in answers.into_iter().enumerate() {
        assert_eq!(
            answer,
            cudaError_t::cudaErrorNotSupported,
            "HIP {release}, call {i}"
        );
    }
    assert!(added.is_null());
    // The driver's eight, the same way.
    use cuda_as_hip::driver::sys as cu;
    let mut signal = std::mem::MaybeUninit::<cu::CUDA_EXT_SEM_SIGNAL_NODE_PARAMS>::zeroed();
    let mut wait = std::mem::MaybeUninit::<cu::CUDA_EXT_SEM_WAIT_NODE_PARAMS>::zeroed();
    let (node, exec, graph) = (node.cast(), exec.cast(), graph.cast());
    let mut added: cu::CUgraphNode = std::ptr::null_mut();
    let answers = unsafe {
        [
            cu::cuGraphAddExternalSemaphoresSignalNode(
                &mut added,
                graph,
                std::ptr::null(),
                0,
                signal.as_ptr(),
            ),
            cu::cuGraphAddExternalSemaphoresWaitNode(
                &mut added,
                graph,
                std::ptr::null(),
                0,
                wait.as_ptr(),
            ),
            cu::cuGraphExternalSemaphoresSignalNodeGetParams(node, signal.as_mut_ptr()),
            cu::cuGraphExternalSemaphoresSignalNodeSetParams(node, signal.as_ptr()),
            cu::cuGraphExternalSemaphoresWaitNodeGetParams(node, wait.as_mut_ptr()),
            cu::cuGraphExternalSemaphoresWaitNodeSetParams(node, wait.as_ptr()),
            cu::cuGraphExecExternalSemaphoresSignalNodeSetParams(exec, node, signal.as_ptr()),
            cu::cuGraphExecExternalSemaphoresWaitNodeSetParams(exec, node, wait.as_ptr()),
        ]
    };
    for (i, answer) in answers.into_iter().enumerate() {
        assert_eq!(
            answer,
            cu::CUresult::CUDA_ERROR_NOT_SUPPORTED,
            "HIP {release}, cu call {i}"
        );
    }
    assert!(added.is_null());
}

#[test]
fn yes_no_attributes_hip_cannot_report_still_check_the_device_and_record_its_error() {
    // As cuDeviceGetAttribute (tests/runtime.rs): with no device 0 here the answer is HIP's
    // device error, recorded as the thread's last error, never NOT_SUPPORTED.
    for attr in [
        cudaDeviceAttr::cudaDevAttrHostRegisterSupported,
        cudaDeviceAttr::cudaDevAttrUnifiedAddressing,
        cudaDeviceAttr::cudaDevAttrVulkanCigSupported,
    ] {
        unsafe { cudaGetLastError() };
        let mut v = 7;
        let r = unsafe { cudaDeviceGetAttribute(&mut v, attr, 0) };
        assert_ne!(r, cudaError_t::cudaSuccess, "{attr:?}");
        assert_ne!(r, cudaError_t::cudaErrorNotSupported, "{attr:?}");
        assert_eq!(v, 7, "{attr:?}: nothing written without a device");
        assert_eq!(unsafe { cudaGetLastError() }, r, "{attr:?}");
    }
    // The driver's VIRTUAL_ADDRESS_MANAGEMENT_SUPPORTED (102) is no runtime attribute: invalid.
    let mut v = 0;
    let r = unsafe { raw::cudaDeviceGetAttribute(&mut v, 102, 0) };
    assert_eq!(r, cudaError_t::cudaErrorInvalidValue);
}

#[test]
fn graph_instantiation_with_parameters_reaches_hip_on_every_version() {
    // HIP 5 has no hipGraphInstantiateWithParams: the layer instantiates with flags there and
    // writes the outcome itself.
    let r = unsafe { cudaGraphInstantiateWithParams(null_mut(), null_mut(), null_mut()) };
    assert_eq!(r, cudaError_t::cudaErrorInvalidValue);
    let mut params = cudaGraphInstantiateParams {
        flags: 2, // cudaGraphInstantiateFlagUpload
        uploadStream: null_mut(),
        errNode_out: std::ptr::dangling_mut(),
        result_out: cudaGraphInstantiateResult::cudaGraphInstantiateSuccess,
    };
    let mut exec = null_mut();
    let r = unsafe { cudaGraphInstantiateWithParams(&mut exec, null_mut(), &mut params) };
    assert_ne!(r, cudaError_t::cudaSuccess);
    assert_ne!(r, cudaError_t::cudaErrorNotSupported);
    assert_eq!(
        unsafe { cudaGetLastError() },
        r,
        "recorded as the last error"
    );
    let hip_5 = matches!(
        hip_sys::hip().unwrap().bindings(),
        hip_sys::Bindings::V5_2_3 | hip_sys::Bindings::V5_7_1
    );
    if hip_5 {
        let error = cudaGraphInstantiateResult::cudaGraphInstantiateError;
        assert_eq!(params.result_out, error);
        assert!(params.errNode_out.is_null());
    }
}

#[test]
fn launch_ex_reads_its_configuration_and_attributes() {
    // cudaLaunchKernelExC is cudaLaunchKernel's launch (which refuses the NULL function, so a
    // configuration that reaches it answers cudaErrorInvalidDeviceFunction) once its attributes
    // — the driver's, layout and numbers — are read.
    let mut attribute: cudaLaunchAttribute = unsafe { std::mem::zeroed() };
    let one = dim3 { x: 1, y: 1, z: 1 };
    let mut config = cudaLaunchConfig_t {
        gridDim: one,
        blockDim: one,
        dynamicSmemBytes: 0,
        stream: null_mut(),
        attrs: null_mut(),
        numAttrs: 0,
    };
    let launch = |config: *const cudaLaunchConfig_t| unsafe {
        cudaLaunchKernelExC(config, std::ptr::null(), null_mut())
    };
    let reached = cudaError_t::cudaErrorInvalidDeviceFunction;
    assert_eq!(launch(std::ptr::null()), cudaError_t::cudaErrorInvalidValue);
    assert_eq!(launch(&config), reached);
    config.numAttrs = 1;
    assert_eq!(launch(&config), cudaError_t::cudaErrorInvalidValue); // a count with no list
    config.attrs = &mut attribute;
    let set = |attribute: &mut cudaLaunchAttribute, id: u32, x: u32| unsafe {
        (attribute as *mut cudaLaunchAttribute)
            .cast::<u32>()
            .write(id);
        attribute.val.clusterDim.x = x;
    };
    set(&mut attribute, 99, 0);
    assert_eq!(launch(&config), cudaError_t::cudaErrorInvalidValue);
    let cluster = cudaLaunchAttributeID::cudaLaunchAttributeClusterDimension as u32;
    set(&mut attribute, cluster, 1);
    assert_eq!(launch(&config), reached);
    set(&mut attribute, cluster, 4);
    assert_eq!(launch(&config), cudaError_t::cudaErrorNotSupported);
}

#[test]
fn texture_objects_reach_hip_with_their_descriptor_checked() {
    // CUDA 12's descriptor: 18 four-byte fields (HIP's 16 and two it lacks), built as words so an
    // undefined enum value never becomes a Rust enum.
    assert_eq!(std::mem::size_of::<cudaTextureDesc>(), 18 * 4);
    let resource: cudaResourceDesc = unsafe { std::mem::zeroed() };
    let mut words = [0u32; 18];
    let desc = |w: &[u32; 18]| w.as_ptr().cast::<cudaTextureDesc>();
    let mut texture = 0;
    let create = |t: *mut cudaTextureObject_t, d: *const cudaTextureDesc| unsafe {
        cudaCreateTextureObject(t, &resource, d, std::ptr::null())
    };
    let invalid = cudaError_t::cudaErrorInvalidValue;
    assert_eq!(create(null_mut(), desc(&words)), invalid);
    assert_eq!(create(&mut texture, std::ptr::null()), invalid);
    words[0] = 4; // an address mode past cudaAddressModeBorder
    assert_eq!(create(&mut texture, desc(&words)), invalid);
    words[0] = 3;
    words[4] = 2; // a read mode past cudaReadModeNormalizedFloat
    assert_eq!(create(&mut texture, desc(&words)), invalid);
    words[4] = 1;
    words[16] = 1; // disableTrilinearOptimization: HIP has no such field, read past
    let r = create(&mut texture, desc(&words));
    assert_ne!(r, cudaError_t::cudaSuccess, "no device");
    assert_ne!(r, cudaError_t::cudaErrorNotSupported, "reaches HIP");
    assert_ne!(r, invalid, "the descriptor is valid");
}
