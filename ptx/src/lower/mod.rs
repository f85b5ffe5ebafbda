//! Stage 4: the AST → LLVM IR, target-neutral. Registers become `alloca`s (comgr's -O3 promotes
//! them), each instruction loads its operands, computes, and stores its result. Target facts come
//! only from `target.rs`; target behaviour only from prelude functions (`@__ptx_*`).
//! One file per instruction group; this one holds the module, functions, registers and operands.

mod arith;
mod atomic;
mod bits;
mod control;
mod convert;
mod globals;
mod math;
mod matrix;
mod mbarrier;
mod memory;
mod special;
mod texture;
mod warp;
mod wmma;

use std::collections::HashMap;

use crate::ast::*;
use crate::ir::{self, Func, Ty, Val};
use crate::{Error, Target, Translation};

type R<T> = Result<T, Error>;

/// A `.func`'s LLVM signature, shared by its definition and its callers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Signature {
    params: Vec<Ty>,
    returns: Vec<Ty>,
}

impl Signature {
    fn ret_ty(&self) -> Ty {
        match self.returns.len() {
            0 => Ty::Void,
            1 => self.returns[0].clone(),
            _ => Ty::Struct(self.returns.clone()),
        }
    }
}

/// A module-scope symbol that instructions can address.
#[derive(Clone)]
pub(crate) struct Global {
    space: u32,
}

pub(crate) struct ModuleCtx {
    target: Target,
    globals: HashMap<String, Global>,
    signatures: HashMap<String, Signature>,
    /// Extra module-level text (function-scope `.shared` variables made global).
    extra: Vec<String>,
    /// Declarations of the LLVM intrinsics the bodies call.
    intrinsics: std::collections::BTreeMap<String, String>,
    notes: Vec<String>,
    textures: Vec<crate::TextureUse>,
}

pub fn lower(module: &Module, target: Target) -> R<Translation> {
    let mut cx = ModuleCtx {
        target,
        globals: HashMap::new(),
        signatures: HashMap::new(),
        extra: Vec::new(),
        intrinsics: Default::default(),
        notes: Vec::new(),
        textures: Vec::new(),
    };
    let mut out = ir::module_header(target.triple(), target.datalayout());
    let mut kernels = Vec::new();
    for item in &module.items {
        match item {
            Item::Var(v) => out.push_str(&globals::lower_global(&mut cx, v)?),
            Item::Func(f) => {
                cx.signatures
                    .entry(f.name.clone())
                    .or_insert_with(|| signature(f));
                cx.globals.insert(f.name.clone(), Global { space: 0 });
            }
        }
    }
    let mut defined = std::collections::HashSet::new();
    let mut bodies = String::new();
    for item in &module.items {
        let Item::Func(f) = item else { continue };
        if f.kernel {
            kernels.push(f.name.clone());
        }
        if f.body.is_some() {
            defined.insert(f.name.clone());
            bodies.push_str(
                &lower_function(&mut cx, f).map_err(|e| e.in_function(Some(f.name.clone())))?,
            );
            bodies.push('\n');
        }
    }
    for item in &module.items {
        let Item::Func(f) = item else { continue };
        // CUDA's device library (vprintf, malloc, free, __assertfail) is the prelude's.
        let library = control::device_library(&f.name).is_some();
        if f.body.is_none() && !library && defined.insert(f.name.clone()) {
            out.push_str(&header(&cx, f).declare());
            // comgr 2.x links an executable even with this unresolved: say it here.
            cx.notes.push(format!(
                "function `{}` is .extern: another module linked with this one must define it",
                f.name
            ));
        }
    }
    for e in &cx.extra {
        out.push_str(e);
    }
    let prelude = target.prelude();
    for (name, decl) in &cx.intrinsics {
        if !ir::declares(&prelude, name) {
            out.push_str(decl);
        }
    }
    out.push('\n');
    out.push_str(&bodies);
    out.push('\n');
    let device_libraries = ir::reaches_device_libraries(&out, &prelude);
    out.push_str(&prelude);
    Ok(Translation {
        ir: out,
        kernels,
        notes: cx.notes,
        device_libraries,
        textures: cx.textures,
    })
}

/// LLVM type of a `.param`/`.reg` parameter of a `.func`: integer of its size, or a byte array.
fn param_ty(p: &VarDecl) -> Ty {
    if p.dims.is_empty() && p.vector == 1 && p.ty != Scalar::B128 {
        Ty::I(p.ty.bits().max(8))
    } else {
        Ty::Arr(p.size(), Box::new(Ty::I(8)))
    }
}

fn signature(f: &Function) -> Signature {
    Signature {
        params: f.params.iter().map(param_ty).collect(),
        returns: f.returns.iter().map(param_ty).collect(),
    }
}

fn header(cx: &ModuleCtx, f: &Function) -> ir::FnHeader {
    let t = cx.target;
    if f.kernel {
        // Every kernel parameter is memory, as in PTX: AMDGPU reads it in place from the kernarg
        // segment (byref), NVPTX gets a byval copy. Each sits at CUDA's offset (its size and
        // alignment), so cuLaunchKernel's kernelParams and `extra` buffers work unchanged.
        let kind = if t.is_amdgcn() { "byref" } else { "byval" };
        let params = f
            .params
            .iter()
            .map(|p| {
                (
                    Ty::Ptr(t.byref_param_space()),
                    format!("{kind}({}) align {}", param_ty(p), p.alignment()),
                )
            })
            .collect();
        return ir::FnHeader {
            name: f.name.clone(),
            ret: Ty::Void,
            params,
            kernel_cc: Some(if t.is_amdgcn() {
                "amdgpu_kernel"
            } else {
                "ptx_kernel"
            }),
            attrs: ir::kernel_attributes(t.is_amdgcn(), f.max_threads),
            linkage: ir::EXTERNAL,
        };
    }
    let sig = &cx.signatures[&f.name];
    ir::FnHeader {
        name: f.name.clone(),
        ret: sig.ret_ty(),
        params: sig
            .params
            .iter()
            .map(|t| (t.clone(), String::new()))
            .collect(),
        kernel_cc: None,
        attrs: String::new(),
        linkage: match f.linkage {
            Linkage::Visible | Linkage::Extern => ir::EXTERNAL,
            Linkage::Weak => ir::WEAK,
            Linkage::Private => ir::INTERNAL,
        },
    }
}

/// What a name in a function's scope stands for.
#[derive(Clone)]
enum Slot {
    /// A register, its alloca created at first use.
    Reg { ty: Scalar, ptr: Option<Val> },
    /// Memory with an address: a `.param`, `.local` array, or a kernel's by-reference parameter.
    Memory { ptr: Val, space: u32 },
}

pub(crate) struct FnCtx<'a> {
    cx: &'a mut ModuleCtx,
    f: Func,
    scopes: Vec<HashMap<String, Slot>>,
    /// Return-value slots of a `.func` (type, pointer).
    returns: Vec<(Ty, Val)>,
    kernel: bool,
    name: String,
    carry: Option<Val>,
    /// The span of the instruction being lowered, for errors.
    span: crate::Span,
}

fn lower_function(cx: &mut ModuleCtx, func: &Function) -> R<String> {
    let header = header(cx, func);
    let mut fx = FnCtx {
        f: Func::new(cx.target.alloca_space()),
        cx,
        scopes: vec![HashMap::new()],
        returns: Vec::new(),
        kernel: func.kernel,
        name: func.name.clone(),
        carry: None,
        span: func.span,
    };
    fx.bind_params(func, &header)?;
    for r in &func.returns {
        let ty = param_ty(r);
        let ptr = fx.f.alloca(&ty, r.alignment());
        fx.scopes[0].insert(
            r.name.clone(),
            Slot::Memory {
                ptr: ptr.clone(),
                space: fx.cx.target.alloca_space(),
            },
        );
        fx.returns.push((ty, ptr));
    }
    fx.statements(func.body.as_deref().unwrap_or_default())?;
    control::function_end(&mut fx);
    let text = fx.f.finish(&header);
    let intrinsics = std::mem::take(&mut fx.f.intrinsics);
    fx.cx.intrinsics.extend(intrinsics);
    Ok(text)
}

impl FnCtx<'_> {
    fn err<T>(&self, message: impl Into<String>) -> R<T> {
        Err(Error::at(self.span, message.into()).in_function(Some(self.name.clone())))
    }

    /// Address space of `.param` memory reached through a register (`mov.b64 %rd, param; ld.param [%rd]`).
    fn param_space(&self) -> u32 {
        if self.kernel {
            self.target().byref_param_space()
        } else {
            self.target().alloca_space()
        }
    }

    fn target(&self) -> Target {
        self.cx.target
    }

    /// Parameters as memory: ld.param/st.param address them by name and byte offset. A `.func`
    /// copies its arguments into stack slots.
    fn bind_params(&mut self, func: &Function, header: &ir::FnHeader) -> R<()> {
        let local = self.target().alloca_space();
        for (i, (p, (ty, _))) in func.params.iter().zip(&header.params).enumerate() {
            let arg = ir::arg(i, ty.clone());
            let slot = if !func.kernel {
                let ptr = self.f.alloca(ty, p.alignment().max(1));
                self.f.store(&arg, &ptr, p.alignment().max(1), false);
                Slot::Memory { ptr, space: local }
            } else {
                Slot::Memory {
                    ptr: arg,
                    space: self.target().byref_param_space(),
                }
            };
            self.scopes[0].insert(p.name.clone(), slot);
        }
        Ok(())
    }

    fn statements(&mut self, body: &[Statement]) -> R<()> {
        for s in body {
            match s {
                Statement::Decl(d) => self.declare(d)?,
                Statement::Label(name) => {
                    let label = label_name(name);
                    self.f.br(&label);
                    self.f.label(&label);
                }
                Statement::Block(inner) => {
                    self.scopes.push(HashMap::new());
                    self.statements(inner)?;
                    self.scopes.pop();
                }
                Statement::Instr(i) => {
                    self.span = i.span;
                    self.guarded(i)?;
                }
            }
        }
        Ok(())
    }

    fn declare(&mut self, d: &VarDecl) -> R<()> {
        self.span = d.span;
        match d.space {
            Space::Reg => {
                if d.vector != 1 || !d.dims.is_empty() {
                    return self.err("vector and array registers are not translated");
                }
                let scope = self.scopes.last_mut().expect("a scope");
                match d.range {
                    Some(n) => {
                        for i in 0..n {
                            scope.insert(
                                format!("{}{i}", d.name),
                                Slot::Reg {
                                    ty: d.ty,
                                    ptr: None,
                                },
                            );
                        }
                    }
                    None => {
                        scope.insert(
                            d.name.clone(),
                            Slot::Reg {
                                ty: d.ty,
                                ptr: None,
                            },
                        );
                    }
                }
            }
            Space::Local | Space::Param => {
                let ty = Ty::Arr(d.size().max(1), Box::new(Ty::I(8)));
                let ptr = self.f.alloca(&ty, d.alignment());
                let space = self.target().alloca_space();
                self.scopes
                    .last_mut()
                    .expect("a scope")
                    .insert(d.name.clone(), Slot::Memory { ptr, space });
            }
            Space::Shared | Space::Global | Space::Const => {
                let text = globals::lower_global(self.cx, d)?;
                self.cx.extra.push(text);
            }
            Space::Generic => return self.err("a declaration needs a state space"),
        }
        Ok(())
    }

    fn lookup(&self, name: &str) -> Option<&Slot> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    /// The alloca of register `name`, created at first use.
    fn reg_slot(&mut self, name: &str) -> Option<(Scalar, Val)> {
        let depth = self.scopes.iter().rposition(|s| s.contains_key(name))?;
        let Slot::Reg { ty, ptr } = self.scopes[depth][name].clone() else {
            return None;
        };
        let ptr = match ptr {
            Some(p) => p,
            None => {
                let storage = storage_ty(ty);
                let p = self
                    .f
                    .alloca(&storage, u64::from(storage.bits().max(8) / 8));
                self.scopes[depth].insert(
                    name.to_string(),
                    Slot::Reg {
                        ty,
                        ptr: Some(p.clone()),
                    },
                );
                p
            }
        };
        Some((ty, ptr))
    }

    /// Value of operand `op` as PTX type `ty` (LLVM type `value_ty(ty)`).
    fn read(&mut self, op: &Operand, ty: Scalar) -> R<Val> {
        match op {
            Operand::Reg(name) | Operand::Symbol(name) => self.read_name(name, ty),
            Operand::NotReg(name) => {
                let v = self.read_name(name, Scalar::Pred)?;
                Ok(self.f.binop("xor", &v, &Val::int(1, 1)))
            }
            Operand::Int(v) => self.int_const(*v, ty),
            Operand::Float(bits, double) => self.float_const(*bits, *double, ty),
            Operand::Address { base, offset } if matches!(**base, Operand::Symbol(_)) => {
                let addr = self.read(base, Scalar::U64)?;
                let sum = self
                    .f
                    .binop("add", &addr, &Val::int(64, i128::from(*offset)));
                Ok(self.storage_to_value(sum, ty))
            }
            _ => self.err(format!("operand {op:?} can not be read as a .{ty:?} value")),
        }
    }

    fn read_name(&mut self, name: &str, ty: Scalar) -> R<Val> {
        if let Some((reg_ty, ptr)) = self.reg_slot(name) {
            let storage = storage_ty(reg_ty);
            let align = u64::from(storage.bits().max(8) / 8);
            let raw = self.f.load_register(storage, &ptr, align);
            return Ok(self.storage_to_value(raw, ty));
        }
        if let Some(v) = special::read(self, name)? {
            return Ok(self.storage_to_value(v, ty));
        }
        let addr = self.symbol_address(name)?;
        let int = self.f.cast("ptrtoint", &addr, Ty::I(64));
        Ok(self.storage_to_value(int, ty))
    }

    /// Pointer to a named memory object: a global (in its own space), a `.param`, a local array.
    fn symbol_address(&mut self, name: &str) -> R<Val> {
        match self.lookup(name) {
            Some(Slot::Memory { ptr, .. }) => return Ok(ptr.clone()),
            Some(Slot::Reg { .. }) => {
                return self.err(format!("register `{name}` used as an address symbol"))
            }
            None => {}
        }
        match self.cx.globals.get(name) {
            Some(g) => Ok(Val {
                ty: Ty::Ptr(g.space),
                text: ir::escape_name(name),
            }),
            None => self.err(format!("`{name}` is not declared")),
        }
    }

    /// The space of a named memory object, as a PTX space for generic-address conversions.
    fn symbol_space(&self, name: &str) -> Option<u32> {
        match self.lookup(name) {
            Some(Slot::Memory { space, .. }) => Some(*space),
            Some(Slot::Reg { .. }) => None,
            None => self.cx.globals.get(name).map(|g| g.space),
        }
    }

    fn is_register(&self, name: &str) -> bool {
        matches!(self.lookup(name), Some(Slot::Reg { .. }))
    }

    /// Register contents (its storage integer) → a value of PTX type `ty`.
    fn storage_to_value(&mut self, raw: Val, ty: Scalar) -> Val {
        let want = value_ty(ty);
        let bits = want.bits();
        let have = raw.ty.bits();
        let int = if have > bits {
            self.f.cast("trunc", &raw, Ty::I(bits))
        } else if have < bits {
            self.f.cast(
                if ty.is_signed() { "sext" } else { "zext" },
                &raw,
                Ty::I(bits),
            )
        } else {
            raw
        };
        self.f.cast("bitcast", &int, want)
    }

    /// Store `v` (of PTX type `ty`) into the destination operand.
    fn write(&mut self, op: &Operand, ty: Scalar, v: Val) -> R<()> {
        let name = match op {
            Operand::Sink => return Ok(()),
            Operand::Reg(n) | Operand::Symbol(n) => n,
            _ => return self.err(format!("operand {op:?} is not a register")),
        };
        let Some((reg_ty, ptr)) = self.reg_slot(name) else {
            return self.err(format!("`{name}` is not a declared register"));
        };
        let storage = storage_ty(reg_ty);
        let int = self.f.cast("bitcast", &v, Ty::I(v.ty.bits()));
        let sized = match int.ty.bits().cmp(&storage.bits()) {
            std::cmp::Ordering::Greater => self.f.cast("trunc", &int, storage.clone()),
            std::cmp::Ordering::Less => self.f.cast(
                if ty.is_signed() { "sext" } else { "zext" },
                &int,
                storage.clone(),
            ),
            std::cmp::Ordering::Equal => int,
        };
        let align = u64::from(storage.bits().max(8) / 8);
        self.f.store_register(&sized, &ptr, align);
        Ok(())
    }

    fn int_const(&mut self, v: i64, ty: Scalar) -> R<Val> {
        let t = value_ty(ty);
        match t {
            Ty::I(bits) => {
                let masked = if bits >= 64 {
                    i128::from(v)
                } else {
                    i128::from(v) & ((1i128 << bits) - 1)
                };
                let signed = if bits < 64 && bits > 1 && masked >> (bits - 1) & 1 == 1 {
                    masked - (1i128 << bits)
                } else {
                    masked
                };
                Ok(Val::int(bits, signed))
            }
            Ty::Float | Ty::Double => Ok(ir::float_const(&t, (v as f64).to_bits())),
            _ => self.err(format!("an integer constant can not be a .{ty:?} value")),
        }
    }

    fn float_const(&mut self, bits: u64, double: bool, ty: Scalar) -> R<Val> {
        let as_f64 = if double {
            f64::from_bits(bits)
        } else {
            f64::from(f32::from_bits(bits as u32))
        };
        match ty {
            Scalar::F32 => Ok(ir::float_const(
                &Ty::Float,
                f64::from(as_f64 as f32).to_bits(),
            )),
            Scalar::F64 => Ok(ir::float_const(&Ty::Double, as_f64.to_bits())),
            t if !t.is_float() && t.bits() == 32 && !double => {
                Ok(Val::int(32, i128::from(bits as u32 as i32)))
            }
            t if !t.is_float() && t.bits() == 64 && double => {
                Ok(Val::int(64, i128::from(bits as i64)))
            }
            _ => self.err(format!("this float constant can not be a .{ty:?} value")),
        }
    }

    fn guarded(&mut self, i: &Instruction) -> R<()> {
        let Some(g) = &i.guard else {
            return self.instruction(i);
        };
        let mut p = self.read_name(&g.pred, Scalar::Pred)?;
        if g.negate {
            p = self.f.binop("xor", &p, &Val::int(1, 1));
        }
        if i.opcode == "bra" {
            return control::branch(self, i, Some(p));
        }
        let run = self.f.fresh_label("guard");
        let done = self.f.fresh_label("guard.end");
        self.f.cond_br(&p, &run, &done);
        self.f.label(&run);
        self.instruction(i)?;
        self.f.br(&done);
        self.f.label(&done);
        Ok(())
    }

    fn instruction(&mut self, i: &Instruction) -> R<()> {
        match i.opcode.as_str() {
            "add" | "sub" | "mul" | "mad" | "fma" | "div" | "rem" | "abs" | "neg" | "min"
            | "max" | "addc" | "subc" | "madc" | "mul24" | "mad24" | "sad" | "copysign" => {
                arith::lower(self, i)
            }
            "and" | "or" | "xor" | "not" | "cnot" | "shl" | "shr" | "lop3" | "shf" | "prmt"
            | "bfe" | "bfi" | "brev" | "popc" | "clz" | "bfind" | "dp4a" | "dp2a" | "vadd4"
            | "vsub4" | "vabsdiff4" | "vmin4" | "vmax4" => bits::lower(self, i),
            "setp" | "set" | "selp" | "slct" | "mov" | "cvt" | "testp" => convert::lower(self, i),
            "ld" | "ldu" | "st" | "cvta" | "isspacep" | "prefetch" | "cp" => memory::lower(self, i),
            "bra" => control::branch(self, i, None),
            "call" | "ret" | "exit" | "trap" | "bar" | "barrier" | "membar" | "fence"
            | "nanosleep" | "griddepcontrol" => control::lower(self, i),
            "atom" | "red" => atomic::lower(self, i),
            "mbarrier" => mbarrier::lower(self, i),
            "shfl" | "vote" | "match" | "redux" | "activemask" => warp::lower(self, i),
            "mma" | "ldmatrix" | "stmatrix" => matrix::lower(self, i),
            "wmma" => wmma::lower(self, i),
            "tex" | "tld4" => texture::lower(self, i),
            "rcp" | "sqrt" | "rsqrt" | "ex2" | "lg2" | "sin" | "cos" | "tanh" => {
                math::lower(self, i)
            }
            _ => self.err(format!("instruction `{}` is not translated", i.spelled())),
        }
    }

    /// The one type modifier of an instruction (the last one that names a type).
    fn ty(&self, i: &Instruction) -> R<Scalar> {
        match i.mods.iter().rev().find_map(|m| Scalar::from_word(m)) {
            Some(t) => Ok(t),
            None => self.err(format!("instruction `{}` has no type", i.spelled())),
        }
    }

    /// The two type modifiers of `cvt`/`set`-like instructions, in order.
    fn types(&self, i: &Instruction) -> R<(Scalar, Scalar)> {
        let ts: Vec<Scalar> = i.mods.iter().filter_map(|m| Scalar::from_word(m)).collect();
        match ts.as_slice() {
            [a, b] => Ok((*a, *b)),
            _ => self.err(format!("instruction `{}` needs two types", i.spelled())),
        }
    }

    fn operand<'i>(&self, i: &'i Instruction, n: usize) -> R<&'i Operand> {
        match i.operands.get(n) {
            Some(op) => Ok(op),
            None => self.err(format!(
                "instruction `{}` needs at least {} operands",
                i.spelled(),
                n + 1
            )),
        }
    }

    /// Read operands 1.. as `ty`.
    fn sources(&mut self, i: &Instruction, ty: Scalar, count: usize) -> R<Vec<Val>> {
        if i.operands.len() != count + 1 {
            return self.err(format!(
                "instruction `{}` takes {} operands, not {}",
                i.spelled(),
                count + 1,
                i.operands.len()
            ));
        }
        (1..=count).map(|n| self.read(&i.operands[n], ty)).collect()
    }

    fn call_prelude(&mut self, ret: Ty, name: &str, args: &[Val]) -> Val {
        self.f.call(ret, name, args)
    }
}

pub(crate) fn label_name(name: &str) -> String {
    format!("L.{name}")
}

/// How a register of type `ty` is stored: an integer of its width (i1 for predicates).
fn storage_ty(ty: Scalar) -> Ty {
    Ty::I(ty.bits().max(if ty == Scalar::Pred { 1 } else { 8 }))
}

/// LLVM type of a value of PTX type `ty`. bf16 values are integers (bit patterns): their
/// arithmetic goes through f32 (see arith.rs).
pub(crate) fn value_ty(ty: Scalar) -> Ty {
    match ty {
        Scalar::Pred => Ty::I(1),
        Scalar::F16 => Ty::Half,
        Scalar::F16x2 => Ty::Vec(2, Box::new(Ty::Half)),
        Scalar::F32 => Ty::Float,
        Scalar::F64 => Ty::Double,
        t => Ty::I(t.bits()),
    }
}
