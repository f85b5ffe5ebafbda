//! `hip-sys/src/generated/comgr.rs`: AMD's code object manager (comgr) as every bound release's
//! `amd_comgr.h` declares it, in one file.
//!
//! comgr renumbered its enums at ABI 3.0 (`AMD_COMGR_ACTION_LINK_BC_TO_BC` 4 → 3, …) while keeping
//! the function signatures: so the types and functions are written once, and what differs (the
//! constants of renumbered enums) goes into one `Abi` table per interface version
//! (`AMD_COMGR_INTERFACE_VERSION_MAJOR.MINOR`, what `amd_comgr_get_version` reports). Anything
//! else that differs between releases is an error here, to be bound deliberately.

use super::hip_sys::{self, HipVersion as Release};
use crate::model::{Api, Enum, Function, Ty};
use crate::rust;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

pub const PATH: &str = "hip-sys/src/generated/comgr.rs";

/// The generated file, from the releases in order, oldest first.
pub fn file(releases: &[Release]) -> Result<(String, String), String> {
    let renumbered = hip_sys::conflicting_enums(releases);
    let list: Vec<&str> = releases.iter().map(|r| r.version).collect();
    let mut out = super::header(&format!(
        "amd_comgr.h of Debian's libamd-comgr-dev {}",
        list.join(", ")
    ));
    out.push_str(
        "//! comgr's C API for every bound release: its types and functions once, and per ABI\n\
         //! version the constants of the enums that ABI renumbered ([`ABIS`]).\n",
    );
    out.push_str(hip_sys::PRELUDE);
    out.push_str(&types(releases, &renumbered)?);
    out.push_str(&abi_tables(releases, &renumbered)?);
    out.push_str(&functions(releases)?);
    Ok((PATH.to_string(), out))
}

/// `name` → the one text every release that declares it gives, or an error naming the releases
/// that disagree (constness of pointees aside: it does not change the ABI).
fn same_everywhere(
    what: &str,
    per_release: Vec<(&str, BTreeMap<String, String>)>,
) -> Result<BTreeMap<String, String>, String> {
    let mut merged: BTreeMap<String, (String, &str)> = BTreeMap::new();
    for (release, items) in &per_release {
        for (name, text) in items {
            match merged.get(name) {
                Some((seen, from)) if abi(seen) != abi(text) => {
                    return Err(format!(
                        "comgr {from} and {release} declare {what} `{name}` differently:\n{seen}\n{text}\nbind the difference in aliasgen/src/emit/comgr.rs"
                    ))
                }
                // The newest release's spelling (releases come oldest first).
                _ => merged.insert(name.clone(), (text.clone(), release)),
            };
        }
    }
    Ok(merged.into_iter().map(|(n, (t, _))| (n, t)).collect())
}

fn abi(text: &str) -> String {
    text.replace("*const ", "*mut ")
}

/// Records, typedefs and enums. A renumbered enum is a bare newtype here: its constants live in
/// the [`abi_tables`].
fn types(releases: &[Release], renumbered: &BTreeSet<String>) -> Result<String, String> {
    let per_release = releases
        .iter()
        .map(|r| {
            let records = r
                .api
                .records
                .iter()
                .map(|x| (x.name.clone(), rust::record(x)));
            let typedefs = r.api.typedefs.iter().map(|t| {
                let text = format!("pub type {} = {};\n", t.name, rust::ty(&t.ty));
                (t.name.clone(), text)
            });
            (r.version, records.chain(typedefs).collect())
        })
        .collect();
    let mut items = same_everywhere("type", per_release)?;
    let enums: BTreeSet<&String> = releases
        .iter()
        .flat_map(|r| r.api.enums.iter().map(|e| &e.name))
        .collect();
    for name in enums {
        let mut e = hip_sys::merged_enum(releases, name);
        if renumbered.contains(name) {
            e.constants.clear();
        }
        items.insert(name.clone(), hip_sys::enum_item(&e));
    }
    Ok(items.values().map(|t| format!("\n{t}")).collect())
}

/// One release's renumbered constants, and its interface version.
struct ReleaseAbi<'a> {
    release: &'a str,
    version: (i128, i128),
    constants: BTreeMap<&'a str, (&'a Enum, i64)>,
}

fn release_abi<'a>(
    r: &Release<'a>,
    renumbered: &BTreeSet<String>,
) -> Result<ReleaseAbi<'a>, String> {
    let api: &'a Api = r.api;
    let constant = |name: &str| {
        api.constants
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value)
            .ok_or_else(|| format!("comgr {}: amd_comgr.h does not define {name}", r.version))
    };
    let version = (
        constant("AMD_COMGR_INTERFACE_VERSION_MAJOR")?,
        constant("AMD_COMGR_INTERFACE_VERSION_MINOR")?,
    );
    let constants = api
        .enums
        .iter()
        .filter(|e| renumbered.contains(&e.name))
        .flat_map(|e| e.constants.iter().map(move |(c, v)| (c.as_str(), (e, *v))))
        .collect();
    Ok(ReleaseAbi {
        release: r.version,
        version,
        constants,
    })
}

/// `struct Abi` with one `Option` field per renumbered constant, and `ABIS`, one per interface
/// version. Releases sharing an interface version must agree on every value they both declare.
fn abi_tables(releases: &[Release], renumbered: &BTreeSet<String>) -> Result<String, String> {
    let abis = releases
        .iter()
        .map(|r| release_abi(r, renumbered))
        .collect::<Result<Vec<_>, _>>()?;
    // Each field typed as C code names the enum: by its typedef (`amd_comgr_action_kind_t`).
    let typedef_of = |e: &str| {
        let named = Ty::Named(e.to_string());
        let typedefs = releases.iter().flat_map(|r| &r.api.typedefs);
        typedefs
            .filter(|t| t.ty == named)
            .map(|t| t.name.clone())
            .next()
            .unwrap_or_else(|| e.to_string())
    };
    // Constant → (field type, the enum's own name, whose constructor spells a value).
    let mut fields: BTreeMap<&str, (String, &str)> = BTreeMap::new();
    for a in &abis {
        let typed = a
            .constants
            .iter()
            .map(|(c, (e, _))| (*c, (typedef_of(&e.name), e.name.as_str())));
        fields.extend(typed);
    }
    let mut out = String::from(
        "\n/// What one comgr ABI version numbers differently: the value of each constant of the enums\n\
         /// comgr renumbered, `None` where that version lacks the constant.\n\
         #[derive(Debug)]\npub struct Abi {\n    \
         /// `AMD_COMGR_INTERFACE_VERSION_MAJOR`, `_MINOR`: what `amd_comgr_get_version` reports.\n    \
         pub version: (usize, usize),\n    \
         /// Debian's `libamd-comgr-dev` releases whose headers declare this ABI.\n    \
         pub releases: &'static [&'static str],\n",
    );
    for (c, (ty, _)) in &fields {
        let _ = writeln!(out, "    pub {c}: Option<{ty}>,");
    }
    out.push_str("}\n");
    let groups = group_by_version(&abis)?;
    let _ = writeln!(
        out,
        "\n/// Every comgr ABI version bound, oldest first.\npub const ABIS: [Abi; {}] = [",
        groups.len()
    );
    for ((major, minor), (names, values)) in &groups {
        let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        let _ = writeln!(
            out,
            "    Abi {{\n        version: ({major}, {minor}),\n        releases: &[{}],",
            quoted.join(", ")
        );
        for (c, (_, e)) in &fields {
            let value = match values.get(c) {
                Some(v) => format!("Some({e}({v}))"),
                None => "None".into(),
            };
            let _ = writeln!(out, "        {c}: {value},");
        }
        out.push_str("    },\n");
    }
    out.push_str("];\n");
    Ok(out)
}

type Group<'a> = (Vec<&'a str>, BTreeMap<&'a str, i64>);

fn group_by_version<'a>(
    abis: &[ReleaseAbi<'a>],
) -> Result<BTreeMap<(i128, i128), Group<'a>>, String> {
    let mut groups: BTreeMap<(i128, i128), Group> = BTreeMap::new();
    for a in abis {
        let (names, values) = groups.entry(a.version).or_default();
        for (c, (_, v)) in &a.constants {
            if let Some(seen) = values.insert(c, *v).filter(|seen| seen != v) {
                return Err(format!(
                    "comgr {} and {} both declare ABI {}.{} but give {c} the values {seen} and {v}",
                    names.join(", "),
                    a.release,
                    a.version.0,
                    a.version.1
                ));
            }
        }
        names.push(a.release);
    }
    Ok(groups)
}

/// The C type of a pointer to `f`, as Rust spells it: `Option<unsafe extern "C" fn(…) -> R>`.
fn pointer_type(f: &Function) -> String {
    rust::ty(&Ty::FnPtr {
        ret: Box::new(f.ret.clone()),
        params: f.params.iter().map(|p| p.ty.clone()).collect(),
        variadic: f.variadic,
    })
}

/// `struct Fns`, one field per function any release declares, and its resolver.
fn functions(releases: &[Release]) -> Result<String, String> {
    let per_release = releases
        .iter()
        .map(|r| {
            let fns = r
                .api
                .functions
                .iter()
                .map(|f| (f.name.clone(), pointer_type(f)));
            (r.version, fns.collect())
        })
        .collect();
    let fns = same_everywhere("function", per_release)?;
    let mut out = String::from(
        "\n/// comgr's functions, resolved when the library is loaded; `None`: the loaded comgr does not\n\
         /// export it (declared by another release only).\n\
         #[derive(Debug)]\npub struct Fns {\n",
    );
    for (name, ty) in &fns {
        let _ = writeln!(out, "    pub {name}: {ty},");
    }
    out.push_str(
        "}\n\nimpl Fns {\n    \
         /// Each function's address as `lookup` finds it (null: not exported).\n    \
         pub(crate) fn resolve(lookup: impl Fn(&core::ffi::CStr) -> *mut c_void) -> Fns {\n        \
         // SAFETY: a function pointer and `Option` of one have a pointer's size, null being `None`;\n        \
         // each address is that of the symbol of the same name, whose C signature the field spells.\n        \
         unsafe {\n            Fns {\n",
    );
    for name in fns.keys() {
        let _ = writeln!(
            out,
            "                {name}: core::mem::transmute(lookup(c\"{name}\")),"
        );
    }
    out.push_str("            }\n        }\n    }\n}\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Constant, Param};

    /// A comgr header declaring interface `version`, `AMD_COMGR_ACTION_X = action` and
    /// `int f(param)`.
    fn api(version: (i128, i128), action: i64, param: Ty) -> Api {
        let constant = |name: &str, value| Constant {
            name: name.into(),
            ty: Ty::Prim("c_int"),
            value,
        };
        Api {
            constants: vec![
                constant("AMD_COMGR_INTERFACE_VERSION_MAJOR", version.0),
                constant("AMD_COMGR_INTERFACE_VERSION_MINOR", version.1),
            ],
            enums: vec![Enum {
                name: "amd_comgr_action_kind_s".into(),
                repr: "u32",
                constants: vec![("AMD_COMGR_ACTION_X".into(), action)],
                header: "amd_comgr.h".into(),
            }],
            functions: vec![Function {
                name: "f".into(),
                ret: Ty::Prim("c_int"),
                params: vec![Param {
                    name: "p".into(),
                    ty: param,
                }],
                variadic: false,
                header: "amd_comgr.h".into(),
                release_named: false,
            }],
            ..Api::default()
        }
    }

    fn generate(apis: &[Api]) -> Result<String, String> {
        let names = ["1.0", "2.0", "3.0"];
        let releases: Vec<Release> = apis
            .iter()
            .zip(names)
            .map(|(api, version)| Release { version, api })
            .collect();
        file(&releases).map(|(_, text)| text)
    }

    #[test]
    fn a_renumbered_enum_gets_one_value_per_interface_version() {
        let text = generate(&[
            api((2, 4), 4, Ty::Prim("c_int")),
            api((3, 0), 3, Ty::Prim("c_int")),
            api((3, 0), 3, Ty::Prim("c_int")),
        ])
        .unwrap();
        assert!(text.contains("version: (2, 4),\n        releases: &[\"1.0\"],\n        AMD_COMGR_ACTION_X: Some(amd_comgr_action_kind_s(4)),"), "{text}");
        assert!(text.contains("version: (3, 0),\n        releases: &[\"2.0\", \"3.0\"],\n        AMD_COMGR_ACTION_X: Some(amd_comgr_action_kind_s(3)),"), "{text}");
        assert!(text.contains("pub const ABIS: [Abi; 2]"), "{text}");
    }

    #[test]
    fn releases_that_disagree_where_nothing_can_carry_it_are_errors() {
        let same_version = generate(&[
            api((3, 0), 4, Ty::Prim("c_int")),
            api((3, 0), 3, Ty::Prim("c_int")),
        ]);
        assert!(same_version.unwrap_err().contains("both declare ABI 3.0"));
        let signature = generate(&[
            api((2, 4), 4, Ty::Prim("c_int")),
            api((3, 0), 3, Ty::Prim("c_long")),
        ]);
        assert!(signature
            .unwrap_err()
            .contains("declare function `f` differently"));
    }
}
