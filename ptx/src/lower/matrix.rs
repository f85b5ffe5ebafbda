//! Warp matrix instructions — `mma.sync`, `ldmatrix`, `stmatrix` — done lane by lane with
//! shuffles. AMD GPUs have no instruction with NVIDIA's fragment layouts, so each lane gathers
//! the matrix elements it needs from the lanes that hold them (`__ptx_shfl_idx`, which keeps
//! the wavefront rule) and computes its own results. The layouts are the PTX ISA's ("Matrix
//! fragments for mma.m16n8k*"): with g = %laneid / 4 and t = %laneid % 4, an A register holds
//! row g (+8) and E consecutive k of one k-chunk of 4·E, from position t·E; a B register the
//! same k of column g; a C/D register row g (+8), column 2t (+1).

use super::memory::address;
use super::{FnCtx, R};
use crate::ast::{Instruction, Operand, Scalar, Space};
use crate::ir::{Ty, Val};

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    match i.opcode.as_str() {
        "mma" => mma(fx, i),
        _ => ldmatrix_or_stmatrix(fx, i),
    }
}

/// The element type of an A or B operand, and how many fit one 32-bit register (E).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Elem {
    F16,
    Bf16,
    /// tf32: an f32 bit pattern whose low 13 mantissa bits the multiply ignores.
    Tf32,
    F64,
    S8,
    U8,
}

impl Elem {
    pub(super) fn of(word: &str) -> Option<Elem> {
        Some(match word {
            "f16" => Elem::F16,
            "bf16" => Elem::Bf16,
            "tf32" => Elem::Tf32,
            "f64" => Elem::F64,
            "s8" => Elem::S8,
            "u8" => Elem::U8,
            _ => return None,
        })
    }

    fn per_register(self) -> u32 {
        match self {
            Elem::F16 | Elem::Bf16 => 2,
            Elem::S8 | Elem::U8 => 4,
            Elem::Tf32 | Elem::F64 => 1,
        }
    }

    pub(super) fn bits(self) -> u32 {
        match self {
            Elem::F64 => 64,
            Elem::Tf32 => 32,
            _ => 32 / self.per_register(),
        }
    }
}

/// The accumulator (C and D) type.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Acc {
    F16,
    F32,
    F64,
    S32,
}

impl Acc {
    pub(super) fn of(word: &str) -> Option<Acc> {
        Some(match word {
            "f16" => Acc::F16,
            "f32" => Acc::F32,
            "f64" => Acc::F64,
            "s32" => Acc::S32,
            _ => return None,
        })
    }

    /// The PTX type of one C/D register (f16: two packed in `.b32`).
    fn scalar(self) -> Scalar {
        match self {
            Acc::F16 => Scalar::B32,
            Acc::F32 => Scalar::F32,
            Acc::F64 => Scalar::F64,
            Acc::S32 => Scalar::S32,
        }
    }

    /// Type the sums are taken in: f16 results are summed in f32 and rounded once; s32 in i64
    /// (wrapped, or clamped by `.satfinite`).
    pub(super) fn sum_ty(self) -> Ty {
        match self {
            Acc::F16 | Acc::F32 => Ty::Float,
            Acc::F64 => Ty::Double,
            Acc::S32 => Ty::I(64),
        }
    }
}

/// One `mma.sync` form: M×8×K, its operand types.
struct Shape {
    m: u32,
    k: u32,
    d: Acc,
    a: Elem,
    b: Elem,
    c: Acc,
}

impl Shape {
    fn parse(fx: &FnCtx, i: &Instruction) -> R<Shape> {
        let spelled = i.spelled();
        let shape = i
            .mods
            .iter()
            .find(|m| m.starts_with('m') && m.contains('n'));
        let (m, k) = match shape.map(String::as_str) {
            Some("m16n8k4") => (16, 4),
            Some("m16n8k8") => (16, 8),
            Some("m16n8k16") => (16, 16),
            Some("m16n8k32") => (16, 32),
            Some("m8n8k4") => (8, 4),
            Some("m8n8k16") => (8, 16),
            _ => return fx.err(format!("`{spelled}`: this mma shape is not translated")),
        };
        let types: Vec<&str> = i
            .mods
            .iter()
            .map(String::as_str)
            .filter(|w| Elem::of(w).is_some() || Acc::of(w).is_some())
            .collect();
        let [d, a, b, c] = types[..] else {
            return fx.err(format!(
                "`{spelled}` needs four types (.dtype.atype.btype.ctype)"
            ));
        };
        let (Some(d), Some(a), Some(b), Some(c)) =
            (Acc::of(d), Elem::of(a), Elem::of(b), Acc::of(c))
        else {
            return fx.err(format!("`{spelled}`: these mma types are not translated"));
        };
        let s = Shape { m, k, d, a, b, c };
        if !(i.has("row") && i.has("col") && s.valid()) {
            return fx.err(format!(
                "`{spelled}` is not translated (translated: .row.col m16n8k8/k16 f16/bf16, \
                 m16n8k4/k8 tf32, m16n8k16/k32 and m8n8k16 s8/u8, m8n8k4 f64)"
            ));
        }
        Ok(s)
    }

    /// The forms the PTX ISA defines with these layouts.
    fn valid(&self) -> bool {
        let ints = |e: Elem| matches!(e, Elem::S8 | Elem::U8);
        let (m, k) = (self.m, self.k);
        match self.a {
            Elem::F16 | Elem::Bf16 => {
                self.b == self.a
                    && m == 16
                    && (k == 8 || k == 16)
                    && (self.c == self.d)
                    && (self.d == Acc::F32 || (self.d == Acc::F16 && self.a == Elem::F16))
            }
            Elem::Tf32 => {
                self.b == Elem::Tf32
                    && m == 16
                    && (k == 4 || k == 8)
                    && self.d == Acc::F32
                    && self.c == Acc::F32
            }
            Elem::F64 => {
                self.b == Elem::F64 && (m, k) == (8, 4) && self.d == Acc::F64 && self.c == Acc::F64
            }
            Elem::S8 | Elem::U8 => {
                ints(self.b)
                    && matches!((m, k), (16, 16) | (16, 32) | (8, 16))
                    && self.d == Acc::S32
                    && self.c == Acc::S32
            }
        }
    }

    /// 8-row tiles of M.
    fn tiles(&self) -> u32 {
        self.m / 8
    }

    /// k-chunks of 4·E.
    fn chunks(&self) -> u32 {
        self.k / (4 * self.a.per_register())
    }

    fn a_registers(&self) -> u32 {
        self.tiles() * self.chunks()
    }

    /// C/D registers: two per tile (f16: both columns in one).
    fn c_registers(&self, acc: Acc) -> u32 {
        if acc == Acc::F16 {
            self.tiles()
        } else {
            2 * self.tiles()
        }
    }
}

/// The registers of vector operand `n`, checked to be `count` long.
pub(super) fn registers<'i>(
    fx: &FnCtx,
    i: &'i Instruction,
    n: usize,
    count: u32,
) -> R<&'i [Operand]> {
    match fx.operand(i, n)? {
        Operand::Vector(parts) if parts.len() == count as usize => Ok(parts),
        _ => fx.err(format!(
            "operand {} of `{}` must be a vector of {count} registers",
            n + 1,
            i.spelled()
        )),
    }
}

/// Register `op` as raw bits: i32, or i64 for f64 operands.
pub(super) fn read_bits(fx: &mut FnCtx, op: &Operand, bits: u32) -> R<Val> {
    fx.read(op, bit_scalar(bits))
}

/// The untyped register type of `bits` (32 or 64).
pub(super) fn bit_scalar(bits: u32) -> Scalar {
    if bits == 64 {
        Scalar::B64
    } else {
        Scalar::B32
    }
}

/// `v` (i32 or i64) from lane `lane` of the caller's 32-lane warp.
pub(super) fn shuffle(fx: &mut FnCtx, v: &Val, lane: &Val) -> Val {
    if v.ty == Ty::I(64) {
        let lo = fx.f.cast("trunc", v, Ty::I(32));
        let hi = fx.f.binop("lshr", v, &Val::int(64, 32));
        let hi = fx.f.cast("trunc", &hi, Ty::I(32));
        let (lo, hi) = (shuffle(fx, &lo, lane), shuffle(fx, &hi, lane));
        let lo = fx.f.cast("zext", &lo, Ty::I(64));
        let hi = fx.f.cast("zext", &hi, Ty::I(64));
        let hi = fx.f.binop("shl", &hi, &Val::int(64, 32));
        return fx.f.binop("or", &lo, &hi);
    }
    let pair = Ty::Struct(vec![Ty::I(32), Ty::I(1)]);
    let args = [
        v.clone(),
        lane.clone(),
        Val::int(32, 0x1f),
        Val::int(32, -1),
    ];
    let r = fx.call_prelude(pair, "__ptx_shfl_idx", &args);
    fx.f.extract_value(&r, 0, Ty::I(32))
}

/// Element `e` of register bits `reg`, as a value of the sum type `to`.
pub(super) fn element(fx: &mut FnCtx, reg: &Val, e: u32, elem: Elem, to: &Ty) -> Val {
    match elem {
        Elem::F64 => return fx.f.cast("bitcast", reg, Ty::Double),
        Elem::Bf16 => return super::arith::bf16_lane_to_f32(fx, reg, e),
        _ => {}
    }
    let bits = elem.bits();
    let shifted = fx.f.binop("lshr", reg, &Val::int(32, i128::from(e * bits)));
    let part = fx.f.cast("trunc", &shifted, Ty::I(bits));
    match elem {
        Elem::F16 => {
            let h = fx.f.cast("bitcast", &part, Ty::Half);
            fx.f.cast("fpext", &h, to.clone())
        }
        Elem::Tf32 => {
            let kept =
                fx.f.binop("and", &part, &Val::int(32, 0xffff_e000u32 as i32 as i128));
            fx.f.cast("bitcast", &kept, Ty::Float)
        }
        Elem::S8 => fx.f.cast("sext", &part, to.clone()),
        _ => fx.f.cast("zext", &part, to.clone()),
    }
}

/// The accumulator values of C as sums: [tile][column] (column 0 is 2t, 1 is 2t+1).
pub(super) fn read_accumulators(fx: &mut FnCtx, regs: &[Operand], acc: Acc) -> R<Vec<[Val; 2]>> {
    let sum = acc.sum_ty();
    let mut out = Vec::new();
    for tile in 0..regs.len() / if acc == Acc::F16 { 1 } else { 2 } {
        let pair = if acc == Acc::F16 {
            let bits = fx.read(&regs[tile], acc.scalar())?;
            [0, 1].map(|e| element(fx, &bits, e, Elem::F16, &sum))
        } else {
            let mut two = Vec::new();
            for col in 0..2 {
                let v = fx.read(&regs[2 * tile + col], acc.scalar())?;
                two.push(if acc == Acc::S32 {
                    fx.f.cast("sext", &v, Ty::I(64))
                } else {
                    v
                });
            }
            [two[0].clone(), two[1].clone()]
        };
        out.push(pair);
    }
    Ok(out)
}

/// `sum + a·b` in the sum type: one correctly rounded multiply-add for floats (the products of
/// f16, bf16 and tf32 elements are exact in f32), a 64-bit multiply-add for integers.
pub(super) fn multiply_add(fx: &mut FnCtx, a: &Val, b: &Val, sum: &Val) -> Val {
    match sum.ty {
        Ty::I(_) => {
            let p = fx.f.binop("mul", a, b);
            fx.f.binop("add", sum, &p)
        }
        Ty::Double => fx.f.intrinsic(
            Ty::Double,
            "llvm.fma.f64",
            &[a.clone(), b.clone(), sum.clone()],
        ),
        _ => fx.f.intrinsic(
            Ty::Float,
            "llvm.fma.f32",
            &[a.clone(), b.clone(), sum.clone()],
        ),
    }
}

/// `mma.sync.aligned.shape.row.col.dtype.atype.btype.ctype d, a, b, c`: each lane computes its
/// D elements as C plus the products in k order, gathering A's row from the lanes of its group
/// (4g … 4g+3) and B's two columns from lanes 4·2t+… and 4·(2t+1)+…. NVIDIA's tensor cores add
/// in their own order and precision: results agree exactly where each partial sum is exact.
fn mma(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let s = Shape::parse(fx, i)?;
    let d_regs = registers(fx, i, 0, s.c_registers(s.d))?;
    let a_regs = registers(fx, i, 1, s.a_registers())?;
    let b_regs = registers(fx, i, 2, s.chunks())?;
    let c_regs = registers(fx, i, 3, s.c_registers(s.c))?;
    let a_bits = s.a.bits().max(32);
    let a: Vec<Val> = a_regs
        .iter()
        .map(|r| read_bits(fx, r, a_bits))
        .collect::<R<_>>()?;
    let b: Vec<Val> = b_regs
        .iter()
        .map(|r| read_bits(fx, r, a_bits))
        .collect::<R<_>>()?;
    let mut sums = read_accumulators(fx, c_regs, s.c)?;
    let lane = fx.call_prelude(Ty::I(32), "__ptx_sreg_laneid", &[]);
    let group_base = fx.f.binop("and", &lane, &Val::int(32, !3));
    let t2 = fx.f.binop("and", &lane, &Val::int(32, 3));
    let col_base = fx.f.binop("shl", &t2, &Val::int(32, 3)); // lane 4·(2t) of column 2t
    let sum_ty = s.c.sum_ty();
    // What lane t of the group holds: its A registers, and its B registers for both columns.
    let mut a_t = Vec::new();
    let mut b_t = Vec::new();
    for t in 0..4 {
        let from_a = fx.f.binop("or", &group_base, &Val::int(32, t));
        a_t.push(
            a.iter()
                .map(|r| shuffle(fx, r, &from_a))
                .collect::<Vec<_>>(),
        );
        let mut cols = Vec::new();
        for col in 0..2 {
            let from_b = fx.f.binop("or", &col_base, &Val::int(32, 4 * col + t));
            cols.push(
                b.iter()
                    .map(|r| shuffle(fx, r, &from_b))
                    .collect::<Vec<_>>(),
            );
        }
        b_t.push(cols);
    }
    // k = chunk·4E + t·E + e, in ascending order.
    for chunk in 0..s.chunks() as usize {
        for (t, a_held) in a_t.iter().enumerate() {
            for e in 0..s.a.per_register() {
                let bv = [0, 1].map(|col| element(fx, &b_t[t][col][chunk], e, s.b, &sum_ty));
                for tile in 0..s.tiles() as usize {
                    let a_reg = &a_held[tile + s.tiles() as usize * chunk];
                    let av = element(fx, a_reg, e, s.a, &sum_ty);
                    for (col, bv) in bv.iter().enumerate() {
                        sums[tile][col] = multiply_add(fx, &av, bv, &sums[tile][col]);
                    }
                }
            }
        }
    }
    write_accumulators(fx, i, d_regs, s.d, &sums)
}

/// D's registers from the sums: rounded to f32 / f16, or s32 wrapped (`.satfinite`: clamped).
pub(super) fn write_accumulators(
    fx: &mut FnCtx,
    i: &Instruction,
    regs: &[Operand],
    acc: Acc,
    sums: &[[Val; 2]],
) -> R<()> {
    for (tile, pair) in sums.iter().enumerate() {
        match acc {
            Acc::F16 => {
                let mut packed = Val::int(32, 0);
                for (e, v) in pair.iter().enumerate() {
                    let h = fx.f.cast("fptrunc", v, Ty::Half);
                    let bits = fx.f.cast("bitcast", &h, Ty::I(16));
                    let wide = fx.f.cast("zext", &bits, Ty::I(32));
                    let placed = fx.f.binop("shl", &wide, &Val::int(32, 16 * e as i128));
                    packed = fx.f.binop("or", &packed, &placed);
                }
                fx.write(&regs[tile], acc.scalar(), packed)?;
            }
            Acc::S32 => {
                for (col, v) in pair.iter().enumerate() {
                    let v = if i.has("satfinite") {
                        clamp_to_i32(fx, v)
                    } else {
                        v.clone()
                    };
                    let v = fx.f.cast("trunc", &v, Ty::I(32));
                    fx.write(&regs[2 * tile + col], acc.scalar(), v)?;
                }
            }
            Acc::F32 | Acc::F64 => {
                for (col, v) in pair.iter().enumerate() {
                    fx.write(&regs[2 * tile + col], acc.scalar(), v.clone())?;
                }
            }
        }
    }
    Ok(())
}

fn clamp_to_i32(fx: &mut FnCtx, v: &Val) -> Val {
    let (lo, hi) = (
        Val::int(64, i128::from(i32::MIN)),
        Val::int(64, i128::from(i32::MAX)),
    );
    let below = fx.f.icmp("slt", v, &lo);
    let v = fx.f.select(&below, &lo, v);
    let above = fx.f.icmp("sgt", &v, &hi);
    fx.f.select(&above, &hi, &v)
}

/// `ldmatrix.sync.aligned.m8n8.{x1,x2,x4}{.trans}{.shared}.b16 d, [p]` and sm_90's
/// `stmatrix.sync.aligned.m8n8.{x1,x2,x4}{.trans}{.shared}.b16 [p], r`: 8×8 matrices of 16-bit
/// elements in shared memory, row r of matrix q at the address lane 8q + r gives. Lane L's
/// register q holds row L/4, columns 2(L%4) and +1 (`.trans`: column L/4, rows 2(L%4) and +1).
fn ldmatrix_or_stmatrix(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let spelled = i.spelled();
    let count = match ["x1", "x2", "x4"].iter().position(|x| i.has(x)) {
        Some(p) => 1u32 << p,
        None => return fx.err(format!("`{spelled}` needs .x1, .x2 or .x4")),
    };
    if !i.has("m8n8") || !i.has("b16") {
        return fx.err(format!(
            "`{spelled}`: only .m8n8 matrices of .b16 are translated"
        ));
    }
    let load = i.opcode == "ldmatrix";
    let (regs_at, addr_at) = if load { (0, 1) } else { (1, 0) };
    let regs = registers(fx, i, regs_at, count)?;
    let space = if i.has("shared") || i.has("shared::cta") {
        Space::Shared
    } else {
        Space::Generic
    };
    let ptr = address(fx, fx.operand(i, addr_at)?, space)?;
    let addr = fx.f.cast("ptrtoint", &ptr, Ty::I(64));
    // Shared addresses fit 32 bits (one shuffle); generic ones take two.
    let addr = if space == Space::Shared {
        fx.f.cast("trunc", &addr, Ty::I(32))
    } else {
        addr
    };
    let lane = fx.call_prelude(Ty::I(32), "__ptx_sreg_laneid", &[]);
    let quad = fx.f.binop("lshr", &lane, &Val::int(32, 2));
    let pos = fx.f.binop("and", &lane, &Val::int(32, 3));
    for (q, reg) in regs.iter().enumerate() {
        let base = Val::int(32, 8 * q as i128);
        // Per 16-bit half: (the lane whose row address to use, byte offset in that row).
        let halves = if i.has("trans") {
            let row = fx.f.binop("shl", &pos, &Val::int(32, 1));
            let row = fx.f.binop("or", &row, &base);
            let next = fx.f.binop("or", &row, &Val::int(32, 1));
            let col = fx.f.binop("shl", &quad, &Val::int(32, 1));
            vec![(row, col.clone()), (next, col)]
        } else {
            let row = fx.f.binop("or", &quad, &base);
            vec![(row, fx.f.binop("shl", &pos, &Val::int(32, 2)))]
        };
        let width = 32 / halves.len() as u32;
        let mut value = if load {
            Val::int(32, 0)
        } else {
            fx.read(reg, Scalar::B32)?
        };
        for (h, (row, offset)) in halves.iter().enumerate() {
            let at = row_element(fx, &addr, row, offset, space);
            let shift = Val::int(32, (h as u32 * width) as i128);
            if load {
                let v = fx.f.load(Ty::I(width), &at, u64::from(width / 8), false);
                let v = fx.f.cast("zext", &v, Ty::I(32));
                let v = fx.f.binop("shl", &v, &shift);
                value = fx.f.binop("or", &value, &v);
            } else {
                let v = fx.f.binop("lshr", &value, &shift);
                let v = fx.f.cast("trunc", &v, Ty::I(width));
                fx.f.store(&v, &at, u64::from(width / 8), false);
            }
        }
        if load {
            fx.write(reg, Scalar::B32, value)?;
        }
    }
    Ok(())
}

/// Pointer to byte `offset` of the row whose address lane `row` holds.
fn row_element(fx: &mut FnCtx, addr: &Val, row: &Val, offset: &Val, space: Space) -> Val {
    let base = shuffle(fx, addr, row);
    let base = fx.f.cast("zext", &base, Ty::I(64));
    let ptr = fx.f.cast(
        "inttoptr",
        &base,
        Ty::Ptr(crate::target::space_number(fx.target(), space)),
    );
    let offset = fx.f.cast("zext", offset, Ty::I(64));
    fx.f.byte_offset(&ptr, &offset)
}
