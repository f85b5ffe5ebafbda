//! aliasgen: regenerates cuda-as-hip's bindings from real headers.
//!
//! `aliasgen generate` parses every input header set with libclang and writes the generated Rust;
//! `aliasgen check` does the same in memory and fails, naming the file, on any difference with
//! what is committed; `aliasgen counts` prints what each header set declares.
//! Inputs come from `scripts/setup.sh` (default `.cache/inputs`).

mod emit;
mod exports;
mod family;
mod hipify;
mod mapping;
mod model;
mod nvrtc_env;
mod overrides;
mod parse;
mod rust;

use family::Family;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The HIP versions bound: Debian's `libamdhip64-dev` at these upstream versions, as
/// `scripts/setup.sh` fetches them (bookworm, trixie, sid, experimental).
const HIP_VERSIONS: &[&str] = &["5.2.3", "5.7.1", "6.4.3", "7.2.4"];

/// The comgr releases bound: Debian's `libamd-comgr-dev` of the comgr each bound HIP loads
/// (`comgr_of` in `scripts/setup.sh`: 5.2.3 → 5.2.3, 5.7.1 → 6.0, 6.4.3 → 7.0.2, 7.2.4 → 7.2.4).
const COMGR_RELEASES: &[&str] = &["5.2.3", "6.0", "7.0.2", "7.2.4"];

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

/// The HIP headers of every family (HIP's runtime API, hiprtc), each once; from HIP 6.0 the OpenGL
/// interop functions (`hipGLGetDevices`, `hipGraphicsGLRegister*`) are declared only by
/// `hip/hip_gl_interop.h`, read where it exists.
fn hip_header_set(inputs: &Path, version: &str) -> parse::HeaderSet {
    let include_dir = inputs.join(format!("hip-{version}/usr/include"));
    let gl = "hip/hip_gl_interop.h";
    let mut headers: Vec<&str> = Vec::new();
    let runtime_families = Family::all().filter(|f| f.rocm.is_none());
    for h in runtime_families.flat_map(|f| f.hip_headers.iter().copied()) {
        if !headers.contains(&h) && (h != gl || include_dir.join(h).exists()) {
            headers.push(h);
        }
    }
    parse::HeaderSet {
        label: format!("hip-{version}"),
        include_dir,
        own_subdir: "hip",
        headers,
        defines: vec!["__HIP_PLATFORM_AMD__"],
        system_includes: vec![],
        also_own: vec![],
        prelude: "",
        cxx: false,
    }
}

/// comgr's `amd_comgr.h`: in `amd_comgr/` from 6.0 on (6.0 also keeps a forwarding copy at the top).
fn comgr_header_set(inputs: &Path, release: &str) -> parse::HeaderSet {
    let include_dir = inputs.join(format!("comgr-{release}/usr/include"));
    let nested = include_dir.join("amd_comgr/amd_comgr.h").exists();
    parse::HeaderSet {
        label: format!("comgr-{release}"),
        include_dir,
        own_subdir: if nested { "amd_comgr" } else { "" },
        headers: vec![if nested {
            "amd_comgr/amd_comgr.h"
        } else {
            "amd_comgr.h"
        }],
        defines: vec![],
        system_includes: vec![],
        also_own: vec![],
        prelude: "",
        cxx: false,
    }
}

/// A ROCm library's headers at one release (`.cache/inputs/hiprand-5.3.3`), with those of the HIP
/// version it comes beside; what the library's own functions reach is kept.
fn rocm_header_set(
    inputs: &Path,
    family: Family,
    lib: &family::RocmLibrary,
    release: &str,
    hip: &str,
) -> parse::HeaderSet {
    parse::HeaderSet {
        label: format!("{}-{release}", lib.module),
        include_dir: inputs.join(format!("{}-{release}/usr/include", lib.module)),
        own_subdir: "",
        headers: family.hip_headers.to_vec(),
        defines: lib.defines.to_vec(),
        // C stand-ins for C++ headers some include unconditionally (hipfftXt.h's <cstddef>),
        // written by scripts/setup.sh.
        system_includes: vec![inputs.join("c-stand-ins")],
        // HIP's types the library's functions take (hipblasDoubleComplex is HIP's `double2`)
        // are bound with it.
        also_own: vec![inputs.join(format!("hip-{hip}/usr/include"))],
        prelude: lib.prelude,
        cxx: lib.cxx,
    }
}

/// The CUDA library families that lead a model of their own, each with its ROCm library.
fn library_families() -> impl Iterator<Item = (Family, &'static family::RocmLibrary)> {
    Family::all().filter_map(|f| Some((f, f.row().rocm.as_ref()?)))
}

/// A CUDA library's headers (`curand.h`, from its PyPI wheel) with those of the families that
/// join it (`cusolverMg.h`), and the CUDA 12.9 runtime's headers they include: what the model's
/// own functions reach is kept.
fn library_header_set(
    inputs: &Path,
    family: Family,
    lib: &family::RocmLibrary,
) -> parse::HeaderSet {
    parse::HeaderSet {
        label: format!("cuda-12.9-{}", family.module),
        include_dir: inputs.join(lib.cuda_include),
        own_subdir: "",
        headers: (family.model().iter())
            .flat_map(|f| f.cuda_headers.iter().copied())
            .collect(),
        defines: vec![],
        // cuBLAS's headers include cuda_fp16.h, which includes CCCL's <nv/target>.
        system_includes: vec![inputs.join("cuda-12.9-cccl/include")],
        also_own: (lib.cuda_also.iter().map(|d| inputs.join(d)))
            .chain([inputs.join("cuda-12.9/include")])
            .collect(),
        prelude: "",
        cxx: false,
    }
}

/// The families parsed with the driver: NVRTC and nvJitLink (their types are their own).
const DRIVER_MODEL: [Family; 3] = [Family::DRIVER, Family::NVRTC, Family::NVJITLINK];

/// CUDA 12.9's driver API, NVRTC and nvJitLink, from the PyPI wheels `scripts/setup.sh` unpacks
/// into one include directory (nvJitLink's into its own). The driver's headers are `cuda.h`,
/// `cudaProfiler.h` and the OpenGL, EGL and VDPAU interop headers (libcuda exports their
/// functions too; their system headers come from Debian, `EGL_NO_X11` keeps Xlib out).
fn cuda_header_set(inputs: &Path) -> parse::HeaderSet {
    parse::HeaderSet {
        label: "cuda-12.9".into(),
        include_dir: inputs.join("cuda-12.9/include"),
        own_subdir: "",
        headers: DRIVER_MODEL
            .iter()
            .flat_map(|f| f.cuda_headers)
            .copied()
            .collect(),
        defines: vec!["EGL_NO_X11"],
        system_includes: vec![inputs.join("interop-headers/usr/include")],
        also_own: vec![inputs.join("nvjitlink-12.9/include")],
        prelude: "",
        cxx: false,
    }
}

/// The driver's headers as seen by a program built with `--default-stream per-thread` (the
/// `_ptds` / `_ptsz` names), and as NVIDIA's driver itself sees them (the legacy names, with
/// cudaTypedefs.h's and the interop typedef headers' `PFN_…_vNNNNN` typedefs that date every
/// variant).
fn cuda_variant_sets(inputs: &Path) -> [parse::HeaderSet; 2] {
    let set = |label: &str, typedefs: &[&'static str], define: &'static str| parse::HeaderSet {
        label: label.into(),
        include_dir: inputs.join("cuda-12.9/include"),
        own_subdir: "",
        headers: Family::DRIVER
            .cuda_headers
            .iter()
            .chain(typedefs)
            .copied()
            .collect(),
        defines: vec!["EGL_NO_X11", define],
        system_includes: vec![inputs.join("interop-headers/usr/include")],
        also_own: vec![],
        prelude: "",
        cxx: false,
    };
    [
        set("cuda-12.9-ptds", &[], "CUDA_API_PER_THREAD_DEFAULT_STREAM"),
        set(
            "cuda-12.9-legacy",
            &[
                "cudaTypedefs.h",
                "cudaGLTypedefs.h",
                "cudaEGLTypedefs.h",
                "cudaVDPAUTypedefs.h",
            ],
            "__CUDA_API_VERSION_INTERNAL",
        ),
    ]
}

/// How a program sees the runtime headers: by default; built with `--default-stream per-thread`
/// (`_ptds`/`_ptsz`); or as NVIDIA's runtime sees them itself, where the last block of
/// cuda_runtime_api.h re-declares the names of CUDA 11's ABI (`cudaGetDeviceProperties`, the `_v1`
/// external-semaphore parameters…) that libcudart still exports.
#[derive(Clone, Copy)]
enum RuntimeView {
    Default,
    PerThread,
    Legacy,
}

/// CUDA 12.9's runtime API, parsed on its own as cudarc's runtime bindings are (its types are
/// its own, apart from the driver's): `cuda_runtime_api.h` and the type headers it includes
/// (`driver_types.h`, `surface_types.h`, `texture_types.h`, `vector_types.h`…),
/// `cuda_profiler_api.h` and the OpenGL, EGL and VDPAU interop headers (libcudart exports their
/// functions too; their system headers come from Debian, `EGL_NO_X11` keeps Xlib out).
fn runtime_header_set(inputs: &Path, view: RuntimeView) -> parse::HeaderSet {
    let (suffix, define) = match view {
        RuntimeView::Default => ("", None),
        RuntimeView::PerThread => ("-ptds", Some("CUDA_API_PER_THREAD_DEFAULT_STREAM")),
        RuntimeView::Legacy => ("-legacy", Some("__CUDA_API_VERSION_INTERNAL")),
    };
    parse::HeaderSet {
        label: format!("cuda-12.9-runtime{suffix}"),
        include_dir: inputs.join("cuda-12.9/include"),
        own_subdir: "",
        headers: Family::RUNTIME.cuda_headers.to_vec(),
        defines: std::iter::once("EGL_NO_X11").chain(define).collect(),
        system_includes: vec![inputs.join("interop-headers/usr/include")],
        also_own: vec![],
        prelude: "",
        cxx: false,
    }
}

/// CUDA 11.8's runtime types: the `cudaDeviceProp` layout that the old-ABI
/// `cudaGetDeviceProperties` fills.
fn cuda11_runtime_header_set(inputs: &Path) -> parse::HeaderSet {
    parse::HeaderSet {
        label: "cuda-11.8-runtime".into(),
        include_dir: inputs.join("cuda-11.8/include"),
        own_subdir: "",
        headers: vec!["cuda_runtime_api.h"],
        defines: vec![],
        system_includes: vec![],
        also_own: vec![],
        prelude: "",
        cxx: false,
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
    let comgrs = COMGR_RELEASES
        .iter()
        .map(|r| parse::parse(&index, &comgr_header_set(&args.inputs, r)))
        .collect::<Result<Vec<_>, _>>()?;
    for (release, api) in COMGR_RELEASES.iter().zip(&comgrs) {
        print_counts(&format!("comgr {release}"), api);
    }
    let cuda = parse::parse(&index, &cuda_header_set(&args.inputs))?;
    print_counts("CUDA 12.9", &cuda);
    let runtime = parse::parse(
        &index,
        &runtime_header_set(&args.inputs, RuntimeView::Default),
    )?;
    print_counts("CUDA 12.9 runtime", &runtime);
    let libraries = library_families()
        .map(|(f, lib)| parse_library(&index, &args.inputs, f, lib))
        .collect::<Result<Vec<_>, _>>()?;
    if args.command == Command::Counts {
        return Ok(());
    }
    let versions: Vec<emit::hip_sys::HipVersion> = HIP_VERSIONS
        .iter()
        .zip(&apis)
        .map(|(version, api)| emit::hip_sys::HipVersion { version, api })
        .collect();
    let (mut files, common_hip_fns, common_hip_types) =
        emit::hip_sys::files(&versions, &emit::hip_sys::Library::hip_runtime());
    let hipify = hipify::Table::read(&args.inputs.join("hipify-perl-7.2.4/usr/bin/hipify-perl"))?;
    let overrides = overrides::Overrides::read_all(
        Family::all().map(|f| args.root.join("aliasgen/data/overrides").join(f.overrides)),
    )?;
    let hips: Vec<(&str, &model::Api)> = HIP_VERSIONS.iter().copied().zip(&apis).collect();
    let inputs_of = |cuda| mapping::Inputs {
        cuda,
        hips: hips.clone(),
        hipify: &hipify,
        overrides: &overrides,
    };
    let (inputs, runtime_inputs) = (inputs_of(&cuda), inputs_of(&runtime));
    let (mapping, runtime_mapping) = (mapping::map(&inputs)?, mapping::map(&runtime_inputs)?);
    let [ptds_set, legacy_set] = cuda_variant_sets(&args.inputs);
    let per_thread = parse::parse(&index, &ptds_set)?;
    let legacy = parse::parse(&index, &legacy_set)?;
    let runtime_per_thread = parse::parse(
        &index,
        &runtime_header_set(&args.inputs, RuntimeView::PerThread),
    )?;
    let runtime_legacy = parse::parse(
        &index,
        &runtime_header_set(&args.inputs, RuntimeView::Legacy),
    )?;
    let plan = exports::plan(
        Family::DRIVER,
        &cuda,
        &per_thread,
        Some(&legacy),
        &overrides.cabi,
    );
    let runtime_plan = exports::plan(
        Family::RUNTIME,
        &runtime,
        &runtime_per_thread,
        Some(&runtime_legacy),
        &overrides.cabi,
    );
    let lb = emit::loopback::generate(
        &index,
        &args.inputs.join("hip-5.2.3/usr/include"),
        &args.inputs.join("cuda-11.8/include"),
        &hipify,
    )?;
    println!(
        "GPU loopback: {} HIP functions wrapped from nvidia_detail",
        lb.count
    );
    files.push(emit::nvrtc_hipify::file(&hipify));
    let comgr_releases: Vec<emit::hip_sys::HipVersion> = COMGR_RELEASES
        .iter()
        .zip(&comgrs)
        .map(|(version, api)| emit::hip_sys::HipVersion { version, api })
        .collect();
    files.push(emit::comgr::file(&comgr_releases)?);
    files.extend(nvrtc_environment(&index, &args.inputs, &runtime)?);
    files.push(("gpu/loopback/hip_on_nvidia.cpp".into(), lb.source));
    files.push(("gpu/loopback/redefine-syms.txt".into(), lb.redefine_syms));
    println!(
        "libcuda exports: {} symbols, {} cuGetProcAddress entries; libcudart exports: {} symbols",
        plan.exports.len(),
        plan.procs.len(),
        runtime_plan.exports.len()
    );
    let cuda11 = parse::parse(&index, &cuda11_runtime_header_set(&args.inputs))?;
    files.extend(emit::cuda11_files(&cuda11, &runtime)?);
    print_coverage(&mapping);
    print_coverage(&runtime_mapping);
    let library_sides: Vec<LibrarySide> = libraries
        .iter()
        .map(|l| library_side(l, &hipify, &overrides, &common_hip_types))
        .collect::<Result<_, _>>()?;
    let model = |inputs, m, exports, families, common| {
        emit_model(inputs, m, exports, families, common, &overrides)
    };
    let mut models = vec![
        model(
            &inputs,
            &mapping,
            &plan,
            DRIVER_MODEL.to_vec(),
            &common_hip_fns,
        ),
        model(
            &runtime_inputs,
            &runtime_mapping,
            &runtime_plan,
            vec![Family::RUNTIME],
            &common_hip_fns,
        ),
    ];
    for side in &library_sides {
        files.extend(side.hip_sys_files.iter().cloned());
        print_coverage(&side.mapping);
        models.push(model(
            &side.inputs,
            &side.mapping,
            &side.plan,
            side.library.family.model(),
            &side.common_fns,
        ));
    }
    files.extend(emit::files(&models));
    match args.command {
        Command::Generate => write_files(&args.root, &files),
        _ => check_files(&args.root, &files),
    }
}

/// A CUDA library family and its ROCm library, parsed: the library's API at each release (what
/// its own functions reach) and the CUDA library's.
struct ParsedLibrary {
    family: Family,
    releases: Vec<(&'static str, model::Api)>,
    cuda: model::Api,
    /// The name table of a ROCm library that keeps the CUDA library's names, in hipify's place.
    same_names: Option<hipify::Table>,
}

fn parse_library(
    index: &clang::Index,
    inputs: &Path,
    family: Family,
    lib: &'static family::RocmLibrary,
) -> Result<ParsedLibrary, String> {
    let mut releases = Vec::new();
    let beside_hip = lib.releases.iter().zip(HIP_VERSIONS);
    for (release, hip) in beside_hip.filter_map(|(r, hip)| Some((r.as_ref()?, hip))) {
        let api = parse::parse(index, &rocm_header_set(inputs, family, lib, release, hip))?;
        let api =
            api.reachable_from(|n| lib.owns(n) || family.value_enums.iter().any(|v| v.1 == n));
        print_counts(&format!("{} {release}", lib.label), &api);
        releases.push((*release, api));
    }
    let model = family.model();
    let mut cuda =
        parse::parse(index, &library_header_set(inputs, family, lib))?.reachable_from(|n| {
            model.iter().any(|f| f.owns(n)) || family.value_enums.iter().any(|v| v.0 == n)
        });
    if let Some(header) = lib.legacy_header {
        let set = parse::HeaderSet {
            label: format!("cuda-12.9-{}-legacy", family.module),
            headers: vec![header],
            ..library_header_set(inputs, family, lib)
        };
        let legacy = parse::parse(index, &set)?.functions;
        cuda.functions
            .extend(legacy.into_iter().filter(|f| f.header == header));
    }
    print_counts(&format!("CUDA 12.9 {}", family.label), &cuda);
    let same_names = lib
        .keeps_cuda_names
        .then(|| hipify::Table::same_names(&cuda));
    Ok(ParsedLibrary {
        family,
        releases,
        cuda,
        same_names,
    })
}

/// What the emitters need of a parsed library: hip-sys's files for it, and its mapping and exports.
struct LibrarySide<'a> {
    library: &'a ParsedLibrary,
    hip_sys_files: Vec<(String, String)>,
    common_fns: std::collections::BTreeSet<String>,
    inputs: mapping::Inputs<'a>,
    mapping: mapping::Mapping<'a>,
    plan: exports::Plan<'a>,
}

fn library_side<'a>(
    library: &'a ParsedLibrary,
    hipify: &'a hipify::Table,
    overrides: &'a overrides::Overrides,
    hip_types: &std::collections::BTreeSet<String>,
) -> Result<LibrarySide<'a>, String> {
    let family = library.family;
    let lib = family
        .rocm_library()
        .expect("a library family has its ROCm library");
    let hipify = library.same_names.as_ref().unwrap_or(hipify);
    let versions: Vec<emit::hip_sys::HipVersion> = library
        .releases
        .iter()
        .map(|(version, api)| emit::hip_sys::HipVersion { version, api })
        .collect();
    let (hip_sys_files, common_fns, _) = emit::hip_sys::files(
        &versions,
        &emit::hip_sys::Library {
            label: lib.label,
            dev_package: lib.dev_package,
            dir: format!("hip-sys/src/generated/{}", lib.module),
            handle: format!("crate::{}::{}", lib.module, lib.handle),
            rocm: true,
            provided: hip_types,
        },
    );
    let inputs = mapping::Inputs {
        cuda: &library.cuda,
        hips: library.releases.iter().map(|(r, a)| (*r, a)).collect(),
        hipify,
        overrides,
    };
    let mapping = mapping::map(&inputs)?;
    let plan = exports::plan(family, &library.cuda, &library.cuda, None, &overrides.cabi);
    Ok(LibrarySide {
        library,
        hip_sys_files,
        common_fns,
        inputs,
        mapping,
        plan,
    })
}

/// NVRTC's implicit environment as NVIDIA's NVRTC 12.9 answers the probe of CUDA 12.9's names,
/// and the runtime types of it our NVRTC declares.
fn nvrtc_environment(
    index: &clang::Index,
    inputs: &Path,
    runtime: &model::Api,
) -> Result<[(String, String); 2], String> {
    let candidates = nvrtc_env::candidates(index, &inputs.join("cuda-12.9/include"))?;
    let env = nvrtc_env::measure(
        &inputs.join("nvrtc-12.9/nvidia/cuda_nvrtc/lib/libnvrtc.so.12"),
        &candidates,
    )?;
    println!(
        "NVRTC 12.9 environment: {} of {} macros defined, {} of {} names declared with no #include",
        env.defined_macros.len(),
        candidates.macros.len(),
        env.accepted.len(),
        candidates.names.len()
    );
    Ok([
        nvrtc_env::file(&env),
        nvrtc_env::runtime_types_header(&env, runtime),
    ])
}

/// One model for the emitters: a parsed CUDA API, its mapping and its exports.
fn emit_model<'a>(
    inputs: &mapping::Inputs<'a>,
    mapping: &'a mapping::Mapping<'a>,
    exports: &'a exports::Plan<'a>,
    families: Vec<Family>,
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
        families,
    }
}

fn print_coverage(m: &mapping::Mapping) {
    for (vi, v) in m.versions.iter().enumerate() {
        for family in Family::all() {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every function CUDA's headers declare is one family's, by its name, and that family's own
    /// headers declare it: the prefix table and the header lists agree.
    #[test]
    fn every_parsed_function_belongs_to_exactly_one_family() {
        let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cache/inputs");
        let clang = clang::Clang::new().unwrap();
        let index = clang::Index::new(&clang, false, false);
        let libraries = library_families();
        let sets = [
            cuda_header_set(&inputs),
            runtime_header_set(&inputs, RuntimeView::Default),
        ]
        .into_iter()
        .chain(libraries.map(|(f, lib)| library_header_set(&inputs, f, lib)));
        let mut per_family = std::collections::BTreeMap::<Family, usize>::new();
        for set in sets {
            let api = parse::parse(&index, &set).unwrap();
            for f in &api.functions {
                let family = Family::of_name(&f.name).unwrap();
                let by_header: Vec<Family> = Family::all()
                    .filter(|g| g.cuda_headers.contains(&f.header.as_str()))
                    .collect();
                assert_eq!(by_header, [family], "{} in {}", f.name, f.header);
                *per_family.entry(family).or_default() += 1;
            }
        }
        assert_eq!(per_family.len(), Family::all().count(), "{per_family:?}");
    }
}
