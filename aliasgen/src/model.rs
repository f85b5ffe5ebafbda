//! The neutral model of one C API (one header set at one version): what `parse` reads out of
//! the headers with clang and what the emitters turn into Rust. Nothing here knows about HIP or CUDA.

use std::collections::BTreeMap;

/// A C type, reduced to what a Rust binding needs.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    Void,
    Bool,
    /// A primitive spelled as Rust spells it: `c_int`, `u32`, `usize`, `f32`…
    Prim(&'static str),
    /// A type declared by the API's own headers (typedef, record or enum).
    Named(String),
    Ptr {
        pointee: Box<Ty>,
        is_const: bool,
    },
    Array {
        elem: Box<Ty>,
        len: usize,
    },
    FnPtr {
        ret: Box<Ty>,
        params: Vec<Ty>,
        variadic: bool,
    },
}

impl Ty {
    /// Every API-declared name this type mentions.
    pub fn names(&self, out: &mut Vec<String>) {
        match self {
            Ty::Named(n) => out.push(n.clone()),
            Ty::Ptr { pointee, .. } => pointee.names(out),
            Ty::Array { elem, .. } => elem.names(out),
            Ty::FnPtr { ret, params, .. } => {
                ret.names(out);
                params.iter().for_each(|p| p.names(out));
            }
            Ty::Void | Ty::Bool | Ty::Prim(_) => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub ty: Ty,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    pub ret: Ty,
    pub params: Vec<Param>,
    pub variadic: bool,
    /// Header file that declares it, relative to the include directory (`hip/hip_runtime_api.h`).
    pub header: String,
    /// Declared under a release's name, named plainly here (`Api::plain_release_names`).
    pub release_named: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    pub name: String,
    /// Underlying integer type as a Rust primitive (`u32`, `i32`…).
    pub repr: &'static str,
    pub constants: Vec<(String, i64)>,
    pub header: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub offset_bits: usize,
    /// `Some(width)` for a bit-field.
    pub bit_width: Option<usize>,
    pub size: usize,
    pub align: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    pub is_union: bool,
    /// Declared but never defined (`struct ihipStream_t;`): only ever used behind a pointer.
    pub opaque: bool,
    pub size: usize,
    pub align: usize,
    pub fields: Vec<Field>,
    pub header: String,
    /// How C names this type (`struct hipFoo`, a typedef name, or `__typeof__(((P*)0)->field)`
    /// for an anonymous record reached through a field); `None` for an anonymous member.
    pub c_spelling: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typedef {
    pub name: String,
    pub ty: Ty,
}

/// An object-like `#define` whose value clang evaluates to an integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constant {
    pub name: String,
    pub ty: Ty,
    pub value: i128,
}

/// One API at one version, as its headers declare it.
#[derive(Clone, Debug, Default)]
pub struct Api {
    pub functions: Vec<Function>,
    pub enums: Vec<Enum>,
    pub records: Vec<Record>,
    pub typedefs: Vec<Typedef>,
    pub constants: Vec<Constant>,
    /// `#define old new` where `new` is a declared function or type
    /// (HIP 6: `hipGetDeviceProperties` → `hipGetDevicePropertiesR0600`).
    pub renames: BTreeMap<String, String>,
    /// The documentation comment's first sentence, per enum constant (`cuGetErrorString`'s text).
    pub briefs: BTreeMap<String, String>,
}

impl Api {
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }

    /// Names each function declared under its family's newest release name plainly
    /// (`__nvJitLinkCreate_12_9` → `nvJitLinkCreate`, as `family::ReleaseNames` says).
    pub fn plain_release_names(&mut self) {
        for f in &mut self.functions {
            let plain = crate::family::Family::all()
                .filter_map(|family| Some((family, family.release_names.as_ref()?.plain(&f.name)?)))
                .find(|(family, plain)| family.owns(plain));
            if let Some((_, plain)) = plain {
                f.name = plain.to_string();
                f.release_named = true;
            }
        }
    }

    /// Functions declared per header file, for the counts `aliasgen` prints.
    pub fn functions_per_header(&self) -> BTreeMap<&str, usize> {
        let mut per = BTreeMap::new();
        for f in &self.functions {
            *per.entry(f.header.as_str()).or_default() += 1;
        }
        per
    }
}

impl Api {
    /// The part of this API a library's own functions need: the functions `own` picks, every type
    /// they reach, and the enums, records, typedefs and constants `own` picks by name (`curandStatus` and
    /// `CURAND_VER_MAJOR` of curand.h, not the CUDA runtime's that curand.h includes).
    pub fn reachable_from(&self, own: impl Fn(&str) -> bool) -> Api {
        let functions: Vec<Function> = self
            .functions
            .iter()
            .filter(|f| own(&f.name))
            .cloned()
            .collect();
        let mut wanted: Vec<String> = Vec::new();
        for f in &functions {
            f.ret.names(&mut wanted);
            f.params.iter().for_each(|p| p.ty.names(&mut wanted));
        }
        let names = (self.enums.iter().map(|e| &e.name))
            .chain(self.records.iter().map(|r| &r.name))
            .chain(self.typedefs.iter().map(|t| &t.name));
        wanted.extend(names.filter(|n| own(n)).cloned());
        let mut kept = std::collections::BTreeSet::new();
        while let Some(name) = wanted.pop() {
            if !kept.insert(name.clone()) {
                continue;
            }
            if let Some(t) = self.typedefs.iter().find(|t| t.name == name) {
                t.ty.names(&mut wanted);
            }
            if let Some(r) = self.records.iter().find(|r| r.name == name) {
                r.fields.iter().for_each(|f| f.ty.names(&mut wanted));
            }
        }
        let keep = |n: &String| kept.contains(n);
        Api {
            functions,
            enums: self
                .enums
                .iter()
                .filter(|e| keep(&e.name))
                .cloned()
                .collect(),
            records: self
                .records
                .iter()
                .filter(|r| keep(&r.name))
                .cloned()
                .collect(),
            typedefs: self
                .typedefs
                .iter()
                .filter(|t| keep(&t.name))
                .cloned()
                .collect(),
            constants: (self.constants.iter())
                .filter(|c| own(&c.name))
                .cloned()
                .collect(),
            renames: (self.renames.iter())
                .filter(|(from, _)| own(from))
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect(),
            briefs: self.briefs.clone(),
        }
    }
}
