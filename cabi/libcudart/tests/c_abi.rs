//! A C program compiled by gcc against CUDA 12.9's cuda_runtime_api.h and linked `-lcudart` runs
//! on cuda-as-hip's libraries, found once through `LD_LIBRARY_PATH` and once through `LD_PRELOAD`,
//! against the real HIP runtime (no GPU); `libcudart.so` exports every function the runtime headers
//! declare, as gcc reads them, and every symbol NVIDIA's libcudart.so.12 exports, with its version.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use test_support::{
    cuda_include, dynamic_exports, export_audit, hip_run, line, nvidia_library, profile_dir, root,
    run, run_linked_against, CProgram, Scratch,
};

fn c_program() -> CProgram {
    CProgram::build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c_program.c"),
        "cudart",
    )
}

fn check(output: &str) {
    let line = |key| line(output, key);
    assert_eq!(
        line("cudaGetDeviceCount"),
        "cudaGetDeviceCount 100",
        "cudaErrorNoDevice"
    );
    assert_eq!(
        line("last_error"),
        "last_error 100",
        "the failure is the thread's last error"
    );
    assert_eq!(
        line("last_error_again"),
        "last_error_again 0",
        "cudaGetLastError resets it"
    );
    assert_eq!(
        line("cudaRuntimeGetVersion"),
        "cudaRuntimeGetVersion 0 12090"
    );
    assert_eq!(line("cudaDriverGetVersion"), "cudaDriverGetVersion 0 12090");
    assert_eq!(
        line("cudaGetErrorName"),
        "cudaGetErrorName cudaErrorNoDevice"
    );
    assert!(
        line("cudaGetErrorString")
            .starts_with("cudaGetErrorString This indicates that one or more of the parameters"),
        "{output}"
    );
    assert_eq!(line("unknown_name"), "unknown_name unrecognized error code");
    assert_eq!(line("null_count"), "null_count 1", "cudaErrorInvalidValue");
    assert_eq!(line("peek"), "peek 1 1", "cudaPeekAtLastError leaves it");
    assert_eq!(
        line("unknown_attribute"),
        "unknown_attribute 1",
        "cudaErrorInvalidValue"
    );
    assert_eq!(
        line("unknown_memcpy_kind"),
        "unknown_memcpy_kind 1",
        "cudaErrorInvalidValue"
    );
    assert_eq!(
        line("entry_point"),
        "entry_point 0 0 1 12090",
        "cuDriverGetVersion from libcuda beside libcudart, callable"
    );
    assert_eq!(
        line("entry_unknown"),
        "entry_unknown 0 1 1",
        "cudaDriverEntryPointSymbolNotFound, NULL"
    );
    assert_eq!(line("per_thread_export"), "per_thread_export 1");
}

#[test]
fn c_program_runs_through_ld_library_path_and_ld_preload() {
    let c = c_program();
    let needed = run(Command::new("readelf").arg("-d").arg(&c.program));
    assert!(
        needed.contains("[libcudart.so.12]"),
        "DT_NEEDED libcudart.so.12:\n{needed}"
    );
    let (out, err) = c.output(&[]);
    check(&out);
    assert_eq!(err, "", "nothing printed unless asked");
    // LD_PRELOAD: the preloaded library's SONAME satisfies DT_NEEDED, with no search path.
    check(&run(hip_run()
        .command(&c.program, &[])
        .env("LD_PRELOAD", c.libs.join("libcudart.so.12"))));
}

#[test]
fn device_properties_reach_this_versions_entry_point() {
    let (stdout, trace) = c_program().output(&[("CUDA_AS_HIP_LOG", "trace")]);
    let facts = hip_run().facts;
    // From HIP 6.0 the plain hipGetDeviceProperties fills the pre-6.0 struct: the 6.x/7.x layout
    // comes only from hipGetDevicePropertiesR0600.
    let (hip_fn, code, number) = match (facts.r0600, facts.hip_init) {
        (true, _) => ("hipGetDevicePropertiesR0600", "cudaErrorNoDevice", 100),
        (false, "hipErrorInvalidDevice") => {
            ("hipGetDeviceProperties", "cudaErrorInvalidDevice", 101)
        }
        (false, _) => ("hipGetDeviceProperties", "cudaErrorNoDevice", 100),
    };
    let expected = format!("= {code} [{hip_fn} → Ok(");
    let call = trace
        .lines()
        .find(|l| l.starts_with("cuda-as-hip: cudaGetDeviceProperties_v2("))
        .unwrap_or_else(|| panic!("no cudaGetDeviceProperties_v2 line in:\n{trace}"));
    assert!(call.contains(&expected), "`{expected}` in {call}");
    assert_eq!(
        line(&stdout, "cudaGetDeviceProperties"),
        format!("cudaGetDeviceProperties {number}")
    );
}

/// CUDA's runtime headers: cuda_runtime_api.h and the OpenGL, EGL and VDPAU interop headers
/// (their system headers from scripts/setup.sh).
const RUNTIME_HEADERS: [&str; 4] = [
    "cuda_runtime_api.h",
    "cuda_gl_interop.h",
    "cuda_egl_interop.h",
    "cuda_vdpau_interop.h",
];

/// Function names the runtime headers declare (with `define`: per-thread default stream), as
/// gcc's `-aux-info` reads them (a front end independent of aliasgen's libclang).
fn declared(work: &Path, define: &str) -> BTreeSet<String> {
    let (src, aux) = (work.join("probe.c"), work.join(format!("aux{define}.txt")));
    let includes: String = RUNTIME_HEADERS
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    std::fs::write(&src, includes).unwrap();
    let interop = root().join(".cache/inputs/interop-headers/usr/include");
    run(Command::new("gcc")
        .args(["-fsyntax-only", "-DEGL_NO_X11", "-aux-info"])
        .arg(&aux)
        .arg(format!("-I{}", cuda_include().display()))
        .arg(format!("-isystem{}", interop.display()))
        .arg(format!("-D{define}"))
        .arg(&src));
    std::fs::read_to_string(&aux)
        .unwrap()
        .lines()
        .filter(|l| {
            RUNTIME_HEADERS
                .iter()
                .any(|h| l.contains(&format!("/{h}:")))
        })
        .filter_map(|l| l.split_once("*/").map(|(_, decl)| decl.trim()))
        .filter_map(|d| {
            d.split('(')
                .next()?
                .split_whitespace()
                .last()
                .map(String::from)
        })
        .map(|n| n.trim_start_matches('*').to_string())
        .filter(|n| n.starts_with("cuda"))
        .collect()
}

#[test]
fn libcudart_exports_every_function_the_runtime_headers_declare() {
    let exported: BTreeSet<String> = dynamic_exports(&profile_dir().join("libcudart.so"))
        .iter()
        .filter_map(|s| s.strip_prefix("T "))
        .map(|s| s.split('@').next().unwrap_or_default().to_string())
        .collect();
    let work = Scratch::new("cudart-audit");
    let plain = declared(work.path(), "CUDART_AUDIT_PLAIN");
    let per_thread = declared(work.path(), "CUDA_API_PER_THREAD_DEFAULT_STREAM");
    assert!(plain.len() > 330, "gcc read {} functions", plain.len());
    assert!(plain.contains("cudaGLGetDevices") && plain.contains("cudaVDPAUGetDevice"));
    assert!(
        per_thread.iter().any(|n| n.ends_with("_ptsz")),
        "{per_thread:?}"
    );
    let missing: Vec<&String> = plain
        .union(&per_thread)
        .filter(|n| !exported.contains(*n))
        .collect();
    assert!(missing.is_empty(), "libcudart.so lacks {missing:?}");
    for nvcc in [
        "__cudaRegisterFatBinary",
        "__cudaRegisterFunction",
        "__cudaPushCallConfiguration",
        "__cudaPopCallConfiguration",
    ] {
        assert!(exported.contains(nvcc), "nvcc's {nvcc}");
    }
}

/// NVIDIA's libcudart.so.12 (12.9.79) and ours export the same symbols, each with the symbol
/// version `libcudart.so.12` (the old-ABI names, the interop functions and nvcc's entry points
/// included); ours may export more, listed.
#[test]
fn libcudart_exports_what_nvidias_exports_with_its_symbol_versions() {
    let nvidia = nvidia_library("libcudart.so.12");
    let (missing, extra) = export_audit(&profile_dir().join("libcudart.so"), &nvidia);
    assert!(
        missing.is_empty(),
        "NVIDIA's libcudart.so.12 exports, ours lacks: {missing:?}"
    );
    let versioned = dynamic_exports(&nvidia)
        .iter()
        .filter(|s| s.ends_with("@@libcudart.so.12"))
        .count();
    assert!(versioned > 430, "{versioned} versioned exports");
    println!("audit: 0 of {versioned} NVIDIA exports missing; only ours: {extra:?}");
}

/// A program linked against NVIDIA's libcudart.so.12 that binds every function it exports (each
/// asked for as `NAME@libcudart.so.12`) starts on ours, with nothing printed: no missing symbol,
/// no "no version information available".
#[test]
fn a_program_linked_against_nvidias_libcudart_loads_on_ours() {
    let work = Scratch::new("cudart-nvidia-linked");
    let (ok, stdout, stderr, bound) =
        run_linked_against(&nvidia_library("libcudart.so.12"), work.path());
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(stderr, "", "the loader's complaints");
    assert!(bound > 430, "{bound} functions");
    assert_eq!(stdout.trim(), format!("bound {bound}"));
}
