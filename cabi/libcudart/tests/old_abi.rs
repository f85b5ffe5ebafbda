//! The exports of NVIDIA's libcudart.so.12 beyond CUDA 12.9's default header view — CUDA 11's
//! ABI, the OpenGL / EGL / VDPAU interop functions, nvcc's CUDA 12 launch entry points — called by
//! a C program with NULL or invalid arguments on the real HIP runtime (no GPU): each answers the
//! code CUDA defines for it, nothing crashes, and an unsupported family says why, once.

use std::path::Path;
use test_support::{hip_run, line, root, CProgram};

fn output() -> (String, String) {
    let interop = root().join(".cache/inputs/interop-headers/usr/include");
    let args = [
        "-D__CUDA_API_VERSION_INTERNAL".to_string(),
        "-DEGL_NO_X11".to_string(),
        format!("-isystem{}", interop.display()),
    ];
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/old_abi.c");
    CProgram::build_with(&source, "cudart", &args).output(&[("CUDA_AS_HIP_LOG", "warn")])
}

#[test]
fn old_abi_interop_and_nvcc_entry_points_answer_cudas_codes() {
    let (out, log) = output();
    let expect = |key: &str, value: &str, what: &str| {
        assert_eq!(line(&out, key), format!("{key} {value}"), "{what}");
    };
    // cudaErrorInvalidValue (1) for a NULL out-pointer or parameter array.
    for key in [
        "old_props_null",
        "old_signal_null",
        "old_signal_ptsz_null",
        "old_wait_null",
        "old_wait_ptsz_null",
        "old_capture_null",
        "old_capture_ptsz_null",
        "gl_devices_null",
        "gl_devices_bad_list",
        "gl_register_buffer_null",
        "gl_register_image_null",
        "vdpau_get_device_null",
        "get_kernel_null",
    ] {
        expect(key, "1", "cudaErrorInvalidValue");
    }
    // The old cudaGetDeviceProperties answers as cudaGetDeviceProperties_v2 does without a
    // device (HIP 5.2.3 reports hipErrorInvalidDevice) and writes nothing past CUDA 11's struct.
    let no_device = match hip_run().facts.hip_init {
        "hipErrorInvalidDevice" => "101",
        _ => "100",
    };
    expect(
        "old_props_no_device",
        &format!("{no_device} 1"),
        "no device, canary intact",
    );
    // cudaErrorNotSupported (801) where HIP has no counterpart.
    for key in [
        "gl_set_device",
        "gl_map_buffer",
        "egl_register",
        "egl_connect",
        "egl_connect_again",
        "egl_sync",
        "vdpau_get_device",
        "vdpau_register",
    ] {
        expect(key, "801", "cudaErrorNotSupported");
    }
    let egl = "cudaEGLStreamConsumerConnect is not supported on HIP: HIP has no EGL interop";
    assert_eq!(log.matches(egl).count(), 1, "said once:\n{log}");
    assert!(log.contains("cudaVDPAUGetDevice is not supported on HIP: HIP has no VDPAU interop"));
    // A NULL kernel handle is refused by cudaLaunchKernel, per-thread stream or not.
    let launch = line(&out, "launch_null");
    assert_ne!(launch, "launch_null 0");
    assert_eq!(line(&out, "launch_ptsz_null").replace("_ptsz", ""), launch);
    expect("unified_table", "0", "registered nowhere, softly");
}
