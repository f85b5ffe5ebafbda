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

/// Ours exports cublas_v2.h's C API, the half-precision GEMMs and GEMVs cublas_api.h declares for
/// C++ only (cudarc's `hgemm` looks the GEMMs up; hipBLAS has no half-precision GEMV: not
/// supported), the legacy API of cublas.h (`cublasSgemm` with `char` operations and no handle,
/// `cublasInit`, `cublasAlloc`…) and cublasXt.h's (not supported: hipBLAS has no multi-GPU API):
/// every export of NVIDIA's but nine internal entry points no header declares.
#[test]
fn libcublas_exports_every_function_of_nvidias_headers_with_its_symbol_version() {
    let (missing, extra) = export_audit(&ours(), &nvidias());
    assert!(
        extra.is_empty(),
        "ours exports what NVIDIA's does not: {extra:?}"
    );
    let exports = dynamic_exports(&ours());
    let functions = exports.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(
        functions,
        507 + 6 + 16 + 157 + 51,
        "cublas_api.h's C functions, its 6 half-precision GEMMs and 16 GEMVs, cublas.h's 157, cublasXt.h's 51"
    );
    for name in [
        "T cublasGemmStridedBatchedEx@@libcublas.so.12",
        "T cublasInit@@libcublas.so.12",
        "T cublasSgemm@@libcublas.so.12",
        "T cublasGetError@@libcublas.so.12",
        "T cublasXtSgemm@@libcublas.so.12",
        "T cublasHSHgemvBatched@@libcublas.so.12",
    ] {
        assert!(exports.contains(name), "{name}");
    }
    let internal: Vec<String> = [
        "cublasCbdmm",
        "cublasDbdmm",
        "cublasGetBackdoor",
        "cublasGetEnvironmentMode",
        "cublasSbdmm",
        "cublasSetBackdoor",
        "cublasSetBackdoorEx",
        "cublasSetEnvironmentMode",
        "cublasZbdmm",
    ]
    .iter()
    .map(|n| format!("T {n}@@libcublas.so.12"))
    .collect();
    assert_eq!(missing, internal);
    assert!(exports.contains("T cublasHgemmStridedBatched@@libcublas.so.12"));
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
        bound, 737,
        "every export of NVIDIA's but its nine internal ones"
    );
}

fn client() -> CProgram {
    client_of("cublas.c")
}

/// The C program `tests/FILE`, built against CUDA 12.9's cuBLAS headers.
fn client_of(file: &str) -> CProgram {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(file);
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

/// cuBLAS's legacy API (cublas.h) from a gcc-built client: its functions call their `_v2` twins
/// with the handle `cublasInit` makes; without one (no `cublasInit`, or no GPU to make it) each
/// fails `CUBLAS_STATUS_NOT_INITIALIZED`, which `cublasGetError` reports once, and the results
/// returned by value are zero.
#[test]
fn a_legacy_cublas_client_gets_its_errors_through_cublas_get_error() {
    let (out, err) = client_of("cublas_legacy.c").output(&[]);
    expect(
        &out,
        &[
            (
                "version",
                "version 0 120901",
                "the cuBLAS we implement, handle or not",
            ),
            (
                "dot_uninit",
                "dot_uninit 0 1 0",
                "NOT_INITIALIZED, reported once",
            ),
            ("sgemm_uninit", "sgemm_uninit 1", "NOT_INITIALIZED"),
            (
                "cdotu_uninit",
                "cdotu_uninit 0 0 1",
                "a complex result by value",
            ),
            ("isamax_uninit", "isamax_uninit 0 1", "an int result"),
            ("alloc_uninit", "alloc_uninit 1", "NOT_INITIALIZED"),
            ("free_uninit", "free_uninit 1", "NOT_INITIALIZED"),
            ("stream_uninit", "stream_uninit 1", "NOT_INITIALIZED"),
            ("shutdown_uninit", "shutdown_uninit 1", "NOT_INITIALIZED"),
            ("init", "init 1", "no GPU: no handle"),
            (
                "after_init",
                "after_init 0",
                "cublasInit returns its status",
            ),
        ],
    );
    assert_eq!(err, "", "nothing logged at the default level");
}
