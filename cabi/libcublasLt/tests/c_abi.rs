//! libcublasLt.so.12 as C programs see it: every C function CUDA 12.9's cublasLt.h declares,
//! exported with the symbol version of NVIDIA's libcublasLt.so.12 (against its export list), and a
//! gcc-built client of cublasLt.h on each HIP version's hipBLASLt (no GPU: no handle, which
//! hipBLASLt would answer by ending the process; descriptors are made and read where hipBLASLt
//! makes them).

use std::collections::BTreeSet;
use std::path::Path;
use test_support::{
    cuda_include, dynamic_exports, hip_run, line, nvidia_exports, profile_dir, root, CProgram,
};

/// Ours exports cublasLt.h's 45 C functions, all NVIDIA's but one: NVIDIA's 12.9 does not export
/// `cublasLtDisableCpuInstructionsSetMask`, which its header declares (ours does). NVIDIA's also
/// exports 136 internal entry points (`cublasLtSSSMatmul`, `cublasLtLegacyGemm…`, …) no header
/// declares.
#[test]
fn libcublaslt_exports_every_c_function_with_nvidias_symbol_version() {
    let ours = dynamic_exports(&profile_dir().join("libcublasLt.so"));
    let nvidia = nvidia_exports("cublas-12.9/lib/libcublasLt.so.12.exports");
    let functions = ours.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(functions, 45, "cublasLt.h's C functions");
    let extra: BTreeSet<&String> = ours.difference(&nvidia).collect();
    let declared_only = ["T cublasLtDisableCpuInstructionsSetMask@@libcublasLt.so.12"];
    assert_eq!(extra.into_iter().collect::<Vec<_>>(), declared_only);
    let missing: Vec<&String> = nvidia.difference(&ours).collect();
    assert!(
        missing.iter().all(|e| !e.starts_with("T cublasLtMatmul@")),
        "{missing:?}"
    );
    assert_eq!(missing.len(), 136, "{missing:?}");
}

#[test]
fn a_cublaslt_client_gets_cublas_codes_and_cuda_numbers() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cublaslt.c");
    let inputs = root().join(".cache/inputs");
    // cublasLt.h includes cublas_api.h, whose cuda_fp16.h includes CCCL's <nv/target>.
    let args = [
        format!("-I{}", inputs.join("cublas-12.9/include").display()),
        format!("-I{}", cuda_include().display()),
        format!("-I{}", inputs.join("cuda-12.9-cccl/include").display()),
    ];
    let (out, err) =
        CProgram::build_with(&source, "cublasLt", &args).output(&[("CUDA_AS_HIP_LOG", "warn")]);
    // No GPU: no handle (NOT_INITIALIZED 1), never hipBLASLt's exit(); NULL out-pointer and NULL
    // handle as cuBLASLt answers them (INVALID_VALUE 7, NOT_INITIALIZED 1).
    let mut expected = vec![
        "create 1 0",
        "create_null 7",
        "version 120901 12090",
        "name CUBLAS_STATUS_NOT_SUPPORTED",
        "text an invalid numeric value was used as an argument",
        "destroy_null 1",
        "level 0 7",
        "callback 0",
    ];
    match hip_run().facts.hipblaslt_release {
        // HIP 5: no hipBLASLt; every call that needs it answers NOT_INITIALIZED.
        None => expected.extend(["desc 1 0", "layout 1 0"]),
        // hipBLASLt makes descriptors without a GPU: CUDA's values go in and come back out
        // (CUBLAS_OP_T 1, RELU_BIAS 6); what this layer refuses itself is refused before
        // hipBLASLt: an operation no CUDA constant names, an enum value of 2 bytes
        // (INVALID_VALUE); TRANSC = N is what hipBLASLt does (success). hipBLASLt reads back only
        // a layout's batch count and stride (its ORDER: INVALID_VALUE, measured on 7.1 and 7.2).
        Some(_) => expected.extend([
            "desc 0 1",
            "set_transa 0",
            "get_transa 0 1 4",
            "set_bad_op 7",
            "set_short 7",
            "set_transc 0",
            "set_epilogue 0",
            "get_epilogue 0 6",
            "desc_destroy 0",
            "layout 0 1",
            "set_order 0",
            "get_order 7 0",
            "set_batch 0",
            "get_batch 0 3 4",
            "layout_destroy 0",
        ]),
    }
    // The failures above reached the logger's callback at the error level.
    expected.push("messages 1");
    for expected in expected {
        let key = expected.split(' ').next().unwrap();
        assert_eq!(line(&out, key), expected, "{out}{err}");
    }
}
