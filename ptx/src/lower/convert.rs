//! Comparisons and data movement: setp/set/selp/slct, mov (incl. vector packing), cvt with every
//! type pair and rounding modifier, testp.

use super::arith::{
    bf16_lane_to_f32, f32_to_bf16_rn, f64_to_bf16_rn, flush, intrinsic_suffix, rounding, saturate,
};
use super::{value_ty, FnCtx, R};
use crate::ast::{Instruction, Operand, Scalar};
use crate::ir::{self, Ty, Val};

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    match i.opcode.as_str() {
        "setp" | "set" => compare(fx, i),
        "selp" => {
            let ty = fx.ty(i)?;
            let a = fx.read(fx.operand(i, 1)?, ty)?;
            let b = fx.read(fx.operand(i, 2)?, ty)?;
            let c = fx.read(fx.operand(i, 3)?, Scalar::Pred)?;
            let v = fx.f.select(&c, &a, &b);
            fx.write(&i.operands[0], ty, v)
        }
        "slct" => {
            let (dty, cty) = fx.types(i)?;
            let a = fx.read(fx.operand(i, 1)?, dty)?;
            let b = fx.read(fx.operand(i, 2)?, dty)?;
            let mut c = fx.read(fx.operand(i, 3)?, cty)?;
            let ge = if cty == Scalar::F32 {
                if i.has("ftz") {
                    c = flush(fx, &c);
                }
                fx.f.fcmp("oge", &c, &ir::float_const(&Ty::Float, 0))
            } else {
                fx.f.icmp("sge", &c, &Val::int(32, 0))
            };
            let v = fx.f.select(&ge, &a, &b);
            fx.write(&i.operands[0], dty, v)
        }
        "mov" => mov(fx, i),
        "cvt" => cvt(fx, i),
        _ => testp(fx, i),
    }
}

fn mov(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    if i.operands.len() != 2 || i.has("v2") || i.has("v4") {
        return fx.err(format!(
            "`{}` with these operands is not translated",
            i.spelled()
        ));
    }
    match (&i.operands[0], &i.operands[1]) {
        (Operand::Vector(parts), src) => {
            let whole = fx.read(src, bits_scalar(ty.bits()))?;
            let width = ty.bits() / parts.len() as u32;
            for (k, part) in parts.iter().enumerate() {
                let shifted = fx.f.binop(
                    "lshr",
                    &whole,
                    &Val::int(ty.bits(), i128::from(width * k as u32)),
                );
                let piece = fx.f.cast("trunc", &shifted, Ty::I(width));
                fx.write(part, bits_scalar(width), piece)?;
            }
            Ok(())
        }
        (dst, Operand::Vector(parts)) => {
            let width = ty.bits() / parts.len() as u32;
            let mut acc = Val::int(ty.bits(), 0);
            for (k, part) in parts.iter().enumerate() {
                let piece = fx.read(part, bits_scalar(width))?;
                let wide = fx.f.cast("zext", &piece, Ty::I(ty.bits()));
                let placed = fx.f.binop(
                    "shl",
                    &wide,
                    &Val::int(ty.bits(), i128::from(width * k as u32)),
                );
                acc = fx.f.binop("or", &acc, &placed);
            }
            fx.write(dst, bits_scalar(ty.bits()), acc)
        }
        (dst, src) => {
            let v = fx.read(src, ty)?;
            fx.write(dst, ty, v)
        }
    }
}

pub(super) fn bits_scalar(bits: u32) -> Scalar {
    match bits {
        1 => Scalar::Pred,
        8 => Scalar::B8,
        16 => Scalar::B16,
        32 => Scalar::B32,
        64 => Scalar::B64,
        _ => Scalar::B128,
    }
}

/// Float comparison predicate of a PTX comparison, or None for an integer-only one.
fn float_pred(op: &str) -> Option<&'static str> {
    Some(match op {
        "eq" => "oeq",
        "ne" => "one",
        "lt" => "olt",
        "le" => "ole",
        "gt" => "ogt",
        "ge" => "oge",
        "equ" => "ueq",
        "neu" => "une",
        "ltu" => "ult",
        "leu" => "ule",
        "gtu" => "ugt",
        "geu" => "uge",
        "num" => "ord",
        "nan" => "uno",
        _ => return None,
    })
}

fn int_pred(op: &str, signed: bool) -> Option<&'static str> {
    Some(match (op, signed) {
        ("eq", _) => "eq",
        ("ne", _) => "ne",
        ("lt", true) => "slt",
        ("le", true) => "sle",
        ("gt", true) => "sgt",
        ("ge", true) => "sge",
        ("lt" | "lo", false) => "ult",
        ("le" | "ls", false) => "ule",
        ("gt" | "hi", false) => "ugt",
        ("ge" | "hs", false) => "uge",
        _ => return None,
    })
}

const CMP_OPS: &[&str] = &[
    "eq", "ne", "lt", "le", "gt", "ge", "lo", "ls", "hi", "hs", "equ", "neu", "ltu", "leu", "gtu",
    "geu", "num", "nan",
];

/// setp/set: compare (per lane for x2 types), combine with the optional predicate c.
fn compare(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let set = i.opcode == "set";
    let (dty, sty) = if set {
        fx.types(i)?
    } else {
        (Scalar::Pred, fx.ty(i)?)
    };
    let Some(op) = i.mods.iter().find(|m| CMP_OPS.contains(&m.as_str())) else {
        return fx.err(format!("`{}` has no comparison", i.spelled()));
    };
    let lanes = if matches!(sty, Scalar::F16x2 | Scalar::Bf16x2) {
        2
    } else {
        1
    };
    let a = fx.read(fx.operand(i, 1)?, sty)?;
    let b = fx.read(fx.operand(i, 2)?, sty)?;
    let mut results = Vec::new();
    for lane in 0..lanes {
        let (x, y) = (
            compare_operand(fx, &a, sty, lane, i),
            compare_operand(fx, &b, sty, lane, i),
        );
        let r = if sty.is_float() {
            let Some(p) = float_pred(op) else {
                return fx.err(format!("`.{op}` does not compare floats"));
            };
            fx.f.fcmp(p, &x, &y)
        } else {
            let Some(p) = int_pred(op, sty.is_signed()) else {
                return fx.err(format!("`.{op}` does not compare integers"));
            };
            fx.f.icmp(p, &x, &y)
        };
        results.push(r);
    }
    let bool_op = i
        .mods
        .iter()
        .find(|m| matches!(m.as_str(), "and" | "or" | "xor"))
        .cloned();
    let c = match &bool_op {
        Some(_) => Some(fx.read(fx.operand(i, 3)?, Scalar::Pred)?),
        None => None,
    };
    let combine = |fx: &mut FnCtx, r: &Val| match (&bool_op, &c) {
        (Some(op), Some(c)) => fx.f.binop(op, r, c),
        _ => r.clone(),
    };
    if set {
        let mut acc = None;
        for (lane, r) in results.iter().enumerate() {
            let r = combine(fx, r);
            let v = set_value(fx, &r, dty, lanes);
            let bits = dty.bits() / lanes;
            let wide = fx.f.cast("zext", &v, Ty::I(dty.bits()));
            let placed = fx.f.binop(
                "shl",
                &wide,
                &Val::int(dty.bits(), i128::from(bits * lane as u32)),
            );
            acc = Some(match acc {
                None => placed,
                Some(prev) => fx.f.binop("or", &prev, &placed),
            });
        }
        let v = acc.expect("one lane at least");
        return fx.write(&i.operands[0], bits_scalar(dty.bits()), v);
    }
    let (p, q) = match &i.operands[0] {
        Operand::Pair(p, q) => (Operand::Reg(p.clone()), Some(Operand::Reg(q.clone()))),
        other => (other.clone(), None),
    };
    if lanes == 2 {
        // setp.f16x2 p|q: p is the low lane's result, q the high lane's.
        let (r0, r1) = (combine(fx, &results[0]), combine(fx, &results[1]));
        fx.write(&p, Scalar::Pred, r0)?;
        if let Some(q) = q {
            fx.write(&q, Scalar::Pred, r1)?;
        }
        return Ok(());
    }
    let r = combine(fx, &results[0]);
    fx.write(&p, Scalar::Pred, r)?;
    if let Some(q) = q {
        let not = fx.f.binop("xor", &results[0], &Val::int(1, 1));
        let qv = combine(fx, &not);
        fx.write(&q, Scalar::Pred, qv)?;
    }
    Ok(())
}

/// One lane of a comparison operand, as a comparable LLVM value (bf16 via f32; .ftz flushed).
fn compare_operand(fx: &mut FnCtx, v: &Val, ty: Scalar, lane: u32, i: &Instruction) -> Val {
    match ty {
        Scalar::Bf16 | Scalar::Bf16x2 => bf16_lane_to_f32(fx, v, lane),
        Scalar::F16x2 => fx.f.extract_element(v, lane),
        Scalar::F32 if i.has("ftz") => flush(fx, v),
        _ => v.clone(),
    }
}

/// set's result for one lane: all ones (integer types) or 1.0 (float types), else 0.
fn set_value(fx: &mut FnCtx, r: &Val, dty: Scalar, lanes: u32) -> Val {
    let bits = dty.bits() / lanes;
    let one = match dty {
        Scalar::F32 => 0x3f80_0000,
        Scalar::F16 | Scalar::F16x2 => 0x3c00,
        Scalar::Bf16 | Scalar::Bf16x2 => 0x3f80,
        _ => -1,
    };
    fx.f.select(r, &Val::int(bits, one), &Val::int(bits, 0))
}

fn cvt(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let (dty, aty) = fx.types(i)?;
    if matches!(dty, Scalar::F16x2 | Scalar::Bf16x2) {
        return cvt_pack(fx, i, dty, aty);
    }
    if i.operands.len() != 2 {
        return fx.err(format!("`{}` takes 2 operands", i.spelled()));
    }
    let mut a = fx.read(fx.operand(i, 1)?, aty)?;
    if aty == Scalar::F32 && i.has("ftz") {
        a = flush(fx, &a);
    }
    let mut v = match (dty.is_float(), aty.is_float()) {
        (false, false) => int_to_int(fx, i, &a, dty, aty),
        (true, true) => float_to_float(fx, i, a, dty, aty)?,
        (false, true) => float_to_int(fx, i, a, dty, aty)?,
        (true, false) => int_to_float(fx, i, &a, dty, aty)?,
    };
    if dty.is_float() && i.has("sat") && dty != Scalar::Bf16 {
        v = saturate(fx, &v);
    }
    if dty == Scalar::F32 && i.has("ftz") {
        v = flush(fx, &v);
    }
    fx.write(&i.operands[0], dty, v)
}

/// cvt.rn{.satfinite}.{f16x2,bf16x2}.f32 d, a, b: a converted into the upper half, b the lower.
fn cvt_pack(fx: &mut FnCtx, i: &Instruction, dty: Scalar, aty: Scalar) -> R<()> {
    if aty != Scalar::F32
        || i.operands.len() != 3
        || rounding(i) != 0
        || i.has("sat")
        || i.has("ftz")
    {
        return fx.err(format!("`{}` is not translated", i.spelled()));
    }
    let mut halves = Vec::new();
    for n in [2, 1] {
        let v = fx.read(&i.operands[n], Scalar::F32)?;
        let h = if dty == Scalar::F16x2 {
            let h = fx.f.cast("fptrunc", &v, Ty::Half);
            fx.f.cast("bitcast", &h, Ty::I(16))
        } else {
            f32_to_bf16_rn(fx, &v)
        };
        halves.push(fx.f.cast("zext", &h, Ty::I(32)));
    }
    let high = fx.f.binop("shl", &halves[1], &Val::int(32, 16));
    let v = fx.f.binop("or", &high, &halves[0]);
    fx.write(&i.operands[0], Scalar::B32, v)
}

fn int_range(ty: Scalar) -> (i128, i128) {
    let bits = ty.bits();
    if ty.is_signed() {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

fn int_to_int(fx: &mut FnCtx, i: &Instruction, a: &Val, dty: Scalar, aty: Scalar) -> Val {
    let (ab, db) = (aty.bits(), dty.bits());
    let work = ab.max(db) + 1;
    let wide = fx.f.cast(
        if aty.is_signed() { "sext" } else { "zext" },
        a,
        Ty::I(work),
    );
    let wide = if i.has("sat") {
        let (lo, hi) = int_range(dty);
        let (lo, hi) = (Val::int(work, lo), Val::int(work, hi));
        let below = fx.f.icmp("slt", &wide, &lo);
        let above = fx.f.icmp("sgt", &wide, &hi);
        let v = fx.f.select(&below, &lo, &wide);
        fx.f.select(&above, &hi, &v)
    } else {
        wide
    };
    fx.f.cast("trunc", &wide, Ty::I(db))
}

/// Exact LLVM float of a PTX float value (bf16 widened to f32).
fn as_llvm_float(fx: &mut FnCtx, v: Val, ty: Scalar) -> Val {
    if ty == Scalar::Bf16 {
        bf16_lane_to_f32(fx, &v, 0)
    } else {
        v
    }
}

fn integer_rounding(fx: &mut FnCtx, i: &Instruction, v: Val) -> Val {
    let suffix = intrinsic_suffix(&v.ty);
    let name = if i.has("rzi") {
        "trunc"
    } else if i.has("rmi") {
        "floor"
    } else if i.has("rpi") {
        "ceil"
    } else if i.has("rni") {
        "rint"
    } else {
        return v;
    };
    fx.f.intrinsic(v.ty.clone(), &format!("llvm.{name}.{suffix}"), &[v])
}

fn float_to_float(fx: &mut FnCtx, i: &Instruction, a: Val, dty: Scalar, aty: Scalar) -> R<Val> {
    let src = as_llvm_float(fx, a, aty);
    let src = integer_rounding(fx, i, src);
    let mode = rounding(i);
    let src_bits = src.ty.bits();
    let v = match dty {
        Scalar::Bf16 if mode == 0 && src_bits == 64 => return Ok(f64_to_bf16_rn(fx, &src)),
        Scalar::Bf16 => {
            if mode != 0 || src_bits != 32 {
                return fx.err(format!(
                    "`{}` is not translated (bf16 from this type or rounding)",
                    i.spelled()
                ));
            }
            return Ok(f32_to_bf16_rn(fx, &src));
        }
        _ => {
            let to = value_ty(dty);
            match to.bits().cmp(&src_bits) {
                std::cmp::Ordering::Greater => fx.f.cast("fpext", &src, to),
                std::cmp::Ordering::Equal => src,
                std::cmp::Ordering::Less if mode == 0 => fx.f.cast("fptrunc", &src, to),
                std::cmp::Ordering::Less if to == Ty::Float => fx.call_prelude(
                    Ty::Float,
                    "__ptx_cvt_dir_f32_f64",
                    &[src, Val::int(32, mode)],
                ),
                std::cmp::Ordering::Less => {
                    return fx.err(format!(
                        "`{}` is not translated (directed rounding to f16)",
                        i.spelled()
                    ))
                }
            }
        }
    };
    Ok(v)
}

/// Float → integer: round to an integer as asked, then convert saturating, as PTX does. A NaN
/// gives 0, except where NVIDIA's GPUs give the integer with only its top bit set: from an f64 to
/// any integer, and from any float to a 64-bit integer (measured on an H100 by the GPU round trip:
/// `cvt.rzi.{u16,u32,s64,u64}.f64`, `cvt.rzi.{s64,u64}.f32`; `cvt.rzi.s32.f32` gives 0).
fn float_to_int(fx: &mut FnCtx, i: &Instruction, a: Val, dty: Scalar, aty: Scalar) -> R<Val> {
    let mut src = as_llvm_float(fx, a, aty);
    if src.ty == Ty::Half {
        src = fx.f.cast("fpext", &src, Ty::Float);
    }
    let src = integer_rounding(fx, i, src);
    let bits = dty.bits();
    let kind = if dty.is_signed() { "fptosi" } else { "fptoui" };
    let name = format!("llvm.{kind}.sat.i{bits}.{}", intrinsic_suffix(&src.ty));
    let v =
        fx.f.intrinsic(Ty::I(bits), &name, std::slice::from_ref(&src));
    if aty != Scalar::F64 && bits != 64 {
        return Ok(v);
    }
    let nan = fx.f.fcmp("uno", &src, &src);
    Ok(fx.f.select(&nan, &Val::int(bits, 1i128 << (bits - 1)), &v))
}

fn int_to_float(fx: &mut FnCtx, i: &Instruction, a: &Val, dty: Scalar, aty: Scalar) -> R<Val> {
    let mode = rounding(i);
    let kind = if aty.is_signed() { "sitofp" } else { "uitofp" };
    match (dty, mode) {
        (Scalar::Bf16, 0) if aty.bits() <= 32 => {
            // Integers of up to 32 bits are exact in f64.
            let d = fx.f.cast(kind, a, Ty::Double);
            Ok(f64_to_bf16_rn(fx, &d))
        }
        (Scalar::Bf16, _) => fx.err(format!(
            "`{}` is not translated (integer to bf16)",
            i.spelled()
        )),
        (_, 0) => Ok(fx.f.cast(kind, a, value_ty(dty))),
        (Scalar::F32 | Scalar::F64, _) if aty.bits() >= 32 => {
            let sign = if aty.is_signed() { "s" } else { "u" };
            let name = format!(
                "__ptx_cvt_dir_{}_{sign}{}",
                intrinsic_suffix(&value_ty(dty)),
                aty.bits()
            );
            let wide = fx.f.cast(
                if aty.is_signed() { "sext" } else { "zext" },
                a,
                Ty::I(aty.bits()),
            );
            Ok(fx.call_prelude(value_ty(dty), &name, &[wide, Val::int(32, mode)]))
        }
        (Scalar::F32 | Scalar::F64, _) => {
            // 8- and 16-bit integers are exact in f32 and f64: every rounding gives the same.
            Ok(fx.f.cast(kind, a, value_ty(dty)))
        }
        _ => fx.err(format!(
            "`{}` is not translated (directed rounding to f16)",
            i.spelled()
        )),
    }
}

fn testp(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    let a = fx.read(fx.operand(i, 1)?, ty)?;
    let t = a.ty.clone();
    let abs = fx.f.intrinsic(
        t.clone(),
        &format!("llvm.fabs.{}", intrinsic_suffix(&t)),
        std::slice::from_ref(&a),
    );
    let inf = ir::float_const(&t, f64::INFINITY.to_bits());
    let min_normal = ir::float_const(
        &t,
        if t == Ty::Float {
            f64::from(f32::MIN_POSITIVE)
        } else {
            f64::MIN_POSITIVE
        }
        .to_bits(),
    );
    let zero = ir::float_const(&t, 0);
    let v = if i.has("finite") {
        fx.f.fcmp("olt", &abs, &inf)
    } else if i.has("infinite") {
        fx.f.fcmp("oeq", &abs, &inf)
    } else if i.has("number") {
        fx.f.fcmp("ord", &a, &a)
    } else if i.has("notanumber") {
        fx.f.fcmp("uno", &a, &a)
    } else if i.has("normal") {
        let big = fx.f.fcmp("oge", &abs, &min_normal);
        let fin = fx.f.fcmp("olt", &abs, &inf);
        fx.f.binop("and", &big, &fin)
    } else {
        let small = fx.f.fcmp("olt", &abs, &min_normal);
        let nonzero = fx.f.fcmp("one", &abs, &zero);
        fx.f.binop("and", &small, &nonzero)
    };
    fx.write(&i.operands[0], Scalar::Pred, v)
}
