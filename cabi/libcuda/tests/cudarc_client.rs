//! The real cudarc 0.19.10 crate, unmodified, loading cuda-as-hip's libcuda.so, libnvrtc.so and
//! libcudart.so by dynamic loading (tests/dropin/examples/cudarc_client.rs), on this run's HIP
//! without a GPU.

use test_support::{hip_run, lay_out, profile_dir, Scratch};

#[test]
fn cudarc_gets_no_device_and_an_amd_code_object() {
    let client = profile_dir().join("examples/cudarc_client");
    assert!(
        client.exists(),
        "{} missing: `cargo build -p dropin --no-default-features --features real --examples` (scripts/test.sh does)",
        client.display()
    );
    let work = Scratch::new("cudarc");
    lay_out(work.path());
    let out = hip_run()
        .command(&client, &[work.path()])
        .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
        .env("CUDA_AS_HIP_CACHE", "0") // nothing left in the user's NVRTC cache
        .output()
        .expect("client runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "no panic, no missing symbol:\n{text}");
    assert!(
        text.contains("context error DriverError(CUDA_ERROR_NO_DEVICE"),
        "{text}"
    );
    assert!(
        text.contains("ELF e_machine 0xe0"),
        "an AMDGPU code object:\n{text}"
    );
    assert!(
        text.contains("runtime versions Ok(12090) Ok(12090)"),
        "cudarc's runtime module reaches libcudart:\n{text}"
    );
    assert!(
        text.contains("runtime devices Err(RuntimeError(cudaErrorNoDevice, \"This indicates that no CUDA-capable devices"),
        "{text}"
    );
}
