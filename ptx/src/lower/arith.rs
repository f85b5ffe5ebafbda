//! Integer and floating-point arithmetic: add/sub/mul/mad/fma/div/rem/abs/neg/min/max, the
//! carry chains (`.cc`, addc/subc/madc), mul24/mad24, sad, copysign; `.ftz`, `.sat`, rounding.

use super::{value_ty, FnCtx, R};
use crate::ast::{Instruction, Scalar};
use crate::ir::{self, Ty, Val};

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    if ty.is_float() {
        if i.has("relu") {
            return fx.err(format!(
                "instruction `{}` is not translated (`.relu` on floats)",
                i.spelled()
            ));
        }
        return float(fx, i, ty);
    }
    if let Some(lane) = ty.packed_lane() {
        return packed(fx, i, ty, lane);
    }
    match i.opcode.as_str() {
        "add" | "sub" | "addc" | "subc" => add_sub(fx, i, ty),
        "mul" | "mad" | "madc" => mul_mad(fx, i, ty),
        "mul24" | "mad24" => mul24(fx, i, ty),
        "div" | "rem" => div_rem(fx, i, ty),
        "abs" | "neg" => {
            let a = fx.sources(i, ty, 1)?.remove(0);
            let zero = Val::int(a.ty.bits(), 0);
            let neg = fx.f.binop("sub", &zero, &a);
            let v = if i.opcode == "neg" {
                neg
            } else {
                let is_neg = fx.f.icmp("slt", &a, &zero);
                fx.f.select(&is_neg, &neg, &a)
            };
            fx.write(&i.operands[0], ty, v)
        }
        "min" | "max" => {
            let s = fx.sources(i, ty, 2)?;
            let v = int_min_max(fx, &i.opcode, ty, &s[0], &s[1]);
            let v = relu(fx, i, ty, v)?;
            fx.write(&i.operands[0], ty, v)
        }
        "sad" => {
            let s = fx.sources(i, ty, 3)?;
            let lt =
                fx.f.icmp(if ty.is_signed() { "slt" } else { "ult" }, &s[0], &s[1]);
            let ab = fx.f.binop("sub", &s[0], &s[1]);
            let ba = fx.f.binop("sub", &s[1], &s[0]);
            let diff = fx.f.select(&lt, &ba, &ab);
            let v = fx.f.binop("add", &diff, &s[2]);
            fx.write(&i.operands[0], ty, v)
        }
        _ => fx.err(format!(
            "instruction `{}` is not translated for integers",
            i.spelled()
        )),
    }
}

/// `.relu` (sm_90, signed only): a negative result becomes 0.
fn relu(fx: &mut FnCtx, i: &Instruction, ty: Scalar, v: Val) -> R<Val> {
    if !i.has("relu") {
        return Ok(v);
    }
    if !ty.is_signed() {
        return fx.err(format!(
            "instruction `{}`: `.relu` takes a signed type",
            i.spelled()
        ));
    }
    let zero = Val::int(v.ty.bits(), 0);
    Ok(int_min_max(fx, "max", ty, &v, &zero))
}

/// `add` / `sub` (wrapping) and `min` / `max` on `.u16x2` / `.s16x2`: each 16-bit half on its own.
fn packed(fx: &mut FnCtx, i: &Instruction, ty: Scalar, lane: Scalar) -> R<()> {
    if i.has("sat") || i.has("cc") {
        return fx.err(format!(
            "instruction `{}` is not translated (packed `.sat` / `.cc`)",
            i.spelled()
        ));
    }
    let s = fx.sources(i, ty, 2)?;
    let mut packed = Val::int(32, 0);
    for shift in [0, 16] {
        let half = |fx: &mut FnCtx, v: &Val| {
            let v = fx.f.binop("lshr", v, &Val::int(32, shift));
            fx.f.cast("trunc", &v, Ty::I(16))
        };
        let (a, b) = (half(fx, &s[0]), half(fx, &s[1]));
        let v = match i.opcode.as_str() {
            "add" | "sub" => fx.f.binop(&i.opcode, &a, &b),
            op => int_min_max(fx, op, lane, &a, &b),
        };
        let v = relu(fx, i, lane, v)?;
        let v = fx.f.cast("zext", &v, Ty::I(32));
        let v = fx.f.binop("shl", &v, &Val::int(32, shift));
        packed = fx.f.binop("or", &packed, &v);
    }
    fx.write(&i.operands[0], ty, packed)
}

fn int_min_max(fx: &mut FnCtx, op: &str, ty: Scalar, a: &Val, b: &Val) -> Val {
    let pred = match (op, ty.is_signed()) {
        ("min", true) => "slt",
        ("min", false) => "ult",
        (_, true) => "sgt",
        (_, false) => "ugt",
    };
    let c = fx.f.icmp(pred, a, b);
    fx.f.select(&c, a, b)
}

/// The carry flag (CC.CF) of this function, an i1 slot.
fn carry_slot(fx: &mut FnCtx) -> Val {
    if let Some(c) = &fx.carry {
        return c.clone();
    }
    let c = fx.f.alloca(&Ty::I(1), 1);
    fx.f.store(&Val::int(1, 0), &c, 1, false);
    fx.carry = Some(c.clone());
    c
}

fn read_carry(fx: &mut FnCtx, width: u32) -> Val {
    let slot = carry_slot(fx);
    let cf = fx.f.load(Ty::I(1), &slot, 1, false);
    fx.f.cast("zext", &cf, Ty::I(width))
}

/// `a + b` (or `a - b`) with the carry (borrow) out, as LLVM's overflow intrinsics give them.
fn add_with_carry(fx: &mut FnCtx, sub: bool, a: &Val, b: &Val) -> (Val, Val) {
    let bits = a.ty.bits();
    let name = format!(
        "llvm.{}.with.overflow.i{bits}",
        if sub { "usub" } else { "uadd" }
    );
    let pair = fx.f.intrinsic(
        Ty::Struct(vec![Ty::I(bits), Ty::I(1)]),
        &name,
        &[a.clone(), b.clone()],
    );
    let v = fx.f.extract_value(&pair, 0, Ty::I(bits));
    let c = fx.f.extract_value(&pair, 1, Ty::I(1));
    (v, c)
}

/// `a ± b ± CF` when `with_carry`; sets CF when the instruction has `.cc`.
fn add_chain(
    fx: &mut FnCtx,
    i: &Instruction,
    sub: bool,
    with_carry: bool,
    a: &Val,
    b: &Val,
) -> Val {
    if !with_carry && !i.has("cc") {
        return fx.f.binop(if sub { "sub" } else { "add" }, a, b);
    }
    let (mut v, mut c) = add_with_carry(fx, sub, a, b);
    if with_carry {
        let cf = read_carry(fx, a.ty.bits());
        let (v2, c2) = add_with_carry(fx, sub, &v, &cf);
        c = fx.f.binop("or", &c, &c2);
        v = v2;
    }
    if i.has("cc") {
        let slot = carry_slot(fx);
        fx.f.store(&c, &slot, 1, false);
    }
    v
}

fn add_sub(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    let s = fx.sources(i, ty, 2)?;
    let sub = i.opcode.starts_with("sub");
    let v = if i.has("sat") {
        if ty != Scalar::S32 {
            return fx.err("`.sat` integer add/sub is only defined for .s32");
        }
        let name = if sub {
            "llvm.ssub.sat.i32"
        } else {
            "llvm.sadd.sat.i32"
        };
        fx.f.intrinsic(Ty::I(32), name, &s)
    } else {
        add_chain(fx, i, sub, i.opcode.ends_with('c'), &s[0], &s[1])
    };
    fx.write(&i.operands[0], ty, v)
}

fn widen(fx: &mut FnCtx, v: &Val, ty: Scalar, bits: u32) -> Val {
    fx.f.cast(if ty.is_signed() { "sext" } else { "zext" }, v, Ty::I(bits))
}

/// mul/mad .lo/.hi/.wide; madc.
fn mul_mad(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    let mad = i.opcode != "mul";
    let bits = ty.bits();
    let a = fx.read(fx.operand(i, 1)?, ty)?;
    let b = fx.read(fx.operand(i, 2)?, ty)?;
    let (product, dst_ty) = if i.has("wide") {
        let wide_ty = wide_scalar(ty)
            .ok_or(())
            .or_else(|_| fx.err("`.wide` needs a 16- or 32-bit type"))?;
        let (wa, wb) = (widen(fx, &a, ty, bits * 2), widen(fx, &b, ty, bits * 2));
        (fx.f.binop("mul", &wa, &wb), wide_ty)
    } else if i.has("hi") {
        let (wa, wb) = (widen(fx, &a, ty, bits * 2), widen(fx, &b, ty, bits * 2));
        let p = fx.f.binop("mul", &wa, &wb);
        let hi =
            fx.f.binop("lshr", &p, &Val::int(bits * 2, i128::from(bits)));
        (fx.f.cast("trunc", &hi, Ty::I(bits)), ty)
    } else {
        (fx.f.binop("mul", &a, &b), ty)
    };
    let v = if mad {
        let c = fx.read(fx.operand(i, 3)?, dst_ty)?;
        if i.has("sat") {
            if ty != Scalar::S32 || !i.has("hi") {
                return fx.err("`.sat` integer mad is only defined as mad.hi.sat.s32");
            }
            fx.f.intrinsic(Ty::I(32), "llvm.sadd.sat.i32", &[product, c])
        } else {
            add_chain(fx, i, false, i.opcode == "madc", &product, &c)
        }
    } else {
        product
    };
    fx.write(&i.operands[0], dst_ty, v)
}

fn wide_scalar(ty: Scalar) -> Option<Scalar> {
    Some(match ty {
        Scalar::U16 => Scalar::U32,
        Scalar::S16 => Scalar::S32,
        Scalar::U32 => Scalar::U64,
        Scalar::S32 => Scalar::S64,
        _ => return None,
    })
}

/// mul24/mad24: products of the low 24 bits; .lo keeps bits 0..31, .hi bits 16..47.
fn mul24(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    let a = fx.read(fx.operand(i, 1)?, ty)?;
    let b = fx.read(fx.operand(i, 2)?, ty)?;
    let low24 = |fx: &mut FnCtx, v: &Val| {
        let shifted = fx.f.binop("shl", v, &Val::int(32, 8));
        let back = fx.f.binop(
            if ty.is_signed() { "ashr" } else { "lshr" },
            &shifted,
            &Val::int(32, 8),
        );
        widen(fx, &back, ty, 64)
    };
    let (wa, wb) = (low24(fx, &a), low24(fx, &b));
    let p = fx.f.binop("mul", &wa, &wb);
    let shift = if i.has("hi") { 16 } else { 0 };
    let shifted = fx.f.binop("lshr", &p, &Val::int(64, shift));
    let mut v = fx.f.cast("trunc", &shifted, Ty::I(32));
    if i.opcode == "mad24" {
        let c = fx.read(fx.operand(i, 3)?, ty)?;
        v = fx.f.binop("add", &v, &c);
    }
    fx.write(&i.operands[0], ty, v)
}

/// Integer div/rem without LLVM's undefined behaviour: x/0 and x%0 give all ones and INT_MIN / -1
/// wraps, as NVIDIA's GPUs do (the PTX ISA leaves division by zero unspecified; x%0 measured on an
/// H100 for .u32, .u64 and .s64 by the GPU round trip).
fn div_rem(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    let s = fx.sources(i, ty, 2)?;
    let (a, b) = (&s[0], &s[1]);
    let bits = a.ty.bits();
    let zero = Val::int(bits, 0);
    let one = Val::int(bits, 1);
    let minus_one = Val::int(bits, -1);
    let is_zero = fx.f.icmp("eq", b, &zero);
    let rem = i.opcode == "rem";
    let v = if ty.is_signed() {
        let is_m1 = fx.f.icmp("eq", b, &minus_one);
        let unsafe_b = fx.f.binop("or", &is_zero, &is_m1);
        let safe_b = fx.f.select(&unsafe_b, &one, b);
        let q = fx.f.binop(if rem { "srem" } else { "sdiv" }, a, &safe_b);
        let by_m1 = if rem {
            zero.clone()
        } else {
            fx.f.binop("sub", &zero, a)
        };
        let q = fx.f.select(&is_m1, &by_m1, &q);
        fx.f.select(&is_zero, &minus_one, &q)
    } else {
        let safe_b = fx.f.select(&is_zero, &one, b);
        let q = fx.f.binop(if rem { "urem" } else { "udiv" }, a, &safe_b);
        fx.f.select(&is_zero, &minus_one, &q)
    };
    fx.write(&i.operands[0], ty, v)
}

/// Rounding mode modifier: 0 = .rn (or none), 1 = .rz, 2 = .rm, 3 = .rp — the `mode` argument
/// of the prelude's directed-rounding functions.
pub(super) fn rounding(i: &Instruction) -> i128 {
    if i.has("rz") {
        1
    } else if i.has("rm") {
        2
    } else if i.has("rp") {
        3
    } else {
        0
    }
}

fn float(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    if matches!(ty, Scalar::Bf16 | Scalar::Bf16x2) {
        return bf16(fx, i, ty);
    }
    let op = i.opcode.as_str();
    let n = match op {
        "abs" | "neg" => 1,
        "fma" | "mad" => 3,
        _ => 2,
    };
    let mut s = fx.sources(i, ty, n)?;
    let ftz = i.has("ftz") && ty == Scalar::F32;
    if ftz {
        s = s.iter().map(|v| flush(fx, v)).collect();
    }
    let mode = rounding(i);
    let mut v = if mode != 0 {
        directed(fx, op, ty, &s, mode)?
    } else {
        basic_float(fx, i, &s)?
    };
    if i.has("sat") {
        v = saturate(fx, &v);
    }
    if ftz {
        v = flush(fx, &v);
    }
    fx.write(&i.operands[0], ty, v)
}

/// Float arithmetic in round-to-nearest-even (LLVM's default), exactly as PTX specifies it. An
/// add, sub or mul written without a rounding modifier may be fused into a multiply-add (the PTX
/// ISA: "mul/add sequences with no rounding modifiers may be optimized to use fused-multiply-add";
/// ptxas does so by default): such instructions carry LLVM's `contract` flag, so the AMDGPU code
/// fuses them as NVIDIA's does; `.rn` keeps them apart.
fn basic_float(fx: &mut FnCtx, i: &Instruction, s: &[Val]) -> R<Val> {
    let t = s[0].ty.clone();
    let suffix = intrinsic_suffix(&t);
    let mut arith = |op: &str| match i.has("rn") {
        true => fx.f.binop(op, &s[0], &s[1]),
        false => fx.f.contractable(op, &s[0], &s[1]),
    };
    Ok(match i.opcode.as_str() {
        "add" => arith("fadd"),
        "sub" => arith("fsub"),
        "mul" => arith("fmul"),
        "div" if i.has("approx") => {
            let name = format!("__ptx_div_approx_{suffix}");
            fx.call_prelude(t, &name, s)
        }
        "div" => fx.f.binop("fdiv", &s[0], &s[1]),
        "fma" | "mad" => fx.f.intrinsic(t, &format!("llvm.fma.{suffix}"), s),
        "abs" => fx.f.intrinsic(t, &format!("llvm.fabs.{suffix}"), s),
        "neg" => fx.f.fneg(&s[0]),
        "min" | "max" => {
            let name = format!("llvm.{}num.{suffix}", i.opcode);
            let m = fx.f.intrinsic(t.clone(), &name, s);
            if i.has("NaN") {
                let nan = fx.f.fcmp("uno", &s[0], &s[1]);
                let canonical = canonical_nan(&t);
                fx.f.select(&nan, &canonical, &m)
            } else {
                m
            }
        }
        "copysign" => fx.f.intrinsic(
            t,
            &format!("llvm.copysign.{suffix}"),
            &[s[1].clone(), s[0].clone()],
        ),
        _ => return fx.err(format!("instruction `{}` is not translated", i.spelled())),
    })
}

/// PTX's canonical NaN, what `min.NaN` / `max.NaN` give: f16 0x7FFF, f32 0x7FFFFFFF (bf16's
/// 0x7FFF follows from f32's when rounded; `.NaN` has no f64 form).
fn canonical_nan(t: &Ty) -> Val {
    match t {
        Ty::Half => ir::float_const(t, 0x7fff),
        Ty::Vec(2, _) => Val {
            ty: t.clone(),
            text: "<half 0xH7FFF, half 0xH7FFF>".into(),
        },
        _ => ir::float_const(t, f64::from(f32::from_bits(0x7fff_ffff)).to_bits()),
    }
}

/// `f32`, `f64`, `f16`, `v2f16` — LLVM's overloaded-intrinsic suffix.
pub(super) fn intrinsic_suffix(t: &Ty) -> String {
    match t {
        Ty::Half => "f16".into(),
        Ty::Float => "f32".into(),
        Ty::Double => "f64".into(),
        Ty::Vec(n, e) => format!("v{n}{}", intrinsic_suffix(e)),
        _ => "i32".into(),
    }
}

/// Directed rounding: the prelude's `__ptx_<op>_dir_<type>(…, mode)` (exact, see the prelude).
fn directed(fx: &mut FnCtx, op: &str, ty: Scalar, s: &[Val], mode: i128) -> R<Val> {
    if !matches!(ty, Scalar::F32 | Scalar::F64) {
        return fx.err(format!(
            "directed rounding of .{ty:?} {op} is not translated"
        ));
    }
    let t = value_ty(ty);
    let suffix = intrinsic_suffix(&t);
    let mut args = s.to_vec();
    let name = match op {
        "add" => "add",
        "sub" => {
            args[1] = fx.f.fneg(&s[1]);
            "add"
        }
        "mul" => "mul",
        "fma" | "mad" if ty == Scalar::F32 => "fma",
        "div" => "div",
        _ => return fx.err(format!("directed rounding of `{op}` is not translated")),
    };
    args.push(Val::int(32, mode));
    Ok(fx.call_prelude(t, &format!("__ptx_{name}_dir_{suffix}"), &args))
}

/// `.ftz`: a subnormal f32 becomes zero of the same sign.
pub(super) fn flush(fx: &mut FnCtx, v: &Val) -> Val {
    let abs =
        fx.f.intrinsic(Ty::Float, "llvm.fabs.f32", std::slice::from_ref(v));
    let tiny = fx.f.fcmp(
        "olt",
        &abs,
        &ir::float_const(&Ty::Float, f64::from(f32::MIN_POSITIVE).to_bits()),
    );
    let zero = fx.f.intrinsic(
        Ty::Float,
        "llvm.copysign.f32",
        &[ir::float_const(&Ty::Float, 0), v.clone()],
    );
    fx.f.select(&tiny, &zero, v)
}

/// `.sat`: clamp to [0, 1], NaN → 0.
pub(super) fn saturate(fx: &mut FnCtx, v: &Val) -> Val {
    let suffix = intrinsic_suffix(&v.ty);
    let (zero, one) = match &v.ty {
        Ty::Vec(2, _) => (
            Val {
                ty: v.ty.clone(),
                text: "zeroinitializer".into(),
            },
            Val {
                ty: v.ty.clone(),
                text: "<half 0xH3C00, half 0xH3C00>".into(),
            },
        ),
        t => (
            ir::float_const(t, 0),
            ir::float_const(
                t,
                if *t == Ty::Half {
                    0x3c00
                } else {
                    1f64.to_bits()
                },
            ),
        ),
    };
    let lo = fx.f.intrinsic(
        v.ty.clone(),
        &format!("llvm.maxnum.{suffix}"),
        &[v.clone(), zero],
    );
    fx.f.intrinsic(v.ty.clone(), &format!("llvm.minnum.{suffix}"), &[lo, one])
}

/// bf16 and bf16x2: computed in f32 and rounded once to bf16 (f32 has more than 2×8+2 bits, so
/// add/sub/mul rounding twice equals rounding once); fma goes through f64 with round-to-odd.
fn bf16(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    let op = i.opcode.as_str();
    if rounding(i) != 0 || i.has("ftz") {
        return fx.err(format!(
            "instruction `{}` is not translated (bf16 rounding modes)",
            i.spelled()
        ));
    }
    let n = match op {
        "abs" | "neg" => 1,
        "fma" => 3,
        _ => 2,
    };
    let lanes = if ty == Scalar::Bf16x2 { 2 } else { 1 };
    let packed = fx.sources(i, ty, n)?;
    let mut result = Val::int(16 * lanes, 0);
    for lane in 0..lanes {
        let s: Vec<Val> = packed
            .iter()
            .map(|p| bf16_lane_to_f32(fx, p, lane))
            .collect();
        let v = match op {
            "abs" => fx.f.intrinsic(Ty::Float, "llvm.fabs.f32", &s),
            "neg" => fx.f.fneg(&s[0]),
            "fma" => fma_f32_via_f64_odd(fx, &s),
            _ => {
                // In f32, with no modifier but `.NaN` (min / max): the rest was handled above.
                let in_f32 = Instruction {
                    mods: i.mods.iter().filter(|m| *m == "NaN").cloned().collect(),
                    ..i.clone()
                };
                basic_float(fx, &in_f32, &s)?
            }
        };
        let v = if i.has("sat") { saturate(fx, &v) } else { v };
        let bits = f32_to_bf16_rn(fx, &v);
        let wide = fx.f.cast("zext", &bits, Ty::I(16 * lanes));
        let shifted =
            fx.f.binop("shl", &wide, &Val::int(16 * lanes, i128::from(16 * lane)));
        result = fx.f.binop("or", &result, &shifted);
    }
    fx.write(&i.operands[0], ty, result)
}

/// Lane `lane` of a packed bf16 integer, as an exact f32.
pub(super) fn bf16_lane_to_f32(fx: &mut FnCtx, packed: &Val, lane: u32) -> Val {
    let bits = packed.ty.bits();
    let shifted =
        fx.f.binop("lshr", packed, &Val::int(bits, i128::from(16 * lane)));
    let w = if bits == 32 {
        shifted
    } else {
        fx.f.cast("zext", &shifted, Ty::I(32))
    };
    let high = fx.f.binop("shl", &w, &Val::int(32, 16));
    fx.f.cast("bitcast", &high, Ty::Float)
}

/// f32 → bf16 bits, round to nearest even; NaN → canonical 0x7FFF.
pub(super) fn f32_to_bf16_rn(fx: &mut FnCtx, v: &Val) -> Val {
    let bits = fx.f.cast("bitcast", v, Ty::I(32));
    let lsb = fx.f.binop("lshr", &bits, &Val::int(32, 16));
    let lsb = fx.f.binop("and", &lsb, &Val::int(32, 1));
    let bias = fx.f.binop("add", &lsb, &Val::int(32, 0x7fff));
    let rounded = fx.f.binop("add", &bits, &bias);
    let high = fx.f.binop("lshr", &rounded, &Val::int(32, 16));
    let nan = fx.f.fcmp("uno", v, v);
    let r = fx.f.select(&nan, &Val::int(32, 0x7fff), &high);
    fx.f.cast("trunc", &r, Ty::I(16))
}

/// a*b+c of f32 values (bf16 inputs) rounded to odd into f32: exact product in f64, TwoSum, sticky
/// bit into the last place; the later rounding to bf16 is then correctly rounded.
fn fma_f32_via_f64_odd(fx: &mut FnCtx, s: &[Val]) -> Val {
    let d: Vec<Val> = s
        .iter()
        .map(|v| fx.f.cast("fpext", v, Ty::Double))
        .collect();
    let p = fx.f.binop("fmul", &d[0], &d[1]);
    let sum = fx.f.binop("fadd", &p, &d[2]);
    let bb = fx.f.binop("fsub", &sum, &p);
    let aa = fx.f.binop("fsub", &sum, &bb);
    let ea = fx.f.binop("fsub", &p, &aa);
    let eb = fx.f.binop("fsub", &d[2], &bb);
    let err = fx.f.binop("fadd", &ea, &eb);
    let odd64 = round_to_odd(fx, &sum, &err, Ty::Double);
    let r = fx.f.cast("fptrunc", &odd64, Ty::Float);
    let back = fx.f.cast("fpext", &r, Ty::Double);
    let diff = fx.f.binop("fsub", &odd64, &back);
    round_to_odd(fx, &r, &diff, Ty::Float)
}

/// f64 → bf16 bits, round to nearest even: to f32 rounding to odd, then to bf16 (f32 keeps more
/// than 8 + 2 bits, so the second rounding is the correct one).
pub(super) fn f64_to_bf16_rn(fx: &mut FnCtx, d: &Val) -> Val {
    let r = fx.f.cast("fptrunc", d, Ty::Float);
    let back = fx.f.cast("fpext", &r, Ty::Double);
    let diff = fx.f.binop("fsub", d, &back);
    let odd = round_to_odd(fx, &r, &diff, Ty::Float);
    f32_to_bf16_rn(fx, &odd)
}

/// `v` rounded to nearest plus its exact remainder `err` → `v` rounded to odd: if the remainder is
/// non-zero and `v`'s last bit is even, step one unit towards the exact value.
fn round_to_odd(fx: &mut FnCtx, v: &Val, err: &Val, ty: Ty) -> Val {
    let bits = ty.bits();
    let sign_bit = 1i128 << (bits - 1);
    let int = fx.f.cast("bitcast", v, Ty::I(bits));
    let low = fx.f.binop("and", &int, &Val::int(bits, 1));
    let even = fx.f.icmp("eq", &low, &Val::int(bits, 0));
    let zero_err = ir::float_const(&err.ty, 0);
    let inexact = fx.f.fcmp("one", err, &zero_err);
    let err_neg = fx.f.fcmp("olt", err, &zero_err);
    let v_neg = fx.f.icmp("slt", &int, &Val::int(bits, 0));
    let away = fx.f.icmp("eq", &err_neg, &v_neg);
    let up = fx.f.binop("add", &int, &Val::int(bits, 1));
    let down = fx.f.binop("sub", &int, &Val::int(bits, 1));
    let stepped = fx.f.select(&away, &up, &down);
    // From ±0 the odd neighbour towards the exact value is the smallest subnormal of its sign.
    let magnitude = fx.f.binop("and", &int, &Val::int(bits, sign_bit - 1));
    let is_zero = fx.f.icmp("eq", &magnitude, &Val::int(bits, 0));
    let tiny =
        fx.f.select(&err_neg, &Val::int(bits, sign_bit | 1), &Val::int(bits, 1));
    let stepped = fx.f.select(&is_zero, &tiny, &stepped);
    let adjust = fx.f.binop("and", &even, &inexact);
    let r = fx.f.select(&adjust, &stepped, &int);
    fx.f.cast("bitcast", &r, ty)
}
