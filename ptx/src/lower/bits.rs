//! Logic and bit manipulation: and/or/xor/not/cnot, shifts (PTX clamps shift amounts; LLVM
//! would make them poison), lop3, shf, prmt, bfe, bfi, brev, popc, clz, bfind, dp4a/dp2a.

use super::{FnCtx, R};
use crate::ast::{Instruction, Scalar};
use crate::ir::{Ty, Val};

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ty = fx.ty(i)?;
    let v = match i.opcode.as_str() {
        "and" | "or" | "xor" => {
            let s = fx.sources(i, ty, 2)?;
            fx.f.binop(&i.opcode, &s[0], &s[1])
        }
        "not" => {
            let s = fx.sources(i, ty, 1)?;
            fx.f.binop("xor", &s[0], &Val::int(s[0].ty.bits(), -1))
        }
        "cnot" => {
            let s = fx.sources(i, ty, 1)?;
            let z = fx.f.icmp("eq", &s[0], &Val::int(s[0].ty.bits(), 0));
            fx.f.cast("zext", &z, s[0].ty.clone())
        }
        "shl" | "shr" => shift(fx, i, ty)?,
        "lop3" => lop3(fx, i)?,
        "shf" => funnel(fx, i)?,
        "prmt" => return prmt(fx, i),
        "bfe" => bfe(fx, i, ty)?,
        "bfi" => bfi(fx, i, ty)?,
        "brev" => {
            let s = fx.sources(i, ty, 1)?;
            let bits = s[0].ty.bits();
            fx.f.intrinsic(Ty::I(bits), &format!("llvm.bitreverse.i{bits}"), &s)
        }
        "popc" | "clz" | "bfind" => return count(fx, i, ty),
        "dp4a" | "dp2a" => return dot(fx, i),
        "vadd4" | "vsub4" | "vabsdiff4" | "vmin4" | "vmax4" => return simd4(fx, i),
        _ => return fx.err(format!("instruction `{}` is not translated", i.spelled())),
    };
    fx.write(&i.operands[0], ty, v)
}

/// shl/shr: the amount is a u32; amounts ≥ the width give 0 (or the sign for shr.s).
fn shift(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<Val> {
    let a = fx.read(fx.operand(i, 1)?, ty)?;
    let amount = fx.read(fx.operand(i, 2)?, Scalar::U32)?;
    let bits = a.ty.bits();
    let max = Val::int(32, i128::from(bits - 1));
    let too_big = fx.f.icmp("ugt", &amount, &max);
    let clamped = fx.f.select(&too_big, &max, &amount);
    let n = resize(fx, &clamped, bits);
    if i.opcode == "shr" && ty.is_signed() {
        return Ok(fx.f.binop("ashr", &a, &n));
    }
    let shifted =
        fx.f.binop(if i.opcode == "shl" { "shl" } else { "lshr" }, &a, &n);
    Ok(fx.f.select(&too_big, &Val::int(bits, 0), &shifted))
}

/// Integer `v` zero-extended or truncated to `bits`.
pub(super) fn resize(fx: &mut FnCtx, v: &Val, bits: u32) -> Val {
    match v.ty.bits().cmp(&bits) {
        std::cmp::Ordering::Less => fx.f.cast("zext", v, Ty::I(bits)),
        std::cmp::Ordering::Greater => fx.f.cast("trunc", v, Ty::I(bits)),
        std::cmp::Ordering::Equal => v.clone(),
    }
}

/// lop3.b32 d, a, b, c, lut: bit k of d is bit (a_k·4 + b_k·2 + c_k) of lut.
fn lop3(fx: &mut FnCtx, i: &Instruction) -> R<Val> {
    let s = fx.sources(i, Scalar::B32, 4)?;
    let crate::ast::Operand::Int(lut) = i.operands[4] else {
        return fx.err("lop3's lookup table must be an immediate");
    };
    let all = Val::int(32, -1);
    let not: Vec<Val> = s[..3].iter().map(|v| fx.f.binop("xor", v, &all)).collect();
    let mut acc = Val::int(32, 0);
    for minterm in 0..8 {
        if lut >> minterm & 1 == 0 {
            continue;
        }
        let pick = |k: usize, bit: i64| {
            if minterm >> bit & 1 == 1 {
                s[k].clone()
            } else {
                not[k].clone()
            }
        };
        let (a, b, c) = (pick(0, 2), pick(1, 1), pick(2, 0));
        let ab = fx.f.binop("and", &a, &b);
        let abc = fx.f.binop("and", &ab, &c);
        acc = fx.f.binop("or", &acc, &abc);
    }
    Ok(acc)
}

/// shf.{l,r}.{wrap,clamp}.b32 d, a, b, c: funnel shift of b:a.
fn funnel(fx: &mut FnCtx, i: &Instruction) -> R<Val> {
    let s = fx.sources(i, Scalar::B32, 3)?;
    let left = i.has("l");
    let name = if left {
        "llvm.fshl.i32"
    } else {
        "llvm.fshr.i32"
    };
    if !i.has("clamp") {
        return Ok(fx
            .f
            .intrinsic(Ty::I(32), name, &[s[1].clone(), s[0].clone(), s[2].clone()]));
    }
    let big = fx.f.icmp("uge", &s[2], &Val::int(32, 32));
    let shifted =
        fx.f.intrinsic(Ty::I(32), name, &[s[1].clone(), s[0].clone(), s[2].clone()]);
    Ok(fx
        .f
        .select(&big, if left { &s[0] } else { &s[1] }, &shifted))
}

/// prmt.b32{.mode} d, a, b, c: bytes of b:a picked by c's selector nibbles (bit 3 of a nibble
/// replicates the picked byte's sign), or by one of the modes' fixed patterns (c[1:0]).
fn prmt(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let s = fx.sources(i, Scalar::B32, 3)?;
    let a64 = fx.f.cast("zext", &s[0], Ty::I(64));
    let b64 = fx.f.cast("zext", &s[1], Ty::I(64));
    let b_hi = fx.f.binop("shl", &b64, &Val::int(64, 32));
    let source = fx.f.binop("or", &b_hi, &a64);
    const MODES: &[(&str, [i128; 4])] = &[
        ("f4e", [0x3210, 0x4321, 0x5432, 0x6543]),
        ("b4e", [0x5670, 0x6701, 0x7012, 0x0123]),
        ("rc8", [0x0000, 0x1111, 0x2222, 0x3333]),
        ("ecl", [0x3210, 0x3211, 0x3222, 0x3333]),
        ("ecr", [0x0000, 0x1110, 0x2210, 0x3210]),
        ("rc16", [0x1010, 0x3232, 0x1010, 0x3232]),
    ];
    let mode = MODES.iter().find(|(m, _)| i.has(m));
    let selector = match mode {
        None => s[2].clone(),
        Some((_, table)) => {
            let low = fx.f.binop("and", &s[2], &Val::int(32, 3));
            let mut sel = Val::int(32, table[3]);
            for k in (0..3).rev() {
                let is_k = fx.f.icmp("eq", &low, &Val::int(32, k as i128));
                sel = fx.f.select(&is_k, &Val::int(32, table[k]), &sel);
            }
            sel
        }
    };
    let mut result = Val::int(32, 0);
    for byte in 0..4 {
        let nibble = fx.f.binop("lshr", &selector, &Val::int(32, 4 * byte));
        let index = fx.f.binop("and", &nibble, &Val::int(32, 7));
        let bit_index = fx.f.binop("shl", &index, &Val::int(32, 3));
        let shift = fx.f.cast("zext", &bit_index, Ty::I(64));
        let moved = fx.f.binop("lshr", &source, &shift);
        let mut v = fx.f.cast("trunc", &moved, Ty::I(32));
        v = fx.f.binop("and", &v, &Val::int(32, 0xff));
        if mode.is_none() {
            let sign_mode = fx.f.binop("and", &nibble, &Val::int(32, 8));
            let wants_sign = fx.f.icmp("ne", &sign_mode, &Val::int(32, 0));
            let msb = fx.f.binop("and", &v, &Val::int(32, 0x80));
            let negative = fx.f.icmp("ne", &msb, &Val::int(32, 0));
            let fill =
                fx.f.select(&negative, &Val::int(32, 0xff), &Val::int(32, 0));
            v = fx.f.select(&wants_sign, &fill, &v);
        }
        let placed = fx.f.binop("shl", &v, &Val::int(32, 8 * byte));
        result = fx.f.binop("or", &result, &placed);
    }
    fx.write(&i.operands[0], Scalar::B32, result)
}

/// Position and length operands of bfe/bfi, widened to the data width. The PTX ISA takes their low
/// 8 bits; NVIDIA's GPUs do so for 32-bit data but take the whole 32-bit operands for 64-bit data
/// (measured on an H100 by the GPU round trip: `bfe.u64` / `bfi.b64` with a position or length of
/// 256 or more extract nothing / insert nothing), so 64-bit data keeps them whole.
fn pos_len(fx: &mut FnCtx, i: &Instruction, first: usize, bits: u32) -> R<(Val, Val)> {
    let mut pos = fx.read(fx.operand(i, first)?, Scalar::U32)?;
    let mut len = fx.read(fx.operand(i, first + 1)?, Scalar::U32)?;
    if bits == 32 {
        pos = fx.f.binop("and", &pos, &Val::int(32, 0xff));
        len = fx.f.binop("and", &len, &Val::int(32, 0xff));
    }
    Ok((resize(fx, &pos, bits), resize(fx, &len, bits)))
}

/// bfe: extract `len` bits at `pos`, sign-extended from the field's top bit for .s types.
fn bfe(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<Val> {
    let a = fx.read(fx.operand(i, 1)?, ty)?;
    let bits = a.ty.bits();
    let (pos, len) = pos_len(fx, i, 2, bits)?;
    let msb = Val::int(bits, i128::from(bits - 1));
    let width = Val::int(bits, i128::from(bits));
    let zero = Val::int(bits, 0);
    let pos_big = fx.f.icmp("ugt", &pos, &msb);
    let pos_c = fx.f.select(&pos_big, &msb, &pos);
    let len_zero = fx.f.icmp("eq", &len, &zero);
    let len_full = fx.f.icmp("uge", &len, &width);
    let v = if ty.is_signed() {
        let t = fx.f.binop("ashr", &a, &pos_c);
        let len_c = fx.f.select(&len_full, &width, &len);
        let up = fx.f.binop("sub", &width, &len_c);
        let up = fx.f.select(&len_zero, &zero, &up);
        let left = fx.f.binop("shl", &t, &up);
        let ext = fx.f.binop("ashr", &left, &up);
        let ext = fx.f.select(&len_full, &t, &ext);
        fx.f.select(&len_zero, &zero, &ext)
    } else {
        let t = fx.f.binop("lshr", &a, &pos_c);
        let t = fx.f.select(&pos_big, &zero, &t);
        let mask = low_mask(fx, &len, bits);
        fx.f.binop("and", &t, &mask)
    };
    Ok(v)
}

/// (1 << len) - 1, all ones for len ≥ the width.
fn low_mask(fx: &mut FnCtx, len: &Val, bits: u32) -> Val {
    let full = fx.f.icmp("uge", len, &Val::int(bits, i128::from(bits)));
    let msb = Val::int(bits, i128::from(bits - 1));
    let len_c = fx.f.select(&full, &msb, len);
    let one = fx.f.binop("shl", &Val::int(bits, 1), &len_c);
    let mask = fx.f.binop("sub", &one, &Val::int(bits, 1));
    fx.f.select(&full, &Val::int(bits, -1), &mask)
}

/// bfi d, f, a, pos, len: a with `len` bits at `pos` replaced by f's low bits.
fn bfi(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<Val> {
    let f = fx.read(fx.operand(i, 1)?, ty)?;
    let a = fx.read(fx.operand(i, 2)?, ty)?;
    let bits = a.ty.bits();
    let (pos, len) = pos_len(fx, i, 3, bits)?;
    let pos_big =
        fx.f.icmp("ugt", &pos, &Val::int(bits, i128::from(bits - 1)));
    let safe_pos = fx.f.select(&pos_big, &Val::int(bits, 0), &pos);
    let field = low_mask(fx, &len, bits);
    let mask = fx.f.binop("shl", &field, &safe_pos);
    let keep = fx.f.binop("xor", &mask, &Val::int(bits, -1));
    let kept = fx.f.binop("and", &a, &keep);
    let moved = fx.f.binop("shl", &f, &safe_pos);
    let inserted = fx.f.binop("and", &moved, &mask);
    let v = fx.f.binop("or", &kept, &inserted);
    Ok(fx.f.select(&pos_big, &a, &v))
}

/// popc/clz/bfind: results are .u32 whatever the source width.
fn count(fx: &mut FnCtx, i: &Instruction, ty: Scalar) -> R<()> {
    let a = fx.sources(i, ty, 1)?.remove(0);
    let bits = a.ty.bits();
    let v = match i.opcode.as_str() {
        "popc" => {
            fx.f.intrinsic(Ty::I(bits), &format!("llvm.ctpop.i{bits}"), &[a])
        }
        "clz" => fx.f.intrinsic(
            Ty::I(bits),
            &format!("llvm.ctlz.i{bits}"),
            &[a, Val::int(1, 0)],
        ),
        _ => {
            // bfind: position of the most significant bit that differs from the sign (for .s) or
            // is set (.u); all ones when there is none; .shiftamt counts from the top instead.
            let source = if ty.is_signed() {
                let neg = fx.f.icmp("slt", &a, &Val::int(bits, 0));
                let inverted = fx.f.binop("xor", &a, &Val::int(bits, -1));
                fx.f.select(&neg, &inverted, &a)
            } else {
                a
            };
            let lz = fx.f.intrinsic(
                Ty::I(bits),
                &format!("llvm.ctlz.i{bits}"),
                &[source.clone(), Val::int(1, 0)],
            );
            let none = fx.f.icmp("eq", &source, &Val::int(bits, 0));
            let pos = if i.has("shiftamt") {
                lz
            } else {
                fx.f.binop("sub", &Val::int(bits, i128::from(bits - 1)), &lz)
            };
            fx.f.select(&none, &Val::int(bits, -1), &pos)
        }
    };
    let v = resize(fx, &v, 32);
    fx.write(&i.operands[0], Scalar::U32, v)
}

/// dp4a.atype.btype d, a, b, c: c + Σ a.byte[k]·b.byte[k]; dp2a.{lo,hi}: c + Σ a.half[k]·b.byte[k(+2)].
fn dot(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let (ta, tb) = fx.types(i)?;
    let a = fx.read(fx.operand(i, 1)?, Scalar::B32)?;
    let b = fx.read(fx.operand(i, 2)?, Scalar::B32)?;
    let mut acc = fx.read(fx.operand(i, 3)?, Scalar::B32)?;
    let four = i.opcode == "dp4a";
    let (a_width, count) = if four { (8, 4) } else { (16, 2) };
    let b_first = if i.has("hi") { 2 } else { 0 };
    for k in 0..count {
        let x = field(fx, &a, k * a_width, a_width, ta.is_signed());
        let y = field(
            fx,
            &b,
            (k + if four { 0 } else { b_first }) * 8,
            8,
            tb.is_signed(),
        );
        let p = fx.f.binop("mul", &x, &y);
        acc = fx.f.binop("add", &acc, &p);
    }
    let dst = if ta.is_signed() || tb.is_signed() {
        Scalar::S32
    } else {
        Scalar::U32
    };
    fx.write(&i.operands[0], dst, acc)
}

/// Bits [lo, lo+width) of a 32-bit value, sign- or zero-extended to 32 bits.
fn field(fx: &mut FnCtx, v: &Val, lo: u32, width: u32, signed: bool) -> Val {
    let up =
        fx.f.binop("shl", v, &Val::int(32, i128::from(32 - lo - width)));
    fx.f.binop(
        if signed { "ashr" } else { "lshr" },
        &up,
        &Val::int(32, i128::from(32 - width)),
    )
}

/// v{add,sub,absdiff,min,max}4.dtype.atype.btype{.sat} d, a, b, c: per byte, a's and b's bytes
/// (signed per their types) combined, saturated to dtype's byte range with .sat (else wrapped);
/// merge form: d = the four result bytes; .add form: d = c + the sum of the four results.
fn simd4(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let ts: Vec<Scalar> = i.mods.iter().filter_map(|m| Scalar::from_word(m)).collect();
    let [dty, aty, bty] = ts[..] else {
        return fx.err(format!("`{}` needs three types", i.spelled()));
    };
    let s = fx.sources(i, Scalar::B32, 3)?;
    let op = i.opcode.trim_start_matches('v').trim_end_matches('4');
    let mut merged = Val::int(32, 0);
    let mut sum = s[2].clone();
    for k in 0..4 {
        let x = field(fx, &s[0], 8 * k, 8, aty.is_signed());
        let y = field(fx, &s[1], 8 * k, 8, bty.is_signed());
        let r = match op {
            "add" => fx.f.binop("add", &x, &y),
            "sub" => fx.f.binop("sub", &x, &y),
            "absdiff" => {
                let d = fx.f.binop("sub", &x, &y);
                let neg = fx.f.binop("sub", &Val::int(32, 0), &d);
                let lt = fx.f.icmp("slt", &d, &Val::int(32, 0));
                fx.f.select(&lt, &neg, &d)
            }
            _ => {
                let lt = fx.f.icmp("slt", &x, &y);
                if op == "min" {
                    fx.f.select(&lt, &x, &y)
                } else {
                    fx.f.select(&lt, &y, &x)
                }
            }
        };
        let r = if i.has("sat") {
            let (lo, hi) = if dty.is_signed() {
                (-128, 127)
            } else {
                (0, 255)
            };
            let below = fx.f.icmp("slt", &r, &Val::int(32, lo));
            let above = fx.f.icmp("sgt", &r, &Val::int(32, hi));
            let r = fx.f.select(&below, &Val::int(32, lo), &r);
            fx.f.select(&above, &Val::int(32, hi), &r)
        } else {
            field(fx, &r, 0, 8, dty.is_signed())
        };
        sum = fx.f.binop("add", &sum, &r);
        let byte = fx.f.binop("and", &r, &Val::int(32, 0xff));
        let placed = fx.f.binop("shl", &byte, &Val::int(32, i128::from(8 * k)));
        merged = fx.f.binop("or", &merged, &placed);
    }
    let v = if i.has("add") { sum } else { merged };
    fx.write(&i.operands[0], dty, v)
}
