//! libnvrtc.so.12 against NVIDIA's (12.9.86): the same exports with the same symbol version
//! (`libnvrtc.so.12`), and the one nvrtc.h does not declare, `__nvrtcCPEx`, behaving as
//! nvrtcCreateProgram.

use std::path::Path;
use test_support::{
    dynamic_exports, export_audit, line, nvidia_library, profile_dir, run_linked_against, CProgram,
    Scratch,
};

#[test]
fn libnvrtc_exports_what_nvidias_exports_with_its_symbol_versions() {
    let nvidia = nvidia_library("libnvrtc.so.12");
    let (missing, extra) = export_audit(&profile_dir().join("libnvrtc.so"), &nvidia);
    assert!(
        missing.is_empty(),
        "NVIDIA's libnvrtc.so.12 exports, ours lacks: {missing:?}"
    );
    let ours = dynamic_exports(&profile_dir().join("libnvrtc.so"));
    assert!(
        ours.contains("T nvrtcCompileProgram@@libnvrtc.so.12"),
        "{ours:?}"
    );
    println!(
        "audit: 0 of {} NVIDIA exports missing; only ours: {extra:?}",
        ours.len()
    );
}

/// A program linked against NVIDIA's libnvrtc.so.12, binding all it exports, starts on ours silently.
#[test]
fn a_program_linked_against_nvidias_libnvrtc_loads_on_ours() {
    let work = Scratch::new("nvrtc-nvidia-linked");
    let (ok, stdout, stderr, bound) =
        run_linked_against(&nvidia_library("libnvrtc.so.12"), work.path());
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(stderr, "", "the loader's complaints");
    assert!(bound > 20, "{bound} functions");
    assert_eq!(stdout.trim(), format!("bound {bound}"));
}

#[test]
fn nvrtc_internal_create_program_is_nvrtc_create_program() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/internal.c");
    let (out, _) = CProgram::build(&source, "nvrtc").output(&[]);
    assert_eq!(
        line(&out, "create"),
        "create 0 1",
        "NVRTC_SUCCESS, a program"
    );
    assert_eq!(line(&out, "destroy"), "destroy 0");
    assert_eq!(
        line(&out, "null_prog"),
        "null_prog 4",
        "NVRTC_ERROR_INVALID_PROGRAM, as NVIDIA's"
    );
    assert_eq!(
        line(&out, "extension"),
        "extension 3 1",
        "NVRTC_ERROR_INVALID_INPUT for internal options, no program"
    );
}
