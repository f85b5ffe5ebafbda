//! `raw.rs`: one function per CUDA function taking raw integers where CUDA has enums (what a C caller
//! passes, validated, never transmuted), whose body forwards to HIP, translates, calls the hand-written
//! code, or reports the function unsupported.

use super::*;

pub(super) fn raw_file(cx: &Context) -> String {
    let mut out = header("CUDA 12.9's headers, HIP's headers and hipify-perl's table");
    out.push_str(
        "//! The raw layer: one function per CUDA function, enums as integers (validated here).\n",
    );
    out.push_str("#![allow(non_camel_case_types, non_snake_case, unused_imports, unused_unsafe, unused_mut, unused_variables, dead_code, clippy::all)]\n\n");
    out.push_str(IMPORTS);
    out.push_str(&cx.sys_uses("crate"));
    let _ = writeln!(
        out,
        "use crate::generated::{} as t;\nuse crate::call::*;\nuse {}::Bindings;\n",
        cx.stem("tables"),
        cx.lead().hip_sys()
    );
    for f in &cx.mapping.functions {
        out.push_str(&raw_fn(cx, f));
    }
    out
}

/// `if p.is_null() { return F.refuse("p"); }` for each parameter `params` indexes.
fn null_checks(f: &FnMap, params: &[usize], refuse: &str) -> String {
    params
        .iter()
        .map(|&i| {
            let name = &f.cuda.params[i].name;
            format!(
                "    if {}.is_null() {{ return F.{refuse}(\"{name}\"); }}\n",
                rust::ident(name)
            )
        })
        .collect()
}

pub(super) fn raw_fn(cx: &Context, f: &FnMap) -> String {
    if let Some(call) = &f.legacy {
        return legacy_fn(cx, f, call);
    }
    let cuda = cx.cuda;
    let name = &f.cuda.name;
    let call = f.family.call_ty;
    // The HIP function the trace names: the newest version's (each version's arm names its own
    // where it differs, as hipGetDeviceProperties before 6.0's hipGetDevicePropertiesR0600).
    let label = f
        .targets
        .iter()
        .rev()
        .find_map(|t| t.hip.as_deref())
        .unwrap_or("");
    let mut out = format!(
        "#[inline(always)]\npub unsafe fn {name}({}){} {{\n    const F: {call} = {call}::to(\"{name}\", \"{label}\");\n",
        params(f.cuda, |t| raw_ty(cuda, t)),
        rust::ret_suffix(&f.cuda.ret),
    );
    let first = &f.targets[0];
    let all_same = f.targets.iter().all(|t| t == first);
    let all = |c: Class| f.targets.iter().all(|t| t.class == c);
    // A NULL handle of the family's own is refused first, where the call would reach HIP's
    // library (hand-written bodies decide for themselves: cublasGetVersion ignores its handle).
    if !all(Class::Hand) && !all(Class::Unsupported) {
        out.push_str(&null_checks(f, &f.null_handles, "null_handle"));
    }
    out.push_str(&null_checks(f, &f.non_null, "null_argument"));
    if let Some(why) = &f.needs_device {
        let status = &f.family.status;
        let _ = writeln!(
            out,
            "    if let Err(e) = F.device_present({}::{}, {why:?}) {{ return e; }}",
            status.rust_ty, status.not_loaded
        );
    }
    let args: Vec<String> = f.cuda.params.iter().map(|p| rust::ident(&p.name)).collect();
    let hand_call = format!(
        "crate::{}::hand::{name}({})",
        f.family.module,
        args.join(", ")
    );
    if all(Class::Hand) {
        let _ = writeln!(out, "    {hand_call}\n}}");
        return out;
    }
    if all(Class::Unsupported) {
        let newest = f.targets.last().unwrap_or(first);
        let _ = writeln!(out, "    F.unsupported({:?})\n}}", newest.reason);
        return out;
    }
    // The body runs inside `with_hip!`, which expands it inline for the hot path (HIP loaded, no
    // trace) and in a cold closure for the rest.
    let mut body = String::new();
    let common = first
        .hip
        .as_ref()
        .is_some_and(|h| cx.common_hip_fns.contains(h));
    if all_same && common {
        body.push_str(&call_body(cx, f, first, "h", "    "));
    } else {
        body.push_str("    match h.bindings() {\n");
        for (v, t) in cx.mapping.versions.iter().zip(&f.targets) {
            let module = format!("v{}", v.replace('.', "_"));
            let _ = writeln!(body, "        Bindings::V{} => {{", &module[1..]);
            let api = match t
                .hip
                .as_ref()
                .is_some_and(|h| cx.common_hip_fns.contains(h))
            {
                true => "h".to_string(),
                false => format!("h.{module}()"),
            };
            if let Some(hip) = t.hip.as_deref().filter(|h| *h != label) {
                let _ = writeln!(
                    body,
                    "            const F: {call} = {call}::to(\"{name}\", \"{hip}\");"
                );
            }
            match t.class {
                Class::Unsupported => {
                    let _ = writeln!(body, "            F.unsupported({:?})", t.reason);
                }
                // Hand-written in this version only (`hand-on`): the body is another call's.
                Class::Hand => {
                    let _ = writeln!(body, "            unsafe {{ {hand_call} }}");
                }
                _ => body.push_str(&call_body(cx, f, t, &api, "            ")),
            }
            body.push_str("        }\n");
        }
        body.push_str("    }\n");
    }
    out.push_str("    with_hip!(F, |h| {\n");
    body.lines().for_each(|l| {
        let _ = writeln!(out, "    {l}");
    });
    out.push_str("    })\n}\n");
    out
}

/// Convert arguments, call HIP through `api`, translate outputs and the result.
pub(super) fn call_body(cx: &Context, f: &FnMap, t: &Target, api: &str, ind: &str) -> String {
    let mut out = String::new();
    let mut args = Vec::new();
    // What HIP wrote, put back in CUDA's form once the call succeeded, in parameter order.
    let mut write_backs = Vec::new();
    let ids = format!("crate::{}::ID_HANDLES", f.family.module);
    let (result, success) = (f.family.status.rust_ty, f.family.status.success);
    let ok = format!("{result}::{success}");
    for (p, pass) in f.cuda.params.iter().zip(&t.passes) {
        let n = rust::ident(&p.name);
        args.push(match pass {
            Pass::Same => n,
            Pass::Cast => format!("{n} as _"),
            Pass::Stream => format!("hip_stream({n})"),
            Pass::DevicePtr => format!("{n} as usize as _"),
            Pass::Widen => format!("f64::from({n})"),
            // Layouts checked equal field by field by aliasgen (and by size, by transmute).
            Pass::Transmute => format!("unsafe {{ core::mem::transmute({n}) }}"),
            Pass::Narrow => {
                let _ = writeln!(
                    out,
                    "{ind}let Ok({n}) = u32::try_from({n}) else {{ return F.invalid_value(\"32-bit {}\") }};",
                    p.name
                );
                n
            }
            Pass::EnumIn(i) => {
                let _ = writeln!(
                    out,
                    "{ind}let {n} = match t::to_hip_{}(&F, {n}, h.bindings()) {{ Ok(v) => v, Err(e) => return e }};",
                    enum_table(cx.mapping, *i)
                );
                format!("{n}.into()")
            }
            Pass::StructIn(i) => {
                let local = format!(
                    "{n}_hip = match unsafe {{ t::struct_to_hip_{}(&F, {n} as *const _, h.bindings()) }} {{ Ok(v) => v, Err(e) => return e }}",
                    struct_converter(cx.mapping, *i)
                );
                null_checked(&mut out, ind, &n, &p.name, &local);
                format!("core::ptr::addr_of!({n}_hip) as _")
            }
            Pass::StructOut(i) => {
                let local = format!(
                    "mut {n}_hip = unsafe {{ t::struct_to_hip_{}(&F, {n} as *const _, h.bindings()) }}.unwrap_or_else(|_| unsafe {{ core::mem::zeroed() }})",
                    struct_converter(cx.mapping, *i)
                );
                null_checked(&mut out, ind, &n, &p.name, &local);
                write_backs.push(format!(
                    "if r == {ok} {{ if let Err(e) = unsafe {{ t::struct_from_hip_{}(&F, &{n}_hip, {n}, h.bindings()) }} {{ return e }} }}",
                    struct_converter(cx.mapping, *i)
                ));
                format!("core::ptr::addr_of_mut!({n}_hip)")
            }
            Pass::EnumOut(i) | Pass::EnumInOut(i) => {
                let init = match pass {
                    Pass::EnumInOut(_) => format!(
                        "match t::to_hip_{}(&F, unsafe {{ {n}.read() }}, h.bindings()) {{ Ok(v) => v.into(), Err(e) => return e }}",
                        enum_table(cx.mapping, *i)
                    ),
                    _ => "Default::default()".to_string(),
                };
                let local = format!("mut {n}_hip = {init}");
                null_checked(&mut out, ind, &n, &p.name, &local);
                write_backs.push(format!(
                    "if r == {ok} {{ match t::from_hip_{}(&F, {n}_hip.0 as i64, h.bindings()) {{ Ok(v) => *{n} = v, Err(e) => return e }} }}",
                    enum_table(cx.mapping, *i)
                ));
                format!("core::ptr::addr_of_mut!({n}_hip)")
            }
            Pass::EnumList(i, count) => {
                let count = rust::ident(&f.cuda.params[*count].name);
                let local = format!(
                    "mut {n}_hip = match (0..{count} as usize).map(|k| t::to_hip_{}(&F, unsafe {{ {n}.add(k).read() }}, h.bindings()).map(Into::into)).collect::<Result<Vec<_>, _>>() {{ Ok(v) => v, Err(e) => return e }}",
                    enum_table(cx.mapping, *i)
                );
                null_checked(&mut out, ind, &n, &p.name, &local);
                format!("{n}_hip.as_mut_ptr()")
            }
            Pass::IdIn => {
                let _ = writeln!(
                    out,
                    "{ind}let {n} = match {ids}.to_hip(&F, {n}) {{ Ok(v) => v, Err(e) => return e }};"
                );
                format!("{n} as _")
            }
            Pass::NarrowOut => {
                let local = format!("mut {n}_hip: usize = 0");
                null_checked(&mut out, ind, &n, &p.name, &local);
                write_backs.push(format!(
                    "if r == {ok} {{ match i32::try_from({n}_hip) {{ Ok(v) => unsafe {{ *{n} = v }}, Err(_) => return F.unsupported(\"the size does not fit an int: call the function's 64-bit (Ext) form\") }} }}"
                ));
                format!("core::ptr::addr_of_mut!({n}_hip) as _")
            }
            Pass::IdOut => {
                let local = format!("mut {n}_hip: *mut core::ffi::c_void = core::ptr::null_mut()");
                null_checked(&mut out, ind, &n, &p.name, &local);
                write_backs.push(format!(
                    "if r == {ok} {{ unsafe {{ *{n} = {ids}.insert({n}_hip) }} }}"
                ));
                format!("core::ptr::addr_of_mut!({n}_hip) as _")
            }
        });
    }
    let hip = t.hip.as_deref().unwrap_or("?");
    let call = format!("{api}.{hip}({})", args.join(", "));
    if write_backs.is_empty() {
        let _ = writeln!(out, "{ind}F.result(h, unsafe {{ {call} }})");
        return out;
    }
    let _ = writeln!(out, "{ind}let r = F.result(h, unsafe {{ {call} }});");
    for line in write_backs {
        let _ = writeln!(out, "{ind}{line}");
    }
    let _ = writeln!(out, "{ind}r");
    out
}

/// A legacy API function (`mapping::LegacyCall`): its twin called with the legacy handle, `char`
/// options as the twin's enum values, scalars by reference, the result read back; a failed twin's
/// status kept for `cublasGetError` (`crate::<module>::legacy`), or returned where the legacy
/// function returns the status itself.
fn legacy_fn(cx: &Context, f: &FnMap, call: &LegacyCall) -> String {
    let legacy = format!("crate::{}::legacy", f.family.module);
    let mut out = format!(
        "#[inline(always)]\npub unsafe fn {}({}){} {{\n",
        f.cuda.name,
        params(f.cuda, |t| raw_ty(cx.cuda, t)),
        rust::ret_suffix(&f.cuda.ret),
    );
    let args: Vec<String> = (call.args.iter())
        .map(|a| match a {
            LegacyArg::Handle => format!("{legacy}::handle()"),
            LegacyArg::Same(p) => rust::ident(p),
            LegacyArg::Char(p, e) => format!("{legacy}::{e}({})", rust::ident(p)),
            LegacyArg::ByRef(p) => {
                let _ = writeln!(out, "    let mut {0} = {0};", rust::ident(p));
                format!("&raw mut {}", rust::ident(p))
            }
            LegacyArg::Result => "&raw mut result".into(),
        })
        .collect();
    if let Some(r) = &call.result {
        let _ = writeln!(
            out,
            "    let mut result: {} = core::mem::zeroed();",
            rust::ty(r)
        );
    }
    let twin = format!("{}({})", call.twin, args.join(", "));
    match (call.returns_status, &call.result) {
        (true, _) => {
            let _ = writeln!(out, "    {twin}\n}}");
        }
        (false, Some(_)) => {
            let _ = writeln!(out, "    {legacy}::record({twin});\n    result\n}}");
        }
        (false, None) => {
            let _ = writeln!(out, "    {legacy}::record({twin});\n}}");
        }
    }
    out
}

/// The generated check that pointer `n` (CUDA's parameter `param`) is not NULL, then the HIP-side
/// local it needs: `let {local};`.
fn null_checked(out: &mut String, ind: &str, n: &str, param: &str, local: &str) {
    let _ = writeln!(
        out,
        "{ind}if {n}.is_null() {{ return F.null_argument(\"{param}\"); }}\n{ind}let {local};"
    );
}
