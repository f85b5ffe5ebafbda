//! `tables.rs`: enum value tables CUDA ↔ HIP per HIP version, struct converters, HIP → CUDA result
//! tables and CUDA's error names/texts; and the exhaustive table test.

use super::*;

/// Versions (by `Bindings` variant) in which a constant has HIP value `v`.
pub(super) fn version_arms(versions: &[&str], c: &ConstPair) -> Vec<(Option<i64>, Vec<String>)> {
    let mut groups: Vec<(Option<i64>, Vec<String>)> = Vec::new();
    for (v, hv) in versions.iter().zip(&c.hip_values) {
        let variant = format!("Bindings::V{}", v.replace('.', "_"));
        match groups.iter_mut().find(|(g, _)| g == hv) {
            Some((_, vs)) => vs.push(variant),
            None => groups.push((*hv, vec![variant])),
        }
    }
    groups
}

pub(super) fn lookup_arm(versions: &[&str], c: &ConstPair, from: i64) -> String {
    let groups = version_arms(versions, c);
    let value = |v: Option<i64>| match v {
        Some(v) => format!("Ok({v} as _)"),
        None => format!("Err(call.no_hip_value({:?}))", c.cuda),
    };
    match &groups[..] {
        [(v, _)] => format!("        {from} => {},\n", value(*v)),
        _ => {
            let arms: Vec<String> = groups
                .iter()
                .map(|(v, vs)| format!("{} => {}", vs.join(" | "), value(*v)))
                .collect();
            format!("        {from} => match b {{ {} }},\n", arms.join(", "))
        }
    }
}

pub(super) fn tables_file(cx: &Context) -> String {
    let m = cx.mapping;
    let mut out = header("CUDA 12.9's and HIP's headers and hipify-perl's table");
    out.push_str(
        "//! Enum value tables, CUDA ↔ HIP, per HIP version; and CUDA's error names and texts.\n",
    );
    out.push_str("#![allow(non_snake_case, non_upper_case_globals, unreachable_patterns, unused_imports, dead_code, clippy::all)]\n\n");
    let _ = writeln!(out, "use crate::call::{{bits, {}}};", cx.lead().call_ty);
    out.push_str(&cx.sys_uses("crate"));
    let _ = writeln!(out, "use {}::Bindings;\n", cx.lead().hip_sys());
    for (i, p) in m.enums.iter().enumerate() {
        out.push_str(&enum_tables(cx, i, p));
    }
    for (i, p) in m.structs.iter().enumerate() {
        out.push_str(&struct_converters(cx, i, p));
    }
    // Error enums: HIP result → CUDA result (the Rust enum), unknown → the family's catch-all.
    for family in cx.status_families() {
        let (c, h) = (family.status.cuda_enum, family.status.hip_enum);
        let i = m
            .enums
            .iter()
            .position(|p| p.cuda == c && p.hip == h)
            .expect("error enums are paired first");
        out.push_str(&result_table(cx, &m.enums[i], family.status.catch_all));
    }
    out.push_str(&error_names(cx));
    out
}

pub(super) fn enum_tables(cx: &Context, i: usize, p: &EnumPair) -> String {
    let m = cx.mapping;
    let (call, result) = (cx.lead().call_ty, cx.lead().status.rust_ty);
    let mut out = String::new();
    let cuda_int = int(p.cuda_repr);
    let name = enum_table(m, i);
    let _ = writeln!(
        out,
        "/// {} → {}: `Err` is `CUDA_ERROR_INVALID_VALUE` for a value CUDA does not define, `CUDA_ERROR_NOT_SUPPORTED` for one this HIP lacks.\n#[inline(always)]\npub fn to_hip_{name}(call: &{call}, v: {cuda_int}, b: Bindings) -> Result<i64, {result}> {{\n    let _ = b;\n    match v {{",
        p.cuda, p.hip
    );
    // CUDA aliases share a value: per version, the first alias with a HIP counterpart decides.
    let mut merged: Vec<ConstPair> = Vec::new();
    for c in &p.constants {
        match merged.iter_mut().find(|m| m.cuda_value == c.cuda_value) {
            Some(m) => {
                for (mv, cv) in m.hip_values.iter_mut().zip(&c.hip_values) {
                    *mv = mv.or(*cv);
                }
            }
            None => merged.push(c.clone()),
        }
    }
    for c in &merged {
        out.push_str(&lookup_arm(&m.versions, c, c.cuda_value));
    }
    let _ = writeln!(
        out,
        "        _ => Err(call.invalid_value({:?})),\n    }}\n}}",
        p.cuda
    );
    let _ = writeln!(
        out,
        "/// {} → {}: `Err` (`CUDA_ERROR_NOT_SUPPORTED`) for a HIP value with no CUDA counterpart.\n#[inline(always)]\npub fn from_hip_{name}(call: &{call}, v: i64, b: Bindings) -> Result<{cuda_int}, {result}> {{\n    match (v, b) {{",
        p.hip, p.cuda
    );
    for c in &p.constants {
        for (hv, vs) in version_arms(&m.versions, c) {
            if let Some(hv) = hv {
                let _ = writeln!(
                    out,
                    "        ({hv}, {}) => Ok({}),",
                    vs.join(" | "),
                    c.cuda_value
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "        _ => Err(call.no_cuda_value({:?}, v)),\n    }}\n}}",
        p.hip
    );
    out
}

pub(super) fn result_table(cx: &Context, p: &EnumPair, catch_all: &str) -> String {
    let enum_name = &p.cuda;
    // Per HIP value, the CUDA constant each version maps it to: several CUDA codes may map to
    // one HIP code, and the first declared (lowest) wins.
    let mut by_value: BTreeMap<i64, Vec<(String, &str)>> = BTreeMap::new();
    for c in &p.constants {
        for (hv, vs) in version_arms(&cx.mapping.versions, c) {
            let Some(hv) = hv else { continue };
            let entry = by_value.entry(hv).or_default();
            for v in vs {
                if !entry.iter().any(|(seen, _)| *seen == v) {
                    entry.push((v, c.cuda.as_str()));
                }
            }
        }
    }
    // Where every version agrees, one `match` on the value (a jump table): the hot path of every
    // call that fails.
    let uniform = by_value
        .values()
        .all(|e| e.iter().all(|(_, c)| *c == e[0].1));
    let mut out = format!(
        "/// {} → {enum_name}; a HIP code with no CUDA counterpart is `{catch_all}` (logged by the caller).\n#[inline(always)]\npub fn {enum_name}_from_hip(v: i64, b: Bindings) -> Option<{enum_name}> {{\n    let _ = b;\n",
        p.hip
    );
    let max = by_value.keys().max().copied().unwrap_or(0);
    let min = by_value.keys().min().copied().unwrap_or(0);
    if uniform && min >= 0 && max < 4096 {
        // A direct-indexed array: one bounds check and one load on every failing call.
        let _ = writeln!(
            out,
            "    {enum_name}_OF_HIP.get(usize::try_from(v).unwrap_or(usize::MAX)).copied().flatten()\n}}\n\n/// Index: the HIP code; value: its CUDA code.\nstatic {enum_name}_OF_HIP: [Option<{enum_name}>; {}] = {{\n    let mut t = [None; {}];",
            max + 1,
            max + 1
        );
        for (hv, e) in &by_value {
            let _ = writeln!(out, "    t[{hv}] = Some({enum_name}::{});", e[0].1);
        }
        out.push_str("    t\n};\n");
        return out;
    }
    if uniform {
        out.push_str("    Some(match v {\n");
        for (hv, e) in &by_value {
            let _ = writeln!(out, "        {hv} => {enum_name}::{},", e[0].1);
        }
        out.push_str("        _ => return None,\n    })\n}\n");
        return out;
    }
    out.push_str("    match (v, b) {\n");
    for (hv, e) in &by_value {
        for (v, c) in e {
            let _ = writeln!(out, "        ({hv}, {v}) => Some({enum_name}::{c}),");
        }
    }
    out.push_str("        _ => None,\n    }\n}\n");
    out
}

pub(super) fn error_names(cx: &Context) -> String {
    let mut out = String::new();
    for family in cx.status_families() {
        let e = family.status.cuda_enum;
        let Some(en) = cx.cuda.enums.iter().find(|x| x.name == e) else {
            continue;
        };
        let _ = writeln!(
            out,
            "/// The C name of a {e} value, from the raw integer a caller passed.\npub fn {e}_name(v: i64) -> Option<&'static core::ffi::CStr> {{\n    match v {{"
        );
        let mut seen = BTreeSet::new();
        for (n, v) in &en.constants {
            if seen.insert(*v) {
                let _ = writeln!(out, "        {v} => Some(c\"{n}\"),");
            }
        }
        out.push_str("        _ => None,\n    }\n}\n");
        if family.status_texts {
            let _ = writeln!(
                out,
                "/// The first sentence of the header's comment on a {e} value.\npub fn {e}_text(v: i64) -> Option<&'static core::ffi::CStr> {{\n    match v {{"
            );
            let mut seen = BTreeSet::new();
            for (n, v) in &en.constants {
                if let Some(b) = cx.cuda.briefs.get(n) {
                    if seen.insert(*v) {
                        let text = b.split_whitespace().collect::<Vec<_>>().join(" ");
                        let _ = writeln!(out, "        {v} => Some(c{text:?}),");
                    }
                }
            }
            out.push_str("        _ => None,\n    }\n}\n");
        }
    }
    out
}

pub(super) fn table_test_file(cx: &Context) -> String {
    let m = cx.mapping;
    let mut out = header("CUDA 12.9's and HIP's headers and hipify-perl's table");
    out.push_str("// Every mapped CUDA constant (named through cuda-as-hip's CUDA-header enums) goes to the HIP\n// constant of the mapped name (named through hip-sys's HIP-header bindings) in each HIP version,\n// and back: to the same CUDA constant where it is the first one mapped there, else to one that\n// maps to the same HIP value. A CUDA alias whose name maps elsewhere than its value's first constant\n// is left out: its value is translated as that constant's.\n\n#[test]\nfn every_mapped_constant_round_trips() {\n    let mut n = 0;\n");
    for (i, p) in m.enums.iter().enumerate() {
        let Some(e) = cx.cuda.enums.iter().find(|e| e.name == p.cuda) else {
            continue;
        };
        let module = format!(
            "cuda_as_hip::{}::sys",
            cx.family_of_header(&e.header).module
        );
        let name = enum_table(m, i);
        let hip_sys = cx.lead().hip_sys();
        for (vi, v) in m.versions.iter().enumerate() {
            let vm = format!("v{}", v.replace('.', "_"));
            let (mut first_for_hip, mut first_for_cuda) = (BTreeSet::new(), BTreeMap::new());
            for c in &p.constants {
                let (Some(hip), Some(hv)) = (&c.hip, c.hip_values[vi]) else {
                    continue;
                };
                // A CUDA alias (cuSPARSE's CSR2CSC_ALG1 is ALG_DEFAULT's value) is translated as
                // the first constant of its value is, whatever HIP constant its name maps to.
                if *first_for_cuda.entry(c.cuda_value).or_insert(hv) != hv {
                    continue;
                }
                let exact = first_for_hip.insert(hv);
                let _ = writeln!(
                    out,
                    "    n += check(t::to_hip_{name}, t::from_hip_{name}, {module}::{}::{}{} as i64, {hip_sys}::{vm}::{}::{hip}.0 as i64, {hip_sys}::Bindings::V{}, {exact});",
                    p.cuda,
                    c.cuda,
                    if cx.bitflags.contains(&p.cuda) { ".0" } else { "" },
                    p.hip,
                    &vm[1..]
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "    assert!(n > 0);\n    println!(\"{{n}} constant pairs checked\");\n}}"
    );
    out
}

/// `struct_to_hip_X` reads a CUDA struct through raw field pointers (an enum field is read as
/// its integer, never as a Rust enum) into a HIP struct; `struct_from_hip_X` writes one back.
pub(super) fn struct_converters(cx: &Context, i: usize, p: &StructPair) -> String {
    let m = cx.mapping;
    let (call, result) = (cx.lead().call_ty, cx.lead().status.rust_ty);
    let hip_ty = format!(
        "{}::v{}::{}",
        cx.lead().hip_sys(),
        m.versions[p.version].replace('.', "_"),
        p.hip
    );
    let cuda = &p.cuda;
    let name = struct_converter(m, i);
    let mut to = format!(
        "/// {cuda} → HIP {}'s {}, field by field.\n/// # Safety\n/// `s` points to a readable {cuda}.\npub unsafe fn struct_to_hip_{name}(call: &{call}, s: *const {cuda}, b: Bindings) -> Result<{hip_ty}, {result}> {{\n    let _ = (call, b);\n    let mut d: {hip_ty} = unsafe {{ core::mem::zeroed() }};\n",
        m.versions[p.version], p.hip
    );
    let mut from = format!(
        "/// HIP {}'s {} → {cuda}, field by field (CUDA's reserved fields untouched).\n/// # Safety\n/// `d` points to a writable {cuda}.\npub unsafe fn struct_from_hip_{name}(call: &{call}, h: &{hip_ty}, d: *mut {cuda}, b: Bindings) -> Result<(), {result}> {{\n    let _ = (call, b);\n",
        m.versions[p.version], p.hip
    );
    for z in &p.zeroed {
        let _ = writeln!(
            from,
            "    unsafe {{ core::ptr::addr_of_mut!((*d).{}).write_bytes(0, 1) }}; // HIP {} has no such field",
            rust::ident(z),
            m.versions[p.version]
        );
    }
    for f in &p.fields {
        let hf: Vec<String> = f.hip.split('.').map(rust::ident).collect();
        let (c, hf) = (rust::ident(&f.cuda), hf.join("."));
        match &f.conv {
            FieldConv::Copy => {
                let _ = writeln!(
                    to,
                    "    d.{hf} = unsafe {{ bits(core::ptr::addr_of!((*s).{c})) }};"
                );
                let _ = writeln!(from, "    unsafe {{ core::ptr::addr_of_mut!((*d).{c}).write(bits(core::ptr::addr_of!(h.{hf}))) }};");
            }
            FieldConv::Enum(e, repr) => {
                let r = int(repr);
                let e = enum_table(m, *e);
                let _ = writeln!(to, "    d.{hf} = to_hip_{e}(call, unsafe {{ core::ptr::addr_of!((*s).{c}).cast::<{r}>().read() }}, b)?.into();");
                let _ = writeln!(from, "    let v = from_hip_{e}(call, h.{hf}.0 as i64, b)?;\n    unsafe {{ core::ptr::addr_of_mut!((*d).{c}).cast::<{r}>().write(v) }};");
            }
            FieldConv::Struct(k) => {
                let k = struct_converter(m, *k);
                let _ = writeln!(to, "    d.{hf} = unsafe {{ struct_to_hip_{k}(call, core::ptr::addr_of!((*s).{c}), b) }}?;");
                let _ = writeln!(from, "    unsafe {{ struct_from_hip_{k}(call, &h.{hf}, core::ptr::addr_of_mut!((*d).{c}), b) }}?;");
            }
        }
    }
    to.push_str("    Ok(d)\n}\n");
    from.push_str("    Ok(())\n}\n");
    to + &from
}
