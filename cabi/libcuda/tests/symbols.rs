//! Symbol audit: what libcuda.so exports (`nm -D`) is exactly the generated export list, and it
//! covers every function CUDA 12.9's cuda.h, cudaProfiler.h and the OpenGL / EGL / VDPAU interop
//! headers declare, as gcc (a front end independent of aliasgen's libclang) reads them with
//! `-aux-info`; and against a real NVIDIA driver's libcuda.so.1 (Debian bookworm's non-free
//! `libcuda1`, scripts/setup.sh), only its debugger hooks and internal names are missing.

use std::collections::BTreeSet;
use std::process::Command;
use test_support::{cuda_include, dynamic_exports, profile_dir, root, Scratch};

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

/// The driver's headers (cudaVDPAU.h expects vdpau.h before it).
const DRIVER_HEADERS: [&str; 6] = [
    "cuda.h",
    "cudaProfiler.h",
    "cudaGL.h",
    "cudaEGL.h",
    "vdpau/vdpau.h",
    "cudaVDPAU.h",
];

/// Function names the driver's headers declare with `define` (none, per-thread streams, or
/// NVIDIA's own internal view with the legacy names).
fn declared_by_cuda_h(define: &str) -> BTreeSet<String> {
    let include = cuda_include();
    let dir = Scratch::new("audit");
    let (src, aux) = (dir.path().join("probe.c"), dir.path().join("aux.txt"));
    let includes: String = DRIVER_HEADERS
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    std::fs::write(&src, includes).unwrap();
    let interop = root().join(".cache/inputs/interop-headers/usr/include");
    let status = Command::new("gcc")
        .args(["-fsyntax-only", "-std=c11", "-DEGL_NO_X11"])
        .arg(format!("-D{define}"))
        .arg(format!("-isystem{}", interop.display()))
        .arg("-I")
        .arg(&include)
        .arg("-aux-info")
        .args([&aux, &src])
        .status()
        .expect("gcc runs");
    assert!(status.success());
    let mine = |file: &str| {
        DRIVER_HEADERS
            .iter()
            .any(|h| h.starts_with("cuda") && file.ends_with(&format!("/{h}")))
    };
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
    assert!(
        declared.contains("cuGraphicsGLRegisterBuffer") && declared.contains("cuVDPAUGetDevice")
    );
    assert_eq!(exported, generated, "nm -D against exports.rs");
    let missing: Vec<&String> = declared.difference(&exported).collect();
    assert!(
        missing.is_empty(),
        "declared by cuda.h but not exported: {missing:?}"
    );
    println!(
        "audit: {} exported, {} declared by the driver's headers, 0 missing",
        exported.len(),
        declared.len()
    );
}

/// Exports of NVIDIA's driver 535.261.03 (CUDA 12.2) that no CUDA 12.9 header declares: cuda-gdb's
/// in-process hooks (`cudbg*`, reached by the debugger, not by programs) and internal names
/// (`cuEGLApiInit`, `cuMemGetAttribute`). Every other export of it is ours too.
const DRIVER_ONLY: [&str; 11] = [
    "cuEGLApiInit",
    "cuMemGetAttribute",
    "cuMemGetAttribute_v2",
    "cudbgApiAttach",
    "cudbgApiDetach",
    "cudbgApiInit",
    "cudbgGetAPI",
    "cudbgGetAPIVersion",
    "cudbgMain",
    "cudbgReportDriverApiError",
    "cudbgReportDriverInternalError",
];

#[test]
fn libcuda_exports_every_function_of_a_real_drivers_libcuda_but_its_debugger_hooks() {
    let dir = root().join(".cache/inputs/libcuda1");
    let stamp = std::fs::read_to_string(dir.join(".stamp")).expect("run scripts/setup.sh");
    let driver = dir.join("usr/lib/x86_64-linux-gnu/nvidia/current/libcuda.so.1");
    let functions = |lib: &std::path::Path| -> BTreeSet<String> {
        dynamic_exports(lib)
            .iter()
            .filter_map(|s| s.strip_prefix("T ").map(String::from))
            .collect()
    };
    let (nvidia, ours) = (functions(&driver), exported());
    assert!(nvidia.len() > 550, "{} functions in {stamp}", nvidia.len());
    assert!(
        nvidia.iter().all(|n| !n.contains('@')),
        "NVIDIA's libcuda versions no symbol"
    );
    let missing: Vec<&str> = nvidia.difference(&ours).map(String::as_str).collect();
    assert_eq!(missing, DRIVER_ONLY, "exported by {}", stamp.trim());
    let newer: Vec<&String> = ours.difference(&nvidia).collect();
    println!(
        "audit against {}: {} of {} missing (debugger hooks, internal names); {} newer than it: {newer:?}",
        stamp.trim(),
        missing.len(),
        nvidia.len(),
        newer.len()
    );
}
