//! libcusolver.so.11 as C programs see it: every function CUDA 12.9's cusolverDn.h, cusolverSp.h
//! and cusolverRf.h declare, exported with the symbol version of NVIDIA's libcusolver.so.11
//! (against its export list), and a gcc-built client of those headers on each HIP version's
//! hipSOLVER (no GPU: no handle is made).

use std::collections::BTreeSet;
use std::path::Path;
use test_support::{
    cuda_include, dynamic_exports, hip_run, line, nvidia_exports, profile_dir, root, CProgram,
};

/// Ours exports the 477 functions the headers declare; NVIDIA's library exports all of them but
/// the six `cusolverDnLogger*` cusolverDn.h declares (11.7.5 does not define them), and 439
/// internal or preview entry points no header declares (`cusolverSp_LOWLEVEL_PREVIEW.h`'s,
/// `pegasus*`, `cusolverDn` helpers).
#[test]
fn libcusolver_exports_every_header_function_with_nvidias_symbol_version() {
    let (ours, nvidia) = (
        dynamic_exports(&profile_dir().join("libcusolver.so")),
        nvidia_exports("cusolver-11.7/libcusolver.so.11.exports"),
    );
    let functions = ours.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(
        functions, 477,
        "cusolverDn.h's 387, cusolverSp.h's 62, cusolverRf.h's 26, cusolver_common.h's 2"
    );
    let extra: BTreeSet<&str> = ours.difference(&nvidia).map(String::as_str).collect();
    let loggers = [
        "ForceDisable",
        "OpenFile",
        "SetCallback",
        "SetFile",
        "SetLevel",
        "SetMask",
    ]
    .map(|l| format!("T cusolverDnLogger{l}@@libcusolver.so.11"));
    assert_eq!(extra, loggers.iter().map(String::as_str).collect());
    assert_eq!(
        nvidia.difference(&ours).count(),
        439,
        "NVIDIA's undeclared exports"
    );
}

#[test]
fn a_cusolver_client_gets_cusolvers_codes() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cusolver.c");
    let inputs = root().join(".cache/inputs");
    // cusolverDn.h includes cublas_v2.h (whose cuda_fp16.h includes CCCL's <nv/target>),
    // cusolverSp.h cusparse.h.
    let args = [
        format!("-I{}", inputs.join("cusolver-11.7/include").display()),
        format!("-I{}", inputs.join("cublas-12.9/include").display()),
        format!("-I{}", inputs.join("cusparse-12.5/include").display()),
        format!("-I{}", cuda_include().display()),
        format!("-I{}", inputs.join("cuda-12.9-cccl/include").display()),
    ];
    let (out, err) =
        CProgram::build_with(&source, "cusolver", &args).output(&[("CUDA_AS_HIP_LOG", "warn")]);
    // No GPU: no handle (NOT_INITIALIZED, 1), whether or not a hipSOLVER is beside the runtime.
    for expected in [
        "version 0 11705",
        "dn_create 1 0",
        "sp_create 1",
        "rf_create 1",
        "potrf_null 1",
        "create_null 3",
        "destroy_null 1",
    ] {
        let key = expected.split(' ').next().unwrap();
        assert_eq!(line(&out, key), expected, "{out}{err}");
    }
    assert!(err.contains("the HIP runtime sees no GPU"), "{err}");
    if hip_run().facts.hipsolver.is_none() {
        // No call reaches a hipSOLVER: nothing to name.
        assert!(!err.contains("libhipsolver"), "{err}");
    }
}
