//! libcu++ (CCCL) as callers bring it, through our NVRTC on the real hiprtc of each HIP version:
//! CUDA 12.9's (PyPI nvidia-cuda-cccl-cu12 12.9.27, CCCL 2.8.2) and CuPy 14.2's bundled one (CCCL
//! 3.1.2), both from scripts/setup.sh. Every public header (`cuda/std/*`, `cuda/*`) compiles, apart
//! from those our NVRTC refuses by name and those listed here, each failing for the reason the
//! test checks in the log. README,
//! "libcu++ (CCCL) the caller brings", states the counts.

mod nvrtc_common;

use cuda_as_hip::nvrtc::sys::nvrtcResult;
use std::path::PathBuf;

/// One CCCL release and what of it cannot compile on hiprtc.
struct Cccl {
    label: &'static str,
    /// The include directory, under the repository's `.cache/inputs`.
    include: &'static str,
    /// Headers that pull in inline NVIDIA PTX (`asm` with NVPTX register constraints), which
    /// hiprtc rejects (the log names the header that holds it), or libcu++'s atomics, which are
    /// such PTX and refused by name.
    ptx: &'static [&'static str],
    /// Headers NVIDIA's NVRTC 12.9 does not compile either (measured; not asserted here).
    nvidia_fails: &'static [&'static str],
}

const CCCLS: [Cccl; 2] = [
    Cccl {
        label: "CUDA 12.9's CCCL 2.8.2",
        include: "cuda-12.9-cccl/include",
        ptx: &["cuda/ptx", "cuda/std/bit"],
        nvidia_fails: &["cuda/annotated_ptr", "cuda/stream_ref"],
    },
    Cccl {
        label: "CuPy 14.2's CCCL 3.1.2",
        include: "cupy-14.2/cccl/libcudacxx",
        ptx: &[
            "cuda/access_property",
            "cuda/annotated_ptr",
            "cuda/bit",
            "cuda/cmath",
            "cuda/discard_memory",
            "cuda/mdspan",
            "cuda/memory",
            "cuda/ptx",
            "cuda/warp",
            "cuda/work_stealing",
            "cuda/std/bit",
            "cuda/std/chrono",
            "cuda/std/ctime",
            "cuda/std/memory",
        ],
        nvidia_fails: &["cuda/memory_resource", "cuda/stream", "cuda/stream_ref"],
    },
];

fn inputs() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.cache/inputs"))
}

/// The public headers of `include`: the files directly in `cuda/std/` and `cuda/` (names that
/// start with `__` are CCCL's own).
fn public_headers(include: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["cuda/std", "cuda"] {
        let entries = std::fs::read_dir(include.join(dir))
            .unwrap_or_else(|e| panic!("{}/{dir}: {e} (run scripts/setup.sh)", include.display()));
        for e in entries.map(Result::unwrap) {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_file() && !name.starts_with("__") {
                out.push(format!("{dir}/{name}"));
            }
        }
    }
    out.sort();
    out
}

/// Headers our NVRTC refuses by name (an `#error` with the reason).
fn refused_by_us(header: &str) -> bool {
    cuda_as_hip::nvrtc::headers::served()
        .iter()
        .any(|(n, text)| *n == header && text.starts_with("#error"))
}

fn compile(headers: &[&str], include: &std::path::Path) -> (nvrtcResult, String) {
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let mut source: String = headers
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    source.push_str("extern \"C\" __global__ void k(int* x) { x[0] = 1; }\n");
    let option = format!("-I{}", include.display());
    let c = nvrtc_common::compile(&source, "cccl.cu", &["-arch=compute_80", &option], &[], &[]);
    (c.result, c.log)
}

/// Compiles `header` alone and asserts it fails with `expected` in the log.
fn fails_with(header: &str, include: &std::path::Path, expected: &str) {
    let (result, log) = compile(&[header], include);
    assert_eq!(
        result,
        nvrtcResult::NVRTC_ERROR_COMPILATION,
        "<{header}> compiled"
    );
    assert!(
        log.contains(expected),
        "<{header}>: log lacks `{expected}`:\n{log}"
    );
}

fn check(cccl: &Cccl) {
    let include = inputs().join(cccl.include);
    let all = public_headers(&include);
    assert!(
        all.len() > 50,
        "{}: {} public headers",
        cccl.label,
        all.len()
    );
    let listed =
        |h: &String| cccl.ptx.contains(&h.as_str()) || cccl.nvidia_fails.contains(&h.as_str());
    let refused: Vec<&str> = all
        .iter()
        .filter(|h| refused_by_us(h))
        .map(String::as_str)
        .collect();
    let compiling: Vec<&str> = all
        .iter()
        .filter(|h| !listed(h) && !refused_by_us(h))
        .map(String::as_str)
        .collect();
    let (result, log) = compile(&compiling, &include);
    assert_eq!(
        result,
        nvrtcResult::NVRTC_SUCCESS,
        "{}: the headers expected to compile do not:\n{log}",
        cccl.label
    );
    for h in &refused {
        fails_with(h, &include, &format!("cuda-as-hip: <{h}>"));
    }
    for h in cccl.ptx {
        let (result, log) = compile(&[h], &include);
        assert_eq!(
            result,
            nvrtcResult::NVRTC_ERROR_COMPILATION,
            "<{h}> compiled"
        );
        assert!(
            log.contains("uses NVIDIA PTX assembly") || log.contains("are NVIDIA PTX (inline asm)"),
            "<{h}>: the log names no NVIDIA PTX:\n{log}"
        );
    }
    let row = format!(
        "| {} | {} | {} | {} | {} | {} |",
        cccl.label,
        all.len(),
        compiling.len(),
        refused.len(),
        cccl.ptx.len(),
        cccl.nvidia_fails.len()
    );
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    assert!(readme.contains(&row), "README.md lacks `{row}`");
}

#[test]
fn cuda_12_9_cccl_compiles_but_for_what_cannot() {
    check(&CCCLS[0]);
}

#[test]
fn cupy_14_2_cccl_compiles_but_for_what_cannot() {
    check(&CCCLS[1]);
}
