//! `cuda-as-hip doctor` and `cuda-as-hip run [--preload]` against the real HIP 5.2.3 runtime (no GPU),
//! running the C program of cabi/libcuda/tests (built against cuda.h, linked `-lcuda`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RUNNER: &str = env!("CARGO_BIN_EXE_cuda-as-hip");

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn doctor_reports_runtime_devices_libraries_and_coverage() {
    let out = Command::new(RUNNER).arg("doctor").output().expect("runs");
    let report = text(&out);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("(HIP 5.2.21153, bindings 5.2.3)"),
        "{report}"
    );
    assert!(
        report.contains("devices: none (hipGetDeviceCount: hipErrorNoDevice)"),
        "{report}"
    );
    assert!(report.contains("libraries: "), "{report}");
    assert!(
        report.contains("coverage (HIP 5.2.3 headers): driver "),
        "{report}"
    );
}

/// The C program, linked against the libcuda.so cargo built beside the runner.
fn c_program() -> PathBuf {
    let bin_dir = Path::new(RUNNER).parent().expect("runner directory");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::temp_dir().join(format!("cuda-as-hip-runner-{}", std::process::id()));
    let status = Command::new("gcc")
        .arg(root.join("cabi/libcuda/tests/c_program.c"))
        .arg(format!(
            "-I{}",
            root.join(".cache/inputs/cuda-12.9/include").display()
        ))
        .arg(format!("-L{}", bin_dir.display()))
        .args(["-lcuda", "-ldl", "-o"])
        .arg(&out)
        .status()
        .expect("gcc runs");
    assert!(status.success());
    out
}

#[test]
fn run_finds_the_libraries_by_path_and_by_preload() {
    let program = c_program();
    for preload in [false, true] {
        let mut cmd = Command::new(RUNNER);
        cmd.arg("run");
        if preload {
            cmd.arg("--preload");
        }
        let out = cmd
            .arg(&program)
            .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
            .env("CUDA_AS_HIP_CACHE", "0") // nothing left in the user's NVRTC cache
            .env_remove("LD_LIBRARY_PATH")
            .output()
            .expect("runs");
        let report = text(&out);
        assert!(out.status.success(), "preload={preload}:\n{report}");
        assert!(
            report.contains("cuInit 100\n"),
            "preload={preload}:\n{report}"
        );
        assert!(report.contains("cuDriverGetVersion 0 12090\n"), "{report}");
        assert!(
            report.contains(" 0xe0 ELF"),
            "NVRTC through the runner:\n{report}"
        );
    }
}

#[test]
fn usage_errors_say_how_to_call_it() {
    let out = Command::new(RUNNER).arg("run").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("usage: cuda-as-hip run [--preload] -- PROGRAM"),
        "{}",
        text(&out)
    );
}
