//! `families.rs`: what cuda-as-hip and its C ABI libraries need of each family's row — its call
//! type, how its status codes answer (`ResultCodes`), its C ABI library, its coverage totals — so
//! no family is written out by hand.

use super::*;

pub(super) fn families_file(models: &[Context]) -> String {
    let mut out = header("aliasgen's family table (aliasgen/src/family.rs)");
    out.push_str("//! Each CUDA API family's call type, status codes, C ABI library and coverage totals.\n\n");
    out.push_str("use crate::call::{Call, ResultCodes};\n\n");
    let mut libraries = String::new();
    let mut count = 0;
    for cx in models {
        for family in cx.status_families() {
            out.push_str(&result_codes(family, &cx.stem("tables")));
        }
        for &family in &cx.families {
            libraries.push_str(&library(family));
            count += 1;
        }
    }
    let _ = writeln!(
        out,
        "/// A C ABI library: the file cargo builds, the SONAME programs ask for, the symbol version\n/// NVIDIA's library tags its exports with, and the cargo package that builds it.\npub struct Library {{\n    pub family: &'static str,\n    pub file: &'static str,\n    pub soname: &'static str,\n    pub symbol_version: Option<&'static str>,\n    pub package: &'static str,\n}}\n\n/// Every family's C ABI library.\npub const LIBRARIES: [Library; {count}] = [\n{libraries}];\n"
    );
    out.push_str(&coverage_rows(models));
    out
}

/// The family's `Call` alias and its status type's `ResultCodes`.
fn result_codes(family: Family, tables: &str) -> String {
    let s = &family.status;
    let (ty, call, module) = (s.rust_ty, family.call_ty, family.module);
    let kept = match s.keep_failure {
        Some(keep) => format!(", each failure passed to `{keep}`"),
        None => String::new(),
    };
    let mut out = format!(
        "/// A call of the {} API: `{ty}`{kept}.\npub type {call} = Call<crate::{module}::sys::{ty}>;\n\nimpl ResultCodes for crate::{module}::sys::{ty} {{\n    type Library = {};\n",
        family.label,
        family.hip_handle(),
    );
    for (constant, value) in [
        ("SUCCESS", s.success),
        ("NOT_LOADED", s.not_loaded),
        ("UNKNOWN", s.catch_all),
        ("NOT_SUPPORTED", s.not_supported),
        ("INVALID_VALUE", s.invalid_value),
        ("INVALID_HANDLE", s.invalid_handle),
    ] {
        let _ = writeln!(out, "    const {constant}: Self = Self::{value};");
    }
    let _ = writeln!(
        out,
        "    #[inline(always)]\n    fn from_hip(code: i64, b: {}::Bindings) -> Option<Self> {{\n        crate::generated::{tables}::{}_from_hip(code, b)\n    }}",
        family.hip_sys(),
        s.cuda_enum
    );
    if let Some(keep) = s.keep_failure {
        let _ = writeln!(
            out,
            "    #[inline(always)]\n    fn failed(self) -> Self {{\n        {keep}(self)\n    }}"
        );
    }
    out.push_str("}\n\n");
    out
}

fn library(family: Family) -> String {
    let l = &family.library;
    format!(
        "    Library {{\n        family: {:?},\n        file: {:?},\n        soname: {:?},\n        symbol_version: {:?},\n        package: {:?},\n    }},\n",
        family.label, l.file, l.soname, l.symbol_version, l.package
    )
}

/// `cabi/guarded.rs`, included by `cabi/guard.rs`: each family's status answers a panic in an
/// exported function with its catch-all code.
pub(super) fn guarded_file(models: &[Context]) -> String {
    let mut out = header("aliasgen's family table (aliasgen/src/family.rs)");
    out.push_str("// What a panicking export of each family answers: its catch-all code.\n");
    for family in models.iter().flat_map(|cx| cx.status_families()) {
        let s = &family.status;
        let _ = writeln!(
            out,
            "\nimpl Guarded for cuda_as_hip::{}::sys::{} {{\n    const ON_PANIC: Self = Self::{};\n}}",
            family.module, s.rust_ty, s.catch_all
        );
    }
    out
}

/// `cuda-as-hip/src/generated/mod.rs`: every model's generated modules, `every_raw` (the raw layers
/// `cuda_as_hip::raw` re-exports) and `every_table` (the value tables the crate re-exports for
/// the tests).
pub(super) fn modules_file(models: &[Context]) -> String {
    let mut out = header("aliasgen's family table (aliasgen/src/family.rs)");
    out.push_str("//! The generated modules: what each family's row and each model's headers make.\n\n#[rustfmt::skip]\npub mod families;\n");
    // `use` lines sorted, as rustfmt keeps them.
    let (mut raws, mut tables) = (BTreeSet::new(), BTreeSet::new());
    for cx in models {
        let (raw, table) = (cx.stem("raw"), cx.stem("tables"));
        let _ = write!(
            out,
            "#[rustfmt::skip]\npub mod {raw};\n#[rustfmt::skip]\npub mod {table};\n"
        );
        raws.insert(format!("    pub use super::{raw}::*;\n"));
        tables.insert(format!("    pub use super::{table};\n"));
    }
    let (raws, tables): (String, String) =
        (raws.into_iter().collect(), tables.into_iter().collect());
    let _ = write!(
        out,
        "\n/// Every model's raw layer.\npub mod every_raw {{\n{raws}}}\n\n/// Every model's value tables.\npub mod every_table {{\n{tables}}}\n"
    );
    out
}

/// A CUDA library's C ABI crate (`cabi/libcurand/`…), but for its generated exports and its hand
/// modules: `Cargo.toml`, `build.rs` (the SONAME and symbol version) and `src/lib.rs`.
pub(super) fn library_crate_files(family: Family) -> Vec<(String, String)> {
    let (l, rocm) = (
        &family.library,
        family.rocm_library().expect("a CUDA library"),
    );
    let dir = format!("cabi/{}", l.crate_dir);
    let name = l.file.trim_start_matches("lib").trim_end_matches(".so");
    let notice = generated_notice("aliasgen's family table (aliasgen/src/family.rs)");
    let cargo = format!(
        "# {notice}\n[package]\nname = \"{}\"\nversion = \"0.1.0\"\ndescription = \"{} stand-in: {} ({}) with C linkage, on {}\"\nedition.workspace = true\nlicense.workspace = true\npublish = false\n\n[lib]\nname = \"{name}\"\ncrate-type = [\"cdylib\"]\npath = \"src/lib.rs\"\n\n[dependencies]\ncuda-as-hip = {{ path = \"../../cuda-as-hip\" }}\nhip-sys = {{ path = \"../../hip-sys\" }}\nctor = \"1\"\n\n[dev-dependencies]\ntest-support = {{ path = \"../../tests/support\" }}\n",
        l.package, l.soname, family.label, family.header_summary, rocm.label
    );
    let env = soname_env(family);
    let versions = match l.symbol_version {
        Some(v) => format!("every export versioned `{v}` as NVIDIA's"),
        None => "its exports unversioned, as NVIDIA's".into(),
    };
    let build = format!(
        "// {notice}\n//! `{soname}`, {versions}. The GPU loopback's layout sets\n//! `{env}={file}` ({} on NVIDIA needs NVIDIA's `{soname}`).\ninclude!(\"../soname.rs\");\n\n#[rustfmt::skip]\nfn main() {{\n    link_as(\"{env}\", \"{soname}\", {});\n}}\n",
        rocm.label,
        l.symbol_version.is_some(),
        soname = l.soname,
        file = l.file,
    );
    let mut lib = format!(
        "// {notice}\n//! `{}` for programs that load NVIDIA's {} (`-l{name}`, `dlopen`), on {}.\n//! Each export is generated (`exports.rs`) from {} and calls `cuda_as_hip::raw`, which\n//! validates C's integers and pointers; `guard.rs` keeps panics from crossing the C ABI.\n",
        l.soname, family.label, rocm.label, family.header_summary
    );
    for (module, what) in l.hand_modules {
        let _ = writeln!(lib, "//! `{module}.rs`: {what}.");
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        // The crate is named as the library file (`cublasLt`), not in Rust's snake case.
        lib.push_str("#![allow(non_snake_case)]\n");
    }
    lib.push_str("\n#[path = \"../../guard.rs\"]\nmod guard;\n#[path = \"../../setup.rs\"]\nmod setup;\n#[rustfmt::skip]\nmod exports;\n");
    for (module, _) in l.hand_modules {
        let _ = writeln!(lib, "mod {module};");
    }
    vec![
        (format!("{dir}/Cargo.toml"), cargo),
        (format!("{dir}/build.rs"), build),
        (format!("{dir}/src/lib.rs"), lib),
    ]
}

/// The variable a C ABI library's build script reads to link under another SONAME (the GPU
/// loopback's layout).
fn soname_env(family: Family) -> String {
    format!(
        "CUDA_AS_HIP_{}_SONAME",
        family.library.crate_dir.to_uppercase()
    )
}

/// `cabi/libraries.txt`, which `scripts/lay-out.sh` reads: each family's C ABI library as
/// `PACKAGE FILE SONAME SONAME-VARIABLE`, one per line.
pub(super) fn libraries_file() -> String {
    let mut out = format!(
        "# {}\n# PACKAGE FILE SONAME SONAME-VARIABLE\n",
        generated_notice("aliasgen's family table (aliasgen/src/family.rs)")
    );
    for family in Family::all() {
        let l = &family.library;
        let _ = writeln!(
            out,
            "{} {} {} {}",
            l.package,
            l.file,
            l.soname,
            soname_env(family)
        );
    }
    out
}
