//! libcurand.so.10 as C programs see it: NVIDIA's exports with NVIDIA's symbol version, a program
//! linked against NVIDIA's libcurand starting on ours, and a gcc-built cuRAND client on each HIP
//! version's hipRAND (no GPU: generators are refused, never created and aborted on).

use std::path::{Path, PathBuf};
use test_support::{
    cuda_include, dynamic_exports, export_audit, line, profile_dir, root, run_linked_against,
    CProgram, Scratch,
};

/// NVIDIA's libcurand.so.10 of CUDA 12.9 (the nvidia-curand-cu12 wheel, unpacked by setup.sh).
fn nvidias() -> PathBuf {
    let path = root().join(".cache/inputs/curand-12.9/libcurand.so.10");
    assert!(path.exists(), "{}: run scripts/setup.sh", path.display());
    path
}

#[test]
fn libcurand_exports_what_nvidias_exports_with_its_symbol_version() {
    let ours = profile_dir().join("libcurand.so");
    let (missing, extra) = export_audit(&ours, &nvidias());
    assert!(
        missing.is_empty(),
        "NVIDIA's exports ours lacks: {missing:?}"
    );
    let exports = dynamic_exports(&ours);
    assert!(exports.contains("T curandCreateGenerator@@libcurand.so.10"));
    // curand.h declares the binomial functions, which NVIDIA's library does not export.
    assert!(
        extra
            .iter()
            .any(|e| e.starts_with("T curandGenerateBinomial@@")),
        "{extra:?}"
    );
}

#[test]
fn a_program_linked_against_nvidias_libcurand_loads_on_ours() {
    let work = Scratch::new("curand-nvidia-linked");
    let (ok, stdout, stderr, bound) = run_linked_against(&nvidias(), work.path());
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(stderr, "", "the loader's complaints");
    assert_eq!(bound, 27, "NVIDIA's libcurand.so.10 exports 27 functions");
}

fn client() -> CProgram {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/curand.c");
    let include = root().join(".cache/inputs/curand-12.9-include");
    let args = [
        format!("-I{}", include.display()),
        format!("-I{}", cuda_include().display()),
    ];
    CProgram::build_with(&source, "curand", &args)
}

/// Each `(key, line, why)`: the client printed exactly `line` for `key`.
fn expect(out: &str, lines: &[(&str, &str, &str)]) {
    for (key, expected, why) in lines {
        assert_eq!(line(out, key), *expected, "{why}:\n{out}");
    }
}

#[test]
fn a_curand_client_gets_curands_codes() {
    let (out, _) = client().output(&[]);
    expect(
        &out,
        &[
            ("version", "version 0 10310", "the cuRAND we implement"),
            ("major", "major 0 10", "its major version"),
            ("create", "create 203 0", "INITIALIZATION_FAILED: no GPU"),
            (
                "bad_type",
                "bad_type 104",
                "a NULL out-pointer: OUT_OF_RANGE",
            ),
            ("seed_null", "seed_null 101", "NOT_INITIALIZED"),
            ("uniform_null", "uniform_null 101", "NOT_INITIALIZED"),
            (
                "binomial",
                "binomial 999",
                "INTERNAL_ERROR: hipRAND has none",
            ),
        ],
    );
}

#[test]
fn without_hiprand_calls_say_which_library_is_missing() {
    let missing = (
        "CUDA_AS_HIP_HIPRAND_LIBRARY",
        "/nonexistent/libhiprand.so.1",
    );
    let (out, err) = client().output(&[missing, ("CUDA_AS_HIP_LOG", "warn")]);
    expect(
        &out,
        &[
            ("version", "version 0 10310", "answered without hipRAND"),
            ("seed_null", "seed_null 203", "INITIALIZATION_FAILED"),
        ],
    );
    assert!(
        err.contains("names a hipRAND library that does not load"),
        "{err}"
    );
    assert!(err.contains("CUDA_AS_HIP_HIPRAND_LIBRARY"), "{err}");
}
