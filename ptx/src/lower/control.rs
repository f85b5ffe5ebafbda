//! Control flow and synchronisation: bra, call (with `.param` staging), ret, exit, trap,
//! bar/barrier, membar/fence, nanosleep.

use super::{label_name, FnCtx, Signature, R};
use crate::ast::{Instruction, Operand, Scalar};
use crate::ir::{Ty, Val};

/// bra (incl. `.uni`), optionally under a guard predicate.
pub(super) fn branch(fx: &mut FnCtx, i: &Instruction, guard: Option<Val>) -> R<()> {
    let Some(Operand::Symbol(target) | Operand::Reg(target)) = i.operands.first() else {
        return fx.err("bra needs a label");
    };
    let to = label_name(target);
    match guard {
        Some(p) => {
            let next = fx.f.fresh_label("fall");
            fx.f.cond_br(&p, &to, &next);
            fx.f.label(&next);
        }
        None => {
            fx.f.br(&to);
            let dead = fx.f.fresh_label("after.bra");
            fx.f.label(&dead);
        }
    }
    Ok(())
}

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    match i.opcode.as_str() {
        "call" => call(fx, i),
        "ret" => {
            ret(fx);
            let dead = fx.f.fresh_label("after.ret");
            fx.f.label(&dead);
            Ok(())
        }
        "exit" => {
            if fx.kernel {
                ret(fx);
            } else {
                fx.call_prelude(Ty::Void, "__ptx_exit", &[]);
                fx.f.unreachable();
            }
            let dead = fx.f.fresh_label("after.exit");
            fx.f.label(&dead);
            Ok(())
        }
        "trap" => {
            fx.call_prelude(Ty::Void, "__ptx_trap", &[]);
            fx.f.unreachable();
            let dead = fx.f.fresh_label("after.trap");
            fx.f.label(&dead);
            Ok(())
        }
        "bar" | "barrier" => barrier(fx, i),
        // Programmatic dependent launch (sm_90): a kernel here starts only once the kernel before
        // it in its stream has finished and its writes are visible (no launch path takes CUDA's
        // programmatic-launch attributes), so `wait` has nothing left to wait for and
        // `launch_dependents` nothing to allow early.
        "griddepcontrol" => Ok(()),
        "membar" | "fence" => {
            let scope = if i.has("cta") {
                "cta"
            } else if i.has("gl") || i.has("gpu") {
                "gpu"
            } else {
                "sys"
            };
            fx.call_prelude(Ty::Void, &format!("__ptx_fence_{scope}"), &[]);
            Ok(())
        }
        _ => {
            let t = fx.read(fx.operand(i, 0)?, Scalar::U32)?;
            fx.call_prelude(Ty::Void, "__ptx_nanosleep", &[t]);
            Ok(())
        }
    }
}

/// Return from the function: a kernel returns void; a `.func` its return-value slots.
fn ret(fx: &mut FnCtx) {
    let returns = fx.returns.clone();
    match returns.len() {
        0 => fx.f.ret(None),
        1 => {
            let (ty, ptr) = &returns[0];
            let v = fx.f.load(ty.clone(), ptr, 1, false);
            fx.f.ret(Some(&v));
        }
        _ => {
            let mut agg = Val::undef(Ty::Struct(returns.iter().map(|(t, _)| t.clone()).collect()));
            for (k, (ty, ptr)) in returns.iter().enumerate() {
                let v = fx.f.load(ty.clone(), ptr, 1, false);
                agg = fx.f.insert_value(&agg, &v, k as u32);
            }
            fx.f.ret(Some(&agg));
        }
    }
}

/// The end of the body: PTX functions may end without `ret`.
pub(super) fn function_end(fx: &mut FnCtx) {
    ret(fx);
}

/// call{.uni} (ret…), func, (args…): arguments are loaded from the caller's `.param` slots with the
/// callee's parameter types; results stored into the caller's return slots.
fn call(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let mut ops = i.operands.iter();
    let mut rets: &[Operand] = &[];
    let mut next = ops.next();
    if let Some(Operand::List(r)) = next {
        rets = r;
        next = ops.next();
    }
    let Some(Operand::Symbol(callee) | Operand::Reg(callee)) = next else {
        return fx.err("indirect calls are not translated");
    };
    let args: &[Operand] = match ops.next() {
        Some(Operand::List(a)) => a,
        None => &[],
        Some(_) => return fx.err("call arguments must be a list `(…)`"),
    };
    if ops.next().is_some() {
        return fx.err("indirect calls (with a prototype) are not translated");
    }
    let library = device_library(callee);
    if library.is_none() && DEVICE_RUNTIME.iter().any(|p| callee.starts_with(p)) {
        return fx.err(format!(
            "calls to `{callee}` are not translated (CUDA device runtime: dynamic parallelism, \
             cooperative-group queries other than a grid's handle and sync)"
        ));
    }
    let Some(sig) = fx.cx.signatures.get(callee).cloned() else {
        return fx.err(format!("call of `{callee}`, which is not declared"));
    };
    if sig.params.len() != args.len() || sig.returns.len() != rets.len() {
        return fx.err(format!(
            "call of `{callee}` with the wrong number of arguments or results"
        ));
    }
    let mut values = Vec::new();
    for (arg, ty) in args.iter().zip(&sig.params) {
        values.push(argument(fx, arg, ty)?);
    }
    let result = match library {
        Some((_, expected)) if expected != sig => {
            return fx.err(format!(
                "`{callee}` is declared with a signature other than CUDA's"
            ))
        }
        Some((prelude, _)) => fx.call_prelude(sig.ret_ty(), prelude, &values),
        None => fx.f.call(sig.ret_ty(), callee, &values),
    };
    for (k, (r, ty)) in rets.iter().zip(&sig.returns).enumerate() {
        let v = if rets.len() == 1 {
            result.clone()
        } else {
            fx.f.extract_value(&result, k as u32, ty.clone())
        };
        let ptr = super::memory::address(fx, r, crate::ast::Space::Param)?;
        fx.f.store(&v, &ptr, 1, false);
    }
    Ok(())
}

/// CUDA's device library functions that PTX declares `.extern` and calls, with CUDA's signatures
/// (`vprintf(format, arguments)` returns an int; `malloc` / `free` take and give 64-bit addresses;
/// `__assertfail(message, file, line, function, char size)`, a failed `assert`;
/// `cudaCGGetIntrinsicHandle(scope)` and `cudaCGSynchronize(handle, flags)`, the grid-wide sync of
/// a cooperative launch that numba's `this_grid().sync()` calls): the prelude function serving each.
pub(super) fn device_library(name: &str) -> Option<(&'static str, Signature)> {
    let (prelude, params, returns) = match name {
        "vprintf" => ("__ptx_vprintf", vec![Ty::I(64); 2], vec![Ty::I(32)]),
        "malloc" => ("__ptx_malloc", vec![Ty::I(64)], vec![Ty::I(64)]),
        "free" => ("__ptx_free", vec![Ty::I(64)], vec![]),
        "cudaCGGetIntrinsicHandle" => ("__ptx_cg_handle", vec![Ty::I(32)], vec![Ty::I(64)]),
        "cudaCGSynchronize" => (
            "__ptx_cg_synchronize",
            vec![Ty::I(64), Ty::I(32)],
            vec![Ty::I(32)],
        ),
        "__assertfail" => {
            let (text, int) = (Ty::I(64), Ty::I(32));
            let params = vec![text.clone(), text.clone(), int, text.clone(), text];
            ("__ptx_assertfail", params, vec![])
        }
        _ => return None,
    };
    Some((prelude, Signature { params, returns }))
}

/// Functions of CUDA's device runtime (libcudadevrt), which no PTX module defines.
const DEVICE_RUNTIME: &[&str] = &[
    "cudaCG",
    "cudaLaunchDevice",
    "cudaGetParameterBuffer",
    "cudaDeviceSynchronize",
    "cudaGetLastError",
    "cudaPeekAtLastError",
    "cudaStreamCreateWithFlags",
    "cudaMalloc",
    "cudaFree",
];

/// One call argument: a `.param` slot (loaded), or a register/immediate (old-style calls).
fn argument(fx: &mut FnCtx, arg: &Operand, ty: &Ty) -> R<Val> {
    if let Operand::Symbol(n) | Operand::Reg(n) = arg {
        if !fx.is_register(n) {
            let ptr = super::memory::address(fx, arg, crate::ast::Space::Param)?;
            return Ok(fx.f.load(ty.clone(), &ptr, 1, false));
        }
    }
    match ty {
        Ty::I(bits) => fx.read(arg, super::convert::bits_scalar(*bits)),
        _ => fx.err("an aggregate argument must be a .param"),
    }
}

/// bar.sync / barrier.sync {id{, count}}; bar.red.{popc,and,or}; bar.warp.sync.
fn barrier(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    if i.has("warp") {
        let mask = fx.read(fx.operand(i, 0)?, Scalar::B32)?;
        fx.call_prelude(Ty::Void, "__ptx_bar_warp_sync", &[mask]);
        return Ok(());
    }
    if i.has("arrive") {
        return fx.err(format!(
            "`{}` is not translated (no arrive-only barrier on AMDGPU)",
            i.spelled()
        ));
    }
    if i.has("red") {
        return reduce_barrier(fx, i);
    }
    // Without a thread count every thread of the block takes part, whatever the barrier's id:
    // then the workgroup barrier is the same barrier.
    let whole_block = i.operands.len() <= 1;
    if !whole_block && !fx.target().named_barriers() {
        return fx.err(format!(
            "`{}` with a thread count is not translated (AMDGPU has one barrier per workgroup, \
             for all of its threads)",
            i.spelled()
        ));
    }
    let id = match i.operands.first() {
        Some(op) => fx.read(op, Scalar::U32)?,
        None => Val::int(32, 0),
    };
    let count = match i.operands.get(1) {
        Some(op) => fx.read(op, Scalar::U32)?,
        None => Val::int(32, 0),
    };
    fx.call_prelude(Ty::Void, "__ptx_bar_sync", &[id, count]);
    Ok(())
}

/// bar.red.popc.u32 d, id, {count,} p / bar.red.{and,or}.pred d, id, {count,} {!}p.
fn reduce_barrier(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let id = fx.read(fx.operand(i, 1)?, Scalar::U32)?;
    let last = i.operands.len() - 1;
    let p = fx.read(fx.operand(i, last)?, Scalar::Pred)?;
    let (name, ty, ret) = if i.has("popc") {
        ("__ptx_bar_red_popc", Scalar::U32, Ty::I(32))
    } else if i.has("and") {
        ("__ptx_bar_red_and", Scalar::Pred, Ty::I(1))
    } else {
        ("__ptx_bar_red_or", Scalar::Pred, Ty::I(1))
    };
    let v = fx.call_prelude(ret, name, &[id, p]);
    fx.write(&i.operands[0], ty, v)
}
