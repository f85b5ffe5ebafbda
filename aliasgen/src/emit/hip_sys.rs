//! `hip-sys`'s generated files: what is the same in every HIP version goes to `common.rs`, what
//! differs goes to one file per version, and every function becomes a lazily resolved method.
//!
//! An item (type, constant or function) is *common* when each version that declares it spells it
//! identically and everything it mentions is common too; otherwise each version that declares it
//! gets its own copy. Functions share one symbol slot per name across versions.

use super::header;
use crate::model::{Api, Enum, Function, Ty};
use crate::rust;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// One HIP version's parsed headers and where they came from.
pub struct HipVersion<'a> {
    pub version: &'a str,
    pub api: &'a Api,
}

impl HipVersion<'_> {
    pub fn module(&self) -> String {
        format!("v{}", self.version.replace('.', "_"))
    }
}

#[derive(Clone, PartialEq, Eq)]
struct Item {
    text: String,
    /// What must match across versions for one Rust item to serve them all: the text with
    /// pointer constness erased (it does not change the ABI), or for an enum only its integer
    /// type, since a newtype enum can carry every version's constants.
    abi: String,
    deps: Vec<String>,
}

impl Item {
    fn new(text: String, deps: Vec<String>) -> Item {
        Item {
            abi: text.replace("*const ", "*mut "),
            text,
            deps,
        }
    }
}

/// Items of one version, by name: types and constants, and functions.
struct Items {
    types: BTreeMap<String, Item>,
    functions: BTreeMap<String, Item>,
}

/// The library a set of files binds: the HIP runtime, or a ROCm library of its own releases.
pub struct Library<'a> {
    /// Its name in the files' first line (`HIP`, `hipRAND`), and the Debian package of its headers.
    pub label: &'a str,
    pub dev_package: &'a str,
    /// Where the files go (`hip-sys/src/generated`, `hip-sys/src/generated/hiprand`).
    pub dir: String,
    /// The type whose methods call its functions (`crate::Hip`, `crate::hiprand::Hiprand`).
    pub handle: String,
    /// A ROCm library: its files also declare its `Bindings` (one per release) and the handle's
    /// `bindings()` and per-release accessors, which `hip-sys` writes by hand for the runtime; the
    /// runtime's records also get the layout test.
    pub rocm: bool,
    /// Types the HIP runtime's `common` module binds, which a ROCm library's files use from there
    /// (`hipStream_t`, HIP's `double2` behind `hipDoubleComplex`) instead of binding them again.
    pub provided: &'a BTreeSet<String>,
}

static NONE_PROVIDED: BTreeSet<String> = BTreeSet::new();

impl Library<'_> {
    pub fn hip_runtime() -> Library<'static> {
        Library {
            label: "HIP",
            dev_package: "libamdhip64-dev",
            dir: "hip-sys/src/generated".into(),
            handle: "crate::Hip".into(),
            rocm: false,
            provided: &NONE_PROVIDED,
        }
    }
}

/// The generated files, as (path relative to the repository root, contents), the names of the
/// functions declared once for all versions (methods of the library's handle), and of the types.
pub fn files(versions: &[HipVersion], lib: &Library) -> Bound {
    let conflicting = conflicting_enums(versions);
    let items: Vec<Items> = versions
        .iter()
        .map(|v| {
            let mut its = items(v.api, &conflicting);
            its.types.retain(|name, _| !lib.provided.contains(name));
            its
        })
        .collect();
    let declared: BTreeSet<String> = items.iter().flat_map(|i| i.types.keys().cloned()).collect();
    let common_types = common(
        items.iter().map(|i| &i.types).collect(),
        lib.provided,
        &declared,
    );
    let common_fns = common(
        items.iter().map(|i| &i.functions).collect(),
        &common_types,
        &declared,
    );
    let slots: Vec<String> = items
        .iter()
        .flat_map(|i| i.functions.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let mut common = common_file(versions, lib, &items, &common_types, &common_fns, &slots);
    if lib.rocm {
        let own_fns: Vec<bool> = (items.iter())
            .map(|i| i.functions.keys().any(|n| !common_fns.contains(n)))
            .collect();
        common.push_str(&release_bindings(versions, lib, &own_fns));
    }
    let mut out = vec![(format!("{}/common.rs", lib.dir), common)];
    for (v, its) in versions.iter().zip(&items) {
        let path = format!("{}/{}.rs", lib.dir, v.module());
        out.push((
            path,
            version_file(v, lib, its, &common_types, &common_fns, &slots),
        ));
    }
    if !lib.rocm {
        out.push((
            "hip-sys/tests/layout/generated.rs".to_string(),
            layouts_file(versions),
        ));
    }
    (out, common_fns, common_types)
}

/// [`files`]' answer: the files, and the functions and types bound once for all versions.
pub type Bound = (Vec<(String, String)>, BTreeSet<String>, BTreeSet<String>);

/// A ROCm library's `Bindings` (one per release bound) and its handle's `bindings()` and
/// per-release accessors (the runtime's are `hip_sys::Bindings` and `Hip::v5_2_3()`…).
fn release_bindings(versions: &[HipVersion], lib: &Library, own_fns: &[bool]) -> String {
    let handle = &lib.handle;
    let mut out = format!(
        "\n/// The {} releases bound, one generated module each.\n#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]\npub enum Bindings {{\n",
        lib.label
    );
    for v in versions {
        let _ = writeln!(
            out,
            "    /// [`super::{}`]\n    V{},",
            v.module(),
            &v.module()[1..]
        );
    }
    let all: Vec<String> = versions
        .iter()
        .map(|v| format!("Bindings::V{}", &v.module()[1..]))
        .collect();
    let _ = writeln!(
        out,
        "}}\n\nimpl Bindings {{\n    pub const ALL: [Bindings; {}] = [{}];\n}}\n\nimpl {handle} {{\n    /// Which generated binding table matches the loaded release.\n    pub fn bindings(&self) -> Bindings {{\n        Bindings::ALL[self.library().release().table]\n    }}",
        versions.len(),
        all.join(", ")
    );
    for (v, _) in versions.iter().zip(own_fns).filter(|(_, own)| **own) {
        let m = v.module();
        let _ = writeln!(
            out,
            "\n    /// {} {}'s functions whose signatures differ between releases.\n    pub fn {m}(&self) -> super::{m}::Api<'_> {{\n        super::{m}::Api(self)\n    }}",
            lib.label, v.version
        );
    }
    out.push_str("}\n");
    out
}

/// Names whose item is identical in every version that has it and depends only on common names
/// (or on names no version declares: another library's, as hipRAND's `ihipStream_t` is HIP's).
fn common(
    per_version: Vec<&BTreeMap<String, Item>>,
    also_common: &BTreeSet<String>,
    declared: &BTreeSet<String>,
) -> BTreeSet<String> {
    let names: BTreeSet<&String> = per_version.iter().flat_map(|m| m.keys()).collect();
    let mut common: BTreeSet<String> = names
        .into_iter()
        .filter(|n| {
            let mut texts = per_version.iter().filter_map(|m| m.get(*n));
            let first = texts.next().expect("name comes from some version");
            texts.all(|t| t.abi == first.abi)
        })
        .cloned()
        .collect();
    loop {
        let demoted: Vec<String> = common
            .iter()
            .filter(|n| {
                let item = per_version.iter().find_map(|m| m.get(*n)).expect("present");
                item.deps.iter().any(|d| {
                    declared.contains(d) && !common.contains(d) && !also_common.contains(d)
                })
            })
            .cloned()
            .collect();
        if demoted.is_empty() {
            return common;
        }
        demoted.iter().for_each(|d| {
            common.remove(d);
        });
    }
}

fn deps_of<'a>(types: impl IntoIterator<Item = &'a Ty>) -> Vec<String> {
    let mut out = Vec::new();
    types.into_iter().for_each(|t| t.names(&mut out));
    out.sort();
    out.dedup();
    out
}

/// Enums with a constant whose value differs between versions (HIP 6.0 renumbered
/// `hipMemoryType`): those stay per version.
pub fn conflicting_enums(versions: &[HipVersion]) -> BTreeSet<String> {
    let mut values: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for e in versions.iter().flat_map(|v| &v.api.enums) {
        for (c, value) in &e.constants {
            if *values.entry((&e.name, c)).or_insert(*value) != *value {
                out.insert(e.name.clone());
            }
        }
    }
    out
}

/// The enum with every constant any version declares (newest first), for `common.rs`.
pub fn merged_enum(versions: &[HipVersion], name: &str) -> Enum {
    let mut decls = versions
        .iter()
        .rev()
        .filter_map(|v| v.api.enums.iter().find(|e| e.name == name));
    let mut merged = decls.next().expect("enum declared somewhere").clone();
    for e in decls {
        for c in &e.constants {
            if !merged.constants.iter().any(|m| m.0 == c.0) {
                merged.constants.push(c.clone());
            }
        }
    }
    merged
}

fn items(api: &Api, conflicting: &BTreeSet<String>) -> Items {
    let mut types = BTreeMap::new();
    for r in &api.records {
        let deps = deps_of(r.fields.iter().map(|f| &f.ty));
        types.insert(r.name.clone(), Item::new(rust::record(r), deps));
    }
    for e in &api.enums {
        let text = enum_item(e);
        let abi = if conflicting.contains(&e.name) {
            text.clone()
        } else {
            format!("enum {}", e.repr)
        };
        types.insert(
            e.name.clone(),
            Item {
                text,
                abi,
                deps: vec![],
            },
        );
    }
    for t in &api.typedefs {
        let text = format!("pub type {} = {};\n", t.name, rust::ty(&t.ty));
        types.insert(t.name.clone(), Item::new(text, deps_of([&t.ty])));
    }
    let enums: BTreeSet<&str> = api.enums.iter().map(|e| e.name.as_str()).collect();
    for c in &api.constants {
        let value = match &c.ty {
            Ty::Named(n) if enums.contains(n.as_str()) => format!("{n}({})", c.value),
            Ty::Bool => format!("{}", c.value != 0),
            t => format!("{} as {}", c.value, rust::ty(t)),
        };
        let text = format!("pub const {}: {} = {value};\n", c.name, rust::ty(&c.ty));
        types.insert(c.name.clone(), Item::new(text, deps_of([&c.ty])));
    }
    for (from, to) in &api.renames {
        if api.function(to).is_none() {
            let text = format!("/// `#define {from} {to}`\npub type {from} = {to};\n");
            types.insert(from.clone(), Item::new(text, vec![to.clone()]));
        }
    }
    let functions = api
        .functions
        .iter()
        .filter(|f| !f.variadic)
        .map(|f| (f.name.clone(), function_item(f)))
        .collect();
    Items { types, functions }
}

/// A C enum as a newtype over its integer, so any value HIP returns is representable.
pub fn enum_item(e: &Enum) -> String {
    let mut out = format!("crate::hip_enum! {{\n    {}: {} {{\n", e.name, e.repr);
    for (name, value) in &e.constants {
        let v = match e.repr.starts_with('u') && *value < 0 {
            true => format!(
                "{}",
                (*value as u64) & (u64::MAX >> (64 - 8 * repr_bytes(e.repr)))
            ),
            false => value.to_string(),
        };
        let _ = writeln!(out, "        {name} = {v},");
    }
    out.push_str("    }\n}\n");
    out
}

fn repr_bytes(repr: &str) -> u32 {
    repr[1..].parse::<u32>().expect("repr is iN/uN") / 8
}

/// `fn name(a: A, b: B) -> R = SLOT;` for the `hip_fns!` macro; the slot is filled in later.
fn function_item(f: &Function) -> Item {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{}: {}", rust::ident(&p.name), rust::ty(&p.ty)))
        .collect();
    let text = format!(
        "fn {}({}) -> {}",
        f.name,
        params.join(", "),
        rust::ret_ty(&f.ret)
    );
    let deps = deps_of(f.params.iter().map(|p| &p.ty).chain([&f.ret]));
    Item::new(text, deps)
}

fn fns_block(target: &str, fns: &[(&String, &Item)], slots: &[String]) -> String {
    let mut out = format!("crate::hip_fns! {{\n    impl {target} {{\n");
    for (name, item) in fns {
        let slot = slots
            .binary_search(name)
            .expect("every function has a slot");
        let _ = writeln!(out, "        {} = {slot};", item.text);
    }
    out.push_str("    }\n}\n");
    out
}

pub const PRELUDE: &str = "#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals, unused_imports)]\n\
                       #![allow(clippy::all)]\n\nuse core::ffi::{c_char, c_double, c_float, c_int, c_long, c_longlong, c_schar, c_short, c_uchar, c_uint, c_ulong, c_ulonglong, c_ushort, c_void};\n";

fn common_file(
    versions: &[HipVersion],
    lib: &Library,
    items: &[Items],
    common_types: &BTreeSet<String>,
    common_fns: &BTreeSet<String>,
    slots: &[String],
) -> String {
    let list: Vec<&str> = versions.iter().map(|v| v.version).collect();
    let mut out = header(&format!(
        "the {} headers of versions {}",
        lib.label,
        list.join(", ")
    ));
    let _ = writeln!(
        out,
        "//! Types, constants and functions that every {} version declaring them declares alike.",
        lib.label
    );
    out.push_str(PRELUDE);
    if lib.rocm {
        out.push_str("use crate::common::*; // the HIP runtime's types it uses\n");
    }
    // The newest version's spelling of each common item.
    let pick = |name: &String, f: fn(&Items) -> &BTreeMap<String, Item>| {
        items
            .iter()
            .rev()
            .find_map(|i| f(i).get(name))
            .expect("common item exists")
            .clone()
    };
    let enums: BTreeSet<&str> = versions
        .iter()
        .flat_map(|v| v.api.enums.iter().map(|e| e.name.as_str()))
        .collect();
    for name in common_types {
        out.push('\n');
        match enums.contains(name.as_str()) {
            true => out.push_str(&enum_item(&merged_enum(versions, name))),
            false => out.push_str(&pick(name, |i| &i.types).text),
        }
    }
    let fns: Vec<(String, Item)> = common_fns
        .iter()
        .map(|n| (n.clone(), pick(n, |i| &i.functions)))
        .collect();
    let refs: Vec<(&String, &Item)> = fns.iter().map(|(n, i)| (n, i)).collect();
    out.push('\n');
    out.push_str(&fns_block(&lib.handle, &refs, slots));
    let _ = writeln!(
        out,
        "\n/// Every function name of every supported {} version, indexed by symbol slot.",
        lib.label
    );
    let _ = writeln!(
        out,
        "pub(crate) const SYMBOLS: [&core::ffi::CStr; {}] = [",
        slots.len()
    );
    for s in slots {
        let _ = writeln!(out, "    c\"{s}\",");
    }
    out.push_str("];\n");
    out
}

fn version_file(
    v: &HipVersion,
    lib: &Library,
    its: &Items,
    common_types: &BTreeSet<String>,
    common_fns: &BTreeSet<String>,
    slots: &[String],
) -> String {
    let mut out = header(&format!(
        "the {} {} headers (Debian {})",
        lib.label, v.version, lib.dev_package
    ));
    let _ = writeln!(
        out,
        "//! {} {}: the common items plus what this version declares differently.",
        lib.label, v.version
    );
    out.push_str(PRELUDE);
    out.push_str("pub use super::common::*;\n");
    if lib.rocm {
        out.push_str("use crate::common::*;\n");
    }
    for (name, item) in its.types.iter().filter(|(n, _)| !common_types.contains(*n)) {
        let _ = write!(out, "\n{}", item.text);
        let _ = name;
    }
    out.push_str("\n/// `#define` renames in this version's headers (`old`, `new`): C code calling `old` calls `new`.\n");
    out.push_str("pub const RENAMES: &[(&str, &str)] = &[\n");
    for (from, to) in &v.api.renames {
        let _ = writeln!(out, "    (\"{from}\", \"{to}\"),");
    }
    out.push_str("];\n\n");
    let fns: Vec<(&String, &Item)> = its
        .functions
        .iter()
        .filter(|(n, _)| !common_fns.contains(*n))
        .collect();
    if fns.is_empty() {
        return out;
    }
    let handle = &lib.handle;
    let _ = writeln!(
        out,
        "/// {} {}'s functions whose signatures differ between versions (from [`{handle}::{}`]).",
        lib.label,
        v.version,
        v.module()
    );
    let _ = writeln!(out, "pub struct Api<'a>(pub &'a {handle});\n");
    let _ = writeln!(
        out,
        "impl Api<'_> {{\n    #[inline]\n    fn hip(&self) -> &{handle} {{\n        self.0\n    }}\n}}\n"
    );
    out.push_str(&fns_block("Api<'_>", &fns, slots));
    out
}

/// Layout table for `hip-sys/tests/layout.rs`: what Rust computes for every record, to be
/// compared with what a C compiler computes from the real headers.
fn layouts_file(versions: &[HipVersion]) -> String {
    let mut out = header("the HIP headers");
    out.push_str(
        "// Rust's view of every hip-sys record layout, per HIP version, for tests/layout.rs.\n\n",
    );
    out.push_str("use super::RecordLayout;\n\n");
    out.push_str("pub fn all() -> Vec<(&'static str, Vec<RecordLayout>)> {\n    vec![\n");
    for v in versions {
        let _ = writeln!(out, "        (\"{}\", vec![", v.version);
        for r in v.api.records.iter().filter(|r| !r.opaque) {
            let Some(c) = &r.c_spelling else { continue };
            let fields: Vec<String> = r
                .fields
                .iter()
                .filter(|f| f.bit_width.is_none() && !f.name.starts_with("__anon"))
                .map(|f| format!("\"{}\" {}", f.name, rust::ident(&f.name)))
                .collect();
            let _ = writeln!(
                out,
                "            layout!({}, {}, {c:?}, [{}]),",
                v.module(),
                r.name,
                fields.join(", ")
            );
        }
        out.push_str("        ]),\n");
    }
    out.push_str("    ]\n}\n");
    out
}
