//! `cuda-as-hip doctor` and `cuda-as-hip run [--preload]` against this run's real HIP runtime (no
//! GPU), running the C program of cabi/libcuda/tests (built against cuda.h, linked `-lcuda`).

use std::path::Path;
use std::process::Output;
use test_support::{build_c_program, hip_run, profile_dir, Scratch};

const RUNNER: &str = env!("CARGO_BIN_EXE_cuda-as-hip");

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn doctor_reports_runtime_devices_libraries_and_coverage() {
    let hip = hip_run();
    let out = hip
        .command(RUNNER, &[])
        .arg("doctor")
        .output()
        .expect("runs");
    let report = text(&out);
    assert!(out.status.success(), "{report}");
    let f = hip.facts;
    // The file loaded (the run's own, resolved), its version, the binding table chosen, hiprtc.
    let lib_dir = std::fs::canonicalize(hip.root().join("usr/lib/x86_64-linux-gnu")).unwrap();
    let (major, minor) = (f.encoded / 10_000_000, f.encoded / 100_000 % 100);
    let build = f.encoded % 100_000;
    let runtime = format!(
        "HIP runtime: {}/libamdhip64.so.{major}.{minor}.{build} (HIP {major}.{minor}.{build}, opened as ",
        lib_dir.display()
    );
    let table = format!(
        "binding table: HIP {} (hip_sys::v{}, ",
        f.release,
        f.release.replace('.', "_")
    );
    let hiprtc = match f.hiprtc_library {
        None => "hiprtc: in the HIP runtime\n".to_string(),
        Some(name) => format!(
            "hiprtc: {}/{name}.{minor}.{build} ({name} beside the runtime)\n",
            lib_dir.display()
        ),
    };
    // comgr, beside the runtime (the host's for 5.2.3): its ABI.
    let (abi_major, abi_minor) = f.comgr_abi;
    let comgr = format!(" (ABI {abi_major}.{abi_minor}): PTX compiles and links for AMD GPUs (cuModuleLoad*, cuLink*, nvJitLink)\n");
    // hipRAND beside the runtime: the rocRAND version it reports, the table chosen.
    let (r_major, r_minor, r_patch) = f.rocrand_version;
    let hiprand = format!(
        "(rocRAND {r_major}.{r_minor}.{r_patch}, table hip_sys::hiprand::V{}): cuRAND calls go there\n",
        f.hiprand_release.replace('.', "_")
    );
    // hipBLAS, RCCL, hipFFT and hipSOLVER beside the runtime where Debian ships them: the version
    // each reports (the rocBLAS, rocFFT or rocSOLVER it is built on, the NCCL it implements), the
    // table chosen.
    let hipblas = f.hipblas.as_ref().map(|b| (b.release, b.rocblas_version));
    let hipblas = rocm_line(("hipBLAS", "hipblas", "rocBLAS", "cuBLAS"), hipblas);
    let rccl = f.rccl.as_ref().map(|r| (r.release, r.nccl_version));
    let rccl = rocm_line(("RCCL", "rccl", "NCCL", "NCCL"), rccl);
    let hipfft = f.hipfft.as_ref().map(|h| (h.release, h.rocfft_version));
    let hipfft = rocm_line(("hipFFT", "hipfft", "rocFFT", "cuFFT"), hipfft);
    let hipsolver = f
        .hipsolver
        .as_ref()
        .map(|h| (h.release, h.rocsolver_version));
    let hipsolver = rocm_line(
        ("hipSOLVER", "hipsolver", "rocSOLVER", "cuSOLVER"),
        hipsolver,
    );
    // hipSPARSE beside every runtime, its release read from what it exports.
    let release = f.hipsparse_release;
    let mut parts = release.split('.').map(|p| p.parse().unwrap());
    let reported = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let hipsparse = rocm_line(
        ("hipSPARSE", "hipsparse", "hipSPARSE", "cuSPARSE"),
        Some((release, reported)),
    );
    // hipBLASLt beside HIP 6 and 7, its release read from its file's name.
    let hipblaslt = f.hipblaslt_release.map(|release| {
        let mut parts = release.split('.').map(|p| p.parse().unwrap());
        let mut next = || parts.next().unwrap();
        (release, (next(), next(), next()))
    });
    let hipblaslt = rocm_line(
        ("hipBLASLt", "hipblaslt", "hipBLASLt", "cuBLASLt"),
        hipblaslt,
    );
    for expected in [
        runtime, table, hiprtc, comgr, hiprand, hipblas, rccl, hipfft, hipsolver, hipsparse,
        hipblaslt,
    ] {
        assert!(report.contains(&expected), "`{expected}` in:\n{report}");
    }
    assert!(
        report.contains("devices: none (hipGetDeviceCount: hipErrorNoDevice)"),
        "{report}"
    );
    let libraries = format!("libraries: {} (", profile_dir().display());
    assert!(report.contains(&libraries), "`{libraries}` in:\n{report}");
    let coverage = format!("coverage (HIP {} headers): driver ", f.release);
    assert!(report.contains(&coverage), "{report}");
}

#[test]
fn run_finds_the_libraries_by_path_and_by_preload() {
    let work = Scratch::new("runner");
    // The C program, linked against the libcuda.so cargo built beside the runner.
    let program = work.path().join("c_program");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../libcuda/tests/c_program.c");
    build_c_program(&source, &profile_dir(), "cuda", &program);
    let hip = hip_run();
    // The runner sets LD_LIBRARY_PATH (or LD_PRELOAD) and executes the program, which a sysroot's
    // loader starts there.
    let (words, library_path) = hip.launched(&program);
    for preload in [false, true] {
        let mut cmd = hip.command(RUNNER, &[]);
        cmd.arg("run");
        if preload {
            cmd.arg("--preload");
        }
        cmd.arg("--").args(&words);
        match &library_path {
            Some(p) => cmd.env("LD_LIBRARY_PATH", p),
            None => cmd.env_remove("LD_LIBRARY_PATH"),
        };
        let out = cmd
            .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
            .env("CUDA_AS_HIP_CACHE", "0") // nothing left in the user's NVRTC cache
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
    let out = std::process::Command::new(RUNNER)
        .arg("run")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("usage: cuda-as-hip run [--preload] -- PROGRAM"),
        "{}",
        text(&out)
    );
}

/// What doctor says of a ROCm library (`label`, hip-sys module `module`, its version being
/// `versioned`'s, serving `calls`) at `release` reporting `version`, or of its absence.
fn rocm_line(
    (label, module, versioned, calls): (&str, &str, &str, &str),
    found: Option<(&str, (u32, u32, u32))>,
) -> String {
    match found {
        Some((release, (major, minor, patch))) => format!(
            "({versioned} {major}.{minor}.{patch}, table hip_sys::{module}::V{}): {calls} calls go there\n",
            release.replace('.', "_")
        ),
        None => format!("{label}: no {label} library found"),
    }
}
