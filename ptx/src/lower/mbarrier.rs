//! mbarrier: sm_80's barrier objects in shared memory — init, arrive / arrive_drop (with a count,
//! `.noComplete`), test_wait / try_wait (by state token or phase parity), pending_count, inval —
//! and cp.async.mbarrier.arrive, on the prelude's layout of the object (preludes/common.ll),
//! which programs reach only through these instructions. `try_wait` answers at once (PTX lets
//! its time limit run out; programs loop on it); the transaction counts of sm_90's bulk copies
//! (`expect_tx`, `complete_tx`) and `.shared::cluster` objects are not in the table.

use super::memory::{address, space_of};
use super::{FnCtx, R};
use crate::ast::{Instruction, Operand, Scalar, Space};
use crate::ir::{Ty, Val};
use crate::target::space_number;

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    if i.has("init") {
        let object = object(fx, i, 0)?;
        let count = fx.read(fx.operand(i, 1)?, Scalar::U32)?;
        fx.call_prelude(Ty::Void, "__ptx_mbarrier_init", &[object, count]);
    } else if i.has("arrive") || i.has("arrive_drop") {
        let object = object(fx, i, 1)?;
        let count = match i.operands.get(2) {
            Some(n) => fx.read(n, Scalar::U32)?,
            None => Val::int(32, 1),
        };
        let state = arrive(fx, object, count, i.has("arrive_drop"));
        fx.write(&i.operands[0], Scalar::B64, state)?;
    } else if i.has("test_wait") || i.has("try_wait") {
        let object = object(fx, i, 1)?;
        let done = match i.has("parity") {
            true => {
                let parity = fx.read(fx.operand(i, 2)?, Scalar::U32)?;
                fx.call_prelude(
                    Ty::I(1),
                    "__ptx_mbarrier_test_wait_parity",
                    &[object, parity],
                )
            }
            false => {
                let state = fx.read(fx.operand(i, 2)?, Scalar::B64)?;
                fx.call_prelude(Ty::I(1), "__ptx_mbarrier_test_wait", &[object, state])
            }
        };
        fx.write(&i.operands[0], Scalar::Pred, done)?;
    } else if i.has("pending_count") {
        let state = fx.read(fx.operand(i, 1)?, Scalar::B64)?;
        let count = fx.call_prelude(Ty::I(32), "__ptx_mbarrier_pending_count", &[state]);
        fx.write(&i.operands[0], Scalar::U32, count)?;
    } else if !i.has("inval") {
        return fx.err(format!("`{}` is not an mbarrier instruction", i.spelled()));
    }
    Ok(())
}

/// `cp.async.mbarrier.arrive{.noinc}.shared.b64 [object]`: an arrive once the thread's earlier
/// cp.async copies are done — which they are (memory.rs copies synchronously). Without `.noinc`
/// the pending count first grows by the one it then loses: nothing changes.
pub(super) fn after_copies(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    if i.has("noinc") {
        let object = object(fx, i, 0)?;
        arrive(fx, object, Val::int(32, 1), false);
    }
    Ok(())
}

fn arrive(fx: &mut FnCtx, object: Val, count: Val, drop: bool) -> Val {
    let drop = Val::int(1, i128::from(drop));
    fx.call_prelude(Ty::I(64), "__ptx_mbarrier_arrive", &[object, count, drop])
}

/// The object at address operand `n`: in `.shared` (`.shared::cta`), or a generic address of it.
fn object(fx: &mut FnCtx, i: &Instruction, n: usize) -> R<Val> {
    let op: &Operand = fx.operand(i, n)?;
    if space_of(i) == Space::Shared {
        return address(fx, op, Space::Shared);
    }
    let generic = address(fx, op, Space::Generic)?;
    let shared = space_number(fx.target(), Space::Shared);
    Ok(fx.f.cast("addrspacecast", &generic, Ty::Ptr(shared)))
}
