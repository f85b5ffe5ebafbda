//! aliasgen: regenerates cuda-as-hip's bindings from real headers.
//!
//! `aliasgen generate` parses every input header set with libclang and writes the generated Rust;
//! `aliasgen check` does the same in memory and fails, naming the file, on any difference with
//! what is committed; `aliasgen counts` prints what each header set declares.
//! Inputs come from `scripts/setup.sh` (default `.cache/inputs`).

mod emit;
mod emit_hip;
mod emit_nvrtc_hipify;
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

/// CUDA 12.9's runtime API, parsed on its own as cudarc's runtime bindings are (its types are
/// its own, apart from the driver's): `cuda_runtime_api.h` and the type headers it includes
/// (`driver_types.h`, `surface_types.h`, `texture_types.h`, `vector_types.h`…) and
/// `cuda_profiler_api.h` (libcudart exports its two functions too); with
/// `per_thread`, as a program built with `--default-stream per-thread` sees it (`_ptds`/`_ptsz`).
fn runtime_header_set(inputs: &Path, per_thread: bool) -> parse::HeaderSet {
    parse::HeaderSet {
        label: format!("cuda-12.9-runtime{}", if per_thread { "-ptds" } else { "" }),
        include_dir: inputs.join("cuda-12.9/include"),
        own_subdir: "",
        headers: vec!["cuda_runtime_api.h", "cuda_profiler_api.h"],
        defines: match per_thread {
            true => vec!["CUDA_API_PER_THREAD_DEFAULT_STREAM"],
            false => vec![],
        },
    }
}

fn print_counts(label: &str, api: &model::Api) {
    let per_header: Vec<String> = api
        .functions_per_header()
        .iter()
        .map(|(h, n)| format!("{h} {n}"))
        .collect();
    println!(
        "{label}: {} functions ({}), {} enums, {} structs/unions, {} typedefs, {} constants, {} renames",
        api.functions.len(),
        per_header.join(", "),
        api.enums.len(),
        api.records.len(),
        api.typedefs.len(),
        api.constants.len(),
        api.renames.len()
    );
}

fn run(args: Args) -> Result<(), String> {
    let clang = clang::Clang::new()?;
    let index = clang::Index::new(&clang, false, false);
    let apis = HIP_VERSIONS
        .iter()
        .map(|v| parse::parse(&index, &hip_header_set(&args.inputs, v)))
        .collect::<Result<Vec<_>, _>>()?;
    for (version, api) in HIP_VERSIONS.iter().zip(&apis) {
        print_counts(&format!("HIP {version}"), api);
    }
    let cuda = parse::parse(&index, &cuda_header_set(&args.inputs))?;
    print_counts("CUDA 12.9", &cuda);
    let runtime = parse::parse(&index, &runtime_header_set(&args.inputs, false))?;
    print_counts("CUDA 12.9 runtime", &runtime);
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
    let hips: Vec<(&str, &model::Api)> = HIP_VERSIONS.iter().copied().zip(&apis).collect();
    let inputs_of = |cuda| mapping::Inputs {
        cuda,
        hips: hips.clone(),
        hipify: &hipify,
        overrides: &overrides,
    };
    let (inputs, runtime_inputs) = (inputs_of(&cuda), inputs_of(&runtime));
    let (mapping, runtime_mapping) = (mapping::map(&inputs), mapping::map(&runtime_inputs));
    let [ptds_set, legacy_set] = cuda_variant_sets(&args.inputs);
    let per_thread = parse::parse(&index, &ptds_set)?;
    let legacy = parse::parse(&index, &legacy_set)?;
    let runtime_per_thread = parse::parse(&index, &runtime_header_set(&args.inputs, true))?;
    let plan = exports::plan(&cuda, &per_thread, Some(&legacy));
    let runtime_plan = exports::plan(&runtime, &runtime_per_thread, None);
    let lb = loopback::generate(
        &index,
        &args.inputs.join("hip-5.2.3/usr/include"),
        &args.inputs.join("cuda-11.8/include"),
    )?;
    println!(
        "GPU loopback: {} HIP functions wrapped from nvidia_detail",
        lb.count
    );
    files.push(emit_nvrtc_hipify::file(&hipify));
    files.push(("gpu/loopback/hip_on_nvidia.cpp".into(), lb.source));
    files.push(("gpu/loopback/redefine-syms.txt".into(), lb.redefine_syms));
    println!(
        "libcuda exports: {} symbols, {} cuGetProcAddress entries; libcudart exports: {} symbols",
        plan.exports.len(),
        plan.procs.len(),
        runtime_plan.exports.len()
    );
    print_coverage(&mapping);
    print_coverage(&runtime_mapping);
    let model = |inputs, m, exports, families| {
        emit_model(inputs, m, exports, families, &common_hip_fns, &overrides)
    };
    use mapping::Family;
    files.extend(emit::files(&[
        model(&inputs, &mapping, &plan, &[Family::Driver, Family::Nvrtc]),
        model(
            &runtime_inputs,
            &runtime_mapping,
            &runtime_plan,
            &[Family::Runtime],
        ),
    ]));
    match args.command {
        Command::Generate => write_files(&args.root, &files),
        _ => check_files(&args.root, &files),
    }
}

/// One model for the emitters: a parsed CUDA API, its mapping and its exports.
fn emit_model<'a>(
    inputs: &mapping::Inputs<'a>,
    mapping: &'a mapping::Mapping<'a>,
    exports: &'a exports::Plan<'a>,
    families: &[mapping::Family],
    common_hip_fns: &'a std::collections::BTreeSet<String>,
    overrides: &'a overrides::Overrides,
) -> emit::Context<'a> {
    emit::Context {
        mapping,
        cuda: inputs.cuda,
        common_hip_fns,
        bitflags: &overrides.bitflags,
        exports,
        cabi_hand: &overrides.cabi,
        hipify_names: mapping::hipify_names(inputs, mapping),
        families: families.to_vec(),
    }
}

fn print_coverage(m: &mapping::Mapping) {
    for (vi, v) in m.versions.iter().enumerate() {
        for family in mapping::Family::ALL {
            let totals: Vec<String> = mapping::totals(m, family, vi)
                .iter()
                .map(|(c, n)| format!("{} {n}", c.label()))
                .collect();
            if !totals.is_empty() {
                println!("HIP {v} {family:?}: {}", totals.join(", "));
            }
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
