//! Matches every CUDA function and enum to its HIP counterpart in each HIP version, and classifies
//! each function (ARCHITECTURE.md, "Translation-layer rules"): *direct* (arguments pass as they
//! are, or as a cast of the same bits), *translated* (an enum value goes through a generated
//! table), *hand-written*, or *unsupported* (with the reason).
//!
//! Name-level matching comes from hipify-perl's table with each family's `data/overrides/` file on top; whether
//! a match is ABI-safe is decided from the two parsed models, type by type ([`abi`]); enum values
//! are paired constant by constant ([`enums`]).

mod abi;
mod enums;
mod legacy;

use crate::family::Family;
use crate::hipify::Table;
use crate::model::{Api, Function, Ty};
use crate::overrides::{Action, Overrides};
use abi::Types;
use enums::EnumPairs;
pub use legacy::{LegacyArg, LegacyCall};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Direct,
    Translated,
    Hand,
    Unsupported,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Direct => "direct",
            Class::Translated => "translated",
            Class::Hand => "hand-written",
            Class::Unsupported => "unsupported",
        }
    }
}

/// How one argument crosses from CUDA to HIP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pass {
    /// The same type on both sides.
    Same,
    /// The same bits under another Rust type (handles, pointers to layout-identical data).
    Cast,
    /// `CUstream`: `CU_STREAM_LEGACY` and `CU_STREAM_PER_THREAD` become HIP's special streams.
    Stream,
    /// `CUdeviceptr` (an integer) becomes `hipDeviceptr_t` (a pointer).
    DevicePtr,
    /// A struct by value whose layout is HIP's (`CUipcMemHandle`): the same bytes.
    Transmute,
    /// CUDA's 64-bit flags where HIP takes 32 bits: a value that does not fit is invalid.
    Narrow,
    /// A pointer to CUDA's `int` where HIP writes a `size_t` (hipSPARSE's `…_bufferSize`): HIP's
    /// value written back where it fits.
    NarrowOut,
    /// CUDA's `float` where HIP takes a `double` (hipSOLVER's single-precision `csrlsvqr`'s
    /// tolerance): widened, exactly.
    Widen,
    /// A CUDA enum value, looked up in the table for `EnumPair` `.0`.
    EnumIn(usize),
    /// An out-pointer to an enum: HIP writes its value, the table translates it back.
    EnumOut(usize),
    /// An enum pointer HIP reads and writes (the overrides' `inout`): the caller's value
    /// translated in, HIP's back.
    EnumInOut(usize),
    /// A list of enums the caller gives (the overrides' `list`): translated entry by entry into a
    /// HIP copy; `.1` is the index of the parameter giving its length.
    EnumList(usize, usize),
    /// A pointer to a struct HIP reads, whose layout or values differ: converted into a HIP
    /// copy by the generated converter `StructPair` `.0`.
    StructIn(usize),
    /// A pointer to a struct HIP fills: converted back after the call.
    StructOut(usize),
    /// The family's integer handle ([`crate::family::FamilyRow::id_handle`]) where HIP takes its
    /// pointer handle: the HIP handle the number stands for.
    IdIn,
    /// A pointer to the family's integer handle that HIP fills with its pointer handle: a new
    /// number for it is written back.
    IdOut,
}

/// A CUDA struct and HIP's counterpart in one HIP version, matched field by field by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructPair {
    pub cuda: String,
    pub hip: String,
    pub version: usize,
    /// Only HIP fills it (an out-parameter): HIP's fields CUDA lacks are dropped, and these
    /// CUDA fields, which HIP's struct lacks, come back zero (COVERAGE.md lists them).
    pub out_only: bool,
    pub zeroed: Vec<String>,
    pub fields: Vec<FieldPair>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPair {
    pub cuda: String,
    pub hip: String,
    pub conv: FieldConv,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldConv {
    /// The same bits (`CUdeviceptr` into `hipDeviceptr_t`, handles, integers).
    Copy,
    /// Through the enum table `.0`, with the CUDA field's integer type `.1`.
    Enum(usize, &'static str),
    /// Through the struct converter `.0`.
    Struct(usize),
}

/// A CUDA enum and the HIP enum its constants map to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumPair {
    pub cuda: String,
    pub hip: String,
    /// CUDA constant (name, value) → HIP constant name and its value in each HIP version.
    pub constants: Vec<ConstPair>,
    pub cuda_repr: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstPair {
    pub cuda: String,
    pub cuda_value: i64,
    pub hip: Option<String>,
    pub hip_values: Vec<Option<i64>>,
}

/// What a CUDA function becomes under one HIP version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub class: Class,
    /// The HIP symbol called (after the version's `#define` renames).
    pub hip: Option<String>,
    pub passes: Vec<Pass>,
    pub reason: String,
}

pub struct FnMap<'a> {
    pub cuda: &'a Function,
    pub family: Family,
    /// hipify's target name, before overrides.
    pub hipify: Option<String>,
    /// Target per HIP version, in `Mapping::versions` order.
    pub targets: Vec<Target>,
    /// Out-pointer parameters checked for NULL before HIP sees them.
    pub non_null: Vec<usize>,
    /// Parameters of the family's handle types ([`crate::family::FamilyRow::handles`]), refused
    /// when NULL before the call reaches HIP's library.
    pub null_handles: Vec<usize>,
    /// Why the call must not reach the ROCm library while HIP sees no GPU (the `device` override).
    pub needs_device: Option<String>,
    /// Per HIP version: hipify's target is a function that version declares.
    pub hipify_declared: Vec<bool>,
    /// Per HIP version: the target actually used (override or hipify) is declared.
    pub target_declared: Vec<bool>,
    /// A legacy API function (`RocmLibrary::legacy_header`): how it calls its `_v2` twin, whose
    /// targets are its own.
    pub legacy: Option<LegacyCall>,
}

pub struct Mapping<'a> {
    pub versions: Vec<&'a str>,
    pub functions: Vec<FnMap<'a>>,
    pub enums: Vec<EnumPair>,
    pub structs: Vec<StructPair>,
}

pub struct Inputs<'a> {
    pub cuda: &'a Api,
    pub hips: Vec<(&'a str, &'a Api)>,
    pub hipify: &'a Table,
    pub overrides: &'a Overrides,
}

/// The mapping of every function `inputs.cuda` declares; a function of no family is an error.
pub fn map<'a>(inputs: &Inputs<'a>) -> Result<Mapping<'a>, String> {
    let mut enums = EnumPairs {
        inputs,
        pairs: Vec::new(),
        structs: Vec::new(),
    };
    // The status enums first: every function's result goes through them.
    // (A model holds one or two families; the others' status enums are absent and not paired.)
    for family in Family::all() {
        enums.pair(family.status.cuda_enum, family.status.hip_enum);
    }
    // Then those whose values the model's hand-written code translates inside buffers.
    let families: std::collections::BTreeSet<Family> = (inputs.cuda.functions.iter())
        .filter_map(|f| Family::find(&f.name))
        .collect();
    for (cuda, hip) in families.iter().flat_map(|f| f.value_enums) {
        enums.pair(cuda, hip);
    }
    let functions = inputs
        .cuda
        .functions
        .iter()
        .map(|f| map_function(inputs, &mut enums, f, Family::of_name(&f.name)?))
        .collect::<Result<_, String>>()?;
    let functions = with_twins_targets(functions);
    Ok(Mapping {
        versions: inputs.hips.iter().map(|(v, _)| *v).collect(),
        functions,
        enums: enums.pairs,
        structs: enums.structs,
    })
}

/// hipify's entry for a declared CUDA name, or for the `#define` name that points to it
/// (`cuMemAlloc` → `cuMemAlloc_v2`).
fn hipify_target(inputs: &Inputs, name: &str) -> Option<String> {
    if let Some(e) = inputs.hipify.hip(name) {
        return Some(e.hip.clone());
    }
    inputs
        .cuda
        .renames
        .iter()
        .filter(|(_, to)| *to == name)
        .find_map(|(from, _)| inputs.hipify.hip(from))
        .map(|e| e.hip.clone())
}

/// The legacy functions' targets: their twins', each reason saying so.
fn with_twins_targets(mut functions: Vec<FnMap>) -> Vec<FnMap> {
    for i in 0..functions.len() {
        let Some(call) = &functions[i].legacy else {
            continue;
        };
        let twin = (functions.iter())
            .find(|g| g.cuda.name == call.twin)
            .expect("the twin is mapped");
        let reason = |t: &Target| match t.reason.is_empty() {
            true => format!("legacy API: {}", call.twin),
            false => format!("legacy API: {}: {}", call.twin, t.reason),
        };
        let targets = (twin.targets.iter())
            .map(|t| Target {
                reason: reason(t),
                ..t.clone()
            })
            .collect();
        functions[i].targets = targets;
    }
    functions
}

/// How `f` calls its twin, where it is a legacy API function without an override rule.
fn legacy_of(inputs: &Inputs, f: &Function, family: Family) -> Result<Option<LegacyCall>, String> {
    let header = family.rocm_library().and_then(|l| l.legacy_header);
    if header != Some(f.header.as_str()) || inputs.overrides.rules.contains_key(&f.name) {
        return Ok(None);
    }
    let handle = family.handles.first().copied().unwrap_or_default();
    legacy::legacy_call(inputs.cuda, f, handle, family.status.rust_ty).map(Some)
}

fn map_function<'a>(
    inputs: &Inputs<'a>,
    enums: &mut EnumPairs,
    f: &'a Function,
    family: Family,
) -> Result<FnMap<'a>, String> {
    let hipify = hipify_target(inputs, &f.name);
    let rule = inputs.overrides.rules.get(&f.name);
    let legacy = legacy_of(inputs, f, family)?;
    let target_name = match rule.map(|r| &r.action) {
        Some(Action::Map(h)) => Some(h.clone()),
        _ => hipify.clone(),
    };
    let targets = (inputs.hips.iter().enumerate())
        .filter(|_| legacy.is_none())
        .map(|(vi, (version, hip))| {
            let resolved = target_name.as_ref().map(|t| resolve_rename(hip, t));
            let on_this = |versions: &[String]| versions.iter().any(|v| v == version);
            match rule.map(|r| (&r.action, r.reason.clone())) {
                Some((Action::Hand, reason)) => {
                    hand_target(inputs, enums, (f, family), resolved, (vi, version), reason)
                }
                Some((Action::HandOn(on), reason)) if on_this(on) => {
                    hand_target(inputs, enums, (f, family), resolved, (vi, version), reason)
                }
                Some((Action::Unsupported, reason)) => unsupported(reason),
                Some((Action::UnsupportedOn(on), reason)) if on_this(on) => unsupported(reason),
                _ => classify(inputs, enums, (f, family), resolved.as_deref(), vi, version),
            }
        })
        .collect();
    let declared = |name: &Option<String>| -> Vec<bool> {
        inputs
            .hips
            .iter()
            .map(|(_, hip)| {
                name.as_ref()
                    .is_some_and(|n| hip.function(&resolve_rename(hip, n)).is_some())
            })
            .collect()
    };
    Ok(FnMap {
        cuda: f,
        family,
        non_null: non_null_params(inputs, f),
        null_handles: (f.params.iter().enumerate())
            .filter(|(_, p)| {
                family
                    .handles
                    .iter()
                    .any(|h| p.ty == Ty::Named((*h).into()))
            })
            .filter(|(_, p)| !nullable(inputs, f, &p.name))
            .map(|(i, _)| i)
            .collect(),
        needs_device: inputs.overrides.device.get(&f.name).cloned(),
        hipify_declared: declared(&hipify),
        target_declared: declared(&target_name),
        hipify,
        targets,
        legacy,
    })
}

fn resolve_rename(hip: &Api, name: &str) -> String {
    hip.renames
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// A function hand-written in this HIP version, which names the HIP function it relies on where
/// that version declares it. Classified all the same: the value tables its HIP counterpart's
/// enums need are the ones the hand-written body translates with.
fn hand_target(
    inputs: &Inputs,
    enums: &mut EnumPairs,
    (f, family): (&Function, Family),
    resolved: Option<String>,
    (vi, version): (usize, &str),
    reason: String,
) -> Target {
    let _ = classify(inputs, enums, (f, family), resolved.as_deref(), vi, version);
    let hip = &inputs.hips[vi].1;
    Target {
        class: Class::Hand,
        hip: resolved.filter(|t| hip.function(t).is_some()),
        passes: Vec::new(),
        reason,
    }
}

fn unsupported(reason: String) -> Target {
    Target {
        class: Class::Unsupported,
        hip: None,
        passes: Vec::new(),
        reason,
    }
}

fn classify(
    inputs: &Inputs,
    enums: &mut EnumPairs,
    (f, family): (&Function, Family),
    target: Option<&str>,
    vi: usize,
    version: &str,
) -> Target {
    let Some(target) = target else {
        let why = match inputs.hipify.unsupported.contains(&f.name) {
            true => "hipify lists it as unsupported by HIP",
            false => "no HIP counterpart in hipify's table",
        };
        return unsupported(why.into());
    };
    let hip = inputs.hips[vi].1;
    let Some(h) = hip.function(target) else {
        let library = family.rocm_library().map_or("HIP", |l| l.label);
        return unsupported(format!("{target} is not declared by {library} {version}"));
    };
    let (cuda_err, hip_err) = (family.status.cuda_enum, family.status.hip_enum);
    let types = Types { inputs, vi };
    if types.enum_of(&f.ret).map(|e| e.name.as_str()) != Some(cuda_err)
        || types.enum_of_hip(&h.ret).map(|e| e.name.as_str()) != Some(hip_err)
    {
        return unsupported(format!("{target} does not return {hip_err}"));
    }
    if f.params.len() != h.params.len() {
        return unsupported(format!(
            "{target} takes {} parameters, CUDA {}",
            h.params.len(),
            f.params.len()
        ));
    }
    let mut passes = Vec::new();
    for (c, hp) in f.params.iter().zip(&h.params) {
        // The overrides' `inout` and `list` (POINTER,COUNT) say what else an enum pointer is.
        let inout = inputs.overrides.inout.get(&f.name);
        let list = inputs
            .overrides
            .list
            .get(&f.name)
            .filter(|l| l[0] == c.name);
        let count = list.and_then(|l| f.params.iter().position(|p| p.name == l[1]));
        match (types.pass(enums, &c.ty, &hp.ty), count) {
            (Ok(Pass::EnumOut(i)), _) if inout.is_some_and(|p| p.contains(&c.name)) => {
                passes.push(Pass::EnumInOut(i))
            }
            (Ok(Pass::EnumOut(i)), Some(k)) => passes.push(Pass::EnumList(i, k)),
            (Ok(p), _) => passes.push(p),
            (Err(why), _) => {
                return unsupported(format!(
                    "{target}: parameter `{}`: {why}; needs a hand-written translation",
                    c.name
                ))
            }
        }
    }
    let translated = passes.iter().any(|p| {
        !matches!(
            p,
            Pass::Same
                | Pass::Cast
                | Pass::Stream
                | Pass::DevicePtr
                | Pass::Transmute
                | Pass::Narrow
        )
    });
    Target {
        class: if translated {
            Class::Translated
        } else {
            Class::Direct
        },
        hip: Some(target.to_string()),
        passes,
        reason: String::new(),
    }
}

/// Whether the overrides call `f`'s parameter `param` nullable (CUDA accepts NULL there).
fn nullable(inputs: &Inputs, f: &Function, param: &str) -> bool {
    (inputs.overrides.nullable.get(&f.name)).is_some_and(|n| n.iter().any(|p| p == param))
}

/// Pointers checked for NULL before HIP is called: the out-pointers of `…Get…` functions that CUDA
/// requires (to scalars, handles or enums; not `void*`, not arrays of pointers) unless the
/// overrides call them nullable, and the parameters the overrides call required.
fn non_null_params(inputs: &Inputs, f: &Function) -> Vec<usize> {
    let required = inputs.overrides.required.get(&f.name);
    let is_required = |name: &str| required.is_some_and(|r| r.iter().any(|n| n == name));
    if !f.name.contains("Get") {
        return (0..f.params.len())
            .filter(|&i| is_required(&f.params[i].name))
            .collect();
    }
    let types = Types { inputs, vi: 0 };
    f.params
        .iter()
        .enumerate()
        .filter(|(_, p)| !nullable(inputs, f, &p.name))
        .filter(|(_, p)| {
            is_required(&p.name)
                || match types.cuda_resolve(&p.ty) {
                    Ty::Ptr {
                        pointee,
                        is_const: false,
                    } => match types.cuda_resolve(&pointee) {
                        Ty::Prim(_) | Ty::Bool => true,
                        Ty::Ptr { pointee, .. } => {
                            types.cuda_record(&pointee).is_some_and(|r| r.opaque)
                        }
                        t => types.enum_of(&t).is_some(),
                    },
                    _ => false,
                }
        })
        .map(|(i, _)| i)
        .collect()
}

/// Per class, how many functions of `family` fall in it under HIP version `vi`.
pub fn totals(m: &Mapping, family: Family, vi: usize) -> BTreeMap<Class, usize> {
    let mut out = BTreeMap::new();
    for f in m.functions.iter().filter(|f| f.family == family) {
        *out.entry(f.targets[vi].class).or_default() += 1;
    }
    out
}

/// hipify's function names of the model's families (not types or constants), each with the CUDA
/// function it denotes (itself, or what the header `#define`s it to) and, per HIP version,
/// whether hipify's target is a declared HIP function.
pub fn hipify_names<'m>(
    inputs: &Inputs,
    m: &'m Mapping<'m>,
) -> Vec<(String, Option<&'m FnMap<'m>>, Vec<bool>)> {
    let families: std::collections::BTreeSet<Family> =
        m.functions.iter().map(|f| f.family).collect();
    let is_fn_name = |n: &str| Family::find(n).is_some_and(|f| families.contains(&f));
    inputs
        .hipify
        .entries
        .iter()
        .filter(|(n, e)| is_fn_name(n) && !matches!(e.kind.as_str(), "type" | "numeric_literal"))
        // A HIP function's name, or the CUDA name itself where the ROCm library keeps it (RCCL).
        .filter(|(n, e)| e.hip.starts_with("hip") || e.hip == **n)
        .map(|(n, e)| {
            let cuda = inputs.cuda.renames.get(n).unwrap_or(n);
            let f = m.functions.iter().find(|f| &f.cuda.name == cuda);
            let declared = inputs
                .hips
                .iter()
                .map(|(_, hip)| hip.function(&resolve_rename(hip, &e.hip)).is_some())
                .collect();
            (n.clone(), f, declared)
        })
        .collect()
}
