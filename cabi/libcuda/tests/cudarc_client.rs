//! The real cudarc 0.19.10 crate, unmodified, loading cuda-as-hip's libcuda.so and libnvrtc.so
//! by dynamic loading (tests/dropin/examples/cudarc_client.rs), on HIP 5.2.3 without a GPU.

use std::path::{Path, PathBuf};
use std::process::Command;

fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .to_path_buf()
}

#[test]
fn cudarc_gets_no_device_and_an_amd_code_object() {
    let dir = profile_dir();
    let client = dir.join("examples/cudarc_client");
    assert!(
        client.exists(),
        "{} missing: `cargo build -p dropin --no-default-features --features real --examples` (scripts/test.sh does)",
        client.display()
    );
    let libs = std::env::temp_dir().join(format!("cuda-as-hip-cudarc-{}", std::process::id()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let laid = Command::new("bash")
        .arg(root.join("scripts/lay-out.sh"))
        .arg("--from")
        .arg(&dir)
        .arg(&libs)
        .status();
    assert!(laid.expect("bash runs").success());
    let out = Command::new(&client)
        .env("LD_LIBRARY_PATH", &libs)
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
}
