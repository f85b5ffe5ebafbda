//! Reads a header set with libclang (a real C front end) into the neutral [`Api`] model.
//!
//! Headers are parsed as C11: the C ABI is what we bind, and C mode keeps C++ overloads and
//! templates out. A declaration belongs to the API when its file lies under the set's include
//! directory; system headers (`stddef.h`, `stdint.h`) only contribute primitive types.

use crate::model::{Api, Constant, Enum, Field, Function, Param, Record, Ty, Typedef};
use clang::{Entity, EntityKind, EvaluationResult, Index, StorageClass, Type, TypeKind, Unsaved};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What to parse: headers (as `#include`d) under one include directory.
pub struct HeaderSet {
    pub label: String,
    pub include_dir: PathBuf,
    /// Declarations from files under this subdirectory of `include_dir` belong to the API
    /// (`hip` for HIP; empty for a directory holding only the API's own headers).
    pub own_subdir: &'static str,
    pub headers: Vec<&'static str>,
    pub defines: Vec<&'static str>,
    /// System header directories the API's headers include from (OpenGL, EGL, VDPAU for CUDA's
    /// interop headers): like `stddef.h`, they only contribute primitive types.
    pub system_includes: Vec<PathBuf>,
    /// More include directories whose declarations also belong to the API (the CUDA runtime's
    /// headers that `curand.h` includes, for `cudaStream_t`): a family's emitters keep what its
    /// own functions reach ([`crate::model::Api::reachable_from`]).
    pub also_own: Vec<PathBuf>,
    /// C source placed before the `#include`s (a forward declaration an old header forgot).
    pub prelude: &'static str,
    /// Parse as C++17 (a C++ header declaring a C API inside `extern "C"`), not C11.
    pub cxx: bool,
}

impl HeaderSet {
    fn source(&self) -> String {
        let includes = self.headers.iter().map(|h| format!("#include <{h}>\n"));
        std::iter::once(self.prelude.to_string())
            .chain(includes)
            .collect()
    }

    fn args(&self) -> Vec<String> {
        let (language, standard) = match self.cxx {
            true => ("c++", "-std=c++17"),
            false => ("c", "-std=c11"),
        };
        let mut args = vec![
            "-x".into(),
            language.into(),
            standard.into(),
            "-ferror-limit=0".into(),
        ];
        args.extend(self.defines.iter().map(|d| format!("-D{d}")));
        args.push(format!("-I{}", self.include_dir.display()));
        args.extend(self.also_own.iter().map(|d| format!("-I{}", d.display())));
        args.extend(
            self.system_includes
                .iter()
                .map(|d| format!("-isystem{}", d.display())),
        );
        args
    }
}

/// The API `set`'s headers declare; functions declared under a release's name are named plainly
/// (`Api::plain_release_names`).
pub fn parse(index: &Index, set: &HeaderSet) -> Result<Api, String> {
    let canonical = |d: &Path| {
        d.canonicalize().map_err(|e| {
            format!(
                "{}: {e} (run scripts/setup.sh to fetch the headers)",
                d.display()
            )
        })
    };
    let dirs = std::iter::once(set.include_dir.join(set.own_subdir))
        .chain(set.also_own.iter().cloned())
        .map(|d| canonical(&d))
        .collect::<Result<Vec<_>, _>>()?;
    let main = std::env::temp_dir().join(format!("aliasgen-{}.h", set.label));
    let tu = parse_source(index, set, &main, set.source())?;
    no_errors(&tu, &set.label)?;
    let mut reader = Reader {
        dirs,
        names: HashMap::new(),
        api: Api::default(),
    };
    let top = top_level(tu.get_entity());
    reader.name_anonymous_by_typedef(&top);
    let mut macros = Vec::new();
    for e in &top {
        reader.read_top_level(e, &mut macros);
    }
    reader.read_macros(index, set, &main, &macros)?;
    reader.api.plain_release_names();
    Ok(reader.api)
}

/// The translation unit's declarations, those inside C++'s `extern "C" { … }` included (libclang
/// 14 shows that block as an `UnexposedDecl`; later ones as a `LinkageSpec`).
fn top_level(tu: Entity) -> Vec<Entity> {
    tu.get_children()
        .into_iter()
        .flat_map(|e| match e.get_kind() {
            EntityKind::LinkageSpec | EntityKind::UnexposedDecl => top_level(e),
            _ => vec![e],
        })
        .collect()
}

fn parse_source<'i>(
    index: &'i Index,
    set: &HeaderSet,
    main: &Path,
    src: String,
) -> Result<clang::TranslationUnit<'i>, String> {
    index
        .parser(main)
        .arguments(&set.args())
        .unsaved(&[Unsaved::new(main, src)])
        .detailed_preprocessing_record(true)
        .skip_function_bodies(true)
        .parse()
        .map_err(|e| format!("{}: libclang could not parse: {e}", set.label))
}

struct Reader {
    /// The API's own header directories, canonical.
    dirs: Vec<PathBuf>,
    /// Declaration USR → the name we bind it under (anonymous records get their typedef's or
    /// their parent field's name).
    names: HashMap<String, String>,
    api: Api,
}

impl Reader {
    /// Header path relative to the API's directory, when the entity is declared by the API.
    fn header_of(&self, e: &Entity) -> Option<String> {
        let file = e.get_location()?.get_file_location().file?;
        let path = file.get_path().canonicalize().ok()?;
        self.dirs
            .iter()
            .find_map(|d| path.strip_prefix(d).ok())
            .map(|p| p.to_string_lossy().into_owned())
    }

    fn usr(e: &Entity) -> Option<String> {
        e.get_usr().map(|u| u.0)
    }

    /// `typedef struct { … } hipFoo;` gives the anonymous struct the name `hipFoo`.
    fn name_anonymous_by_typedef(&mut self, top: &[Entity]) {
        for e in top
            .iter()
            .filter(|e| e.get_kind() == EntityKind::TypedefDecl)
        {
            let Some(decl) = e
                .get_typedef_underlying_type()
                .and_then(|t| t.get_declaration())
            else {
                continue;
            };
            if decl.get_name().is_none() || decl.is_anonymous() {
                if let (Some(usr), Some(name)) = (Self::usr(&decl), e.get_name()) {
                    self.names.entry(usr).or_insert(name);
                }
            }
        }
    }

    fn decl_name(&self, decl: &Entity) -> Option<String> {
        Self::usr(decl)
            .and_then(|u| self.names.get(&u).cloned())
            .or_else(|| match decl.is_anonymous() {
                true => None,
                false => decl.get_name(),
            })
    }

    fn read_top_level<'tu>(&mut self, e: &Entity<'tu>, macros: &mut Vec<Entity<'tu>>) {
        let Some(header) = self.header_of(e) else {
            return;
        };
        match e.get_kind() {
            EntityKind::FunctionDecl => self.read_function(e, header),
            EntityKind::StructDecl | EntityKind::UnionDecl => {
                if let Some(name) = self.decl_name(e) {
                    let c = match e.get_name() {
                        Some(tag) if !e.is_anonymous() => format!("{} {tag}", kind_keyword(e)),
                        _ => name.clone(),
                    };
                    self.read_record(e, name, Some(c), header);
                }
            }
            EntityKind::EnumDecl => self.read_enum(e, header),
            EntityKind::TypedefDecl => self.read_typedef(e),
            EntityKind::MacroDefinition if !e.is_function_like_macro() && !e.is_builtin_macro() => {
                macros.push(*e)
            }
            _ => {}
        }
    }

    fn read_function(&mut self, e: &Entity, header: String) {
        let Some(name) = e.get_name() else { return };
        let skip = e.get_storage_class() == Some(StorageClass::Static) || e.is_inline_function();
        if skip || self.api.functions.iter().any(|f| f.name == name) {
            return;
        }
        let params = e
            .get_arguments()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, a)| Param {
                name: a.get_name().unwrap_or_else(|| format!("arg{i}")),
                ty: decay(self.ty(a.get_type().expect("parameter has a type"))),
            })
            .collect();
        let ty = e.get_type().expect("function has a type");
        let ret = self.ty(ty.get_result_type().expect("function has a result type"));
        // `hipError_t hipProfilerStart();` is unprototyped in C, but these headers are C++ at
        // heart: an empty list means `(void)`, not "any arguments".
        let variadic = ty.is_variadic() && ty.get_kind() != TypeKind::FunctionNoPrototype;
        self.api.functions.push(Function {
            name,
            ret,
            params,
            variadic,
            header,
            release_named: false,
        });
    }

    fn read_record(
        &mut self,
        e: &Entity,
        name: String,
        c_spelling: Option<String>,
        header: String,
    ) {
        let def = e.get_definition();
        if let Some(existing) = self.api.records.iter().position(|r| r.name == name) {
            if def.is_none() || !self.api.records[existing].opaque {
                return;
            }
            self.api.records.remove(existing);
        }
        let is_union = e.get_kind() == EntityKind::UnionDecl;
        let Some(def) = def else {
            let record = Record {
                name,
                is_union,
                opaque: true,
                size: 0,
                align: 1,
                fields: vec![],
                header,
                c_spelling,
            };
            return self.api.records.push(record);
        };
        let ty = def.get_type().expect("record has a type");
        let mut fields = Vec::new();
        let mut anonymous = 0;
        for (i, f) in ty.get_fields().unwrap_or_default().iter().enumerate() {
            let fty = f.get_type().expect("field has a type");
            let fname = f
                .get_name()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("__anon{i}"));
            // A record defined inside this one: anonymous ones are named after their field.
            if let Some(decl) = fty
                .get_canonical_type()
                .get_declaration()
                .filter(|d| is_record(d))
            {
                anonymous += usize::from(self.decl_name(&decl).is_none());
                self.read_nested_record(
                    &decl,
                    (&name, &c_spelling),
                    (anonymous, f.get_name().filter(|n| !n.is_empty())),
                    &header,
                );
            }
            fields.push(Field {
                name: fname,
                ty: self.ty(fty),
                offset_bits: f.get_offset_of_field().expect("field offset"),
                bit_width: f.get_bit_field_width().filter(|_| f.is_bit_field()),
                size: fty.get_sizeof().expect("field size"),
                align: fty.get_alignof().expect("field align"),
            });
        }
        let size = ty.get_sizeof().expect("record size");
        let align = ty.get_alignof().expect("record align");
        self.api.records.push(Record {
            name,
            is_union,
            opaque: false,
            size,
            align,
            fields,
            header,
            c_spelling,
        });
    }

    /// An anonymous record is named as bindgen names it (cudarc's and other bindings' spelling):
    /// its parent's name and `__bindgen_ty_N`, N counting the parent's anonymous records from 1.
    /// `c_field` is the field's C name, unless it is an anonymous member.
    fn read_nested_record(
        &mut self,
        decl: &Entity,
        (parent, parent_c): (&str, &Option<String>),
        (anonymous, c_field): (usize, Option<String>),
        header: &str,
    ) {
        match self.decl_name(decl) {
            None => {
                let child = format!("{parent}__bindgen_ty_{anonymous}");
                let c = match (parent_c, &c_field) {
                    (Some(p), Some(f)) => Some(format!("__typeof__((({p}*)0)->{f})")),
                    _ => None,
                };
                self.names
                    .insert(Self::usr(decl).expect("record has a USR"), child.clone());
                self.read_record(decl, child, c, header.to_string());
            }
            Some(n) if !self.api.records.iter().any(|r| r.name == n) => {
                let c = format!("{} {n}", kind_keyword(decl));
                self.read_record(decl, n, Some(c), header.to_string());
            }
            Some(_) => {}
        }
    }

    fn read_enum(&mut self, e: &Entity, header: String) {
        let Some(def) = e.get_definition() else {
            return;
        };
        let repr = int_repr(
            def.get_enum_underlying_type()
                .expect("enum has an underlying type"),
        );
        let children = def.get_children();
        let decls = children
            .iter()
            .filter(|c| c.get_kind() == EntityKind::EnumConstantDecl);
        for c in decls.clone() {
            if let (Some(name), Some(brief)) = (c.get_name(), c.get_comment_brief()) {
                self.api.briefs.insert(name, brief);
            }
        }
        let constants: Vec<(String, i64)> = decls
            .map(|c| {
                (
                    c.get_name().expect("constant name"),
                    c.get_enum_constant_value().expect("constant value").0,
                )
            })
            .collect();
        match self.decl_name(&def) {
            Some(name) if !self.api.enums.iter().any(|x| x.name == name) => {
                self.api.enums.push(Enum {
                    name,
                    repr,
                    constants,
                    header,
                })
            }
            Some(_) => {}
            // `enum { A = 1 };`: only its constants exist, as plain integers.
            None => self
                .api
                .constants
                .extend(constants.into_iter().map(|(name, value)| Constant {
                    name,
                    ty: Ty::Prim(repr),
                    value: value as i128,
                })),
        }
    }

    fn read_typedef(&mut self, e: &Entity) {
        let Some(name) = e.get_name() else { return };
        let ty = self.ty(e.get_typedef_underlying_type().expect("typedef has a type"));
        if ty == Ty::Named(name.clone()) || self.api.typedefs.iter().any(|t| t.name == name) {
            return;
        }
        self.api.typedefs.push(Typedef { name, ty });
    }

    /// Splits object-like macros into renames (`#define a b`, `b` a declared name) and integer
    /// constants, whose values clang evaluates in a second translation unit.
    fn read_macros(
        &mut self,
        index: &Index,
        set: &HeaderSet,
        main: &Path,
        macros: &[Entity],
    ) -> Result<(), String> {
        let declared: BTreeSet<&str> = self.declared_names().collect();
        let mut renames = Vec::new();
        let mut candidates = Vec::new();
        for m in macros {
            let tokens: Vec<String> = m
                .get_range()
                .map(|r| r.tokenize())
                .unwrap_or_default()
                .iter()
                .map(|t| t.get_spelling())
                .collect();
            match tokens.as_slice() {
                [name, target] if declared.contains(target.as_str()) => {
                    renames.push((name.clone(), target.clone()))
                }
                [name, _, ..] if !name.starts_with("__") => candidates.push(name.clone()),
                _ => {}
            }
        }
        self.api.renames.extend(renames);
        let functions: BTreeSet<&str> =
            self.api.functions.iter().map(|f| f.name.as_str()).collect();
        // `#define cuMemcpyHtoD __CUDA_API_PTDS(cuMemcpyHtoD_v2)`: clang expands the macro in a
        // function-pointer initialiser, and the declaration it refers to is the rename's target.
        let mut probe: String = macros
            .iter()
            .filter(|m| !m.is_function_like_macro())
            .filter_map(|m| {
                let name = m.get_name()?;
                let tokens = m.get_range()?.tokenize();
                let names_fn = tokens.iter().skip(2).any(|t| functions.contains(t.get_spelling().as_str()));
                let rename_known = self.api.renames.contains_key(&name);
                (names_fn && !rename_known).then(|| format!("static void (*const aliasgen_ref_{name})(void) = (void (*)(void))({name});\n"))
            })
            .collect();
        probe.extend(
            candidates
                .iter()
                .map(|n| format!("static const __typeof__({n}) aliasgen_{n} = ({n});\n")),
        );
        let tu = parse_source(index, set, main, set.source() + &probe)?;
        for v in tu
            .get_entity()
            .get_children()
            .iter()
            .filter(|e| e.get_kind() == EntityKind::VarDecl)
        {
            if let Some(name) = v
                .get_name()
                .and_then(|n| n.strip_prefix("aliasgen_ref_").map(String::from))
            {
                if let Some(target) = referenced_function(v) {
                    self.api.renames.insert(name, target);
                }
                continue;
            }
            let Some(name) = v
                .get_name()
                .and_then(|n| n.strip_prefix("aliasgen_").map(String::from))
            else {
                continue;
            };
            let ty = v.get_type().expect("variable has a type");
            if v.is_invalid_declaration() || !is_integer(ty.get_canonical_type().get_kind()) {
                continue;
            }
            let value = match v.evaluate() {
                Some(EvaluationResult::SignedInteger(x)) => x as i128,
                Some(EvaluationResult::UnsignedInteger(x)) => x as i128,
                _ => continue,
            };
            let ty = self.ty(ty);
            self.api.constants.push(Constant { name, ty, value });
        }
        Ok(())
    }

    fn declared_names(&self) -> impl Iterator<Item = &str> {
        let a = &self.api;
        (a.functions.iter().map(|f| f.name.as_str()))
            .chain(a.records.iter().map(|r| r.name.as_str()))
            .chain(a.enums.iter().map(|e| e.name.as_str()))
            .chain(a.typedefs.iter().map(|t| t.name.as_str()))
    }

    fn ty(&self, t: Type) -> Ty {
        match t.get_kind() {
            TypeKind::Void => Ty::Void,
            TypeKind::Bool => Ty::Bool,
            TypeKind::Elaborated => self.ty(t.get_elaborated_type().expect("elaborated type")),
            TypeKind::Typedef => self.typedef_ty(t),
            TypeKind::Record | TypeKind::Enum => {
                let decl = t.get_declaration().expect("tag type has a declaration");
                // A system header's enum (VDPAU's `VdpStatus`) is its integer, like its typedefs.
                let foreign = self.header_of(&decl).is_none();
                // A system header's struct (stdio.h's `FILE`, which cusolverDnLoggerSetFile
                // takes a pointer to) is met only behind a pointer: opaque, `void`.
                if foreign && t.get_kind() == TypeKind::Record {
                    return Ty::Void;
                }
                let foreign_enum = t.get_kind() == TypeKind::Enum && foreign;
                match self.decl_name(&decl).filter(|_| !foreign_enum) {
                    Some(name) => Ty::Named(name),
                    None if t.get_kind() == TypeKind::Enum => {
                        Ty::Prim(int_repr(decl.get_enum_underlying_type().unwrap()))
                    }
                    None => panic!(
                        "anonymous record {:?} reached before its parent named it",
                        t.get_display_name()
                    ),
                }
            }
            TypeKind::Pointer => {
                let pointee = t.get_pointee_type().expect("pointer has a pointee");
                match pointee.get_canonical_type().get_kind() {
                    // The written type keeps typedef sugar (`size_t`) the canonical one loses.
                    TypeKind::FunctionPrototype | TypeKind::FunctionNoPrototype => {
                        match pointee.get_result_type() {
                            Some(_) => self.fn_ptr(pointee),
                            None => self.fn_ptr(pointee.get_canonical_type()),
                        }
                    }
                    _ => Ty::Ptr {
                        is_const: pointee.is_const_qualified(),
                        pointee: Box::new(self.ty(pointee)),
                    },
                }
            }
            TypeKind::ConstantArray => Ty::Array {
                elem: Box::new(self.ty(t.get_element_type().expect("array element"))),
                len: t.get_size().expect("array length"),
            },
            // `const T name[]` (a parameter): a pointer to const T.
            TypeKind::IncompleteArray => {
                let elem = t.get_element_type().expect("array element");
                Ty::Ptr {
                    is_const: elem.is_const_qualified(),
                    pointee: Box::new(self.ty(elem)),
                }
            }
            kind => match c_prim(kind) {
                Some(prim) => Ty::Prim(prim),
                // `typeof(x)` and other sugar: bind what it stands for.
                None if t.get_canonical_type() != t => self.ty(t.get_canonical_type()),
                None => panic!("unsupported C type {}", t.get_display_name()),
            },
        }
    }

    fn typedef_ty(&self, t: Type) -> Ty {
        let decl = t.get_declaration().expect("typedef has a declaration");
        if self.header_of(&decl).is_some() {
            return Ty::Named(decl.get_name().expect("typedef name"));
        }
        match decl.get_name().as_deref().and_then(std_typedef) {
            Some(prim) => Ty::Prim(prim),
            None => self.ty(t.get_canonical_type()),
        }
    }

    fn fn_ptr(&self, f: Type) -> Ty {
        Ty::FnPtr {
            ret: Box::new(self.ty(f.get_result_type().expect("function result"))),
            params: f
                .get_argument_types()
                .unwrap_or_default()
                .into_iter()
                .map(|a| decay(self.ty(a)))
                .collect(),
            variadic: f.is_variadic(),
        }
    }
}

fn is_record(e: &Entity) -> bool {
    matches!(e.get_kind(), EntityKind::StructDecl | EntityKind::UnionDecl)
}

fn kind_keyword(e: &Entity) -> &'static str {
    match e.get_kind() {
        EntityKind::UnionDecl => "union",
        _ => "struct",
    }
}

/// Array parameters are pointers in C.
fn decay(ty: Ty) -> Ty {
    match ty {
        Ty::Array { elem, .. } => Ty::Ptr {
            pointee: elem,
            is_const: false,
        },
        other => other,
    }
}

fn is_integer(kind: TypeKind) -> bool {
    c_prim(kind).is_some_and(|p| !p.starts_with('f')) || kind == TypeKind::Bool
}

/// C's primitive types, spelled as `core::ffi` spells them.
fn c_prim(kind: TypeKind) -> Option<&'static str> {
    Some(match kind {
        TypeKind::CharS | TypeKind::CharU => "c_char",
        TypeKind::SChar => "c_schar",
        TypeKind::UChar => "c_uchar",
        TypeKind::Short => "c_short",
        TypeKind::UShort => "c_ushort",
        TypeKind::Int => "c_int",
        TypeKind::UInt => "c_uint",
        TypeKind::Long => "c_long",
        TypeKind::ULong => "c_ulong",
        TypeKind::LongLong => "c_longlong",
        TypeKind::ULongLong => "c_ulonglong",
        TypeKind::Float => "f32",
        TypeKind::Double => "f64",
        _ => return None,
    })
}

/// Fixed-width Rust integer for an enum's underlying type.
fn int_repr(t: Type) -> &'static str {
    let signed = matches!(
        t.get_canonical_type().get_kind(),
        TypeKind::CharS
            | TypeKind::SChar
            | TypeKind::Short
            | TypeKind::Int
            | TypeKind::Long
            | TypeKind::LongLong
    );
    match (t.get_sizeof().expect("integer size"), signed) {
        (1, true) => "i8",
        (1, false) => "u8",
        (2, true) => "i16",
        (2, false) => "u16",
        (4, true) => "i32",
        (4, false) => "u32",
        (_, true) => "i64",
        (_, false) => "u64",
    }
}

/// `<stddef.h>`/`<stdint.h>` typedefs, bound to the Rust type of the same meaning.
fn std_typedef(name: &str) -> Option<&'static str> {
    Some(match name {
        "size_t" | "uintptr_t" => "usize",
        "ssize_t" | "intptr_t" | "ptrdiff_t" => "isize",
        "uint8_t" => "u8",
        "uint16_t" => "u16",
        "uint32_t" => "u32",
        "uint64_t" => "u64",
        "int8_t" => "i8",
        "int16_t" => "i16",
        "int32_t" => "i32",
        "int64_t" => "i64",
        _ => return None,
    })
}

/// The function an initialiser refers to (through casts and parentheses).
fn referenced_function(e: &Entity) -> Option<String> {
    e.get_children().iter().find_map(|c| match c.get_kind() {
        EntityKind::DeclRefExpr => c
            .get_reference()
            .filter(|r| r.get_kind() == EntityKind::FunctionDecl)
            .and_then(|r| r.get_name()),
        _ => referenced_function(c),
    })
}

/// `Err` listing clang's errors for translation unit `label`, if it reported any.
pub fn no_errors(tu: &clang::TranslationUnit, label: &str) -> Result<(), String> {
    let errors: Vec<String> = tu
        .get_diagnostics()
        .iter()
        .filter(|d| d.get_severity() >= clang::diagnostic::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(format!(
            "{label}: clang reports errors:\n{}",
            errors.join("\n")
        )),
    }
}
