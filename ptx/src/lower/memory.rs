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

/// A memory ordering an access carries: (LLVM ordering, LLVM sync scope, PTX scope).
type Semantics = (Ordering, &'static str, &'static str);

fn load(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    let space = space_of(i);
    let ptr = address(fx, fx.operand(i, 1)?, space)?;
    let n = vector_len(i);
    let (elem, size) = (memory_ty(ty), ty.bytes());
    let volatile = i.has("volatile");
    let sem = semantics(fx, i, false)?;
    if n == 1 {
        let v = match sem {
            Some(sem) => ordered_load(fx, elem, &ptr, size, sem),
            None => fx.f.load(elem, &ptr, size, volatile),
        };
        return fx.write(&i.operands[0], ty, v);
    }
    let Operand::Vector(parts) = &i.operands[0] else {
        return fx.err("a vector load needs a vector destination `{…}`");
    };
    if parts.len() != n as usize {
        return fx.err(format!("`{}` needs {n} destinations", i.spelled()));
    }
    let (vec_ty, bytes) = (Ty::Vec(n, Box::new(elem)), size * u64::from(n));
    let vec = match sem {
        // One atomic access of the whole vector (what a reader of a status-and-value pair, as
        // CUB's decoupled look-back, relies on); wider: one vector access between fences.
        Some(sem) if bytes <= 8 => {
            let whole = ordered_load(fx, Ty::I(bytes as u32 * 8), &ptr, bytes, sem);
            fx.f.cast("bitcast", &whole, vec_ty)
        }
        Some((order, _, scope)) => {
            let v = fx.f.load(vec_ty, &ptr, bytes, true);
            if order != Ordering::Monotonic {
                fx.call_prelude(Ty::Void, &format!("__ptx_fence_{scope}"), &[]);
            }
            v
        }
        None => fx.f.load(vec_ty, &ptr, bytes, volatile),
    };
    for (k, part) in parts.iter().enumerate() {
        let v = fx.f.extract_element(&vec, k as u32);
        fx.write(part, ty, v)?;
    }
    Ok(())
}

/// An atomic load with `sem`'s ordering: native where the target selects acquire loads, else a
/// monotonic load and the scope's fence after it.
fn ordered_load(fx: &mut FnCtx, ty: Ty, ptr: &Val, size: u64, sem: Semantics) -> Val {
    let (order, scope, ptx_scope) = sem;
    if fx.target().native_acquire_release() {
        return fx.f.atomic_load(ty, ptr, size, scope, order);
    }
    let v = fx.f.atomic_load(ty, ptr, size, scope, Ordering::Monotonic);
    if order != Ordering::Monotonic {
        fx.call_prelude(Ty::Void, &format!("__ptx_fence_{ptx_scope}"), &[]);
    }
    v
}

/// An atomic store with `sem`'s ordering: native where the target selects release stores, else
/// the scope's fence and a monotonic store.
fn ordered_store(fx: &mut FnCtx, v: &Val, ptr: &Val, size: u64, sem: Semantics) {
    let (order, scope, ptx_scope) = sem;
    if fx.target().native_acquire_release() {
        return fx.f.atomic_store(v, ptr, size, scope, order);
    }
    if order != Ordering::Monotonic {
        fx.call_prelude(Ty::Void, &format!("__ptx_fence_{ptx_scope}"), &[]);
    }
    fx.f.atomic_store(v, ptr, size, scope, Ordering::Monotonic)
}

fn store(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    let space = space_of(i);
    let ptr = address(fx, fx.operand(i, 0)?, space)?;
    let n = vector_len(i);
    let (elem, size) = (memory_ty(ty), ty.bytes());
    let volatile = i.has("volatile");
    let sem = semantics(fx, i, true)?;
    let src = fx.operand(i, 1)?;
    if n == 1 {
        let v = fx.read(src, ty)?;
        match sem {
            Some(sem) => ordered_store(fx, &v, &ptr, size, sem),
            None => fx.f.store(&v, &ptr, size, volatile),
        }
        return Ok(());
    }
    let Operand::Vector(parts) = src else {
        return fx.err("a vector store needs a vector source `{…}`");
    };
    if parts.len() != n as usize {
        return fx.err(format!("`{}` needs {n} sources", i.spelled()));
    }
    let (vec_ty, bytes) = (Ty::Vec(n, Box::new(elem)), size * u64::from(n));
    let mut vec = Val::undef(vec_ty);
    for (k, part) in parts.iter().enumerate() {
        let v = fx.read(part, ty)?;
        vec = fx.f.insert_element(&vec, &v, k as u32);
    }
    match sem {
        // As for loads: one atomic store of the whole vector, or one vector store after a fence.
        Some(sem) if bytes <= 8 => {
            let whole = fx.f.cast("bitcast", &vec, Ty::I(bytes as u32 * 8));
            ordered_store(fx, &whole, &ptr, bytes, sem);
        }
        Some((order, _, scope)) => {
            if order != Ordering::Monotonic {
                fx.call_prelude(Ty::Void, &format!("__ptx_fence_{scope}"), &[]);
            }
            fx.f.store(&vec, &ptr, bytes, true);
        }
        None => fx.f.store(&vec, &ptr, bytes, volatile),
    }
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
