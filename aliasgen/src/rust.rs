//! Spelling the model in Rust: types, identifiers and `#[repr(C)]` records whose layout is
//! reproduced from the sizes and offsets clang reported (padding and alignment made explicit).

use crate::model::{Field, Record, Ty};
use std::fmt::Write;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// A C name as a Rust identifier: a keyword gets a trailing `_` (`type` → `type_`), as bindgen
/// (and so cudarc) spells it.
pub fn ident(name: &str) -> String {
    match name {
        "self" | "Self" | "super" | "crate" | "_" => format!("{name}_"),
        n if KEYWORDS.contains(&n) => format!("{n}_"),
        n => n.to_string(),
    }
}

pub fn ty(t: &Ty) -> String {
    match t {
        Ty::Void => "c_void".into(),
        Ty::Bool => "bool".into(),
        Ty::Prim(p) => (*p).into(),
        Ty::Named(n) => n.clone(),
        Ty::Ptr { pointee, is_const } => format!(
            "*{} {}",
            if *is_const { "const" } else { "mut" },
            ty(pointee)
        ),
        Ty::Array { elem, len } => format!("[{}; {len}]", ty(elem)),
        Ty::FnPtr {
            ret,
            params,
            variadic,
        } => {
            let mut args: Vec<String> = params.iter().map(ty).collect();
            if *variadic {
                args.push("...".into());
            }
            format!(
                "Option<unsafe extern \"C\" fn({}){}>",
                args.join(", "),
                ret_suffix(ret)
            )
        }
    }
}

/// ` -> T`, or nothing for `void`.
pub fn ret_suffix(t: &Ty) -> String {
    match t {
        Ty::Void => String::new(),
        t => format!(" -> {}", ty(t)),
    }
}

/// The Rust type a function returns, `()` for `void`.
pub fn ret_ty(t: &Ty) -> String {
    match t {
        Ty::Void => "()".into(),
        t => ty(t),
    }
}

/// `#[repr(C)]` struct or union with the C layout: gaps clang reported become `_padN` byte arrays,
/// runs of bit-fields become one `_bitfieldN` byte array (Rust has no bit-fields), and an
/// alignment the fields alone would not give is stated with `align(N)`.
pub fn record(r: &Record) -> String {
    if r.opaque {
        return format!(
            "#[repr(C)]\npub struct {} {{\n    _unused: [u8; 0],\n}}\n",
            r.name
        );
    }
    let mut members = Vec::new();
    let mut cursor = 0usize;
    let mut max_align = 1;
    let mut i = 0;
    while i < r.fields.len() {
        let f = &r.fields[i];
        let start = f.offset_bits / 8;
        // Bit-field storage is bytes (alignment 1); other fields are placed by their alignment.
        let natural = if f.bit_width.is_some() {
            cursor
        } else {
            cursor.next_multiple_of(f.align)
        };
        if !r.is_union && start > natural {
            members.push(format!(
                "pub _pad{}: [u8; {}],",
                members.len(),
                start - cursor
            ));
        }
        if f.bit_width.is_some() {
            let run: Vec<&Field> = r.fields[i..]
                .iter()
                .take_while(|g| g.bit_width.is_some())
                .collect();
            let end_bits = run
                .iter()
                .map(|g| g.offset_bits + g.bit_width.unwrap_or(0))
                .max()
                .unwrap_or(0);
            let bytes = end_bits.div_ceil(8) - start;
            let names: Vec<&str> = run.iter().map(|g| g.name.as_str()).collect();
            members.push(format!(
                "/// bit-fields: {}\n    pub _bitfield{}: [u8; {bytes}],",
                names.join(", "),
                members.len()
            ));
            cursor = start + bytes;
            i += run.len();
            continue;
        }
        assert!(
            r.is_union || start >= natural,
            "{}.{}: packed layout is not supported (offset {start}, natural {natural})",
            r.name,
            f.name
        );
        members.push(format!("pub {}: {},", ident(&f.name), ty(&f.ty)));
        max_align = max_align.max(f.align);
        cursor = if r.is_union {
            cursor.max(f.size)
        } else {
            start + f.size
        };
        i += 1;
    }
    let natural_size = cursor.next_multiple_of(r.align.max(max_align));
    if r.size > natural_size || (r.is_union && r.size > cursor) {
        let pad = if r.is_union { r.size } else { r.size - cursor };
        members.push(format!("pub _pad{}: [u8; {pad}],", members.len()));
    }
    let repr = match r.align > max_align {
        true => format!("#[repr(C, align({}))]", r.align),
        false => "#[repr(C)]".to_string(),
    };
    let keyword = if r.is_union { "union" } else { "struct" };
    let mut out = format!(
        "{repr}\n#[derive(Copy, Clone)]\npub {keyword} {} {{\n",
        r.name
    );
    for m in members {
        let _ = writeln!(out, "    {m}");
    }
    out.push_str("}\n");
    out
}
