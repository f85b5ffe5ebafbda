//! aliasgen: regenerates cuda-as-hip's bindings from real headers.
//!
//! `aliasgen generate` parses every input header set with libclang and writes the generated Rust;
//! `aliasgen check` does the same in memory and fails, naming the file, on any difference with
//! what is committed; `aliasgen counts` prints what each header set declares.
//! Inputs come from `scripts/setup.sh` (default `.cache/inputs`).

mod emit_cuda;
mod emit_hip;
mod emit_nvrtc_headers;
mod exports;
mod hipify;
mod loopback;
mod mapping;
mod model;
mod overrides;
mod parse;
mod rust;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The HIP versions bound: Debian's `libamdhip64-dev` at these upstream versions, as
/// `scripts/setup.sh` fetches them (bookworm, trixie, sid, experimental).
const HIP_VERSIONS: &[&str] = &["5.2.3", "5.7.1", "6.4.3", "7.2.4"];

#[derive(PartialEq)]
enum Command {
    Generate,
    Check,
    Counts,
}

struct Args {
    command: Command,
    root: PathBuf,
    inputs: PathBuf,
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("aliasgen lives in the workspace")
        .to_path_buf();
    let mut inputs = root.join(".cache/inputs");
    let mut command = None;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("inputs") => inputs = parser.value()?.into(),
            Value(v) if command.is_none() => {
                command = Some(match v.string()?.as_str() {
                    "generate" => Command::Generate,
                    "check" => Command::Check,
                    "counts" => Command::Counts,
                    other => return Err(format!("unknown command `{other}`").into()),
                })
            }
            Long("help") | Short('h') => {
                println!("usage: aliasgen [generate|check|counts] [--inputs DIR]");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    let command = command.ok_or("missing command: generate, check or counts")?;
    Ok(Args {
        command,
        root,
        inputs,
    })
}

fn hip_header_set(inputs: &Path, version: &str) -> parse::HeaderSet {
    parse::HeaderSet {
        label: format!("hip-{version}"),
        include_dir: inputs.join(format!("hip-{version}/usr/include")),
        own_subdir: "hip",
        headers: vec!["hip/hip_runtime_api.h", "hip/hiprtc.h"],
        defines: vec!["__HIP_PLATFORM_AMD__"],
    }
}

/// CUDA 12.9's driver API (`cuda.h`, `cudaProfiler.h`) and NVRTC (`nvrtc.h`), from the PyPI wheels
/// `scripts/setup.sh` unpacks into one include directory.
fn cuda_header_set(inputs: &Path) -> parse::HeaderSet {
    parse::HeaderSet {
        label: "cuda-12.9".into(),
        include_dir: inputs.join("cuda-12.9/include"),
        own_subdir: "",
        headers: vec!["cuda.h", "cudaProfiler.h", "nvrtc.h"],
        defines: vec![],
    }
}

/// cuda.h as seen by a program built with `--default-stream per-thread` (the `_ptds` / `_ptsz`
/// names), and as NVIDIA's driver itself sees it (the legacy names, with cudaTypedefs.h's
/// `PFN_…_vNNNNN` typedefs that date every variant).
fn cuda_variant_sets(inputs: &Path) -> [parse::HeaderSet; 2] {
    let set = |label: &str, headers: Vec<&'static str>, define: &'static str| parse::HeaderSet {
        label: label.into(),
        include_dir: inputs.join("cuda-12.9/include"),
        own_subdir: "",
        headers,
        defines: vec![define],
    };
    [
        set(
            "cuda-12.9-ptds",
            vec!["cuda.h", "cudaProfiler.h"],
            "CUDA_API_PER_THREAD_DEFAULT_STREAM",
        ),
        set(
            "cuda-12.9-legacy",
            vec!["cuda.h", "cudaProfiler.h", "cudaTypedefs.h"],
            "__CUDA_API_VERSION_INTERNAL",
        ),
    ]
}

fn run(args: Args) -> Result<(), String> {
    let clang = clang::Clang::new()?;
    let index = clang::Index::new(&clang, false, false);
    let apis = HIP_VERSIONS
        .iter()
        .map(|v| parse::parse(&index, &hip_header_set(&args.inputs, v)))
        .collect::<Result<Vec<_>, _>>()?;
    for (version, api) in HIP_VERSIONS.iter().zip(&apis) {
        let per_header: Vec<String> = api
            .functions_per_header()
            .iter()
            .map(|(h, n)| format!("{h} {n}"))
            .collect();
        println!(
            "HIP {version}: {} functions ({}), {} enums, {} structs/unions, {} typedefs, {} constants, {} renames",
            api.functions.len(),
            per_header.join(", "),
            api.enums.len(),
            api.records.len(),
            api.typedefs.len(),
            api.constants.len(),
            api.renames.len()
        );
    }
    let cuda = parse::parse(&index, &cuda_header_set(&args.inputs))?;
    println!(
        "CUDA 12.9: {} functions ({}), {} enums, {} structs/unions, {} typedefs, {} constants, {} renames",
        cuda.functions.len(),
        cuda.functions_per_header().iter().map(|(h, n)| format!("{h} {n}")).collect::<Vec<_>>().join(", "),
        cuda.enums.len(),
        cuda.records.len(),
        cuda.typedefs.len(),
        cuda.constants.len(),
        cuda.renames.len()
    );
    if args.command == Command::Counts {
        return Ok(());
    }
    let versions: Vec<emit_hip::HipVersion> = HIP_VERSIONS
        .iter()
        .zip(&apis)
        .map(|(version, api)| emit_hip::HipVersion { version, api })
        .collect();
    let (mut files, common_hip_fns) = emit_hip::files(&versions);
    let hipify = hipify::Table::read(&args.inputs.join("hipify-perl-7.2.4/usr/bin/hipify-perl"))?;
    let overrides = overrides::Overrides::read(&args.root.join("aliasgen/data/overrides.txt"))?;
    let inputs = mapping::Inputs {
        cuda: &cuda,
        hips: HIP_VERSIONS.iter().copied().zip(&apis).collect(),
        hipify: &hipify,
        overrides: &overrides,
    };
    let mapping = mapping::map(&inputs);
    let [ptds_set, legacy_set] = cuda_variant_sets(&args.inputs);
    let per_thread = parse::parse(&index, &ptds_set)?;
    let legacy = parse::parse(&index, &legacy_set)?;
    let plan = exports::plan(&cuda, &per_thread, &legacy);
    let lb = loopback::generate(
        &index,
        &args.inputs.join("hip-5.2.3/usr/include"),
        &args.inputs.join("cuda-11.8/include"),
    )?;
    println!(
        "GPU loopback: {} HIP functions wrapped from nvidia_detail",
        lb.count
    );
    files.push(emit_nvrtc_headers::file(&hipify));
    files.push(("gpu/loopback/hip_on_nvidia.cpp".into(), lb.source));
    files.push(("gpu/loopback/redefine-syms.txt".into(), lb.redefine_syms));
    println!(
        "libcuda exports: {} symbols, {} cuGetProcAddress entries",
        plan.exports.len(),
        plan.procs.len()
    );
    print_coverage(&mapping);
    files.extend(emit_cuda::files(&emit_cuda::Context {
        mapping: &mapping,
        cuda: &cuda,
        common_hip_fns: &common_hip_fns,
        bitflags: &overrides.bitflags,
        exports: &plan,
        cabi_hand: &overrides.cabi,
        hipify_names: mapping::hipify_names(&inputs, &mapping),
    }));
    match args.command {
        Command::Generate => write_files(&args.root, &files),
        _ => check_files(&args.root, &files),
    }
}

fn print_coverage(m: &mapping::Mapping) {
    for (vi, v) in m.versions.iter().enumerate() {
        for family in [mapping::Family::Driver, mapping::Family::Nvrtc] {
            let totals: Vec<String> = mapping::totals(m, family, vi)
                .iter()
                .map(|(c, n)| format!("{} {n}", c.label()))
                .collect();
            println!("HIP {v} {family:?}: {}", totals.join(", "));
        }
    }
}

fn write_files(root: &Path, files: &[(String, String)]) -> Result<(), String> {
    for (path, text) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().expect("generated file has a directory"))
            .map_err(|e| e.to_string())?;
        std::fs::write(&full, text).map_err(|e| format!("{}: {e}", full.display()))?;
    }
    println!("generated {} files", files.len());
    Ok(())
}

fn check_files(root: &Path, files: &[(String, String)]) -> Result<(), String> {
    let drifted: Vec<&str> = files
        .iter()
        .filter(|(path, text)| {
            std::fs::read_to_string(root.join(path)).ok().as_deref() != Some(text.as_str())
        })
        .map(|(path, _)| path.as_str())
        .collect();
    if !drifted.is_empty() {
        return Err(format!(
            "generated files differ from what aliasgen produces now: {}\nrun `cargo run -p aliasgen -- generate` and commit the result",
            drifted.join(", ")
        ));
    }
    println!("check: {} generated files are up to date", files.len());
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("aliasgen: {e}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aliasgen: {e}");
            ExitCode::FAILURE
        }
    }
}
