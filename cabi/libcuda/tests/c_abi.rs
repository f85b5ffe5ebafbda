//! A C program compiled by gcc against CUDA 12.9's cuda.h and linked `-lcuda` runs on
//! cuda-as-hip's libraries, found once through the library path and once through `LD_PRELOAD`,
//! against the real HIP runtime of this run (no GPU; a sysroot's through its loader, see
//! `test_support::HipRun::command`). It also `dlopen`s `libnvrtc.so`.

use std::path::{Path, PathBuf};
use std::process::Command;
use test_support::{build_c_program, hip_run, lay_out, run, Scratch};

/// Lays out the libraries (scripts/lay-out.sh) and builds the C program against them, in a
/// scratch directory: (it, the library directory, the program).
fn setup() -> (Scratch, PathBuf, PathBuf) {
    let work = Scratch::new("cabi");
    let libs = work.path().join("lib");
    // The cdylibs are built by `cargo build` (scripts/test.sh does it before the tests).
    lay_out(&libs);
    let program = work.path().join("c_program");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c_program.c");
    build_c_program(&source, &libs, "cuda", &program);
    (work, libs, program)
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
    let (work, libs, program) = setup();
    let needed = run(Command::new("readelf").arg("-d").arg(&program));
    assert!(
        needed.contains("[libcuda.so.1]"),
        "DT_NEEDED libcuda.so.1:\n{needed}"
    );
    // NVRTC's compile cache stays off: a test leaves nothing in the user's cache directory.
    let hip = hip_run();
    let quiet = hip
        .command(&program, &[&libs])
        .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
        .env("CUDA_AS_HIP_CACHE", "0")
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
    let nvrtc_only = work.path().join("nvrtc-only");
    std::fs::create_dir_all(&nvrtc_only).expect("mkdir");
    std::os::unix::fs::symlink(libs.join("libnvrtc.so"), nvrtc_only.join("libnvrtc.so"))
        .expect("symlink");
    let out = run(hip
        .command(&program, &[&nvrtc_only])
        .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
        .env("CUDA_AS_HIP_CACHE", "0")
        .env("LD_PRELOAD", libs.join("libcuda.so.1")));
    check(&out);
}

#[test]
fn trace_shows_each_call_with_arguments_hip_call_result_and_time() {
    let (_work, libs, program) = setup();
    let hip = hip_run();
    let out = hip
        .command(&program, &[&libs])
        .env("CUDA_AS_HIP_LOG", "trace")
        .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
        .env("CUDA_AS_HIP_CACHE", "0")
        .output()
        .expect("runs");
    let trace = String::from_utf8_lossy(&out.stderr);
    // hipInit's own code for "no GPU" is this HIP version's, translated to CUDA's.
    let expected = format!(
        "cuda-as-hip: cuInit(Flags=0) = CUDA_ERROR_NO_DEVICE [hipInit → Ok({})] in ",
        hip.facts.hip_init
    );
    let init = trace
        .lines()
        .find(|l| l.starts_with(&expected))
        .unwrap_or_else(|| panic!("no `{expected}` line in:\n{trace}"));
    assert!(init.ends_with('s'), "a duration: {init}");
    assert!(trace.contains("cuDeviceGetAttribute(pi=0x"), "{trace}");
    assert!(
        trace.contains("nvrtcCompileProgram(prog=0x"),
        "libnvrtc traces too:\n{trace}"
    );
}

#[test]
fn an_explicit_hip_that_does_not_load_fails_cuinit_and_says_why() {
    let (work, libs, program) = setup();
    let bogus = work.path().join("libamdhip64.so");
    std::fs::write(&bogus, b"not an ELF file").expect("write");
    let out = hip_run()
        .command(&program, &[&libs])
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
