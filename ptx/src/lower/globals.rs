//! `.global` / `.const` / `.shared` variables → LLVM globals with their PTX names (so
//! cuModuleGetGlobal finds them), as byte arrays holding the initializer's little-endian bytes.
//! `.extern .shared x[]` (dynamic shared memory) → an external zero-sized addrspace(3) array.

use super::{Global, ModuleCtx, R};
use crate::ast::{Init, Linkage, Space, VarDecl};
use crate::ir::{self, InitPart, Ty};
use crate::target::space_number;
use crate::Error;

/// Initialized globals are spelled byte by byte; beyond this they are refused.
const MAX_INITIALIZED: usize = 64 << 20;

pub(super) fn lower_global(cx: &mut ModuleCtx, v: &VarDecl) -> R<String> {
    let space = space_number(cx.target, v.space);
    if !matches!(v.space, Space::Global | Space::Const | Space::Shared) {
        return Err(Error::at(
            v.span,
            format!(
                "a module-scope `{}` must be .global, .const or .shared",
                v.name
            ),
        ));
    }
    cx.globals.insert(v.name.clone(), Global { space });
    let align = v.alignment();
    let dynamic = v.dims.contains(&0) && v.init.is_none();
    if v.space == Space::Shared {
        if dynamic || v.linkage == Linkage::Extern {
            let ty = Ty::Arr(0, Box::new(Ty::I(8)));
            return Ok(ir::global(
                &v.name,
                space,
                ir::EXTERNAL,
                &ty,
                None,
                align,
                false,
            ));
        }
        let ty = Ty::Arr(v.size(), Box::new(Ty::I(8)));
        return Ok(ir::global(
            &v.name,
            space,
            ir::INTERNAL,
            &ty,
            Some("undef"),
            align,
            false,
        ));
    }
    // Even without .visible a variable stays a symbol: NVRTC writes `__constant__ float c[4];` as
    // `.const .b8 c[16];` and programs find it with cuModuleGetGlobal. The compiler's own
    // nameless data (`__unnamed_N` strings, `$str` printf formats) stays internal (and `__unnamed_N`
    // is renamed: ir::escape_name).
    let compiler_made = v.name.starts_with("__unnamed_") || v.name.starts_with("$str");
    let linkage = match v.linkage {
        Linkage::Weak => ir::WEAK,
        Linkage::Private if compiler_made => ir::INTERNAL,
        Linkage::Private | Linkage::Visible | Linkage::Extern => ir::EXTERNAL,
    };
    if v.linkage == Linkage::Extern {
        let ty = Ty::Arr(v.size(), Box::new(Ty::I(8)));
        return Ok(ir::global(&v.name, space, linkage, &ty, None, align, false));
    }
    let parts = init_parts(cx, v)?;
    let (ty, init) = match parts.as_slice() {
        [InitPart::Bytes(b)] => (
            Ty::Arr(b.len() as u64, Box::new(Ty::I(8))),
            ir::bytes_init(b),
        ),
        _ => ir::struct_init(&parts),
    };
    Ok(ir::global(
        &v.name,
        space,
        linkage,
        &ty,
        Some(&init),
        align,
        linkage != ir::INTERNAL,
    ))
}

/// The initializer as runs of bytes and symbol addresses, `v.size()` bytes in all (an array
/// with `[]` takes its size from the initializer).
fn init_parts(cx: &ModuleCtx, v: &VarDecl) -> R<Vec<InitPart>> {
    let elem = v.ty.bytes() as usize;
    let mut parts = Vec::new();
    let mut bytes = Vec::new();
    for value in v.init.iter().flatten() {
        match value {
            Init::Int(i) => bytes.extend_from_slice(&i.to_le_bytes()[..elem]),
            Init::Float(bits, double) => {
                let le = match (elem, double) {
                    (4, true) => u64::from((f64::from_bits(*bits) as f32).to_bits()),
                    (8, false) => f64::from(f32::from_bits(*bits as u32)).to_bits(),
                    _ => *bits,
                };
                bytes.extend_from_slice(&le.to_le_bytes()[..elem]);
            }
            Init::Symbol {
                name,
                generic,
                offset,
            } => {
                if elem != 8 {
                    return Err(Error::at(
                        v.span,
                        format!("address of `{name}` in a {elem}-byte initializer"),
                    ));
                }
                let Some(g) = cx.globals.get(name) else {
                    return Err(Error::at(
                        v.span,
                        format!(
                            "`{name}` in the initializer of `{}` is not declared",
                            v.name
                        ),
                    ));
                };
                if !bytes.is_empty() {
                    parts.push(InitPart::Bytes(std::mem::take(&mut bytes)));
                }
                parts.push(InitPart::Address {
                    name: name.clone(),
                    space: g.space,
                    generic: *generic,
                    offset: *offset,
                });
            }
        }
    }
    let written: usize = bytes.len() + parts.iter().map(part_size).sum::<usize>();
    let total = if v.dims.contains(&0) {
        written
    } else {
        v.size() as usize
    };
    if total > MAX_INITIALIZED {
        return Err(Error::at(
            v.span,
            format!("`{}` has more than 64 MiB of initialized data", v.name),
        ));
    }
    if written > total {
        return Err(Error::at(
            v.span,
            format!(
                "the initializer of `{}` is larger than the variable",
                v.name
            ),
        ));
    }
    bytes.resize(bytes.len() + total - written, 0);
    if !bytes.is_empty() || parts.is_empty() {
        parts.push(InitPart::Bytes(bytes));
    }
    Ok(parts)
}

fn part_size(p: &InitPart) -> usize {
    match p {
        InitPart::Bytes(b) => b.len(),
        InitPart::Address { .. } => 8,
    }
}
