//! Matches every CUDA function and enum to its HIP counterpart in each HIP version, and classifies
//! each function (DESIGN.md): *direct* (arguments pass as they are, or as a cast of the same
//! bits), *translated* (an enum value goes through a generated table), *hand-written*, or
//! *unsupported* (with the reason).
//!
//! Name-level matching comes from hipify-perl's table with `data/overrides.txt` on top; whether
//! a match is ABI-safe is decided here from the two parsed models, type by type.

use crate::hipify::Table;
use crate::model::{Api, Enum, Function, Record, Ty};
use crate::overrides::{Action, Overrides};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Driver,
    Nvrtc,
    Runtime,
}

impl Family {
    pub const ALL: [Family; 3] = [Family::Driver, Family::Nvrtc, Family::Runtime];

    pub fn of(f: &Function) -> Family {
        Self::of_name(&f.name)
    }

    /// `nvrtc…` is NVRTC, `cudaX…` the runtime, every other `cuX…` the driver.
    pub fn of_name(name: &str) -> Family {
        if name.starts_with("nvrtc") {
            Family::Nvrtc
        } else if name
            .strip_prefix("cuda")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            Family::Runtime
        } else {
            Family::Driver
        }
    }

    /// cuda-as-hip's module for the family (`driver`, `nvrtc`).
    pub fn module(self) -> &'static str {
        match self {
            Family::Driver => "driver",
            Family::Nvrtc => "nvrtc",
            Family::Runtime => "runtime",
        }
    }

    /// How COVERAGE.md and README name the family.
    pub fn label(self) -> &'static str {
        match self {
            Family::Driver => "driver",
            Family::Nvrtc => "NVRTC",
            Family::Runtime => "runtime",
        }
    }

    /// The call descriptor type in cuda-as-hip's `call` module.
    pub fn call_ty(self) -> &'static str {
        match self {
            Family::Driver => "DriverCall",
            Family::Nvrtc => "NvrtcCall",
            Family::Runtime => "RuntimeCall",
        }
    }

    /// The result type's Rust name and its success constant.
    pub fn result(self) -> (&'static str, &'static str) {
        match self {
            Family::Driver => ("CUresult", "CUDA_SUCCESS"),
            Family::Nvrtc => ("nvrtcResult", "NVRTC_SUCCESS"),
            Family::Runtime => ("cudaError_t", "cudaSuccess"),
        }
    }

    /// The code for a HIP result CUDA has no name for.
    pub fn catch_all(self) -> &'static str {
        match self {
            Family::Driver => "CUDA_ERROR_UNKNOWN",
            Family::Nvrtc => "NVRTC_ERROR_INTERNAL_ERROR",
            Family::Runtime => "cudaErrorUnknown",
        }
    }

    /// The headers the family comes from (for generated files' first lines).
    pub fn headers(self) -> &'static str {
        match self {
            Family::Driver => "cuda.h and cudaProfiler.h",
            Family::Nvrtc => "nvrtc.h",
            Family::Runtime => "cuda_runtime_api.h and the type headers it includes",
        }
    }

    /// The C library the family's exports make, as `cabi/<dir>` and its file name.
    pub fn library(self) -> (&'static str, &'static str) {
        match self {
            Family::Driver => ("libcuda", "libcuda.so"),
            Family::Nvrtc => ("libnvrtc", "libnvrtc.so"),
            Family::Runtime => ("libcudart", "libcudart.so"),
        }
    }

    /// The stream handle type, whose special values (legacy, per-thread) HIP spells its own way.
    pub fn stream_ty(self) -> Option<&'static str> {
        match self {
            Family::Driver => Some("CUstream"),
            Family::Nvrtc => None,
            Family::Runtime => Some("cudaStream_t"),
        }
    }

    /// Whether the headers document each error code (cuda.h, driver_types.h do; nvrtc.h's texts
    /// are NVRTC's own function).
    pub fn error_texts(self) -> bool {
        self != Family::Nvrtc
    }

    /// The family's function names in hipify's table: `cuX`, `nvrtcX`, `cudaX`.
    pub fn is_fn_name(self, name: &str) -> bool {
        let prefix = match self {
            Family::Driver => "cu",
            Family::Nvrtc => "nvrtc",
            Family::Runtime => "cuda",
        };
        name.strip_prefix(prefix)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
            && Family::of_name(name) == self
    }

    /// The error enum (CUDA side, HIP side).
    pub fn error_enums(self) -> (&'static str, &'static str) {
        match self {
            Family::Driver => ("cudaError_enum", "hipError_t"),
            Family::Nvrtc => ("nvrtcResult", "hiprtcResult"),
            Family::Runtime => ("cudaError", "hipError_t"),
        }
    }
}

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
    /// A CUDA enum value, looked up in the table for `EnumPair` `.0`.
    EnumIn(usize),
    /// An out-pointer to an enum: HIP writes its value, the table translates it back.
    EnumOut(usize),
    /// A pointer to a struct HIP reads, whose layout or values differ: converted into a HIP
    /// copy by the generated converter `StructPair` `.0`.
    StructIn(usize),
    /// A pointer to a struct HIP fills: converted back after the call.
    StructOut(usize),
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
    /// Per HIP version: hipify's target is a function that version declares.
    pub hipify_declared: Vec<bool>,
    /// Per HIP version: the target actually used (override or hipify) is declared.
    pub target_declared: Vec<bool>,
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

pub fn map<'a>(inputs: &Inputs<'a>) -> Mapping<'a> {
    let mut enums = EnumPairs {
        inputs,
        pairs: Vec::new(),
        structs: Vec::new(),
    };
    // The error enums first: every function's result goes through them.
    // (A model holds one or two families; the others' error enums are absent and not paired.)
    for family in Family::ALL {
        let (c, h) = family.error_enums();
        enums.pair(c, h);
    }
    let functions = inputs
        .cuda
        .functions
        .iter()
        .map(|f| map_function(inputs, &mut enums, f))
        .collect();
    Mapping {
        versions: inputs.hips.iter().map(|(v, _)| *v).collect(),
        functions,
        enums: enums.pairs,
        structs: enums.structs,
    }
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

fn map_function<'a>(inputs: &Inputs<'a>, enums: &mut EnumPairs, f: &'a Function) -> FnMap<'a> {
    let hipify = hipify_target(inputs, &f.name);
    let rule = inputs.overrides.rules.get(&f.name);
    let target_name = match rule.map(|r| &r.action) {
        Some(Action::Map(h)) => Some(h.clone()),
        _ => hipify.clone(),
    };
    let targets = inputs
        .hips
        .iter()
        .enumerate()
        .map(|(vi, (version, hip))| {
            let resolved = target_name.as_ref().map(|t| resolve_rename(hip, t));
            match rule.map(|r| (&r.action, r.reason.clone())) {
                Some((Action::Hand, reason)) => Target {
                    class: Class::Hand,
                    hip: resolved.filter(|t| hip.function(t).is_some()),
                    passes: Vec::new(),
                    reason,
                },
                Some((Action::Unsupported, reason)) => unsupported(reason),
                Some((Action::UnsupportedOn(on), reason)) if on.iter().any(|v| v == version) => {
                    unsupported(reason)
                }
                _ => classify(inputs, enums, f, resolved.as_deref(), vi, version),
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
    FnMap {
        cuda: f,
        family: Family::of(f),
        non_null: non_null_params(inputs, f),
        hipify_declared: declared(&hipify),
        target_declared: declared(&target_name),
        hipify,
        targets,
    }
}

fn resolve_rename(hip: &Api, name: &str) -> String {
    hip.renames
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
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
    f: &Function,
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
        return unsupported(format!("{target} is not declared by HIP {version}"));
    };
    let family = Family::of(f);
    let (cuda_err, hip_err) = family.error_enums();
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
        match types.pass(enums, &c.ty, &hp.ty) {
            Ok(p) => passes.push(p),
            Err(why) => {
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
    let nullable = inputs.overrides.nullable.get(&f.name);
    let types = Types { inputs, vi: 0 };
    f.params
        .iter()
        .enumerate()
        .filter(|(_, p)| !nullable.is_some_and(|n| n.contains(&p.name)))
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

struct Types<'a, 'i> {
    inputs: &'a Inputs<'i>,
    vi: usize,
}

fn resolve(api: &Api, t: &Ty) -> Ty {
    let mut t = t.clone();
    while let Ty::Named(n) = &t {
        match api.typedefs.iter().find(|d| &d.name == n) {
            Some(d) => t = d.ty.clone(),
            None => break,
        }
    }
    t
}

fn prim_size(p: &str) -> &str {
    prim_class(p).trim_start_matches(['i', 'u'])
}

/// Size and signedness of an integer primitive, so `c_ulonglong` and `u64` compare equal.
fn prim_class(p: &str) -> &str {
    match p {
        "c_int" | "i32" => "i32",
        "c_uint" | "u32" => "u32",
        "c_long" | "c_longlong" | "i64" | "isize" => "i64",
        "c_ulong" | "c_ulonglong" | "u64" | "usize" => "u64",
        "c_char" | "c_schar" | "i8" => "i8",
        "c_uchar" | "u8" => "u8",
        "c_short" | "i16" => "i16",
        "c_ushort" | "u16" => "u16",
        "c_float" | "f32" => "f32",
        "c_double" | "f64" => "f64",
        other => other,
    }
}

impl Types<'_, '_> {
    fn hip(&self) -> &Api {
        self.inputs.hips[self.vi].1
    }

    fn cuda_resolve(&self, t: &Ty) -> Ty {
        resolve(self.inputs.cuda, t)
    }

    fn enum_of(&self, t: &Ty) -> Option<&Enum> {
        match self.cuda_resolve(t) {
            Ty::Named(n) => self.inputs.cuda.enums.iter().find(|e| e.name == n),
            _ => None,
        }
    }

    fn enum_of_hip(&self, t: &Ty) -> Option<&Enum> {
        match resolve(self.hip(), t) {
            Ty::Named(n) => self.hip().enums.iter().find(|e| e.name == n),
            _ => None,
        }
    }

    fn cuda_record(&self, t: &Ty) -> Option<&Record> {
        match self.cuda_resolve(t) {
            Ty::Named(n) => self.inputs.cuda.records.iter().find(|r| r.name == n),
            _ => None,
        }
    }

    fn hip_record(&self, t: &Ty) -> Option<&Record> {
        match resolve(self.hip(), t) {
            Ty::Named(n) => self.hip().records.iter().find(|r| r.name == n),
            _ => None,
        }
    }

    fn is_cuda_named(&self, t: &Ty, name: &str) -> bool {
        let mut t = t.clone();
        loop {
            match &t {
                Ty::Named(n) if n == name => return true,
                Ty::Named(n) => match self.inputs.cuda.typedefs.iter().find(|d| &d.name == n) {
                    Some(d) => t = d.ty.clone(),
                    None => return false,
                },
                _ => return false,
            }
        }
    }

    /// How a value of CUDA type `c` is passed where HIP declares `h`.
    fn pass(&self, enums: &mut EnumPairs, c: &Ty, h: &Ty) -> Result<Pass, String> {
        if let Some(ce) = self.enum_of(c) {
            let he = self
                .enum_of_hip(h)
                .ok_or_else(|| format!("CUDA enum {} where HIP takes {h:?}", ce.name))?;
            return enums
                .pair(&ce.name, &he.name)
                .map(Pass::EnumIn)
                .ok_or_else(|| format!("no constant of {} maps to {}", ce.name, he.name));
        }
        let (rc, rh) = (self.cuda_resolve(c), resolve(self.hip(), h));
        match (&rc, &rh) {
            (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == prim_class(b) => Ok(Pass::Same),
            (Ty::Prim(a), Ty::Ptr { .. }) if prim_class(a) == "u64" => Ok(Pass::DevicePtr),
            (Ty::Ptr { .. }, Ty::Ptr { .. })
                if ["CUstream", "cudaStream_t"]
                    .iter()
                    .any(|s| self.is_cuda_named(c, s)) =>
            {
                Ok(Pass::Stream)
            }
            (
                Ty::Ptr {
                    pointee: pc,
                    is_const: cuda_const,
                },
                Ty::Ptr {
                    pointee: ph,
                    is_const,
                },
            ) => {
                if let (Some(ce), false) = (self.enum_of(pc), is_const) {
                    let he = self
                        .enum_of_hip(ph)
                        .ok_or_else(|| format!("pointer to CUDA enum {}", ce.name))?;
                    return enums
                        .pair(&ce.name, &he.name)
                        .map(Pass::EnumOut)
                        .ok_or_else(|| format!("no constant of {} maps to {}", ce.name, he.name));
                }
                match self.same_memory(c, h, 0) {
                    Ok(()) => Ok(Pass::Cast),
                    // Either side's `const` says HIP only reads it (HIP 6's
                    // hipGraphExecMemcpyNodeSetParams drops the const CUDA has).
                    Err(why) => match self.struct_pair(enums, pc, ph, 0, false).or_else(|| {
                        match *is_const || *cuda_const {
                            true => None,
                            false => self.struct_pair(enums, pc, ph, 0, true),
                        }
                    }) {
                        Some(i) if *is_const || *cuda_const => Ok(Pass::StructIn(i)),
                        Some(i) => Ok(Pass::StructOut(i)),
                        None => Err(why),
                    },
                }
            }
            (Ty::Prim(a), Ty::Prim(b)) if prim_size(a) == prim_size(b) => Ok(Pass::Cast),
            (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == "u64" && prim_class(b) == "u32" => {
                Ok(Pass::Narrow)
            }
            (Ty::FnPtr { .. }, Ty::FnPtr { .. }) => {
                self.same_memory(c, h, 0).map(|()| Pass::Transmute)
            }
            (Ty::Named(_), Ty::Named(_)) => self.same_record(c, h, 0).map(|()| Pass::Transmute),
            _ => Err(format!("{c:?} and {h:?} differ")),
        }
    }

    /// Whether CUDA memory of type `c` reads correctly as HIP type `h` (pointees, fields).
    fn same_memory(&self, c: &Ty, h: &Ty, depth: usize) -> Result<(), String> {
        if depth > 8 {
            return Err("types nest too deeply".into());
        }
        if let Some(ce) = self.enum_of(c) {
            // HIP sometimes stores a CUDA flags field as a plain integer of the same size
            // (`hipMemAllocationProp::requestedHandleTypes`); HIP validates what it reads, and
            // what it writes is a valid value of CUDA's flags newtype (not of a Rust enum).
            let hip_int =
                matches!(resolve(self.hip(), h), Ty::Prim(p) if prim_size(p) == prim_size(ce.repr));
            if hip_int && depth > 0 && self.inputs.overrides.bitflags.contains(&ce.name) {
                return Ok(());
            }
            let he = self.enum_of_hip(h).ok_or("enum against non-enum")?;
            return match enum_values_equal(self.inputs, ce, he, self.vi) {
                true => Ok(()),
                false => Err(format!("{} and {} differ in value", ce.name, he.name)),
            };
        }
        let (rc, rh) = (self.cuda_resolve(c), resolve(self.hip(), h));
        match (&rc, &rh) {
            (Ty::Void, Ty::Void) | (Ty::Bool, Ty::Bool) => Ok(()),
            (Ty::Prim(a), Ty::Prim(b)) if prim_class(a) == prim_class(b) => Ok(()),
            // CUdeviceptr stored where HIP stores hipDeviceptr_t: both 8 bytes.
            (Ty::Prim(a), Ty::Ptr { .. }) if prim_class(a) == "u64" => Ok(()),
            (Ty::Ptr { .. }, Ty::Prim(b)) if prim_class(b) == "u64" => Ok(()),
            // HIP declares an untyped buffer where CUDA stores a CUdeviceptr.
            (Ty::Prim(a), Ty::Void) if prim_class(a) == "u64" && depth > 0 => Ok(()),
            (Ty::Ptr { pointee: pc, .. }, Ty::Ptr { pointee: ph, .. }) => {
                // A handle: a pointer to a type never defined (or `void*`) on both sides.
                let opaque_c = self.cuda_resolve(pc) == Ty::Void
                    || self.cuda_record(pc).is_some_and(|r| r.opaque);
                let opaque_h = resolve(self.hip(), ph) == Ty::Void
                    || self.hip_record(ph).is_some_and(|r| r.opaque);
                // A CUDA handle is never looked into by its holder: it only ever holds what a
                // HIP call returned, whatever HIP's type behind it (`textureReference*`).
                let device_ptr =
                    matches!(self.cuda_resolve(pc), Ty::Prim(p) if prim_class(p) == "u64");
                match (opaque_c, opaque_h) {
                    (true, _) => Ok(()),
                    // HIP writes a `void*` where CUDA reads a CUdeviceptr: both 8 bytes.
                    (false, true) if device_ptr => Ok(()),
                    (false, true) => Err(format!("{pc:?} is a struct where HIP has a handle")),
                    _ => self.same_memory(pc, ph, depth + 1),
                }
            }
            (
                Ty::FnPtr {
                    ret: rc,
                    params: pc,
                    variadic: vc,
                },
                Ty::FnPtr {
                    ret: rh,
                    params: ph,
                    variadic: vh,
                },
            ) if pc.len() == ph.len() && vc == vh => {
                // HIP would hand the callback HIP's values where CUDA's are expected.
                if pc.iter().chain([&**rc]).any(|t| self.enum_of(t).is_some()) {
                    return Err(
                        "a callback taking CUDA enum values (HIP would pass its own)".into(),
                    );
                }
                self.same_memory(rc, rh, depth + 1)?;
                pc.iter()
                    .zip(ph)
                    .try_for_each(|(a, b)| self.same_memory(a, b, depth + 1))
                    .map_err(|e| format!("a callback whose arguments differ: {e}"))
            }
            (Ty::Array { elem: ec, len: lc }, Ty::Array { elem: eh, len: lh }) if lc == lh => {
                self.same_memory(ec, eh, depth + 1)
            }
            (Ty::Named(_), Ty::Named(_)) => self.same_record(c, h, depth),
            (Ty::FnPtr { .. }, _) => Err("a callback (its arguments carry CUDA values)".into()),
            _ => Err(format!("{c:?} against {h:?}")),
        }
    }

    /// A converter between CUDA struct `c` and HIP struct `h`, when every field of one has a
    /// same-named field in the other (CUDA's `reserved*` fields aside) that copies, translates
    /// through an enum table, or converts as a struct itself. No unions, no bit-fields.
    ///
    /// With `out_only` (HIP fills the struct, nothing is read from it), HIP's fields CUDA lacks
    /// are dropped and CUDA's integer fields HIP lacks come back zero.
    fn struct_pair(
        &self,
        pairs: &mut EnumPairs,
        c: &Ty,
        h: &Ty,
        depth: usize,
        out_only: bool,
    ) -> Option<usize> {
        let (rc, rh) = (self.cuda_record(c)?, self.hip_record(h)?);
        let plain =
            |r: &Record| !r.is_union && !r.opaque && r.fields.iter().all(|f| f.bit_width.is_none());
        if depth > 4 || !plain(rc) || !plain(rh) {
            return None;
        }
        if let Some(i) = pairs.structs.iter().position(|p| {
            p.cuda == rc.name && p.hip == rh.name && p.version == self.vi && p.out_only == out_only
        }) {
            return Some(i);
        }
        // Reserved fields are not copied (HIP's stay zero). A CUDA field HIP lacks is dropped
        // only where HIP keeps reserved room for it (`CUmemPoolProps::usage`).
        let reserved = |n: &str| n.starts_with("reserved");
        let hip_has_room = rh.fields.iter().any(|f| reserved(&f.name));
        let hip_fields = self.hip_members(rh);
        let unmatched_cuda: Vec<&crate::model::Field> = rc
            .fields
            .iter()
            .filter(|fc| !reserved(&fc.name))
            .filter(|fc| {
                !hip_fields
                    .iter()
                    .any(|(n, _)| same_field(n.rsplit('.').next().unwrap_or(n), &fc.name))
            })
            .collect();
        let zeroed = match (out_only, unmatched_cuda.is_empty() || hip_has_room) {
            (_, true) => Vec::new(),
            (true, false) if unmatched_cuda.iter().all(|f| self.zero_is_valid(&f.ty)) => {
                unmatched_cuda.iter().map(|f| f.name.clone()).collect()
            }
            _ => return None,
        };
        let mut fields = Vec::new();
        for (path, fh) in hip_fields.iter().filter(|(n, _)| !reserved(n)) {
            let member = path.rsplit('.').next().unwrap_or(path);
            let Some(fc) = rc.fields.iter().find(|fc| same_field(member, &fc.name)) else {
                // An anonymous union's other members alias the one matched; what HIP alone
                // fills is dropped.
                match path.contains('.') || out_only {
                    true => continue,
                    false => return None,
                }
            };
            let conv = if self.same_memory(&fc.ty, &fh.ty, depth + 1).is_ok() {
                FieldConv::Copy
            } else if let (Some(ce), Some(he)) = (self.enum_of(&fc.ty), self.enum_of_hip(&fh.ty)) {
                FieldConv::Enum(pairs.pair(&ce.name, &he.name)?, ce.repr)
            } else {
                FieldConv::Struct(self.struct_pair(pairs, &fc.ty, &fh.ty, depth + 1, out_only)?)
            };
            fields.push(FieldPair {
                cuda: fc.name.clone(),
                hip: path.clone(),
                conv,
            });
        }
        pairs.structs.push(StructPair {
            cuda: rc.name.clone(),
            hip: rh.name.clone(),
            version: self.vi,
            out_only,
            zeroed,
            fields,
        });
        Some(pairs.structs.len() - 1)
    }

    /// A HIP struct's fields by access path; an anonymous union member (`__anon1`, HIP 7's
    /// `union { requestedHandleType; requestedHandleTypes; }`) contributes its members.
    fn hip_members<'r>(&'r self, rh: &'r Record) -> Vec<(String, &'r crate::model::Field)> {
        let mut out = Vec::new();
        for f in &rh.fields {
            match self
                .hip_record(&f.ty)
                .filter(|u| u.is_union && f.name.starts_with("__anon"))
            {
                Some(u) => out.extend(
                    u.fields
                        .iter()
                        .map(|m| (format!("{}.{}", f.name, m.name), m)),
                ),
                None => out.push((f.name.clone(), f)),
            }
        }
        out
    }

    /// An integer, a pointer, or an array of them: zero bytes are a valid value (no Rust enum).
    fn zero_is_valid(&self, t: &Ty) -> bool {
        match self.cuda_resolve(t) {
            Ty::Prim(_) | Ty::Bool | Ty::Ptr { .. } => self.enum_of(t).is_none(),
            Ty::Array { elem, .. } => self.zero_is_valid(&elem),
            Ty::Named(_) => self
                .cuda_record(t)
                .is_some_and(|r| !r.opaque && r.fields.iter().all(|f| self.zero_is_valid(&f.ty))),
            _ => false,
        }
    }

    fn same_record(&self, c: &Ty, h: &Ty, depth: usize) -> Result<(), String> {
        let (Some(rc), Some(rh)) = (self.cuda_record(c), self.hip_record(h)) else {
            return Err(format!("{c:?} against {h:?}"));
        };
        let differs = || format!("struct {} differs from {}", rc.name, rh.name);
        if rc.opaque || rh.opaque || rc.size != rh.size || rc.fields.len() != rh.fields.len() {
            return Err(differs());
        }
        for (fc, fh) in rc.fields.iter().zip(&rh.fields) {
            if fc.offset_bits != fh.offset_bits || fc.bit_width != fh.bit_width {
                return Err(differs());
            }
            self.same_memory(&fc.ty, &fh.ty, depth + 1)
                .map_err(|e| format!("{}: field {}: {e}", differs(), fc.name))?;
        }
        Ok(())
    }
}

/// Every CUDA constant maps (by hipify) to a HIP constant of the same value in version `vi`.
/// A CUDA-only constant is allowed when no HIP constant has its value (HIP then rejects it
/// rather than reading it as something else). Memory shared both ways must also hold only CUDA
/// values when HIP writes it: every HIP constant's value is a CUDA one, unless the CUDA type is
/// an OR-able flags newtype (any integer is a valid value of it, never of a Rust enum).
fn enum_values_equal(inputs: &Inputs, ce: &Enum, he: &Enum, vi: usize) -> bool {
    let pair = pair_constants(inputs, ce, &he.name);
    let hip_has = |v: i64| he.constants.iter().any(|(_, hv)| *hv == v);
    let cuda_has = |v: i64| ce.constants.iter().any(|(_, cv)| *cv == v);
    let mapped = pair.iter().all(|c| match c.hip_values[vi] {
        Some(h) => h == c.cuda_value,
        None => !hip_has(c.cuda_value),
    });
    let hip_writes_cuda_values = inputs.overrides.bitflags.contains(&ce.name)
        || he.constants.iter().all(|(_, hv)| cuda_has(*hv));
    mapped && hip_writes_cuda_values
}

fn pair_constants(inputs: &Inputs, ce: &Enum, hip_enum: &str) -> Vec<ConstPair> {
    ce.constants
        .iter()
        .map(|(name, value)| {
            // The override where `hip_enum` has it (it names the constant of another enum than
            // hipify's), else hipify's name.
            let value_in = |api: &Api, h: &str| {
                let e = api.enums.iter().find(|e| e.name == hip_enum)?;
                e.constants.iter().find(|(n, _)| n == h).map(|(_, v)| *v)
            };
            let override_fits = inputs.overrides.constants.get(name).filter(|h| {
                inputs
                    .hips
                    .iter()
                    .any(|(_, api)| value_in(api, h).is_some())
            });
            let hip = override_fits
                .cloned()
                .or_else(|| inputs.hipify.hip(name).map(|e| e.hip.clone()));
            let hip_values = inputs
                .hips
                .iter()
                .map(|(_, api)| value_in(api, hip.as_ref()?))
                .collect();
            ConstPair {
                cuda: name.clone(),
                cuda_value: *value,
                hip,
                hip_values,
            }
        })
        .collect()
}

struct EnumPairs<'a, 'i> {
    inputs: &'a Inputs<'i>,
    pairs: Vec<EnumPair>,
    structs: Vec<StructPair>,
}

impl EnumPairs<'_, '_> {
    /// Index of the (CUDA enum, HIP enum) table, built on first use; `None` when no constant
    /// of one maps to the other.
    fn pair(&mut self, cuda: &str, hip: &str) -> Option<usize> {
        if let Some(i) = self
            .pairs
            .iter()
            .position(|p| p.cuda == cuda && p.hip == hip)
        {
            return Some(i);
        }
        let ce = self.inputs.cuda.enums.iter().find(|e| e.name == cuda)?;
        let constants = pair_constants(self.inputs, ce, hip);
        if constants
            .iter()
            .all(|c| c.hip_values.iter().all(Option::is_none))
        {
            return None;
        }
        self.pairs.push(EnumPair {
            cuda: cuda.to_string(),
            hip: hip.to_string(),
            constants,
            cuda_repr: ce.repr,
        });
        Some(self.pairs.len() - 1)
    }
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
        inputs.cuda.functions.iter().map(Family::of).collect();
    let is_fn_name = |n: &str| families.iter().any(|f| f.is_fn_name(n));
    inputs
        .hipify
        .entries
        .iter()
        .filter(|(n, e)| is_fn_name(n) && !matches!(e.kind.as_str(), "type" | "numeric_literal"))
        .filter(|(_, e)| e.hip.starts_with("hip"))
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

/// Field names that mean the same member: equal, or equal once CUDA's handle prefix `h` is
/// dropped (`hUploadStream` / `uploadStream`, `hErrNode_out` / `errNode_out`).
fn same_field(hip: &str, cuda: &str) -> bool {
    if hip == cuda {
        return true;
    }
    let mut rest = cuda.strip_prefix('h').unwrap_or("").chars();
    match rest.next() {
        Some(first) if first.is_ascii_uppercase() => {
            let unprefixed: String = first.to_lowercase().chain(rest).collect();
            unprefixed == hip
        }
        _ => false,
    }
}
