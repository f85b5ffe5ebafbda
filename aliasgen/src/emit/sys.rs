//! `driver_sys.rs` / `nvrtc_sys.rs`: CUDA's types with cudarc 0.19's names and shapes (C enums as Rust
//! enums, as bindgen writes them; OR-able flags as integer newtypes) and one `pub unsafe fn` per CUDA
//! function, which turns its Rust enums into raw integers and calls the raw layer.

use super::*;

/// How the sys layer hands a parameter to the raw layer.
pub(super) fn to_raw(cx: &Context, name: &str, t: &Ty) -> String {
    let n = rust::ident(name);
    if let Some(e) = cuda_enum(cx.cuda, t) {
        return match cx.bitflags.contains(&e.name) {
            true => format!("{n}.0"),
            false => format!("{n} as {}", int(e.repr)),
        };
    }
    match t {
        Ty::Ptr { pointee, .. } if cuda_enum(cx.cuda, pointee).is_some() => format!("{n}.cast()"),
        _ => n,
    }
}

pub(super) fn sys_file(cx: &Context, family: Family) -> String {
    let cuda = cx.cuda;
    let mine = |h: &str| cx.family_of_header(h) == family;
    let what = family.header_summary;
    let doc = family.module;
    let mut out = header(&format!("CUDA 12.9's {what}"));
    let _ = writeln!(
        out,
        "//! CUDA 12.9's {doc} API with the item names and type shapes of cudarc 0.19's `{doc}::sys`."
    );
    out.push_str("#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals, unused_imports, dead_code)]\n#![allow(clippy::all)]\n\n");
    out.push_str(IMPORTS);
    if family.joins.is_some() {
        // Its functions take the joined family's types (cuSOLVER's status, cuBLAS's fill mode),
        // which its module shows as cudarc's does.
        let _ = writeln!(out, "pub use crate::{}::sys::*;", cx.lead().module);
    }
    out.push('\n');
    for e in cuda.enums.iter().filter(|e| mine(&e.header)) {
        match cx.bitflags.contains(&e.name) {
            true => out.push_str(&flags_newtype(e)),
            false => out.push_str(&rust_enum(e)),
        }
    }
    for r in cuda.records.iter().filter(|r| mine(&r.header)) {
        let text = rust::record(r);
        let derives = match (comparable(cuda, r, 0), debuggable(cuda, r)) {
            (true, _) => "Debug, Copy, Clone, Hash, PartialOrd, Ord, PartialEq, Eq",
            (false, true) => "Debug, Copy, Clone, PartialOrd, PartialEq",
            (false, false) => "Copy, Clone",
        };
        out.push_str(&text.replacen(
            "#[derive(Copy, Clone)]",
            &format!("#[derive({derives})]"),
            1,
        ));
    }
    // A typedef belongs to the family whose headers declare a type it names (NVRTC's
    // `nvrtcProgram`), else to the family whose prefix it carries (cuSOLVERMg's `cudaLibMgGrid_t`),
    // else to the model's lead; a one-family model's typedefs are all its own.
    let declared_by = |n: &str| {
        let header = cuda
            .enums
            .iter()
            .find(|e| e.name == n)
            .map(|e| &e.header)
            .or_else(|| cuda.records.iter().find(|r| r.name == n).map(|r| &r.header))?;
        Family::of_header(&cx.families, header).filter(|f| *f != cx.lead())
    };
    for t in &cuda.typedefs {
        let mut names = Vec::new();
        t.ty.names(&mut names);
        let owner = (names.iter().find_map(|n| declared_by(n)))
            .or_else(|| (cx.families.iter().copied()).find(|f| *f != cx.lead() && f.owns(&t.name)))
            .unwrap_or(cx.lead());
        let belongs = owner == family;
        if belongs && Ty::Named(t.name.clone()) != t.ty {
            // A typedef of an enum is a re-export, as bindgen writes it: `CUresult` then also
            // names the newtype's constructor (`CUgraphInstantiate_flags(0)`).
            match &t.ty {
                Ty::Named(n) if cuda.enums.iter().any(|e| &e.name == n) => {
                    let _ = writeln!(out, "pub use self::{n} as {};", t.name);
                }
                ty => {
                    let _ = writeln!(out, "pub type {} = {};", t.name, rust::ty(ty));
                }
            }
        }
    }
    // An integer macro is the model's family's whose prefix it carries (nvJitLink.h's
    // `NVJITLINK_ERROR_NULL_INPUT`), else the lead's (cuda.h's, or the runtime's).
    let owner = |name: &str| {
        (cx.families.iter().copied())
            .find(|f| *f != cx.lead() && f.owns(name))
            .unwrap_or(cx.lead())
    };
    for c in cuda.constants.iter().filter(|c| owner(&c.name) == family) {
        let ty = match cuda_enum(cuda, &c.ty) {
            Some(e) => int(e.repr).to_string(),
            None => rust::ty(&c.ty),
        };
        // bindgen types an integer macro by its value: u32 when it fits, as cudarc has them.
        let ty = match (&c.ty, c.value) {
            (Ty::Prim(p), v)
                if matches!(
                    *p,
                    "c_int"
                        | "c_uint"
                        | "c_long"
                        | "c_ulong"
                        | "c_longlong"
                        | "c_ulonglong"
                        | "i32"
                        | "u32"
                        | "i64"
                        | "u64"
                        | "usize"
                ) =>
            {
                match v {
                    0..=0xFFFF_FFFF => "u32".to_string(),
                    v if v < 0 && v >= i128::from(i32::MIN) => "i32".to_string(),
                    v if v < 0 => "i64".to_string(),
                    _ => "u64".to_string(),
                }
            }
            _ => ty,
        };
        let value = match c.ty {
            Ty::Bool => format!("{}", c.value != 0),
            _ => format!("{} as {ty}", c.value),
        };
        let _ = writeln!(out, "pub const {}: {ty} = {value};", c.name);
    }
    out.push('\n');
    for f in cuda.functions.iter().filter(|f| mine(&f.header)) {
        out.push_str(&sys_fn(cx, f));
    }
    out
}

pub(super) fn rust_enum(e: &Enum) -> String {
    let mut out = format!(
        "#[repr({})]\n#[derive(Debug, Copy, Clone, Hash, PartialOrd, Ord, PartialEq, Eq)]\npub enum {} {{\n",
        int(e.repr),
        e.name
    );
    let mut seen = Vec::new();
    let mut dups = Vec::new();
    for (n, v) in &e.constants {
        match seen.iter().find(|(_, sv)| sv == v) {
            Some((first, _)) => dups.push((n.clone(), String::clone(first))),
            None => {
                let _ = writeln!(out, "    {n} = {v},");
                seen.push((n.clone(), *v));
            }
        }
    }
    out.push_str("}\n");
    if !dups.is_empty() {
        let _ = writeln!(out, "impl {} {{", e.name);
        for (n, first) in dups {
            let _ = writeln!(out, "    pub const {n}: {0} = {0}::{first};", e.name);
        }
        out.push_str("}\n");
    }
    out
}

pub(super) fn sys_fn(cx: &Context, f: &Function) -> String {
    let args: Vec<String> = f
        .params
        .iter()
        .map(|p| to_raw(cx, &p.name, &p.ty))
        .collect();
    format!(
        "#[inline(always)]\npub unsafe fn {}({}){} {{\n    crate::generated::{}::{}({})\n}}\n",
        f.name,
        params(f, rust::ty),
        rust::ret_suffix(&f.ret),
        cx.stem("raw"),
        f.name,
        args.join(", ")
    )
}

/// OR-able flags as cudarc has them: `#[repr(transparent)]` over the integer, the constants as
/// associated constants, and the bit operators.
pub(super) fn flags_newtype(e: &Enum) -> String {
    let name = &e.name;
    let mut out = format!(
        "#[repr(transparent)]\n#[derive(Debug, Copy, Clone, Hash, PartialOrd, Ord, PartialEq, Eq)]\npub struct {name}(pub {});\nimpl {name} {{\n",
        int(e.repr)
    );
    for (n, v) in &e.constants {
        let _ = writeln!(out, "    pub const {n}: {name} = {name}({v});");
    }
    out.push_str("}\n");
    for (tr, method, op) in [("BitOr", "bitor", "|"), ("BitAnd", "bitand", "&")] {
        let _ = writeln!(
            out,
            "impl core::ops::{tr} for {name} {{\n    type Output = Self;\n    #[inline]\n    fn {method}(self, other: Self) -> Self {{\n        {name}(self.0 {op} other.0)\n    }}\n}}\nimpl core::ops::{tr}Assign for {name} {{\n    #[inline]\n    fn {method}_assign(&mut self, other: Self) {{\n        self.0 {op}= other.0;\n    }}\n}}"
        );
    }
    out
}

/// A struct whose fields are all integers, pointers, enums or such structs (no floats, unions,
/// callbacks or bit-fields) gets the comparison derives bindgen gives it.
pub(super) fn comparable(cuda: &Api, r: &crate::model::Record, depth: usize) -> bool {
    plain_data(cuda, r, depth, false)
}

/// As [`comparable`], but floats allowed: `Debug` and `PartialEq` (not `Eq`, `Hash`), as bindgen
/// derives them for cudarc (`float2`, which cuBLAS's legacy `cublasCdotu` returns by value).
pub(super) fn debuggable(cuda: &Api, r: &crate::model::Record) -> bool {
    plain_data(cuda, r, 0, true)
}

/// A struct of plain fields (no union, bit field, function pointer or opaque record), floats
/// allowed where `floats`.
fn plain_data(cuda: &Api, r: &crate::model::Record, depth: usize, floats: bool) -> bool {
    fn ty_ok(cuda: &Api, t: &Ty, depth: usize, floats: bool) -> bool {
        match t {
            Ty::Prim(p) => floats || !matches!(*p, "f32" | "f64" | "c_float" | "c_double"),
            Ty::Bool | Ty::Ptr { .. } => true,
            Ty::Array { elem, .. } => ty_ok(cuda, elem, depth, floats),
            Ty::Named(n) => {
                if cuda.enums.iter().any(|e| &e.name == n) {
                    return true;
                }
                if let Some(d) = cuda.typedefs.iter().find(|d| &d.name == n) {
                    return ty_ok(cuda, &d.ty, depth, floats);
                }
                cuda.records
                    .iter()
                    .find(|r| &r.name == n)
                    .is_some_and(|r| plain_data(cuda, r, depth + 1, floats))
            }
            Ty::Void | Ty::FnPtr { .. } => false,
        }
    }
    depth < 8
        && !r.is_union
        && !r.opaque
        && r.fields
            .iter()
            .all(|f| f.bit_width.is_none() && ty_ok(cuda, &f.ty, depth, floats))
}
