//! Memory: ld/st/ldu in every state space (scalars, .v2/.v4, .volatile, .relaxed/.acquire/
//! .release with scopes; cache hints accepted and ignored), cvta, isspacep, prefetch, and
//! cp.async's global → shared copies.

use super::{value_ty, FnCtx, R};
use crate::ast::{Instruction, Operand, Scalar, Space};
use crate::ir::{Ordering, Ty, Val};
use crate::target::space_number;

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    match i.opcode.as_str() {
        "ld" | "ldu" => load(fx, i),
        "st" => store(fx, i),
        "cvta" => cvta(fx, i),
        "isspacep" => isspacep(fx, i),
        "cp" => copy_async(fx, i),
        _ => Ok(()), // prefetch: a hint
    }
}

/// The state space an instruction names (generic when none).
pub(super) fn space_of(i: &Instruction) -> Space {
    i.mods
        .iter()
        .find_map(|m| Space::from_word(m))
        .unwrap_or(Space::Generic)
}

/// Pointer for an address operand `[base+offset]` accessed in `space`.
pub(super) fn address(fx: &mut FnCtx, op: &Operand, space: Space) -> R<Val> {
    let (base, offset) = match op {
        Operand::Address { base, offset } => (&**base, *offset),
        other => (other, 0),
    };
    let want = if space == Space::Param {
        fx.param_space()
    } else {
        space_number(fx.target(), space)
    };
    let name = match base {
        Operand::Reg(n) | Operand::Symbol(n) if !fx.is_register(n) => Some(n),
        _ => None,
    };
    let ptr = match name {
        Some(name) => {
            let ptr = fx.symbol_address(name)?;
            let have = fx.symbol_space(name).unwrap_or(0);
            if have != want && want == 0 {
                fx.f.cast("addrspacecast", &ptr, Ty::Ptr(0))
            } else {
                ptr
            }
        }
        None => {
            let int = fx.read(base, Scalar::U64)?;
            fx.f.cast("inttoptr", &int, Ty::Ptr(want))
        }
    };
    if offset == 0 {
        return Ok(ptr);
    }
    Ok(fx.f.byte_offset(&ptr, &Val::int(64, i128::from(offset))))
}

/// Memory semantics of ld/st: (ordering, syncscope, PTX scope) for atomic accesses; None for
/// plain ones.
fn semantics(
    fx: &FnCtx,
    i: &Instruction,
    store: bool,
) -> R<Option<(Ordering, &'static str, &'static str)>> {
    let scope = i
        .mods
        .iter()
        .find(|m| matches!(m.as_str(), "cta" | "gpu" | "sys"))
        .map(String::as_str)
        .unwrap_or("sys");
    let order = if i.has("relaxed") {
        Ordering::Monotonic
    } else if i.has("acquire") {
        if store {
            return fx.err("st.acquire is not a PTX instruction");
        }
        Ordering::Acquire
    } else if i.has("release") {
        if !store {
            return fx.err("ld.release is not a PTX instruction");
        }
        Ordering::Release
    } else {
        return Ok(None);
    };
    let scope = match scope {
        "cta" => "cta",
        "gpu" => "gpu",
        _ => "sys",
    };
    Ok(Some((order, fx.target().syncscope(scope), scope)))
}

fn vector_len(i: &Instruction) -> u32 {
    if i.has("v4") {
        4
    } else if i.has("v2") {
        2
    } else {
        1
    }
}

/// Memory type of one element: integers of the access size, floats as themselves.
fn memory_ty(ty: Scalar) -> Ty {
    value_ty(ty)
}

fn load(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    let space = space_of(i);
    let ptr = address(fx, fx.operand(i, 1)?, space)?;
    let n = vector_len(i);
    let elem = memory_ty(ty);
    let size = ty.bytes();
    let volatile = i.has("volatile");
    let sem = semantics(fx, i, false)?;
    if n == 1 {
        let v = match sem {
            Some((order, scope, _)) if fx.target().native_acquire_release() => {
                fx.f.atomic_load(elem, &ptr, size, scope, order)
            }
            Some((order, scope, ptx_scope)) => {
                let v =
                    fx.f.atomic_load(elem, &ptr, size, scope, Ordering::Monotonic);
                if order != Ordering::Monotonic {
                    fx.call_prelude(Ty::Void, &format!("__ptx_fence_{ptx_scope}"), &[]);
                }
                v
            }
            None => fx.f.load(elem, &ptr, size, volatile),
        };
        return fx.write(&i.operands[0], ty, v);
    }
    if sem.is_some() {
        return fx.err("vector loads with memory ordering are not translated");
    }
    let Operand::Vector(parts) = &i.operands[0] else {
        return fx.err("a vector load needs a vector destination `{…}`");
    };
    if parts.len() != n as usize {
        return fx.err(format!("`{}` needs {n} destinations", i.spelled()));
    }
    let vec = fx.f.load(
        Ty::Vec(n, Box::new(elem)),
        &ptr,
        size * u64::from(n),
        volatile,
    );
    for (k, part) in parts.iter().enumerate() {
        let v = fx.f.extract_element(&vec, k as u32);
        fx.write(part, ty, v)?;
    }
    Ok(())
}

fn store(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    let space = space_of(i);
    let ptr = address(fx, fx.operand(i, 0)?, space)?;
    let n = vector_len(i);
    let elem = memory_ty(ty);
    let size = ty.bytes();
    let volatile = i.has("volatile");
    let sem = semantics(fx, i, true)?;
    let src = fx.operand(i, 1)?;
    if n == 1 {
        let v = fx.read(src, ty)?;
        match sem {
            Some((order, scope, _)) if fx.target().native_acquire_release() => {
                fx.f.atomic_store(&v, &ptr, size, scope, order)
            }
            Some((order, scope, ptx_scope)) => {
                if order != Ordering::Monotonic {
                    fx.call_prelude(Ty::Void, &format!("__ptx_fence_{ptx_scope}"), &[]);
                }
                fx.f.atomic_store(&v, &ptr, size, scope, Ordering::Monotonic)
            }
            None => fx.f.store(&v, &ptr, size, volatile),
        }
        return Ok(());
    }
    if sem.is_some() {
        return fx.err("vector stores with memory ordering are not translated");
    }
    let Operand::Vector(parts) = src else {
        return fx.err("a vector store needs a vector source `{…}`");
    };
    if parts.len() != n as usize {
        return fx.err(format!("`{}` needs {n} sources", i.spelled()));
    }
    let mut vec = Val::undef(Ty::Vec(n, Box::new(elem)));
    for (k, part) in parts.iter().enumerate() {
        let v = fx.read(part, ty)?;
        vec = fx.f.insert_element(&vec, &v, k as u32);
    }
    fx.f.store(&vec, &ptr, size * u64::from(n), volatile);
    Ok(())
}

/// cvta.space: a space address → generic; cvta.to.space: generic → that space's address.
fn cvta(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let space = space_of(i);
    if space == Space::Param {
        return fx.err("`cvta.param` is not translated");
    }
    let ty = fx.ty(i)?;
    let number = space_number(fx.target(), space);
    let to = i.has("to");
    let src = fx.operand(i, 1)?;
    let ptr = match src {
        Operand::Symbol(n) | Operand::Reg(n) if !fx.is_register(n) && !to => {
            fx.symbol_address(n)?
        }
        _ => {
            let int = fx.read(src, Scalar::U64)?;
            fx.f.cast("inttoptr", &int, Ty::Ptr(if to { 0 } else { number }))
        }
    };
    let target_space = if to { number } else { 0 };
    let cast = if ptr.ty == Ty::Ptr(target_space) {
        ptr
    } else {
        fx.f.cast("addrspacecast", &ptr, Ty::Ptr(target_space))
    };
    let int = fx.f.cast("ptrtoint", &cast, Ty::I(64));
    let v = if ty.bits() == 32 {
        fx.f.cast("trunc", &int, Ty::I(32))
    } else {
        int
    };
    fx.write(&i.operands[0], ty, v)
}

/// isspacep.space p, a: asks the prelude (`__ptx_isspacep_<space>`).
fn isspacep(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let name = match space_of(i) {
        Space::Global => "global",
        Space::Shared => "shared",
        Space::Local => "local",
        Space::Const => "const",
        _ => return fx.err(format!("`{}` is not translated", i.spelled())),
    };
    let int = fx.read(fx.operand(i, 1)?, Scalar::U64)?;
    let ptr = fx.f.cast("inttoptr", &int, Ty::Ptr(0));
    let v = fx.call_prelude(Ty::I(1), &format!("__ptx_isspacep_{name}"), &[ptr]);
    fx.write(&i.operands[0], Scalar::Pred, v)
}

/// `cp.async.{ca,cg}.shared.global [dst], [src], cp-size{, src-size | ignore-src}{, policy}`,
/// done as a synchronous copy: the bytes are in shared memory when the instruction completes,
/// which PTX allows (a copy may complete any time before the `cp.async.wait_group` /
/// `wait_all` that waits for it; other threads see it only after a barrier either way), so
/// `commit_group` and the waits have nothing left to do. Bytes past src-size are zero;
/// `ignore-src` true copies none; `cp.async.mbarrier.arrive` is mbarrier.rs's. (`.bulk` forms
/// are not in the table.)
fn copy_async(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    if !i.has("async") {
        return fx.err(format!("`{}` is not a PTX instruction", i.spelled()));
    }
    if ["commit_group", "wait_group", "wait_all"]
        .iter()
        .any(|m| i.has(m))
    {
        return Ok(());
    }
    if i.has("mbarrier") {
        return super::mbarrier::after_copies(fx, i);
    }
    let dst = address(fx, fx.operand(i, 0)?, Space::Shared)?;
    let src = address(fx, fx.operand(i, 1)?, Space::Global)?;
    let size = match fx.operand(i, 2)? {
        Operand::Int(n @ (4 | 8 | 16)) if *n == 16 || !i.has("cg") => *n,
        _ => return fx.err("cp.async copies 4, 8 or 16 bytes (`.cg`: 16)"),
    };
    let size_val = Val::int(32, i128::from(size));
    let policy = usize::from(i.has("L2::cache_hint"));
    let copied = match &i.operands[3..i.operands.len().saturating_sub(policy).max(3)] {
        [] => size_val.clone(),
        [Operand::Reg(p)] if fx.reg_slot(p).is_some_and(|(t, _)| t == Scalar::Pred) => {
            let ignore = fx.read_name(p, Scalar::Pred)?;
            fx.f.select(&ignore, &Val::int(32, 0), &size_val)
        }
        [n] => fx.read(n, Scalar::U32)?,
        _ => return fx.err(format!("`{}` has too many operands", i.spelled())),
    };
    fx.call_prelude(Ty::Void, "__ptx_cp_async", &[dst, src, size_val, copied]);
    Ok(())
}
