//! libcublas.so.12 as C programs see it: every cublas_v2.h export of NVIDIA's with NVIDIA's symbol
//! version, a program linked against NVIDIA's libcublas starting on ours, and a gcc-built cuBLAS
//! client on each HIP version's hipBLAS (no GPU: handles are refused, never created).

use std::path::{Path, PathBuf};
use test_support::{
    cuda_include, dynamic_exports, export_audit, hip_run, line, profile_dir, root,
    run_linked_against_only, CProgram, Scratch,
};

/// NVIDIA's libcublas.so.12 of CUDA 12.9 (the nvidia-cublas-cu12 wheel, unpacked by setup.sh).
fn nvidias() -> PathBuf {
    let path = root().join(".cache/inputs/cublas-12.9/lib/libcublas.so.12");
    assert!(path.exists(), "{}: run scripts/setup.sh", path.display());
    path
}

fn ours() -> PathBuf {
    profile_dir().join("libcublas.so")
}

/// NVIDIA's library also exports the legacy API of cublas.h (`cublasSgemm` with `char` operations
/// and no handle, `cublasInit`, `cublasAlloc`…), cublasXt, the half-precision GEMVs cublas_api.h
/// declares for C++ only and internal entry points: ours exports cublas_v2.h's C API and the
/// half-precision GEMMs (C++ only in the header; cudarc's `hgemm` looks them up).
#[test]
fn libcublas_exports_every_cublas_v2_function_of_nvidias_with_its_symbol_version() {
    let (missing, extra) = export_audit(&ours(), &nvidias());
    assert!(
        extra.is_empty(),
        "ours exports what NVIDIA's does not: {extra:?}"
    );
    let exports = dynamic_exports(&ours());
    let functions = exports.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(
        functions, 513,
        "cublas_v2.h's C functions and the 6 half-precision GEMMs"
    );
    assert!(exports.contains("T cublasGemmStridedBatchedEx@@libcublas.so.12"));
    for legacy in [
        "T cublasInit@@libcublas.so.12",
        "T cublasSgemm@@libcublas.so.12",
    ] {
        assert!(missing.iter().any(|m| m == legacy), "{missing:?}");
    }
    assert!(exports.contains("T cublasHgemmStridedBatched@@libcublas.so.12"));
    assert!(missing
        .iter()
        .any(|m| m.starts_with("T cublasHSHgemvBatched@@")));
}

#[test]
fn a_program_linked_against_nvidias_libcublas_loads_on_ours() {
    let work = Scratch::new("cublas-nvidia-linked");
    let ours = dynamic_exports(&ours());
    let (ok, stdout, stderr, bound) =
        run_linked_against_only(&nvidias(), work.path(), |e| ours.contains(e));
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(stderr, "", "the loader's complaints");
    assert_eq!(
        bound, 513,
        "NVIDIA's cublas_v2.h functions and half-precision GEMMs"
    );
}

fn client() -> CProgram {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cublas.c");
    let inputs = root().join(".cache/inputs");
    // cuda_fp16.h, which cublas_api.h includes, includes CCCL's <nv/target>.
    let args = [
        format!("-I{}", inputs.join("cublas-12.9/include").display()),
        format!("-I{}", cuda_include().display()),
        format!("-I{}", inputs.join("cuda-12.9-cccl/include").display()),
    ];
    CProgram::build_with(&source, "cublas", &args)
}

/// Each `(key, line, why)`: the client printed exactly `line` for `key`.
fn expect(out: &str, lines: &[(&str, &str, &str)]) {
    for (key, expected, why) in lines {
        assert_eq!(line(out, key), *expected, "{why}:\n{out}");
    }
}

#[test]
fn a_cublas_client_gets_cublass_codes() {
    let (out, err) = client().output(&[("CUDA_AS_HIP_LOG", "warn")]);
    expect(
        &out,
        &[
            ("version", "version 0 120901", "the cuBLAS we implement"),
            ("minor", "minor 0 9", "its minor version"),
            ("name", "name CUBLAS_STATUS_INVALID_VALUE", "cuBLAS's name"),
            ("create", "create 1 0", "NOT_INITIALIZED: no GPU"),
            ("set_stream_null", "set_stream_null 1", "a NULL handle"),
            ("sgemm_null", "sgemm_null 1", "a NULL handle"),
            ("gemm_ex_null", "gemm_ex_null 1", "a NULL handle"),
            (
                "logger",
                "logger 15",
                "NOT_SUPPORTED: hipBLAS has no logger",
            ),
        ],
    );
    assert!(
        err.contains("cublasCreate_v2") && err.contains("no GPU"),
        "{err}"
    );
    // A call without a handle reaches hipBLAS, which refuses NULL vectors (INVALID_VALUE); where
    // Debian ships no hipBLAS (beside HIP 5.2.3), NOT_INITIALIZED, and the log names what to
    // install.
    let set_vector = line(&out, "set_vector_null");
    match hip_run().facts.hipblas {
        Some(_) => assert_eq!(set_vector, "set_vector_null 7", "{out}"),
        None => {
            assert_eq!(set_vector, "set_vector_null 1", "{out}");
            assert!(err.contains("no hipBLAS library found"), "{err}");
            assert!(err.contains("libhipblas"), "{err}");
        }
    }
}

#[test]
fn without_hipblas_calls_say_which_library_is_missing() {
    let missing = (
        "CUDA_AS_HIP_HIPBLAS_LIBRARY",
        "/nonexistent/libhipblas.so.3",
    );
    let (out, err) = client().output(&[missing, ("CUDA_AS_HIP_LOG", "warn")]);
    expect(
        &out,
        &[
            ("version", "version 0 120901", "answered without hipBLAS"),
            ("sgemm_null", "sgemm_null 1", "NOT_INITIALIZED"),
            ("set_vector_null", "set_vector_null 1", "NOT_INITIALIZED"),
        ],
    );
    assert!(
        err.contains("names a hipBLAS library that does not load"),
        "{err}"
    );
    assert!(err.contains("CUDA_AS_HIP_HIPBLAS_LIBRARY"), "{err}");
}
