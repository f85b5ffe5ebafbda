//! Warp operations: shfl.sync, vote.sync, match.sync, redux.sync, activemask. Each is a prelude
//! function, which implements the wavefront rule (README.md, "The wavefront rule"): on wave64
//! AMDGPU each 64-lane wavefront runs two 32-lane CUDA warps, and masks and lanes are per half.

use super::{FnCtx, R};
use crate::ast::{Instruction, Operand, Scalar};
use crate::ir::{Ty, Val};

/// Destination and optional predicate destination (`d|p`).
fn destinations(op: &Operand) -> (Operand, Option<Operand>) {
    match op {
        Operand::Pair(d, p) => (Operand::Reg(d.clone()), Some(Operand::Reg(p.clone()))),
        other => (other.clone(), None),
    }
}

/// The member mask operand `n`, or all lanes when absent (pre-`.sync` forms).
fn mask(fx: &mut FnCtx, i: &Instruction, n: usize) -> R<Val> {
    match i.operands.get(n) {
        Some(op) => fx.read(op, Scalar::B32),
        None => Ok(Val::int(32, -1)),
    }
}

fn pair_results(fx: &mut FnCtx, i: &Instruction, pair: &Val) -> R<()> {
    let (d, p) = destinations(&i.operands[0]);
    let v = fx.f.extract_value(pair, 0, Ty::I(32));
    fx.write(&d, Scalar::B32, v)?;
    if let Some(p) = p {
        let ok = fx.f.extract_value(pair, 1, Ty::I(1));
        fx.write(&p, Scalar::Pred, ok)?;
    }
    Ok(())
}

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let pair = Ty::Struct(vec![Ty::I(32), Ty::I(1)]);
    match i.opcode.as_str() {
        "shfl" => {
            let Some(mode) = ["up", "down", "bfly", "idx"].into_iter().find(|m| i.has(m)) else {
                return fx.err("shfl needs a mode (.up/.down/.bfly/.idx)");
            };
            let mut args = Vec::new();
            for n in 1..4 {
                args.push(fx.read(fx.operand(i, n)?, Scalar::B32)?);
            }
            args.push(mask(fx, i, 4)?);
            let r = fx.call_prelude(pair, &format!("__ptx_shfl_{mode}"), &args);
            pair_results(fx, i, &r)
        }
        "vote" => {
            let Some(mode) = ["all", "any", "uni", "ballot"]
                .into_iter()
                .find(|m| i.has(m))
            else {
                return fx.err("vote needs a mode (.all/.any/.uni/.ballot)");
            };
            let p = fx.read(fx.operand(i, 1)?, Scalar::Pred)?;
            let m = mask(fx, i, 2)?;
            let (ret, ty) = if mode == "ballot" {
                (Ty::I(32), Scalar::B32)
            } else {
                (Ty::I(1), Scalar::Pred)
            };
            let v = fx.call_prelude(ret, &format!("__ptx_vote_{mode}"), &[p, m]);
            fx.write(&i.operands[0], ty, v)
        }
        "match" => {
            let ty = fx.ty(i)?;
            let a = fx.read(fx.operand(i, 1)?, ty)?;
            let m = mask(fx, i, 2)?;
            let suffix = if ty.bits() == 64 { "b64" } else { "b32" };
            if i.has("all") {
                let r = fx.call_prelude(pair, &format!("__ptx_match_all_{suffix}"), &[a, m]);
                return pair_results(fx, i, &r);
            }
            let v = fx.call_prelude(Ty::I(32), &format!("__ptx_match_any_{suffix}"), &[a, m]);
            fx.write(&i.operands[0], Scalar::B32, v)
        }
        "redux" => {
            let ty = fx.ty(i)?;
            let code = match ["add", "and", "or", "xor", "min", "max"]
                .into_iter()
                .find(|m| i.has(m))
            {
                Some("add") => 0,
                Some("and") => 1,
                Some("or") => 2,
                Some("xor") => 3,
                Some("min") if ty.is_signed() => 6,
                Some("max") if ty.is_signed() => 7,
                Some("min") => 4,
                Some("max") => 5,
                _ => return fx.err("redux needs an operation"),
            };
            let a = fx.read(fx.operand(i, 1)?, Scalar::B32)?;
            let m = mask(fx, i, 2)?;
            let v = fx.call_prelude(Ty::I(32), "__ptx_redux", &[Val::int(32, code), a, m]);
            fx.write(&i.operands[0], Scalar::B32, v)
        }
        _ => {
            let d = fx.operand(i, 0)?;
            let v = fx.call_prelude(Ty::I(32), "__ptx_activemask", &[]);
            fx.write(d, Scalar::B32, v)
        }
    }
}
