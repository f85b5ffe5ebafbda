//! libcusolverMg.so.11 as C programs see it: every function CUDA 12.9's cusolverMg.h declares,
//! exported with the symbol version of NVIDIA's libcusolverMg.so.11 (against its export list), and
//! a gcc-built client of that header on each HIP version (no GPU: handles, grids and descriptors
//! are made and checked, nothing is solved).

use std::collections::BTreeSet;
use std::path::Path;
use test_support::{
    cuda_include, dynamic_exports, line, nvidia_exports, profile_dir, root, CProgram,
};

/// Ours exports the 19 functions cusolverMg.h declares, each as NVIDIA's library does; NVIDIA's
/// also exports 211 entry points no header declares (its distributed BLAS and LAPACK helpers:
/// `cusolverMgDgemm`, `cudaLibMgMatrixDesc_getNumRows` …).
#[test]
fn libcusolvermg_exports_every_header_function_with_nvidias_symbol_version() {
    let (ours, nvidia) = (
        dynamic_exports(&profile_dir().join("libcusolverMg.so")),
        nvidia_exports("cusolver-11.7/libcusolverMg.so.11.exports"),
    );
    let functions = ours.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(functions, 19, "cusolverMg.h's 19");
    let extra: BTreeSet<&String> = ours.difference(&nvidia).collect();
    assert!(
        extra.is_empty(),
        "exported by ours, not NVIDIA's: {extra:?}"
    );
    assert_eq!(
        nvidia.difference(&ours).count(),
        211,
        "NVIDIA's undeclared exports"
    );
}

#[test]
fn a_cusolvermg_client_gets_cusolvers_codes() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cusolvermg.c");
    let inputs = root().join(".cache/inputs");
    // cusolverMg.h includes cusolverDn.h, which includes cublas_v2.h (whose cuda_fp16.h includes
    // CCCL's <nv/target>).
    let args = [
        format!("-I{}", inputs.join("cusolver-11.7/include").display()),
        format!("-I{}", inputs.join("cublas-12.9/include").display()),
        format!("-I{}", cuda_include().display()),
        format!("-I{}", inputs.join("cuda-12.9-cccl/include").display()),
    ];
    let (out, err) =
        CProgram::build_with(&source, "cusolverMg", &args).output(&[("CUDA_AS_HIP_LOG", "info")]);
    // cusolverStatus_t: NOT_INITIALIZED 1, INVALID_VALUE 3. No GPU: no device to select, nothing
    // solved (NOT_INITIALIZED, naming why); grids and descriptors are the host's.
    for expected in [
        "create 0 1",
        "select 3",
        "grid 0 1",
        "grid_two_rows 3",
        "grid_bad_mapping 3",
        "desc 0 1",
        "desc_half 3",
        "desc_empty 3",
        "desc_no_grid 1",
        "potrf_size 1 -1",
        "potrf_size_null_handle 1",
        "getrf_size_outside 3",
        "getrf_null_info 3",
        "syevd_null_w 3",
        "destroy_desc 0 1",
        "destroy_grid 0 1",
        "destroy 0 1",
        "destroy_null 1",
    ] {
        let key = expected.split(' ').next().unwrap();
        assert_eq!(line(&out, key), expected, "{out}{err}");
    }
    assert!(err.contains("the HIP runtime sees no GPU"), "{err}");
    assert!(err.contains("no device 0 (0 available)"), "{err}");
}
