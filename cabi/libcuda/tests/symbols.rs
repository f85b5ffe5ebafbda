//! Symbol audit: what libcuda.so exports (`nm -D`) is exactly the generated export list, and it
//! covers every function CUDA 12.9's cuda.h and cudaProfiler.h declare, as gcc (a front end
//! independent of aliasgen's libclang) reads them with `-aux-info`.

use std::collections::BTreeSet;
use std::process::Command;
use test_support::{cuda_include, profile_dir, root, Scratch};

fn exported() -> BTreeSet<String> {
    let lib = profile_dir().join("libcuda.so");
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&lib)
        .output()
        .expect("nm runs");
    assert!(out.status.success(), "nm {}", lib.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(" T ").map(|(_, n)| n.to_string()))
        .collect()
}

fn generated_list() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(root().join("cabi/libcuda/src/exports.rs")).expect("exports.rs");
    text.lines()
        .filter_map(|l| l.strip_prefix("pub unsafe extern \"C\" fn "))
        .map(|l| l.split('(').next().unwrap_or_default().to_string())
        .collect()
}

/// Function names cuda.h + cudaProfiler.h declare with `define` (none, per-thread streams, or
/// NVIDIA's own internal view with the legacy names).
fn declared_by_cuda_h(define: &str) -> BTreeSet<String> {
    let include = cuda_include();
    let dir = Scratch::new("audit");
    let (src, aux) = (dir.path().join("probe.c"), dir.path().join("aux.txt"));
    std::fs::write(&src, "#include <cuda.h>\n#include <cudaProfiler.h>\n").unwrap();
    let status = Command::new("gcc")
        .args(["-fsyntax-only", "-std=c11"])
        .arg(format!("-D{define}"))
        .arg("-I")
        .arg(&include)
        .arg("-aux-info")
        .args([&aux, &src])
        .status()
        .expect("gcc runs");
    assert!(status.success());
    let mine = |file: &str| file.ends_with("/cuda.h") || file.ends_with("/cudaProfiler.h");
    std::fs::read_to_string(&aux)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("/* ")?.split_once(" */ "))
        .filter(|(tag, decl)| {
            tag.rsplitn(3, ':').nth(2).is_some_and(mine) && decl.starts_with("extern ")
        })
        .filter_map(|(_, decl)| {
            decl.split(" (")
                .next()?
                .rsplit([' ', '*'])
                .next()
                .map(String::from)
        })
        .collect()
}

#[test]
fn exports_are_the_generated_list_and_cover_cuda_h() {
    let (exported, generated) = (exported(), generated_list());
    let declared: BTreeSet<String> = [
        "NOTHING",
        "CUDA_API_PER_THREAD_DEFAULT_STREAM",
        "__CUDA_API_VERSION_INTERNAL",
    ]
    .iter()
    .flat_map(|d| declared_by_cuda_h(d))
    .collect();
    assert!(declared.len() > 600, "gcc saw {} functions", declared.len());
    assert_eq!(exported, generated, "nm -D against exports.rs");
    let missing: Vec<&String> = declared.difference(&exported).collect();
    assert!(
        missing.is_empty(),
        "declared by cuda.h but not exported: {missing:?}"
    );
    println!(
        "audit: {} exported, {} declared by cuda.h + cudaProfiler.h, 0 missing",
        exported.len(),
        declared.len()
    );
}
