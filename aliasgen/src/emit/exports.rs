//! The C ABI libraries' exports (each CUDA function under its C name, calling the raw layer inside the
//! panic guard) and libcuda's `cuGetProcAddress` table.

use super::*;

/// cuGetProcAddress's table: (name, CUDA version, per-thread) → exported symbol, sorted for a
/// binary search, and each symbol's address.
pub(super) fn procs_file(cx: &Context) -> String {
    let mut out = header("CUDA 12.9's cuda.h and cudaTypedefs.h");
    out.push_str("//! What cuGetProcAddress answers: each `PFN_cuX_vNNNNN` of cudaTypedefs.h paired with the symbol\n//! libcuda exports for it.\n\nuse core::ffi::c_void;\n\n");
    let mut procs = cx.exports.procs.clone();
    procs.sort_by(|a, b| {
        (&a.base, a.per_thread, a.version).cmp(&(&b.base, b.per_thread, b.version))
    });
    let _ = writeln!(out, "/// (name, CUDA version that introduced it, per-thread default stream, symbol), sorted.\npub(crate) static PROCS: [(&str, u32, bool, &str); {}] = [", procs.len());
    for p in &procs {
        let _ = writeln!(
            out,
            "    ({:?}, {}, {}, {:?}),",
            p.base, p.version, p.per_thread, p.symbol
        );
    }
    out.push_str("];\n\n/// The address of an exported symbol.\npub(crate) fn address(symbol: &str) -> Option<*mut c_void> {\n    Some(match symbol {\n");
    let symbols: BTreeSet<&String> = procs.iter().map(|p| &p.symbol).collect();
    for sym in symbols {
        let _ = writeln!(
            out,
            "        {sym:?} => crate::exports::{sym} as *const () as *mut c_void,"
        );
    }
    out.push_str("        _ => return None,\n    })\n}\n");
    out
}

/// The C ABI library's exports: each CUDA function under its C name, with C's argument types,
/// calling the raw layer inside the panic guard.
pub(super) fn exports_file(cx: &Context, family: Family) -> String {
    let (what, lib) = (family.header_summary, family.library.file);
    let mut out = header(&format!("CUDA 12.9's {what}"));
    let _ = writeln!(
        out,
        "//! Every function {what} declares, exported with C linkage from {lib}."
    );
    out.push_str("#![allow(non_snake_case, unused_imports, clippy::missing_safety_doc, clippy::too_many_arguments)]\n\n");
    out.push_str(IMPORTS);
    out.push_str(&cx.sys_uses("cuda_as_hip"));
    out.push_str("use cuda_as_hip::raw;\nuse crate::guard::guarded;\n\n");
    // The model's exports plan is its lead family's; another family exports what it declares,
    // a function declared under a release's name also under every release's.
    if family != cx.lead() {
        for f in cx
            .cuda
            .functions
            .iter()
            .filter(|f| cx.family_of_header(&f.header) == family)
        {
            let releases = (family.release_names.iter())
                .filter(|_| f.release_named)
                .flat_map(|r| r.names(&f.name));
            for name in std::iter::once(f.name.clone()).chain(releases) {
                out.push_str(&export_fn(cx, family, &name, (f, &f.name), false));
            }
        }
        return out;
    }
    use crate::exports::Export;
    for (name, (kind, f)) in &cx.exports.exports {
        let text = match kind {
            // The C ABI library's own translation (an old ABI, cuGetProcAddress): its signature.
            _ if cx.cabi_hand.contains(name) => export_fn(cx, family, name, (f, name), false),
            Export::LegacyStub => format!(
                "/// CUDA's pre-3.2 ABI (32-bit device pointers or an older signature): not implemented.\n#[no_mangle]\npub unsafe extern \"C\" fn {name}() -> CUresult {{\n    crate::hand::legacy_abi(\"{name}\")\n}}\n"
            ),
            Export::PerThread { base } => export_fn(cx, family, name, (f, base), true),
            Export::Legacy { successor } => {
                let s = cx.cuda.function(successor).expect("successor is declared");
                export_fn(cx, family, name, (s, successor), false)
            }
            Export::Declared => export_fn(cx, family, name, (f, name), false),
        };
        out.push_str(&text);
    }
    out
}

/// `#[no_mangle] extern "C" fn name(..)` with `f`'s C signature, calling `raw::target` (or the C ABI
/// library's own `hand::target`); with `per_thread`, a NULL stream argument means the calling
/// thread's default stream.
pub(super) fn export_fn(
    cx: &Context,
    family: Family,
    name: &str,
    (f, target): (&Function, &str),
    per_thread: bool,
) -> String {
    let args: Vec<String> = f
        .params
        .iter()
        .map(|p| {
            let n = rust::ident(&p.name);
            let stream = family.stream.map(|s| Ty::Named(s.into()));
            match per_thread && Some(&p.ty) == stream.as_ref() {
                true => format!("crate::hand::per_thread({n})"),
                false => n,
            }
        })
        .collect();
    let callee = match cx.cabi_hand.contains(target) {
        true => "crate::hand",
        false => "raw",
    };
    format!(
        "#[no_mangle]\npub unsafe extern \"C\" fn {name}({}){} {{\n    guarded!(\"{name}\"{}, unsafe {{ {callee}::{target}({}) }})\n}}\n",
        params(f, |t| raw_ty(cx.cuda, t)),
        rust::ret_suffix(&f.ret),
        trace_args(cx, f),
        args.join(", ")
    )
}

/// `, "a={:?}, b={:?}" (a, b)`: the trace's pattern and arguments for `guarded!` (none without
/// parameters). A struct passed by value that has no `Debug` (one holding a union: `cudaEglFrame`)
/// is traced by its address.
pub(super) fn trace_args(cx: &Context, f: &Function) -> String {
    let debug = |t: &Ty| {
        let mut t = t;
        while let Some(d) =
            (cx.cuda.typedefs.iter()).find(|d| Ty::Named(d.name.clone()) == *t && d.ty != *t)
        {
            t = &d.ty;
        }
        match t {
            Ty::Named(n) => cx
                .cuda
                .records
                .iter()
                .find(|r| &r.name == n)
                .is_none_or(|r| comparable(cx.cuda, r, 0)),
            _ => true,
        }
    };
    let names: Vec<String> = f
        .params
        .iter()
        .map(|p| match debug(&p.ty) {
            true => rust::ident(&p.name),
            false => format!("&raw const {}", rust::ident(&p.name)),
        })
        .collect();
    let pattern: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{}={{:?}}", p.name))
        .collect();
    match names.is_empty() {
        true => String::new(),
        false => format!(", \"{}\" ({})", pattern.join(", "), names.join(", ")),
    }
}
