//! The ONLY file that spells LLVM IR. Syntax is LLVM 14's (opaque `ptr`, which LLVM 14 parses),
//! so both the oldest comgr (HIP 5.2.3, LLVM 14) and current ones accept it; a difference between
//! LLVM versions is fixed here alone.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    Void,
    I(u32),
    Half,
    Float,
    Double,
    Vec(u32, Box<Ty>),
    Arr(u64, Box<Ty>),
    Ptr(u32),
    Struct(Vec<Ty>),
    /// A packed struct type spelled in full (`<{ [4 x i8], i64 }>`), for global initializers.
    Packed(String),
}

impl std::fmt::Display for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ty::Void => write!(f, "void"),
            Ty::I(n) => write!(f, "i{n}"),
            Ty::Half => write!(f, "half"),
            Ty::Float => write!(f, "float"),
            Ty::Double => write!(f, "double"),
            Ty::Vec(n, t) => write!(f, "<{n} x {t}>"),
            Ty::Arr(n, t) => write!(f, "[{n} x {t}]"),
            Ty::Ptr(0) => write!(f, "ptr"),
            Ty::Ptr(n) => write!(f, "ptr addrspace({n})"),
            Ty::Packed(spelled) => write!(f, "{spelled}"),
            Ty::Struct(ts) => {
                let parts: Vec<String> = ts.iter().map(|t| t.to_string()).collect();
                write!(f, "{{ {} }}", parts.join(", "))
            }
        }
    }
}

impl Ty {
    /// The integer type of the same width (i16 for half, <2 x i16> for <2 x half> …).
    pub fn bits(&self) -> u32 {
        match self {
            Ty::I(n) => *n,
            Ty::Half => 16,
            Ty::Float => 32,
            Ty::Double => 64,
            Ty::Vec(n, t) => n * t.bits(),
            Ty::Ptr(_) => 64,
            _ => 0,
        }
    }
}

/// An LLVM value: a `%name` or a constant, with its type.
#[derive(Clone, Debug)]
pub struct Val {
    pub ty: Ty,
    pub text: String,
}

impl Val {
    /// An integer constant, written in the signed range of its width.
    pub fn int(bits: u32, value: i128) -> Val {
        let v = if bits >= 128 {
            value
        } else {
            let masked = value & ((1i128 << bits) - 1);
            if bits > 1 && masked >> (bits - 1) == 1 {
                masked - (1i128 << bits)
            } else {
                masked
            }
        };
        let text = if bits == 1 {
            if v != 0 { "true" } else { "false" }.to_string()
        } else {
            v.to_string()
        };
        Val {
            ty: Ty::I(bits),
            text,
        }
    }

    pub fn undef(ty: Ty) -> Val {
        Val {
            ty,
            text: "undef".into(),
        }
    }

    pub fn typed(&self) -> String {
        format!("{} {}", self.ty, self.text)
    }
}

/// Memory orderings of atomics and fences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ordering {
    Monotonic,
    Acquire,
    Release,
    AcqRel,
}

fn ordering(o: Ordering) -> &'static str {
    match o {
        Ordering::Monotonic => "monotonic",
        Ordering::Acquire => "acquire",
        Ordering::Release => "release",
        Ordering::AcqRel => "acq_rel",
    }
}

/// `syncscope("…")` spelling of a scope name given by the target ("" = system).
fn syncscope(scope: &str) -> String {
    if scope.is_empty() {
        String::new()
    } else {
        format!(" syncscope(\"{scope}\")")
    }
}

/// A symbol's IR name. NVRTC names its nameless data `__unnamed_N` (assert messages and function
/// names); LLVM 14's AMDGPU backend labels anonymous globals (ROCm 5.2's device libraries have some)
/// `__unnamed_N` too, and two such symbols in one code object fail to assemble: ours are renamed.
pub fn escape_name(name: &str) -> String {
    match name.strip_prefix("__unnamed_") {
        Some(n) => format!("@\"__ptx.unnamed_{n}\""),
        None => format!("@\"{name}\""),
    }
}

/// One function body under construction.
pub struct Func {
    /// Declarations of the intrinsics this body calls, by name.
    pub intrinsics: std::collections::BTreeMap<String, String>,
    allocas: Vec<String>,
    /// Register slots' current values within the current basic block (by slot name): a
    /// register read after a write in the same block reuses the value instead of reloading.
    block_values: std::collections::HashMap<String, Val>,
    body: Vec<String>,
    next: u32,
    alloca_space: u32,
}

impl Func {
    pub fn new(alloca_space: u32) -> Func {
        Func {
            intrinsics: Default::default(),
            allocas: Vec::new(),
            block_values: Default::default(),
            body: Vec::new(),
            next: 0,
            alloca_space,
        }
    }

    fn tmp(&mut self, ty: Ty) -> Val {
        self.next += 1;
        Val {
            ty,
            text: format!("%t{}", self.next),
        }
    }

    pub fn fresh_label(&mut self, hint: &str) -> String {
        self.next += 1;
        format!("{hint}.{}", self.next)
    }

    fn emit(&mut self, line: String) {
        self.body.push(format!("  {line}"));
    }

    fn def(&mut self, ty: Ty, rhs: String) -> Val {
        let v = self.tmp(ty);
        self.emit(format!("{} = {rhs}", v.text));
        v
    }

    /// A stack slot of `ty` in the entry block (alloca address space).
    pub fn alloca(&mut self, ty: &Ty, align: u64) -> Val {
        self.next += 1;
        let name = format!("%s{}", self.next);
        let space = if self.alloca_space == 0 {
            String::new()
        } else {
            format!(", addrspace({})", self.alloca_space)
        };
        self.allocas
            .push(format!("  {name} = alloca {ty}, align {align}{space}"));
        Val {
            ty: Ty::Ptr(self.alloca_space),
            text: name,
        }
    }

    pub fn binop(&mut self, op: &str, a: &Val, b: &Val) -> Val {
        self.def(a.ty.clone(), format!("{op} {}, {}", a.typed(), b.text))
    }

    /// A float `op` (`fadd`, `fsub`, `fmul`) the code generator may fuse with a neighbour into a
    /// multiply-add (LLVM's `contract` flag).
    pub fn contractable(&mut self, op: &str, a: &Val, b: &Val) -> Val {
        self.def(
            a.ty.clone(),
            format!("{op} contract {}, {}", a.typed(), b.text),
        )
    }

    pub fn icmp(&mut self, pred: &str, a: &Val, b: &Val) -> Val {
        self.def(Ty::I(1), format!("icmp {pred} {}, {}", a.typed(), b.text))
    }

    pub fn fcmp(&mut self, pred: &str, a: &Val, b: &Val) -> Val {
        self.def(Ty::I(1), format!("fcmp {pred} {}, {}", a.typed(), b.text))
    }

    pub fn fneg(&mut self, a: &Val) -> Val {
        self.def(a.ty.clone(), format!("fneg {}", a.typed()))
    }

    pub fn select(&mut self, c: &Val, a: &Val, b: &Val) -> Val {
        self.def(
            a.ty.clone(),
            format!("select {}, {}, {}", c.typed(), a.typed(), b.typed()),
        )
    }

    /// trunc/zext/sext/bitcast/fptrunc/fpext/fptoui/fptosi/uitofp/sitofp/ptrtoint/inttoptr/addrspacecast.
    pub fn cast(&mut self, op: &str, v: &Val, to: Ty) -> Val {
        if v.ty == to
            && matches!(
                op,
                "bitcast" | "zext" | "sext" | "trunc" | "fpext" | "fptrunc" | "addrspacecast"
            )
        {
            return v.clone();
        }
        self.def(to.clone(), format!("{op} {} to {to}", v.typed()))
    }

    pub fn call(&mut self, ret: Ty, name: &str, args: &[Val]) -> Val {
        let args: Vec<String> = args.iter().map(Val::typed).collect();
        let text = format!("call {ret} {}({})", escape_name(name), args.join(", "));
        if ret == Ty::Void {
            self.emit(text);
            return Val::undef(Ty::Void);
        }
        self.def(ret, text)
    }

    /// Call an LLVM intrinsic (`llvm.fma.f32` …): names without quotes.
    pub fn intrinsic(&mut self, ret: Ty, name: &str, args: &[Val]) -> Val {
        let params: Vec<String> = args.iter().map(|a| a.ty.to_string()).collect();
        self.intrinsics
            .entry(name.to_string())
            .or_insert_with(|| format!("declare {ret} @{name}({})\n", params.join(", ")));
        let args: Vec<String> = args.iter().map(Val::typed).collect();
        let text = format!("call {ret} @{name}({})", args.join(", "));
        if ret == Ty::Void {
            self.emit(text);
            return Val::undef(Ty::Void);
        }
        self.def(ret, text)
    }

    pub fn load(&mut self, ty: Ty, ptr: &Val, align: u64, volatile: bool) -> Val {
        let vol = if volatile { "volatile " } else { "" };
        self.def(
            ty.clone(),
            format!("load {vol}{ty}, {}, align {align}", ptr.typed()),
        )
    }

    /// Load of a register slot (a private alloca nothing else writes), reusing the block's value.
    pub fn load_register(&mut self, ty: Ty, slot: &Val, align: u64) -> Val {
        if let Some(v) = self.block_values.get(&slot.text) {
            return v.clone();
        }
        let v = self.load(ty, slot, align, false);
        self.block_values.insert(slot.text.clone(), v.clone());
        v
    }

    pub fn store_register(&mut self, v: &Val, slot: &Val, align: u64) {
        self.store(v, slot, align, false);
        self.block_values.insert(slot.text.clone(), v.clone());
    }

    pub fn store(&mut self, v: &Val, ptr: &Val, align: u64, volatile: bool) {
        let vol = if volatile { "volatile " } else { "" };
        self.emit(format!(
            "store {vol}{}, {}, align {align}",
            v.typed(),
            ptr.typed()
        ));
    }

    pub fn atomic_load(
        &mut self,
        ty: Ty,
        ptr: &Val,
        align: u64,
        scope: &str,
        order: Ordering,
    ) -> Val {
        let s = syncscope(scope);
        self.def(
            ty.clone(),
            format!(
                "load atomic {ty}, {}{s} {}, align {align}",
                ptr.typed(),
                ordering(order)
            ),
        )
    }

    pub fn atomic_store(&mut self, v: &Val, ptr: &Val, align: u64, scope: &str, order: Ordering) {
        let s = syncscope(scope);
        self.emit(format!(
            "store atomic {}, {}{s} {}, align {align}",
            v.typed(),
            ptr.typed(),
            ordering(order)
        ));
    }

    /// `getelementptr i8, ptr p, i64 offset`.
    pub fn byte_offset(&mut self, ptr: &Val, offset: &Val) -> Val {
        self.def(
            ptr.ty.clone(),
            format!(
                "getelementptr inbounds i8, {}, {}",
                ptr.typed(),
                offset.typed()
            ),
        )
    }

    pub fn atomicrmw(&mut self, op: &str, ptr: &Val, v: &Val, scope: &str, order: Ordering) -> Val {
        let s = syncscope(scope);
        self.def(
            v.ty.clone(),
            format!(
                "atomicrmw {op} {}, {}{s} {}",
                ptr.typed(),
                v.typed(),
                ordering(order)
            ),
        )
    }

    /// The old value of a compare-and-swap.
    pub fn cmpxchg(
        &mut self,
        ptr: &Val,
        expected: &Val,
        new: &Val,
        scope: &str,
        order: Ordering,
    ) -> Val {
        let s = syncscope(scope);
        let failure = match order {
            Ordering::Release | Ordering::Monotonic => Ordering::Monotonic,
            Ordering::AcqRel | Ordering::Acquire => Ordering::Acquire,
        };
        let ty = Ty::Struct(vec![expected.ty.clone(), Ty::I(1)]);
        let pair = self.def(
            ty,
            format!(
                "cmpxchg {}, {}, {}{s} {} {}",
                ptr.typed(),
                expected.typed(),
                new.typed(),
                ordering(order),
                ordering(failure)
            ),
        );
        self.extract_value(&pair, 0, expected.ty.clone())
    }

    pub fn extract_value(&mut self, agg: &Val, index: u32, ty: Ty) -> Val {
        self.def(ty, format!("extractvalue {}, {index}", agg.typed()))
    }

    pub fn insert_value(&mut self, agg: &Val, v: &Val, index: u32) -> Val {
        self.def(
            agg.ty.clone(),
            format!("insertvalue {}, {}, {index}", agg.typed(), v.typed()),
        )
    }

    pub fn extract_element(&mut self, vector: &Val, index: u32) -> Val {
        let Ty::Vec(_, elem) = &vector.ty else {
            unreachable!("extract_element of a non-vector")
        };
        let elem = (**elem).clone();
        self.def(
            elem,
            format!("extractelement {}, i32 {index}", vector.typed()),
        )
    }

    pub fn insert_element(&mut self, vector: &Val, v: &Val, index: u32) -> Val {
        self.def(
            vector.ty.clone(),
            format!(
                "insertelement {}, {}, i32 {index}",
                vector.typed(),
                v.typed()
            ),
        )
    }

    pub fn br(&mut self, label: &str) {
        self.emit(format!("br label %\"{label}\""));
    }

    pub fn cond_br(&mut self, c: &Val, yes: &str, no: &str) {
        self.emit(format!(
            "br {}, label %\"{yes}\", label %\"{no}\"",
            c.typed()
        ));
    }

    pub fn label(&mut self, name: &str) {
        self.block_values.clear();
        self.body.push(format!("\"{name}\":"));
    }

    pub fn ret(&mut self, v: Option<&Val>) {
        match v {
            Some(v) => self.emit(format!("ret {}", v.typed())),
            None => self.emit("ret void".into()),
        }
    }

    pub fn unreachable(&mut self) {
        self.emit("unreachable".into());
    }

    /// The whole definition. `params`: (type, attributes) per parameter; parameters are `%a0, %a1…`.
    pub fn finish(&self, header: &FnHeader) -> String {
        let mut out = header.spell(true);
        out.push_str(" {\nentry:\n");
        for l in self.allocas.iter().chain(&self.body) {
            out.push_str(l);
            out.push('\n');
        }
        out.push_str("}\n");
        out
    }
}

/// Argument `i` of the function being defined.
pub fn arg(i: usize, ty: Ty) -> Val {
    Val {
        ty,
        text: format!("%a{i}"),
    }
}

pub struct FnHeader {
    pub name: String,
    pub ret: Ty,
    /// (type, attributes such as `byref([16 x i8]) align 8`).
    pub params: Vec<(Ty, String)>,
    pub kernel_cc: Option<&'static str>,
    /// Attribute group reference (`#0`) or empty.
    pub attrs: String,
    /// internal (private to the module), weak, or external.
    pub linkage: &'static str,
}

impl FnHeader {
    fn spell(&self, define: bool) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, (t, attrs))| {
                let attrs = if attrs.is_empty() {
                    String::new()
                } else {
                    format!(" {attrs}")
                };
                if define {
                    format!("{t}{attrs} %a{i}")
                } else {
                    format!("{t}{attrs}")
                }
            })
            .collect();
        let kw = if define { "define" } else { "declare" };
        let linkage = if self.linkage.is_empty() {
            String::new()
        } else {
            format!("{} ", self.linkage)
        };
        let cc = self.kernel_cc.map(|c| format!("{c} ")).unwrap_or_default();
        let attrs = if self.attrs.is_empty() {
            String::new()
        } else {
            format!(" {}", self.attrs)
        };
        format!(
            "{kw} {linkage}{cc}{} {}({}){attrs}",
            self.ret,
            escape_name(&self.name),
            params.join(", ")
        )
    }

    pub fn declare(&self) -> String {
        format!("{}\n", self.spell(false))
    }
}

/// Linkage spellings.
pub const INTERNAL: &str = "internal";
pub const WEAK: &str = "weak";
pub const EXTERNAL: &str = "";

/// A global variable definition or declaration.
pub fn global(
    name: &str,
    space: u32,
    linkage: &str,
    ty: &Ty,
    init: Option<&str>,
    align: u64,
    host_visible: bool,
) -> String {
    let linkage = match (linkage, init) {
        ("", None) => "external ".to_string(),
        ("", Some(_)) => String::new(),
        (l, _) => format!("{l} "),
    };
    let space = if space == 0 {
        String::new()
    } else {
        format!("addrspace({space}) ")
    };
    // Memory the host can read and write (cuModuleGetGlobal + cuMemcpy): never assumed to hold its
    // initializer, and a symbol of the code object.
    let (vis, kind) = if host_visible {
        ("protected ", "externally_initialized global")
    } else {
        ("", "global")
    };
    let init = init.map(|i| format!(" {i}")).unwrap_or_default();
    format!(
        "{} = {linkage}{vis}{space}{kind} {ty}{init}, align {align}\n",
        escape_name(name)
    )
}

/// Initializer text of a byte array: `[i8 1, i8 2 …]` or `zeroinitializer`.
pub fn bytes_init(bytes: &[u8]) -> String {
    if bytes.iter().all(|b| *b == 0) {
        return "zeroinitializer".into();
    }
    let mut s = String::from("[");
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "i8 {b}");
    }
    s.push(']');
    s
}

/// A packed struct initializer of parts (byte arrays and pointer-sized symbol addresses).
pub enum InitPart {
    Bytes(Vec<u8>),
    /// `ptrtoint` of a global's address (+ offset), possibly cast to generic.
    Address {
        name: String,
        space: u32,
        generic: bool,
        offset: i64,
    },
}

pub fn struct_init(parts: &[InitPart]) -> (Ty, String) {
    let mut tys = Vec::new();
    let mut vals = Vec::new();
    for p in parts {
        match p {
            InitPart::Bytes(b) => {
                let t = Ty::Arr(b.len() as u64, Box::new(Ty::I(8)));
                vals.push(format!("{t} {}", bytes_init(b)));
                tys.push(t);
            }
            InitPart::Address {
                name,
                space,
                generic,
                offset,
            } => {
                let mut ptr = format!("ptr{} {}", space_suffix(*space), escape_name(name));
                if *generic && *space != 0 {
                    ptr = format!("ptr addrspacecast ({ptr} to ptr)");
                }
                let mut v = format!("ptrtoint ({ptr} to i64)");
                if *offset != 0 {
                    v = format!("add (i64 {v}, i64 {offset})");
                }
                vals.push(format!("i64 {v}"));
                tys.push(Ty::I(64));
            }
        }
    }
    let parts: Vec<String> = tys.iter().map(|t| t.to_string()).collect();
    (
        Ty::Packed(format!("<{{ {} }}>", parts.join(", "))),
        format!("<{{ {} }}>", vals.join(", ")),
    )
}

fn space_suffix(space: u32) -> String {
    if space == 0 {
        String::new()
    } else {
        format!(" addrspace({space})")
    }
}

/// Module header: target triple and data layout.
pub fn module_header(triple: &str, datalayout: &str) -> String {
    format!("; generated by the cuda-as-hip PTX translator\ntarget datalayout = \"{datalayout}\"\ntarget triple = \"{triple}\"\n\n")
}

/// Function attributes of a kernel: AMDGPU's block-size bounds (CUDA's 1024 threads, or the
/// kernel's `.maxntid`/`.reqntid`) and CUDA's full blocks; none for NVPTX.
pub fn kernel_attributes(amdgcn: bool, max_threads: Option<u64>) -> String {
    if !amdgcn {
        return String::new();
    }
    let max = max_threads.unwrap_or(1024).clamp(1, 1024);
    format!("\"amdgpu-flat-work-group-size\"=\"1,{max}\" \"uniform-work-group-size\"=\"true\"")
}

/// Spelling of a float constant of type `ty` from its f64 value's bits (LLVM writes float and
/// double constants as the 64-bit hex of the double; half as 0xH).
pub fn float_const(ty: &Ty, bits: u64) -> Val {
    let text = match ty {
        Ty::Half => format!("0xH{:04X}", bits & 0xffff),
        _ => format!("0x{bits:016X}"),
    };
    Val {
        ty: ty.clone(),
        text,
    }
}

/// Whether `text` (a prelude) already declares or defines `@name`.
pub fn declares(text: &str, name: &str) -> bool {
    let needle = format!("@{name}(");
    text.lines()
        .any(|l| (l.starts_with("declare ") || l.starts_with("define ")) && l.contains(&needle))
}

/// Name prefixes of the symbols AMD's device libraries define (ocml: math, ockl: printf, malloc and
/// other services, oclc: the control constants).
const DEVICE_LIBRARY_PREFIXES: [&str; 3] = ["__ocml_", "__ockl_", "__oclc_"];

/// Whether `own` (a translated module without its prelude) reaches a device-library symbol: one it
/// names itself, or one a prelude function or global it names reaches, transitively.
pub fn reaches_device_libraries(own: &str, prelude: &str) -> bool {
    let mut references: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut function = None;
    for line in prelude.lines() {
        if line.starts_with("define ") {
            function = symbols(line).next();
        } else if line.starts_with('}') {
            function = None;
        } else if let Some(f) = function {
            references.entry(f).or_default().extend(symbols(line));
        } else if line.starts_with('@') {
            // A global's initializer may name functions or globals too.
            let mut names = symbols(line);
            if let Some(global) = names.next() {
                references.entry(global).or_default().extend(names);
            }
        }
    }
    let mut seen = HashSet::new();
    let mut todo: Vec<&str> = symbols(own).collect();
    while let Some(name) = todo.pop() {
        if DEVICE_LIBRARY_PREFIXES.iter().any(|p| name.starts_with(p)) {
            return true;
        }
        if seen.insert(name) {
            todo.extend(references.get(name).into_iter().flatten());
        }
    }
    false
}

/// The global names (`@name` or `@"name"`) `text` mentions, in order.
fn symbols(text: &str) -> impl Iterator<Item = &str> {
    text.split('@').skip(1).filter_map(|rest| {
        let name = match rest.strip_prefix('"') {
            Some(quoted) => &quoted[..quoted.find('"')?],
            None => {
                let is_name = |c: char| c.is_ascii_alphanumeric() || "-$._".contains(c);
                &rest[..rest.find(|c| !is_name(c)).unwrap_or(rest.len())]
            }
        };
        (!name.is_empty()).then_some(name)
    })
}
