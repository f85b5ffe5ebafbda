//! A C program compiled by gcc against CUDA 12.9's cuda.h and linked `-lcuda` runs on
//! cuda-as-hip's libraries, found once through `LD_LIBRARY_PATH` and once through `LD_PRELOAD`,
//! against the real HIP 5.2.3 runtime (no GPU). It also `dlopen`s `libnvrtc.so`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// target/<profile>, where cargo put this test and the cdylibs.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps")
        .to_path_buf()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// Lays out the libraries (scripts/lay-out.sh) and builds the C program against them.
fn setup() -> (PathBuf, PathBuf) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let work = std::env::temp_dir().join(format!("cuda-as-hip-cabi-{}-{n}", std::process::id()));
    let libs = work.join("lib");
    let lay_out = root().join("scripts/lay-out.sh");
    // The cdylibs are built by `cargo build` (scripts/test.sh does it before the tests).
    run(Command::new("bash")
        .arg(lay_out)
        .arg("--from")
        .arg(profile_dir())
        .arg(&libs));
    let program = work.join("c_program");
    let include = root().join(".cache/inputs/cuda-12.9/include");
    run(Command::new("gcc")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c_program.c"))
        .arg(format!("-I{}", include.display()))
        .arg(format!("-L{}", libs.display()))
        .args(["-lcuda", "-ldl", "-o"])
        .arg(&program));
    (libs, program)
}

fn check(output: &str) {
    let line = |key: &str| {
        output
            .lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("no `{key}` line in:\n{output}"))
            .to_string()
    };
    assert_eq!(line("cuInit"), "cuInit 100", "CUDA_ERROR_NO_DEVICE");
    assert!(line("cuGetErrorString")
        .starts_with("cuGetErrorString 0 This indicates that no CUDA-capable devices"));
    assert_eq!(line("cuDriverGetVersion"), "cuDriverGetVersion 0 12090");
    assert_eq!(
        line("unknown_attribute"),
        "unknown_attribute 1",
        "CUDA_ERROR_INVALID_VALUE"
    );
    assert_eq!(
        line("null_count"),
        "null_count 1",
        "CUDA_ERROR_INVALID_VALUE"
    );
    assert_eq!(
        line("proc_memalloc"),
        "proc_memalloc 0 0 1",
        "cuMemAlloc at 12.9 is cuMemAlloc_v2"
    );
    assert_eq!(line("proc_ptds"), "proc_ptds 0 0 1", "per-thread flavour");
    assert_eq!(
        line("proc_ctxcreate_11040"),
        "proc_ctxcreate_11040 0 0 1",
        "CUDA 11.4's cuCtxCreate_v3"
    );
    assert_eq!(
        line("proc_unknown"),
        "proc_unknown 500 1 1",
        "CUDA_ERROR_NOT_FOUND, SYMBOL_NOT_FOUND"
    );
    assert_eq!(
        line("proc_too_old"),
        "proc_too_old 500 2 1",
        "VERSION_NOT_SUFFICIENT"
    );
    assert_eq!(
        line("proc_call"),
        "proc_call 0 0 12090",
        "the address is callable"
    );
    assert_eq!(
        line("export_table"),
        "export_table 801",
        "CUDA_ERROR_NOT_SUPPORTED, no private tables"
    );
    let nvrtc: Vec<String> = line("nvrtc").split(' ').map(String::from).collect();
    assert_eq!(nvrtc[1], "0", "NVRTC_SUCCESS: {output}");
    assert_eq!(
        (nvrtc[3].as_str(), nvrtc[4].as_str()),
        ("0xe0", "ELF"),
        "an AMDGPU code object"
    );
}

#[test]
fn c_program_runs_through_ld_library_path_and_ld_preload() {
    let (libs, program) = setup();
    let needed = run(Command::new("readelf").arg("-d").arg(&program));
    assert!(
        needed.contains("[libcuda.so.1]"),
        "DT_NEEDED libcuda.so.1:\n{needed}"
    );
    let base = || {
        let mut c = Command::new(&program);
        c.env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a");
        c
    };
    let quiet = base()
        .env("LD_LIBRARY_PATH", &libs)
        .env_remove("CUDA_AS_HIP_LOG")
        .output()
        .expect("runs");
    check(&String::from_utf8_lossy(&quiet.stdout));
    assert_eq!(
        String::from_utf8_lossy(&quiet.stderr),
        "",
        "nothing printed unless asked"
    );
    // LD_PRELOAD: the preloaded library's SONAME satisfies DT_NEEDED, with no libcuda on any
    // search path; the program's dlopen("libnvrtc.so") finds NVRTC in a directory holding only it.
    let nvrtc_only = libs.with_file_name("nvrtc-only");
    std::fs::create_dir_all(&nvrtc_only).expect("mkdir");
    let _ = std::fs::remove_file(nvrtc_only.join("libnvrtc.so"));
    std::os::unix::fs::symlink(libs.join("libnvrtc.so"), nvrtc_only.join("libnvrtc.so"))
        .expect("symlink");
    let out = run(base()
        .env("LD_PRELOAD", libs.join("libcuda.so.1"))
        .env("LD_LIBRARY_PATH", &nvrtc_only));
    check(&out);
}

#[test]
fn trace_shows_each_call_with_arguments_hip_call_result_and_time() {
    let (libs, program) = setup();
    let out = Command::new(&program)
        .env("LD_LIBRARY_PATH", &libs)
        .env("CUDA_AS_HIP_LOG", "trace")
        .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
        .output()
        .expect("runs");
    let trace = String::from_utf8_lossy(&out.stderr);
    let init = trace
        .lines()
        .find(|l| l.starts_with("cuda-as-hip: cuInit(Flags=0) = CUDA_ERROR_NO_DEVICE [hipInit → Ok(hipErrorInvalidDevice)] in "))
        .unwrap_or_else(|| panic!("no cuInit trace line in:\n{trace}"));
    assert!(init.ends_with('s'), "a duration: {init}");
    assert!(trace.contains("cuDeviceGetAttribute(pi=0x"), "{trace}");
    assert!(
        trace.contains("nvrtcCompileProgram(prog=0x"),
        "libnvrtc traces too:\n{trace}"
    );
}

#[test]
fn an_explicit_hip_that_does_not_load_fails_cuinit_and_says_why() {
    let (libs, program) = setup();
    let bogus = libs.with_file_name("libamdhip64.so");
    std::fs::write(&bogus, b"not an ELF file").expect("write");
    let out = Command::new(&program)
        .env("LD_LIBRARY_PATH", &libs)
        .env("CUDA_AS_HIP_HIP_LIBRARY", &bogus)
        .env("CUDA_AS_HIP_LOG", "warn")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("cuInit 100\n"),
        "no HIP: CUDA_ERROR_NO_DEVICE:\n{stdout}"
    );
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains(&format!("{}: ", bogus.display())) && log.contains("does not load"),
        "the log names the library and why:\n{log}"
    );
    assert!(
        !log.contains("sees no AMD GPU"),
        "no other HIP was loaded in its place:\n{log}"
    );
}
