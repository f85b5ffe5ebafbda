//! libcusparse.so.12 as C programs see it: every C function CUDA 12.9's cusparse.h declares,
//! exported with the symbol version of NVIDIA's libcusparse.so.12 (against its export list), and a
//! gcc-built client of cusparse.h on each HIP version's hipSPARSE (no GPU: no handle; descriptors
//! are made and read).

use std::collections::BTreeSet;
use std::path::Path;
use test_support::{
    cuda_include, dynamic_exports, line, nvidia_exports, profile_dir, root, CProgram,
};

/// Ours exports cusparse.h's 448 C functions and the 12 half-precision `cusparseHprune…` functions
/// it declares for C++ only (NVIDIA's exports them; hipSPARSE has none: NOT_SUPPORTED). NVIDIA's 12.5
/// does not define 37 the header still declares (36 deprecated `…_bufferSizeExt`,
/// `cusparseXgebsr2csr`: ours exports them); ours misses none of NVIDIA's.
#[test]
fn libcusparse_exports_every_function_with_nvidias_symbol_version() {
    let ours = dynamic_exports(&profile_dir().join("libcusparse.so"));
    let nvidia = nvidia_exports("cusparse-12.5/libcusparse.so.12.exports");
    let functions = ours.iter().filter(|e| e.starts_with("T ")).count();
    assert_eq!(
        functions,
        448 + 12,
        "cusparse.h's C functions and the C++-only half prunes"
    );
    assert!(ours.contains("T cusparseHpruneCsr2csr@@libcusparse.so.12"));
    let extra: BTreeSet<&String> = ours.difference(&nvidia).collect();
    assert_eq!(extra.len(), 37, "{extra:?}");
    let declared_only = |e: &&String| {
        e.ends_with("_bufferSizeExt@@libcusparse.so.12")
            || e.as_str() == "T cusparseXgebsr2csr@@libcusparse.so.12"
    };
    assert!(extra.iter().all(declared_only), "{extra:?}");
    let missing: BTreeSet<&String> = nvidia.difference(&ours).collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn a_cusparse_client_gets_cusparses_codes() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cusparse.c");
    let args = [
        format!(
            "-I{}",
            root().join(".cache/inputs/cusparse-12.5/include").display()
        ),
        format!("-I{}", cuda_include().display()),
    ];
    let (out, err) =
        CProgram::build_with(&source, "cusparse", &args).output(&[("CUDA_AS_HIP_LOG", "warn")]);
    // No GPU: no handle (NOT_INITIALIZED, 1); a NULL handle is INVALID_VALUE (3), as NVIDIA's
    // library answers; descriptors keep cuSPARSE's values (TRIANGULAR 3, base ONE 1).
    for expected in [
        "create 1 0",
        "version_null 3",
        "text zero pivot",
        "descr 0",
        "set_type 0",
        "set_base 0",
        "get 3 1",
        "destroy 0",
        "stream_null 3",
    ] {
        let key = expected.split(' ').next().unwrap();
        assert_eq!(line(&out, key), expected, "{out}{err}");
    }
}
