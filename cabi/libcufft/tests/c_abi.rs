//! libcufft.so.11 as C programs see it: every function CUDA 12.9's cufft.h and cufftXt.h declare,
//! exported with the symbol version of NVIDIA's libcufft.so.11 (against its export list), and a
//! gcc-built client of those headers on each HIP version's hipFFT (no GPU: plans are made, never
//! planned).

use std::collections::BTreeSet;
use std::path::Path;
use test_support::{
    cuda_include, dynamic_exports, hip_run, line, nvidia_exports, profile_dir, root, CProgram,
};

/// NVIDIA's library also exports what its headers do not declare (`cufftDebug`,
/// `cufftXtMakePlanGuru64`) and `cufftXtSetJITCallback`, which cufftXt.h defines inline (over
/// `__cufftXtSetJITCallback_12_7`, which ours exports).
#[test]
fn libcufft_exports_every_header_function_with_nvidias_symbol_version() {
    let (ours, nvidia) = (
        dynamic_exports(&profile_dir().join("libcufft.so")),
        nvidia_exports("cufft-11.4/libcufft.so.11.exports"),
    );
    let extra: Vec<&String> = ours.difference(&nvidia).collect();
    assert!(
        extra.is_empty(),
        "ours exports what NVIDIA's does not: {extra:?}"
    );
    let missing: BTreeSet<&str> = nvidia.difference(&ours).map(String::as_str).collect();
    let undeclared = [
        "T cufftDebug@@libcufft.so.11",
        "T cufftXtMakePlanGuru64@@libcufft.so.11",
        "T cufftXtSetJITCallback@@libcufft.so.11",
    ];
    assert_eq!(missing, BTreeSet::from(undeclared));
    let functions = ours.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(functions, 56, "cufft.h's 35 and cufftXt.h's 21");
}

#[test]
fn a_cufft_client_gets_cuffts_codes() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cufft.c");
    let args = [
        format!(
            "-I{}",
            root().join(".cache/inputs/cufft-11.4/include").display()
        ),
        format!("-I{}", cuda_include().display()),
    ];
    let (out, err) =
        CProgram::build_with(&source, "cufft", &args).output(&[("CUDA_AS_HIP_LOG", "warn")]);
    // Without hipFFT (beside HIP 5.2.3) nothing sets up: CUFFT_SETUP_FAILED (7), the log naming
    // the package.
    let has_hipfft = hip_run().facts.hipfft.is_some();
    let (create, stream, destroy, exec) = match has_hipfft {
        true => ("create 0 1", "set_stream 0", "destroy 0", "exec_unknown 1"),
        false => ("create 7 0", "set_stream 7", "destroy 1", "exec_unknown 7"),
    };
    for expected in [
        "version 0 11401",
        create,
        "plan1d 7", // no GPU: planning is refused (hipFFT 6.1 would abort the process)
        stream,
        destroy,
        "destroy_again 1",
        exec,
        "jit 16",
    ] {
        let key = expected.split(' ').next().unwrap();
        assert_eq!(line(&out, key), expected, "{out}{err}");
    }
    if !has_hipfft {
        assert!(
            err.contains("no hipFFT library found") && err.contains("libhipfft0"),
            "{err}"
        );
    }
}
