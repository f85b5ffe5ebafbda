//! Special registers (`%tid.x`, `%laneid`, `%clock64` …) and the `WARP_SZ` constant: each is a
//! prelude function `__ptx_sreg_<name>` (dots as underscores), the target's business.

use super::{FnCtx, R};
use crate::ir::{Ty, Val};

/// (name, width in bits) of every special register translated.
const SPECIAL: &[(&str, u32)] = &[
    ("%tid.x", 32),
    ("%tid.y", 32),
    ("%tid.z", 32),
    ("%ntid.x", 32),
    ("%ntid.y", 32),
    ("%ntid.z", 32),
    ("%ctaid.x", 32),
    ("%ctaid.y", 32),
    ("%ctaid.z", 32),
    ("%nctaid.x", 32),
    ("%nctaid.y", 32),
    ("%nctaid.z", 32),
    ("%laneid", 32),
    ("%warpid", 32),
    ("%nwarpid", 32),
    ("%smid", 32),
    ("%nsmid", 32),
    ("%gridid", 64),
    ("%lanemask_eq", 32),
    ("%lanemask_le", 32),
    ("%lanemask_lt", 32),
    ("%lanemask_ge", 32),
    ("%lanemask_gt", 32),
    ("%clock", 32),
    ("%clock64", 64),
    ("%globaltimer", 64),
    ("%dynamic_smem_size", 32),
    ("%total_smem_size", 32),
];

/// The value of special register `name`, or None when `name` is not one.
pub(super) fn read(fx: &mut FnCtx, name: &str) -> R<Option<Val>> {
    if name == "WARP_SZ" {
        // CUDA's warp is 32 lanes on every target (README.md, "The wavefront rule").
        return Ok(Some(Val::int(32, 32)));
    }
    let Some((_, bits)) = SPECIAL.iter().find(|(n, _)| *n == name) else {
        if name.starts_with('%') && !name.contains("param") {
            return fx.err(format!(
                "special register or undeclared register `{name}` is not translated"
            ));
        }
        return Ok(None);
    };
    let function = format!(
        "__ptx_sreg_{}",
        name.trim_start_matches('%').replace('.', "_")
    );
    Ok(Some(fx.call_prelude(Ty::I(*bits), &function, &[])))
}
