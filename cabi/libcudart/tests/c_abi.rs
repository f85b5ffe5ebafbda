//! A C program compiled by gcc against CUDA 12.9's cuda_runtime_api.h and linked `-lcudart` runs
//! on cuda-as-hip's libraries, found once through `LD_LIBRARY_PATH` and once through `LD_PRELOAD`,
//! against the real HIP runtime (no GPU); and `libcudart.so` exports every function the header
//! declares, as gcc reads it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn include_dir() -> PathBuf {
    root().join(".cache/inputs/cuda-12.9/include")
}

/// target/<profile>, where cargo put the cdylibs.
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

/// A scratch directory removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("cuda-as-hip-{what}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn output_line(output: &str, key: &str) -> String {
    output
        .lines()
        .find(|l| l.starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no `{key}` line in:\n{output}"))
        .to_string()
}

fn check(output: &str) {
    let line = |key| output_line(output, key);
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
    let work = Scratch::new("cudart");
    let libs = work.0.join("lib");
    // The cdylibs are built by `cargo build` (scripts/test.sh does it before the tests).
    run(Command::new("bash")
        .arg(root().join("scripts/lay-out.sh"))
        .arg("--from")
        .arg(profile_dir())
        .arg(&libs));
    let program = work.0.join("c_program");
    run(Command::new("gcc")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c_program.c"))
        .arg(format!("-I{}", include_dir().display()))
        .arg(format!("-L{}", libs.display()))
        .args(["-lcudart", "-ldl", "-o"])
        .arg(&program));
    let needed = run(Command::new("readelf").arg("-d").arg(&program));
    assert!(
        needed.contains("[libcudart.so.12]"),
        "DT_NEEDED libcudart.so.12:\n{needed}"
    );
    let quiet = Command::new(&program)
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
    // LD_PRELOAD: the preloaded library's SONAME satisfies DT_NEEDED, with no search path.
    check(&run(
        Command::new(&program).env("LD_PRELOAD", libs.join("libcudart.so.12"))
    ));
}

/// Function names cuda_runtime_api.h declares (with `define`: per-thread default stream), as
/// gcc's `-aux-info` reads them (a front end independent of aliasgen's libclang).
fn declared(work: &Path, define: &str) -> BTreeSet<String> {
    let (src, aux) = (work.join("probe.c"), work.join(format!("aux{define}.txt")));
    std::fs::write(&src, "#include <cuda_runtime_api.h>\n").unwrap();
    run(Command::new("gcc")
        .args(["-fsyntax-only", "-aux-info"])
        .arg(&aux)
        .arg(format!("-I{}", include_dir().display()))
        .arg(format!("-D{define}"))
        .arg(&src));
    std::fs::read_to_string(&aux)
        .unwrap()
        .lines()
        .filter(|l| l.contains("/cuda_runtime_api.h:"))
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
fn libcudart_exports_every_function_the_runtime_header_declares() {
    let out = run(Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(profile_dir().join("libcudart.so")));
    let exported: BTreeSet<String> = out
        .lines()
        .filter_map(|l| l.split_once(" T ").map(|(_, n)| n.to_string()))
        .collect();
    let work = Scratch::new("cudart-audit");
    let plain = declared(&work.0, "CUDART_AUDIT_PLAIN");
    let per_thread = declared(&work.0, "CUDA_API_PER_THREAD_DEFAULT_STREAM");
    assert!(plain.len() > 300, "gcc read {} functions", plain.len());
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
