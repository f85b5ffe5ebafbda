//! Math instructions: rcp, sqrt, rsqrt, ex2, lg2, sin, cos, tanh. Exact forms (.rn) are LLVM
//! operations or exact prelude functions; `.approx` forms and directed rounding are prelude
//! functions (`__ptx_<op>_approx_<type>`, `__ptx_<op>_dir_<type>`), the target's business.

use super::arith::{flush, intrinsic_suffix, rounding};
use super::{value_ty, FnCtx, R};
use crate::ast::{Instruction, Scalar};
use crate::ir::{self, Ty, Val};

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    if matches!(ty, Scalar::F16 | Scalar::F16x2) {
        return half_approx(fx, i, ty);
    }
    let t = value_ty(ty);
    let suffix = intrinsic_suffix(&t);
    let mut a = fx.sources(i, ty, 1)?.remove(0);
    let ftz = i.has("ftz") && ty == Scalar::F32;
    if ftz {
        a = flush(fx, &a);
    }
    let op = i.opcode.as_str();
    let mode = rounding(i);
    let one = ir::float_const(&t, 1f64.to_bits());
    let mut v = match (op, mode) {
        ("rcp", 0) if !i.has("approx") => fx.f.binop("fdiv", &one, &a),
        // rcp.approx.ftz.f64 and rsqrt.approx.ftz.f64: a coarser approximation than the other
        // f64 forms (the prelude's business).
        ("rcp" | "rsqrt", 0) if ty == Scalar::F64 && i.has("approx") && i.has("ftz") => {
            fx.call_prelude(t, &format!("__ptx_{op}_approx_ftz_f64"), &[a])
        }
        ("rcp", 0) if ty == Scalar::F64 => fx.f.binop("fdiv", &one, &a),
        ("rcp", 0) => fx.call_prelude(t, &format!("__ptx_rcp_approx_{suffix}"), &[a]),
        ("rcp", m) => fx.call_prelude(
            t,
            &format!("__ptx_div_dir_{suffix}"),
            &[one, a, Val::int(32, m)],
        ),
        ("sqrt", 0) if !i.has("approx") => {
            fx.call_prelude(t, &format!("__ptx_sqrt_rn_{suffix}"), &[a])
        }
        ("sqrt", m) if m != 0 => fx.call_prelude(
            t,
            &format!("__ptx_sqrt_dir_{suffix}"),
            &[a, Val::int(32, m)],
        ),
        (_, 0) if i.has("approx") || op == "rsqrt" => {
            let name = match op {
                "ex2" | "lg2" | "sin" | "cos" | "tanh" | "rsqrt" | "sqrt"
                    if ty == Scalar::F32 || op == "rsqrt" =>
                {
                    op
                }
                _ => return fx.err(format!("`{}` is not translated", i.spelled())),
            };
            fx.call_prelude(t, &format!("__ptx_{name}_approx_{suffix}"), &[a])
        }
        _ => return fx.err(format!("`{}` is not translated", i.spelled())),
    };
    if ftz {
        v = flush(fx, &v);
    }
    fx.write(&i.operands[0], ty, v)
}

/// ex2.approx / tanh.approx on f16 and f16x2: each lane through the f32 approximation (more
/// accurate than PTX's f16 bound), rounded to f16.
fn half_approx(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    if !i.has("approx") || !matches!(i.opcode.as_str(), "ex2" | "tanh") {
        return fx.err(format!("`{}` is not translated (f16 math)", i.spelled()));
    }
    let a = fx.sources(i, ty, 1)?.remove(0);
    let name = format!("__ptx_{}_approx_f32", i.opcode);
    let lane = |fx: &mut FnCtx, h: &Val| {
        let wide = fx.f.cast("fpext", h, Ty::Float);
        let r = fx.call_prelude(Ty::Float, &name, &[wide]);
        fx.f.cast("fptrunc", &r, Ty::Half)
    };
    let v = if ty == Scalar::F16 {
        lane(fx, &a)
    } else {
        let mut acc = Val::undef(a.ty.clone());
        for k in 0..2 {
            let h = fx.f.extract_element(&a, k);
            let r = lane(fx, &h);
            acc = fx.f.insert_element(&acc, &r, k);
        }
        acc
    };
    fx.write(&i.operands[0], ty, v)
}
