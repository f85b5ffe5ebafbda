//! The GPU loopback's source: HIP 5.2.3's own NVIDIA-platform headers (`hip/nvidia_detail/*.h`)
//! implement every `hip*` / `hiprtc*` function inline over CUDA; one exported C wrapper per function
//! (`exp_hipMalloc`, renamed `hipMalloc` by `objcopy --redefine-syms`) turns them into a
//! `libamdhip64.so` that runs on an NVIDIA GPU (ARCHITECTURE.md, "Testing without an AMD GPU").
//!
//! The function list is libclang's parse of those headers (as C++, with CUDA 11.8's headers), not
//! a hand-kept list. `hipRuntimeGetVersion` / `hipDriverGetVersion` report the headers' HIP version
//! (on NVIDIA they would report CUDA's); `hipDeviceGetAttribute` asks CUDA for what the header's
//! refuses ([`ATTRIBUTE_FALLBACK`]).

use clang::{Entity, EntityKind, Index};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

/// Functions whose loopback body is not the header's: they report HIP's version.
const VERSION_FUNCTIONS: [&str; 2] = ["hipRuntimeGetVersion", "hipDriverGetVersion"];

/// Functions `gpu/loopback/capture_graph.cpp` writes by hand: nvidia_detail passes memory types
/// between HIP and CUDA unchanged (`hip_Memcpy2D`'s, a pointer's), but CUDA's count from 1 where
/// AMD's HIP 5.2.3 (the numbering the shim binds) counts from 0.
const HAND_WRITTEN: [&str; 4] = [
    "hipMemcpyParam2D",
    "hipMemcpyParam2DAsync",
    "hipPointerGetAttribute",
    "hipDrvPointerGetAttributes",
];

/// nvidia_detail's `hipDeviceGetAttribute` answers 46 attributes and refuses the rest
/// (`hipErrorInvalidValue`), where AMD's HIP answers them all; NVIDIA's static runtime reads them
/// all for `cudaGetDeviceProperties` and gives up on a refusal. The loopback asks CUDA for the
/// attribute of the same name (or the one hipify-perl maps to it).
const ATTRIBUTE_FALLBACK: &str = "{ hipError_t e = hipDeviceGetAttribute(a0, a1, a2); \
     int c = e == hipErrorInvalidValue ? loopback_cuda_attribute(a1) : -1; \
     return c < 0 ? e : hipCUDAErrorTohipError(cudaDeviceGetAttribute(a0, (cudaDeviceAttr)c, a2)); }";

pub struct Loopback {
    pub source: String,
    pub redefine_syms: String,
    pub count: usize,
}

fn in_nvidia_detail(e: &Entity) -> bool {
    e.get_location()
        .and_then(|l| l.get_file_location().file)
        .is_some_and(|f| {
            f.get_path()
                .to_string_lossy()
                .contains("/hip/nvidia_detail/")
        })
}

pub fn generate(
    index: &Index,
    hip_include: &Path,
    cuda11_include: &Path,
    hipify: &crate::hipify::Table,
) -> Result<Loopback, String> {
    let main = std::env::temp_dir().join("aliasgen-loopback.cpp");
    let includes = "#include <hip/hip_runtime_api.h>\n#include <hip/hiprtc.h>\n";
    let args = [
        "-x".to_string(),
        "c++".into(),
        "-std=c++17".into(),
        "-D__HIP_PLATFORM_NVIDIA__".into(),
        format!("-I{}", hip_include.display()),
        format!("-I{}", cuda11_include.display()),
    ];
    let tu = index
        .parser(&main)
        .arguments(&args)
        .unsaved(&[clang::Unsaved::new(&main, includes)])
        .skip_function_bodies(true)
        .parse()
        .map_err(|e| format!("loopback: libclang could not parse nvidia_detail: {e}"))?;
    crate::parse::no_errors(&tu, "loopback (nvidia_detail)")?;
    let mut seen = BTreeSet::new();
    let mut wrappers = String::new();
    // objcopy reads `#` as a line comment.
    let mut syms = format!(
        "# {}\n",
        super::generated_notice("HIP 5.2.3's hip/nvidia_detail headers")
    );
    for e in top_level(tu.get_entity()) {
        let Some(name) = e.get_name() else { continue };
        let wanted = e.get_kind() == EntityKind::FunctionDecl
            && name.starts_with("hip")
            && in_nvidia_detail(&e)
            && !HAND_WRITTEN.contains(&name.as_str());
        // C++ overloads of one name: the first declaration is the C API's.
        if !wanted || !seen.insert(name.clone()) {
            continue;
        }
        let ty = e.get_type().ok_or("function without a type")?;
        if ty.is_variadic() {
            continue;
        }
        let ret = ty
            .get_result_type()
            .ok_or("function without a result")?
            .get_display_name();
        let params: Vec<String> = ty
            .get_argument_types()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, t)| format!("__typeof__({}) a{i}", t.get_display_name()))
            .collect();
        let args: Vec<String> = (0..params.len()).map(|i| format!("a{i}")).collect();
        let body = match name.as_str() {
            n if VERSION_FUNCTIONS.contains(&n) => {
                "{ if (!a0) return hipErrorInvalidValue; *a0 = HIP_VERSION; return hipSuccess; }"
                    .to_string()
            }
            "hipDeviceGetAttribute" => ATTRIBUTE_FALLBACK.to_string(),
            _ => format!("{{ return {name}({}); }}", args.join(", ")),
        };
        let _ = writeln!(
            wrappers,
            "EXPORT __typeof__({ret}) exp_{name}({}) {body}",
            params.join(", ")
        );
        let _ = writeln!(syms, "exp_{name} {name}");
    }
    let attributes = attribute_table(tu.get_entity(), hipify)?;
    let source = format!(
        "{}// The GPU loopback: each HIP function of HIP's NVIDIA platform, exported as exp_NAME\n\
         // (scripts/gpu-suite.sh renames them with objcopy --redefine-syms and links libamdhip64.so).\n\
         {includes}#include <hip/hip_version.h>\n\n#define EXPORT __attribute__((visibility(\"default\")))\n\n\
         {attributes}\nextern \"C\" {{\n{wrappers}}}\n",
        super::header("HIP 5.2.3's hip/nvidia_detail headers")
    );
    Ok(Loopback {
        source,
        redefine_syms: syms,
        count: seen.len(),
    })
}

/// `loopback_cuda_attribute`: for each `hipDeviceAttribute_t` constant, the `cudaDeviceAttr` of
/// the same name after the prefixes (case aside), else the one hipify-perl maps to it; -1 for the
/// rest.
fn attribute_table(tu: Entity, hipify: &crate::hipify::Table) -> Result<String, String> {
    let constants = |enum_name: &str| -> Vec<String> {
        top_level(tu)
            .into_iter()
            .filter(|e| {
                e.get_kind() == EntityKind::EnumDecl && e.get_name().as_deref() == Some(enum_name)
            })
            .flat_map(|e| e.get_children())
            .filter_map(|c| c.get_name())
            .collect()
    };
    let hip: BTreeSet<String> = constants("hipDeviceAttribute_t").into_iter().collect();
    let key = |name: &str, prefix: &str| name.strip_prefix(prefix).map(str::to_lowercase);
    let by_name: std::collections::BTreeMap<String, &String> = hip
        .iter()
        .filter_map(|h| Some((key(h, "hipDeviceAttribute")?, h)))
        .collect();
    // The same name first (hipify maps several CUDA attributes to one HIP attribute), then hipify.
    let cuda = constants("cudaDeviceAttr");
    let mut pairs = std::collections::BTreeMap::new();
    for c in &cuda {
        if let Some(h) = key(c, "cudaDevAttr").and_then(|k| by_name.get(&k).copied()) {
            pairs.entry(h.clone()).or_insert(c.clone());
        }
    }
    for c in &cuda {
        if let Some(h) = hipify.hip(c).map(|e| &e.hip).filter(|h| hip.contains(*h)) {
            pairs.entry(h.clone()).or_insert(c.clone());
        }
    }
    if pairs.len() < 60 {
        return Err(format!(
            "loopback: only {} hipDeviceAttribute_t constants found a cudaDeviceAttr",
            pairs.len()
        ));
    }
    let cases: String = pairs
        .iter()
        .map(|(h, c)| format!("    case {h}: return {c};\n"))
        .collect();
    Ok(format!(
        "// hipDeviceAttribute_t → cudaDeviceAttr (the same name, else hipify-perl's mapping), for what\n\
         // nvidia_detail's hipDeviceGetAttribute refuses ({} pairs).\n\
         static int loopback_cuda_attribute(hipDeviceAttribute_t a) {{\n  switch (a) {{\n{cases}    \
         default: return -1;\n  }}\n}}\n",
        pairs.len()
    ))
}

/// Declarations at file scope, including those inside `extern "C" { … }` blocks.
fn top_level(e: Entity) -> Vec<Entity> {
    let mut out = Vec::new();
    for c in e.get_children() {
        match c.get_kind() {
            EntityKind::LinkageSpec | EntityKind::UnexposedDecl => out.extend(top_level(c)),
            _ => out.push(c),
        }
    }
    out
}
