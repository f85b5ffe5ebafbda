//! A C program compiled by gcc against CUDA 12.9's cuda.h and linked `-lcuda` runs on
//! cuda-as-hip's libraries, found once through the library path and once through `LD_PRELOAD`,
//! against the real HIP runtime of this run (no GPU; a sysroot's through its loader, see
//! `test_support::HipRun::command`). It also `dlopen`s `libnvrtc.so`.

use std::path::Path;
use std::process::Command;
use test_support::{hip_run, run, CProgram};

fn c_program() -> CProgram {
    CProgram::build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c_program.c"),
        "cuda",
    )
}

const GFX90A: (&str, &str) = ("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a");

fn check(output: &str) {
    let line = |key: &str| test_support::line(output, key);
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
        "export_table 1 0 104",
        "an unknown table: CUDA_ERROR_INVALID_VALUE; CUDART_INTERFACE: 13 slots"
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
    let c = c_program();
    let needed = run(Command::new("readelf").arg("-d").arg(&c.program));
    assert!(
        needed.contains("[libcuda.so.1]"),
        "DT_NEEDED libcuda.so.1:\n{needed}"
    );
    let (out, err) = c.output(&[GFX90A]);
    check(&out);
    assert_eq!(err, "", "nothing printed unless asked");
    // LD_PRELOAD: the preloaded library's SONAME satisfies DT_NEEDED, with no libcuda on any
    // search path; the program's dlopen("libnvrtc.so") finds NVRTC in a directory holding only it.
    let nvrtc_only = c.dir().join("nvrtc-only");
    std::fs::create_dir_all(&nvrtc_only).expect("mkdir");
    std::os::unix::fs::symlink(c.libs.join("libnvrtc.so"), nvrtc_only.join("libnvrtc.so"))
        .expect("symlink");
    let out = run(hip_run()
        .command(&c.program, &[&nvrtc_only])
        .env(GFX90A.0, GFX90A.1)
        .env("CUDA_AS_HIP_CACHE", "0") // nothing left in the user's NVRTC cache
        .env("LD_PRELOAD", c.libs.join("libcuda.so.1")));
    check(&out);
}

#[test]
fn trace_shows_each_call_with_arguments_hip_call_result_and_time() {
    let (_, trace) = c_program().output(&[("CUDA_AS_HIP_LOG", "trace"), GFX90A]);
    // hipInit's own code for "no GPU" is this HIP version's, translated to CUDA's.
    let expected = format!(
        "cuda-as-hip: cuInit(Flags=0) = CUDA_ERROR_NO_DEVICE [hipInit → Ok({})] in ",
        hip_run().facts.hip_init
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
    let c = c_program();
    let bogus = c.dir().join("libamdhip64.so");
    std::fs::write(&bogus, b"not an ELF file").expect("write");
    let (stdout, log) = c.output(&[
        (
            "CUDA_AS_HIP_HIP_LIBRARY",
            bogus.to_str().expect("UTF-8 path"),
        ),
        ("CUDA_AS_HIP_LOG", "warn"),
    ]);
    assert!(
        stdout.contains("cuInit 100\n"),
        "no HIP: CUDA_ERROR_NO_DEVICE:\n{stdout}"
    );
    assert!(
        log.contains(&format!("{}: ", bogus.display())) && log.contains("does not load"),
        "the log names the library and why:\n{log}"
    );
    assert!(
        !log.contains("sees no AMD GPU"),
        "no other HIP was loaded in its place:\n{log}"
    );
}

#[test]
fn a_traced_call_from_an_atexit_handler_returns() {
    let c = CProgram::build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exit_call.c"),
        "cuda",
    );
    let (out, trace) = c.output(&[("CUDA_AS_HIP_LOG", "trace")]);
    assert_eq!(test_support::line(&out, "main"), "main 0 1", "{out}{trace}");
    assert_eq!(
        test_support::line(&out, "at_exit"),
        "at_exit 0 1",
        "{out}{trace}"
    );
    assert!(!trace.contains("panicked"), "{trace}");
    assert_eq!(trace.matches("cuDriverGetVersion(").count(), 2, "{trace}");
}
