//! The kernels CuPy 14.2 generates at run time (elementwise ufuncs, reductions, scans, indexing,
//! float16 and complex64 variants, CuPy's RawModules), as scripts/cupy_kernels.py captures them
//! from the installed CuPy at setup time, each compiled with CuPy's own options and include path
//! (its bundled CCCL among them) through our NVRTC on the real hiprtc of each HIP version. At least
//! the recorded floor must compile: a header change that loses a kernel fails here. NVIDIA's
//! NVRTC 12.9 compiles all of them (scripts/corpus.sh).

mod nvrtc_common;

use cuda_as_hip::nvrtc::sys::nvrtcResult;
use std::path::PathBuf;

/// How many kernels scripts/cupy_kernels.py generates from CuPy 14.2.0.
const GENERATED: usize = 60;

/// How many of them compile through ours on each HIP version: raise one when more do (README,
/// "Kernel sources"). All do on every HIP since hiprtc 5's cupyx.scipy.spatial failures were mended
/// (the <cmath> wrapper's `half` ambiguity in nvrtc.h; name expressions in nvrtc/lowered.rs).
const FLOORS: [(&str, usize); 4] = [("5.2.3", 60), ("5.7.1", 60), ("6.4.3", 60), ("7.2.4", 60)];

/// One kernel as CuPy hands it to NVRTC.
struct Kernel {
    label: String,
    source: String,
    options: Vec<String>,
    names: Vec<String>,
}

fn kernels() -> Vec<Kernel> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../.cache/inputs/cupy-14.2/kernels"
    ));
    let version = std::fs::read_to_string(dir.join("version"))
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/setup.sh)", dir.display()));
    assert_eq!(version.trim(), "14.2.0");
    let mut out = Vec::new();
    for n in 0.. {
        let Ok(source) = std::fs::read_to_string(dir.join(format!("{n:03}.cu"))) else {
            break;
        };
        let args = std::fs::read_to_string(dir.join(format!("{n:03}.args"))).unwrap();
        let field = |key: &str| -> Vec<String> {
            args.lines()
                .filter_map(|l| l.strip_prefix(key))
                .map(str::to_string)
                .collect()
        };
        out.push(Kernel {
            label: field("label ").concat(),
            source,
            options: field("option "),
            names: field("name "),
        });
    }
    out
}

#[test]
fn cupy_generated_kernels_compile_with_cupys_options() {
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let all = kernels();
    assert_eq!(
        all.len(),
        GENERATED,
        "kernels scripts/cupy_kernels.py wrote"
    );
    let mut failed = Vec::new();
    for k in &all {
        let options: Vec<&str> = k.options.iter().map(String::as_str).collect();
        let names: Vec<&str> = k.names.iter().map(String::as_str).collect();
        let c = nvrtc_common::compile(&k.source, &k.label, &options, &[], &names);
        if c.result != nvrtcResult::NVRTC_SUCCESS {
            let first = c.log.lines().find(|l| l.contains("error")).unwrap_or("");
            failed.push(format!("{}: {first}", k.label));
        } else if !c.not_lowered.is_empty() {
            failed.push(format!(
                "{}: name expressions not lowered: {:?}",
                k.label, c.not_lowered
            ));
        }
    }
    let compiled = all.len() - failed.len();
    let release = test_support::hip_run().facts.release;
    let (_, floor) = FLOORS
        .iter()
        .find(|(r, _)| *r == release)
        .expect("a floor for each HIP");
    assert!(
        compiled >= *floor,
        "HIP {release}: {compiled} of {} CuPy kernels compile, the floor is {floor}; failing:\n{}",
        all.len(),
        failed.join("\n")
    );
}
