//! libnccl.so.2 as C programs see it: every function NVIDIA's libnccl.so.2 (NCCL 2.27.7) exports,
//! a gcc-built client of NCCL's own nccl.h, on each HIP version's RCCL (no GPU: no communicator).

use std::collections::BTreeSet;
use std::path::Path;
use test_support::{
    cuda_include, dynamic_exports, hip_run, line, nvidia_exports, profile_dir, root, CProgram,
};

/// Function names a library exports (`T` or, as NVIDIA's `nccl*` aliases of `pnccl*`, `W`).
fn functions(exports: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    exports
        .into_iter()
        .filter_map(|e| {
            let (kind, name) = e.split_once(' ')?;
            matches!(kind, "T" | "W").then(|| name.to_string())
        })
        .collect()
}

#[test]
fn libnccl_exports_every_function_nvidias_exports_unversioned() {
    let nvidia = functions(nvidia_exports("nccl-2.27.7/libnccl.so.2.exports"));
    let ours = dynamic_exports(&profile_dir().join("libnccl.so"));
    assert!(
        ours.iter().all(|e| !e.contains('@')),
        "NVIDIA's libnccl versions no symbol: {ours:?}"
    );
    let ours = functions(ours);
    assert_eq!(
        nvidia.len(),
        74,
        "nccl.h's 37 functions and their pncclX aliases"
    );
    let missing: Vec<&String> = nvidia.difference(&ours).collect();
    assert!(
        missing.is_empty(),
        "NVIDIA's exports ours lacks: {missing:?}"
    );
    assert_eq!(ours, nvidia);
}

#[test]
fn an_nccl_client_gets_nccls_codes() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nccl.c");
    let inputs = root().join(".cache/inputs");
    // nccl.h includes cuda_fp16.h, which includes CCCL's <nv/target>.
    let args = [
        format!("-I{}", inputs.join("nccl-2.27.7/include").display()),
        format!("-I{}", cuda_include().display()),
        format!("-I{}", inputs.join("cuda-12.9-cccl/include").display()),
    ];
    let (out, err) =
        CProgram::build_with(&source, "nccl", &args).output(&[("CUDA_AS_HIP_LOG", "warn")]);
    let has_rccl = hip_run().facts.rccl.is_some();
    // No GPU: RCCL's ncclUnhandledCudaError; no RCCL: ncclSystemError, the log naming the package.
    let init_all = if has_rccl {
        "init_all 1 0"
    } else {
        "init_all 2 0"
    };
    let destroy = if has_rccl {
        "destroy_null 0"
    } else {
        "destroy_null 2"
    };
    for expected in [
        "version 0 22707",
        "text invalid usage (run with NCCL_DEBUG=WARN for details)",
        init_all,
        "count_null 4",
        destroy,
        "all_reduce_null 4",
    ] {
        let key = expected.split(' ').next().unwrap();
        assert_eq!(line(&out, key), expected, "{out}{err}");
    }
    if !has_rccl {
        assert!(
            err.contains("no RCCL library found") && err.contains("librccl1"),
            "{err}"
        );
    }
}
