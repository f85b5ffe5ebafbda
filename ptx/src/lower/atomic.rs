//! atom and red: every operation (add incl. f32/f64, min/max, and/or/xor, exch, cas, inc/dec with
//! PTX's wrap semantics), orderings (.relaxed default, .acquire/.release/.acq_rel) and scopes
//! (.cta/.gpu default/.sys → the target's syncscopes).

use super::memory::{address, space_of};
use super::{FnCtx, R};
use crate::ast::{Instruction, Scalar};
use crate::ir::{Ordering, Ty, Val};

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    let red = i.opcode == "red";
    let first = if red { 0 } else { 1 };
    let ptr = address(fx, fx.operand(i, first)?, space_of(i))?;
    let b = fx.read(fx.operand(i, first + 1)?, ty)?;
    let scope = i
        .mods
        .iter()
        .find(|m| matches!(m.as_str(), "cta" | "gpu" | "sys"))
        .map(String::as_str)
        .unwrap_or("gpu");
    let scope = fx.target().syncscope(scope);
    let order = if i.has("acq_rel") {
        Ordering::AcqRel
    } else if i.has("acquire") {
        Ordering::Acquire
    } else if i.has("release") {
        Ordering::Release
    } else {
        Ordering::Monotonic
    };
    let op = [
        "and", "or", "xor", "cas", "exch", "add", "inc", "dec", "min", "max",
    ]
    .into_iter()
    .find(|o| i.has(o))
    .unwrap_or("add");
    if matches!(
        ty,
        Scalar::F16 | Scalar::F16x2 | Scalar::Bf16 | Scalar::Bf16x2
    ) {
        if op != "add" {
            return fx.err(format!("`{}` is not translated", i.spelled()));
        }
        let old = half_add(fx, &ptr, &b, ty, scope, order);
        return if red {
            Ok(())
        } else {
            fx.write(&i.operands[0], ty, old)
        };
    }
    let old = match op {
        "cas" => {
            let c = fx.read(fx.operand(i, first + 2)?, ty)?;
            fx.f.cmpxchg(&ptr, &b, &c, scope, order)
        }
        "inc" | "dec" => wrapping(fx, op, &ptr, &b, scope, order),
        _ => {
            let rmw = match (op, ty) {
                ("add", Scalar::F32 | Scalar::F64) => "fadd",
                ("exch", _) => "xchg",
                ("min", t) if t.is_signed() => "min",
                ("max", t) if t.is_signed() => "max",
                ("min", _) => "umin",
                ("max", _) => "umax",
                (o, _) => o,
            };
            fx.f.atomicrmw(rmw, &ptr, &b, scope, order)
        }
    };
    if red {
        return Ok(());
    }
    fx.write(&i.operands[0], ty, old)
}

/// atom.inc/dec.u32 (LLVM 14 has no uinc_wrap/udec_wrap):
/// inc: old >= b ? 0 : old + 1; dec: (old == 0 || old > b) ? b : old - 1.
fn wrapping(fx: &mut FnCtx, op: &str, ptr: &Val, b: &Val, scope: &str, order: Ordering) -> Val {
    let bits = b.ty.bits();
    cas_loop(fx, ptr, bits, scope, order, |fx, old| {
        let zero = Val::int(bits, 0);
        if op == "inc" {
            let wrap = fx.f.icmp("uge", old, b);
            let plus = fx.f.binop("add", old, &Val::int(bits, 1));
            fx.f.select(&wrap, &zero, &plus)
        } else {
            let is_zero = fx.f.icmp("eq", old, &zero);
            let above = fx.f.icmp("ugt", old, b);
            let wrap = fx.f.binop("or", &is_zero, &above);
            let minus = fx.f.binop("sub", old, &Val::int(bits, 1));
            fx.f.select(&wrap, b, &minus)
        }
    })
}

/// A read-modify-write of `bits` at `ptr` as a compare-and-swap loop; gives the old value.
fn cas_loop(
    fx: &mut FnCtx,
    ptr: &Val,
    bits: u32,
    scope: &str,
    order: Ordering,
    update: impl Fn(&mut FnCtx, &Val) -> Val,
) -> Val {
    let ty = Ty::I(bits);
    let align = u64::from(bits / 8);
    let slot = fx.f.alloca(&ty, align);
    let seen =
        fx.f.atomic_load(ty.clone(), ptr, align, scope, Ordering::Monotonic);
    fx.f.store(&seen, &slot, align, false);
    let top = fx.f.fresh_label("atom.loop");
    let done = fx.f.fresh_label("atom.done");
    fx.f.br(&top);
    fx.f.label(&top);
    let old = fx.f.load(ty.clone(), &slot, align, false);
    let new = update(fx, &old);
    let actual = fx.f.cmpxchg(ptr, &old, &new, scope, order);
    fx.f.store(&actual, &slot, align, false);
    let ok = fx.f.icmp("eq", &actual, &old);
    fx.f.cond_br(&ok, &done, &top);
    fx.f.label(&done);
    actual
}

/// atom.add.noftz.{f16,f16x2,bf16,bf16x2}: a 32-bit compare-and-swap loop on the aligned word
/// holding the value (f16 adds in half precision; bf16 through f32, rounded once).
fn half_add(fx: &mut FnCtx, ptr: &Val, b: &Val, ty: Scalar, scope: &str, order: Ordering) -> Val {
    let Ty::Ptr(space) = ptr.ty else {
        unreachable!("an address is a pointer")
    };
    let addr = fx.f.cast("ptrtoint", ptr, Ty::I(64));
    let word_addr = fx.f.binop("and", &addr, &Val::int(64, -4));
    let word = fx.f.cast("inttoptr", &word_addr, Ty::Ptr(space));
    let byte = fx.f.binop("and", &addr, &Val::int(64, 2));
    let shift64 = fx.f.binop("shl", &byte, &Val::int(64, 3));
    let shift = fx.f.cast("trunc", &shift64, Ty::I(32));
    let wide = ty.bits() == 32;
    let old = cas_loop(fx, &word, 32, scope, order, |fx, old| {
        let part = if wide {
            old.clone()
        } else {
            fx.f.binop("lshr", old, &shift)
        };
        let part = if wide {
            part
        } else {
            fx.f.cast("trunc", &part, Ty::I(16))
        };
        let sum = add_packed(fx, &part, b, ty);
        if wide {
            return sum;
        }
        let sum32 = fx.f.cast("zext", &sum, Ty::I(32));
        let placed = fx.f.binop("shl", &sum32, &shift);
        let mask = fx.f.binop("shl", &Val::int(32, 0xffff), &shift);
        let keep = fx.f.binop("xor", &mask, &Val::int(32, -1));
        let kept = fx.f.binop("and", old, &keep);
        fx.f.binop("or", &kept, &placed)
    });
    if wide {
        return fx.f.cast("bitcast", &old, super::value_ty(ty));
    }
    let part = fx.f.binop("lshr", &old, &shift);
    let part = fx.f.cast("trunc", &part, Ty::I(16));
    fx.f.cast("bitcast", &part, super::value_ty(ty))
}

/// The integer bits of `old + b` for a (packed) 16-bit float type.
fn add_packed(fx: &mut FnCtx, old: &Val, b: &Val, ty: Scalar) -> Val {
    let value_ty = super::value_ty(ty);
    if matches!(ty, Scalar::F16 | Scalar::F16x2) {
        let x = fx.f.cast("bitcast", old, value_ty);
        let sum = fx.f.binop("fadd", &x, b);
        return fx.f.cast("bitcast", &sum, Ty::I(ty.bits()));
    }
    let lanes = ty.bits() / 16;
    let mut acc = Val::int(ty.bits(), 0);
    for lane in 0..lanes {
        let x = super::arith::bf16_lane_to_f32(fx, old, lane);
        let y = super::arith::bf16_lane_to_f32(fx, b, lane);
        let sum = fx.f.binop("fadd", &x, &y);
        let bits = super::arith::f32_to_bf16_rn(fx, &sum);
        let wide = fx.f.cast("zext", &bits, Ty::I(ty.bits()));
        let placed =
            fx.f.binop("shl", &wide, &Val::int(ty.bits(), i128::from(16 * lane)));
        acc = fx.f.binop("or", &acc, &placed);
    }
    acc
}
