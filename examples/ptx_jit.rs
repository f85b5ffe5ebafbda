//! Benchmark body (scripts/bench-ptx.sh): what loading PTX costs on the CPU. For each PTX file given:
//! the translator alone, the first load (translate + comgr, cache empty), and the second load (a new
//! cache lookup of the same PTX) — milliseconds, median of RUNS. `ptx_jit ARCH FILE...`; prints one
//! Markdown row per file.

use cuda_as_hip::jit::{self, AmdTarget};
use std::time::Instant;

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let target = AmdTarget {
        arch: args.next().expect("usage: ptx_jit ARCH FILE..."),
    };
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    let cache = std::env::temp_dir().join(format!("ptx-jit-bench-{}", std::process::id()));
    std::env::set_var(cuda_as_hip::cache::DIR_ENV, &cache);
    for file in args {
        let ptx = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let translate = median_ms(runs, || {
            jit::llvm_ir(&[&ptx], &target).expect("translates");
        });
        let first = median_ms(runs, || {
            let _ = std::fs::remove_dir_all(&cache);
            jit::compile(&[&ptx], &target, hip_version).expect("compiles");
        });
        let second = median_ms(runs.max(5), || {
            jit::compile(&[&ptx], &target, hip_version).expect("cached");
        });
        let name = std::path::Path::new(&file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        println!(
            "| {name} | {} | {translate:.1} | {first:.0} | {second:.2} | {:.0}× |",
            ptx.len() / 1024,
            first / second
        );
    }
    let _ = std::fs::remove_dir_all(&cache);
}
