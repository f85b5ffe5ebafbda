//! NVRTC's implicit environment, measured: the names CUDA 12.9's headers declare (every macro,
//! type, variable and function at global scope), and which of them NVIDIA's NVRTC 12.9 knows in
//! a program with no `#include` at all. NVIDIA's NVRTC (PyPI `nvidia-cuda-nvrtc-cu12`, unpacked by
//! `scripts/setup.sh`) runs on the CPU; its answer is the reference our NVRTC is tested against
//! on every HIP version (`cuda-as-hip/tests/nvrtc_environment.rs`).

use clang::{Entity, EntityKind, Index, Unsaved};
use std::collections::BTreeSet;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::path::Path;

/// The candidates: what `cuda_runtime.h` declares for the device (parsed as nvcc's front end
/// sees it, `__CUDACC__` defined: the device functions, math, atomics, warp intrinsics, vector
/// types, the runtime's types), plus the half and bfloat16 headers, which NVRTC does not include
/// by itself.
const CANDIDATE_HEADERS: &[&str] = &["cuda_runtime.h", "cuda_fp16.h", "cuda_bf16.h"];

/// The C headers whose names CUDA's headers and kernels use (`NULL`, `size_t`, `INT_MAX`,
/// `FLT_MAX`, `int32_t`, `clock_t`, `va_list`): their own declarations are candidates too,
/// wherever the system keeps them (glibc declares some types in a file of their own).
const C_HEADERS: &[&str] = &[
    "stddef.h",
    "stdint.h",
    "stdint-intn.h",
    "stdint-uintn.h",
    "limits.h",
    "float.h",
    "stdarg.h",
    "clock_t.h",
    "time_t.h",
];

/// The headers that declare them, included for the candidates.
const C_INCLUDES: &[&str] = &[
    "stddef.h", "stdint.h", "limits.h", "float.h", "stdarg.h", "time.h",
];

/// Macros no CUDA header declares that tell a source which compiler, library and target it is on:
/// hiprtc's, clang's, GCC's and libstdc++'s (a CUDA source that sees one takes its HIP path, or
/// libcu++ its clang path with the host's C++ library), EDG's (NVRTC's front end) and the host's.
const COMPILER_MACROS: &[&str] = &[
    "__clang__",
    "__clang_major__",
    "__clang_minor__",
    "__GNUC__",
    "__GNUC_MINOR__",
    "__GNUG__",
    "__GLIBCXX__",
    "__EDG__",
    "__LP64__",
    "__x86_64__",
    "__linux__",
    "__NVCC__",
    "__HIPCC__",
    "__HIPCC_RTC__",
    "__HIP__",
    "__HIP_PLATFORM_AMD__",
    "__HIP_PLATFORM_HCC__",
    "__HIP_DEVICE_COMPILE__",
];

/// The probe's target: NVRTC's default (compute_52) lacks what later GPUs added
/// (`__match_any_sync`, `__dp4a`); callers name their GPU, as CuPy does.
pub const ARCH_OPTION: &str = "--gpu-architecture=compute_80";

/// Names of global-scope entities and macros declared under `cuda_include`.
pub struct Candidates {
    pub macros: BTreeSet<String>,
    pub names: BTreeSet<String>,
}

pub fn candidates(index: &Index, cuda_include: &Path) -> Result<Candidates, String> {
    let dir = cuda_include
        .canonicalize()
        .map_err(|e| format!("{}: {e} (run scripts/setup.sh)", cuda_include.display()))?;
    let main = std::env::temp_dir().join("aliasgen-nvrtc-environment.cu");
    let source: String = CANDIDATE_HEADERS
        .iter()
        .chain(C_INCLUDES)
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    let args = [
        "-x".to_string(),
        "cuda".into(),
        "--cuda-device-only".into(),
        "--cuda-gpu-arch=sm_80".into(),
        "-nocudainc".into(),
        "-nocudalib".into(),
        "-std=c++17".into(),
        "-D__CUDACC__".into(),
        format!("-isystem{}", dir.display()),
    ];
    let tu = index
        .parser(&main)
        .arguments(&args)
        .unsaved(&[Unsaved::new(&main, source)])
        .detailed_preprocessing_record(true)
        .skip_function_bodies(true)
        .parse()
        .map_err(|e| format!("CUDA 12.9 headers in clang's CUDA mode: libclang: {e}"))?;
    let mut out = Candidates {
        macros: BTreeSet::new(),
        names: BTreeSet::new(),
    };
    collect(&tu.get_entity().get_children(), &dir, &mut out);
    out.macros
        .extend(COMPILER_MACROS.iter().map(|m| m.to_string()));
    Ok(out)
}

/// Whether `e` is declared by CUDA's headers (under `dir`) or by one of [`C_HEADERS`].
fn declared_under(e: &Entity, dir: &Path) -> bool {
    e.get_location()
        .and_then(|l| l.get_file_location().file)
        .and_then(|f| f.get_path().canonicalize().ok())
        .is_some_and(|p| {
            p.starts_with(dir)
                || p.file_name()
                    .is_some_and(|n| C_HEADERS.iter().any(|h| n == *h))
        })
}

fn collect(entities: &[Entity], dir: &Path, out: &mut Candidates) {
    for e in entities {
        let kind = e.get_kind();
        // `extern "C" { … }`: libclang reports the block as unexposed.
        if matches!(kind, EntityKind::LinkageSpec | EntityKind::UnexposedDecl) {
            collect(&e.get_children(), dir, out);
            continue;
        }
        let (Some(name), true) = (e.get_name(), declared_under(e, dir)) else {
            continue;
        };
        match kind {
            EntityKind::MacroDefinition => {
                out.macros.insert(name);
            }
            EntityKind::FunctionDecl
            | EntityKind::FunctionTemplate
            | EntityKind::VarDecl
            | EntityKind::TypedefDecl
            | EntityKind::TypeAliasDecl
            | EntityKind::StructDecl
            | EntityKind::ClassDecl
            | EntityKind::UnionDecl
            | EntityKind::EnumDecl
            | EntityKind::ClassTemplate
                if !e.is_anonymous() && !name.starts_with("operator") =>
            {
                out.names.insert(name);
            }
            _ => {}
        }
    }
}

/// One probe line per name, in a program with no `#include`: a macro NVRTC does not define gives
/// a `#warning` naming it; a name it does not declare gives an error on its own line.
pub fn probe_source(macros: &BTreeSet<String>, names: &BTreeSet<String>) -> String {
    let mut s = String::new();
    for m in macros {
        s.push_str(&format!("#ifndef {m}\n#warning {UNDEFINED} {m}\n#endif\n"));
    }
    s.push_str("namespace cuda_as_hip_probe {\n");
    for n in names {
        s.push_str(&format!("#ifndef {n}\nusing ::{n};\n#endif\n"));
    }
    s.push_str("}\n");
    s
}

/// The word a `#warning` of the probe puts before an undefined macro's name.
pub const UNDEFINED: &str = "probe-undefined-macro";

/// What NVIDIA's NVRTC answered.
pub struct Environment {
    pub undefined_macros: BTreeSet<String>,
    pub defined_macros: BTreeSet<String>,
    pub accepted: BTreeSet<String>,
    pub refused: BTreeSet<String>,
}

type Create = unsafe extern "C" fn(
    *mut *mut c_void,
    *const c_char,
    *const c_char,
    c_int,
    *const *const c_char,
    *const *const c_char,
) -> c_int;
type Compile = unsafe extern "C" fn(*mut c_void, c_int, *const *const c_char) -> c_int;
type LogSize = unsafe extern "C" fn(*mut c_void, *mut usize) -> c_int;
type Log = unsafe extern "C" fn(*mut c_void, *mut c_char) -> c_int;
type Destroy = unsafe extern "C" fn(*mut *mut c_void) -> c_int;

/// NVIDIA's libnvrtc, loaded from the unpacked wheel.
struct Nvrtc(libloading::Library);

impl Nvrtc {
    fn open(path: &Path) -> Result<Self, String> {
        // SAFETY: loading NVIDIA's NVRTC runs only its own initialisers.
        unsafe { libloading::Library::new(path) }
            .map(Nvrtc)
            .map_err(|e| format!("{}: {e} (run scripts/setup.sh)", path.display()))
    }

    /// Compiles `source` with no options; the log.
    fn log(&self, source: &str) -> Result<String, String> {
        let c = |s: &str| CString::new(s).map_err(|e| e.to_string());
        let (src, name) = (c(source)?, c("probe.cu")?);
        // SAFETY: the symbols have NVRTC 12's signatures (nvrtc.h); every pointer passed lives
        // until the call returns, and the program is destroyed before returning.
        unsafe {
            let sym = |n: &[u8]| {
                self.0
                    .get::<*const c_void>(n)
                    .map(|s| *s)
                    .map_err(|e| e.to_string())
            };
            let create: Create = std::mem::transmute(sym(b"nvrtcCreateProgram")?);
            let compile: Compile = std::mem::transmute(sym(b"nvrtcCompileProgram")?);
            let log_size: LogSize = std::mem::transmute(sym(b"nvrtcGetProgramLogSize")?);
            let log: Log = std::mem::transmute(sym(b"nvrtcGetProgramLog")?);
            let destroy: Destroy = std::mem::transmute(sym(b"nvrtcDestroyProgram")?);
            let mut prog = std::ptr::null_mut();
            let r = create(
                &mut prog,
                src.as_ptr(),
                name.as_ptr(),
                0,
                std::ptr::null(),
                std::ptr::null(),
            );
            if r != 0 {
                return Err(format!("nvrtcCreateProgram: {r}"));
            }
            let arch = CString::new(ARCH_OPTION).map_err(|e| e.to_string())?;
            compile(prog, 1, [arch.as_ptr()].as_ptr());
            let mut n = 0usize;
            log_size(prog, &mut n);
            let mut buf = vec![0 as c_char; n + 1];
            log(prog, buf.as_mut_ptr());
            destroy(&mut prog);
            Ok(CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned())
        }
    }
}

/// The 1-based line numbers NVRTC reports an error on (`probe.cu(12): error: …`).
fn error_lines(log: &str) -> BTreeSet<usize> {
    log.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("probe.cu(")?;
            let (line, tail) = rest.split_once(')')?;
            tail.starts_with(": error").then(|| line.parse().ok())?
        })
        .collect()
}

/// Asks NVIDIA's NVRTC at `libnvrtc` about every candidate. NVRTC stops at 100 errors: the names
/// it refused are taken out and the rest compiled again until it compiles.
pub fn measure(libnvrtc: &Path, c: &Candidates) -> Result<Environment, String> {
    let nvrtc = Nvrtc::open(libnvrtc)?;
    let log = nvrtc.log(&probe_source(&c.macros, &BTreeSet::new()))?;
    let undefined_macros: BTreeSet<String> = log
        .lines()
        .filter_map(|l| Some(l.split_once(&format!("{UNDEFINED} "))?.1.trim().to_string()))
        .filter(|m| c.macros.contains(m))
        .collect();
    let mut remaining = c.names.clone();
    let mut refused = BTreeSet::new();
    loop {
        let source = probe_source(&BTreeSet::new(), &remaining);
        let log = nvrtc.log(&source)?;
        let lines: Vec<&str> = source.lines().collect();
        let failed: BTreeSet<String> = error_lines(&log)
            .into_iter()
            .map(|n| {
                lines
                    .get(n - 1)
                    .and_then(|l| l.strip_prefix("using ::"))
                    .map(|l| l.trim_end_matches(';').to_string())
                    .ok_or_else(|| format!("NVIDIA's NVRTC: an error off the probe lines:\n{log}"))
            })
            .collect::<Result<_, _>>()?;
        if failed.is_empty() {
            if log.contains("error") {
                return Err(format!("NVIDIA's NVRTC failed the probe:\n{log}"));
            }
            break;
        }
        remaining.retain(|n| !failed.contains(n));
        refused.extend(failed);
    }
    Ok(Environment {
        defined_macros: c.macros.difference(&undefined_macros).cloned().collect(),
        undefined_macros,
        accepted: remaining,
        refused,
    })
}

fn list(out: &mut String, doc: &str, name: &str, items: &BTreeSet<String>) {
    out.push_str(&format!("\n/// {doc}\npub const {name}: &[&str] = &[\n"));
    for i in items {
        out.push_str(&format!("    {i:?},\n"));
    }
    out.push_str("];\n");
}

/// The generated file: (path, text).
pub fn file(env: &Environment) -> (String, String) {
    let mut out = String::from(
        "// @generated by aliasgen from CUDA 12.9's headers and NVIDIA's NVRTC 12.9. Do not edit: run `cargo run -p aliasgen -- generate`.\n\
         //! NVRTC's implicit environment, measured: every macro and global-scope name CUDA 12.9's\n\
         //! device headers declare, by what NVIDIA's NVRTC 12.9 makes of it in a program with no\n\
         //! `#include` (probe: `#ifndef NAME` / `using ::NAME;`).\n",
    );
    out.push_str(&format!(
        "\n/// The option both compilers are given.\npub const ARCH_OPTION: &str = {ARCH_OPTION:?};\n"
    ));
    list(
        &mut out,
        "Macros NVIDIA's NVRTC defines with no `#include`.",
        "DEFINED_MACROS",
        &env.defined_macros,
    );
    list(
        &mut out,
        "Macros of CUDA's headers NVIDIA's NVRTC leaves undefined.",
        "UNDEFINED_MACROS",
        &env.undefined_macros,
    );
    list(
        &mut out,
        "Types, variables and functions NVIDIA's NVRTC declares with no `#include`.",
        "ACCEPTED",
        &env.accepted,
    );
    list(
        &mut out,
        "Types, variables and functions of CUDA's headers NVIDIA's NVRTC does not declare.",
        "REFUSED",
        &env.refused,
    );
    (
        "cuda-as-hip/tests/generated/nvrtc_environment.rs".into(),
        out,
    )
}

/// C's spelling of a primitive the model spells as Rust does; `None` for one the header does not
/// need.
fn c_primitive(rust: &str) -> Option<&'static str> {
    Some(match rust {
        "c_int" | "i32" => "int",
        "c_uint" | "u32" => "unsigned int",
        "c_long" | "i64" => "long",
        "c_ulong" | "u64" => "unsigned long",
        "c_longlong" => "long long",
        "c_ulonglong" => "unsigned long long",
        "usize" => "size_t",
        _ => return None,
    })
}

/// The CUDA runtime's types NVIDIA's NVRTC declares with no `#include`, as far as they are enums
/// (CUDA's values), handles (pointers to incomplete structs), integer typedefs and flag macros,
/// from CUDA 12.9's `driver_types.h` & co. as aliasgen parsed them; its structs with fields stay
/// out (README, "NVRTC's implicit environment").
pub fn runtime_types_header(env: &Environment, runtime: &crate::model::Api) -> (String, String) {
    use crate::model::Ty;
    let mut out = String::from(
        "// @generated by aliasgen from CUDA 12.9's runtime headers and NVIDIA's NVRTC 12.9. Do not edit: run `cargo run -p aliasgen -- generate`.\n\
         // cuda-as-hip: the CUDA runtime's enums, handles, integer typedefs and flag macros that\n\
         // NVIDIA's NVRTC declares in a program with no #include (CUDA's values).\n\
         #pragma once\n",
    );
    let enums: BTreeSet<&str> = runtime.enums.iter().map(|e| e.name.as_str()).collect();
    let typedef_of = |name: &str| runtime.typedefs.iter().find(|t| t.name == name);
    let wanted = |name: &str| {
        env.accepted.contains(name)
            || runtime
                .typedefs
                .iter()
                .any(|t| t.ty == Ty::Named(name.to_string()) && env.accepted.contains(&t.name))
    };
    for e in runtime.enums.iter().filter(|e| wanted(&e.name)) {
        out.push_str(&format!("enum {} {{\n", e.name));
        for (c, v) in &e.constants {
            out.push_str(&format!("    {c} = {v},\n"));
        }
        out.push_str("};\n");
    }
    for r in runtime
        .records
        .iter()
        .filter(|r| r.opaque && wanted(&r.name))
    {
        out.push_str(&format!("struct {};\n", r.name));
    }
    for name in &env.accepted {
        let Some(t) = typedef_of(name) else { continue };
        let spelled = match &t.ty {
            Ty::Named(n) if enums.contains(n.as_str()) => format!("enum {n}"),
            Ty::Prim(p) => match c_primitive(p) {
                Some(c) => c.to_string(),
                None => continue,
            },
            Ty::Ptr { pointee, is_const } => match pointee.as_ref() {
                Ty::Named(n) if !enums.contains(n.as_str()) => {
                    out.push_str(&format!("struct {n};\n"));
                    format!("{}struct {n}*", if *is_const { "const " } else { "" })
                }
                _ => continue,
            },
            _ => continue,
        };
        out.push_str(&format!("typedef {spelled} {name};\n"));
    }
    for c in runtime
        .constants
        .iter()
        .filter(|c| env.defined_macros.contains(&c.name))
    {
        let value = match &c.ty {
            Ty::Prim(p) if p.starts_with('u') || p.starts_with("c_u") => format!("{}U", c.value),
            Ty::Named(n) => format!("({n}){}", c.value),
            _ => c.value.to_string(),
        };
        out.push_str(&format!("#define {} ({value})\n", c.name));
    }
    (
        "cuda-as-hip/src/nvrtc/include/__cuda_as_hip/runtime_types.h".into(),
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_read_by_line_and_warnings_are_not() {
        let log = "probe.cu(3): error: the global scope has no \"x\"\n  using ::x;\n\
                   probe.cu(7): warning #1105-D: #warning directive: probe-undefined-macro M\n\
                   probe.cu(12): error: the global scope has no \"y\"\n\
                   other.h(5): error: in a header\n";
        assert_eq!(error_lines(log), BTreeSet::from([3, 12]));
    }

    #[test]
    fn the_probe_has_one_line_per_name_in_the_probe_namespace() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let source = probe_source(&set(&["M"]), &set(&["f", "T"]));
        let lines: Vec<&str> = source.lines().collect();
        assert_eq!(lines[1], format!("#warning {UNDEFINED} M"));
        assert!(lines.contains(&"using ::f;") && lines.contains(&"using ::T;"));
        assert_eq!(lines[3], "namespace cuda_as_hip_probe {");
        assert_eq!(lines.last(), Some(&"}"));
    }
}
