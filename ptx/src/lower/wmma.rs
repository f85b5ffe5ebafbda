//! `wmma` — the warp-wide matrix multiply-accumulate behind CUDA's `nvcuda::wmma` (mma.h):
//! `wmma.load.{a,b,c}`, `wmma.mma`, `wmma.store.d`. Unlike `mma.sync` (matrix.rs), the PTX ISA
//! leaves which lane holds which element of a WMMA fragment unspecified — only the register
//! counts are fixed — so the translator picks its own layout, and loads and stores place the
//! elements by it whatever the memory layout (`.row` / `.col`, the stride): `wmma.mma` then needs
//! neither layout. The layout: a lane holds part of one row (A, C, D) or one column (B); with
//! R rows (columns) and E elements per lane, lane L holds row (column) L mod R, positions
//! ((L div R)·E + e) mod (its length) for e < E. Where NVIDIA's fragments hold more elements than
//! the matrix has (f16 multiplicands: 16 per lane), lanes hold copies of whole rows or columns.
//! Each lane computes its D elements as C plus the products in k order (one multiply-add each,
//! in f32 for f16 / bf16 / tf32 products, which are exact there), gathering A's row and B's
//! columns from the lanes that hold them with shuffles (the wavefront rule holds).

use super::bits::resize;
use super::matrix::{self, Acc, Elem};
use super::memory::{address, space_of};
use super::{FnCtx, R};
use crate::ast::{Instruction, Operand, Scalar};
use crate::ir::{Ty, Val};

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let shape = Shape::parse(fx, i)?;
    if i.has("mma") {
        multiply_add(fx, i, &shape)
    } else if i.has("load") || i.has("store") {
        load_or_store(fx, i, &shape)
    } else {
        fx.err(format!("`{}` needs .load, .store or .mma", i.spelled()))
    }
}

/// The M×N×K of a `wmma` instruction.
struct Shape {
    m: u32,
    n: u32,
    k: u32,
}

impl Shape {
    fn parse(fx: &FnCtx, i: &Instruction) -> R<Shape> {
        let (m, n, k) = match ["m16n16k16", "m32n8k16", "m8n32k16", "m16n16k8", "m8n8k4"]
            .iter()
            .find(|s| i.has(s))
        {
            Some(&"m16n16k16") => (16, 16, 16),
            Some(&"m32n8k16") => (32, 8, 16),
            Some(&"m8n32k16") => (8, 32, 16),
            Some(&"m16n16k8") => (16, 16, 8),
            Some(_) => (8, 8, 4),
            None => {
                return fx.err(format!(
                    "`{}`: this wmma shape is not translated (translated: m16n16k16, m32n8k16, \
                     m8n32k16, m16n16k8, m8n8k4)",
                    i.spelled()
                ))
            }
        };
        Ok(Shape { m, n, k })
    }
}

/// An element type of a fragment: a multiplicand's or an accumulator's.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Multiplicand(Elem),
    Accumulator(Acc),
}

impl Kind {
    fn of(word: &str, accumulator: bool) -> Option<Kind> {
        match accumulator {
            true => Acc::of(word).map(Kind::Accumulator),
            false => Elem::of(word).map(Kind::Multiplicand),
        }
    }

    fn bits(self) -> u32 {
        match self {
            Kind::Multiplicand(e) => e.bits(),
            Kind::Accumulator(Acc::F16) => 16,
            Kind::Accumulator(Acc::F64) => 64,
            Kind::Accumulator(_) => 32,
        }
    }

    /// Register bits and elements per register.
    fn register(self) -> (u32, u32) {
        match self.bits() {
            64 => (64, 1),
            bits => (32, 32 / bits),
        }
    }
}

/// One fragment: which matrix (`a`, `b`, `c`/`d`), its element kind, its size and layout.
struct Fragment {
    kind: Kind,
    rows: u32,
    cols: u32,
    /// A lane holds (part of) a column, not a row: B.
    by_column: bool,
    per_lane: u32,
}

impl Fragment {
    fn new(which: &str, kind: Kind, s: &Shape) -> Fragment {
        let (rows, cols, by_column) = match which {
            "a" => (s.m, s.k, false),
            "b" => (s.k, s.n, true),
            _ => (s.m, s.n, false),
        };
        // NVIDIA's f16 multiplicand fragments are 8 registers on every shape (copies included).
        let per_lane = match kind {
            Kind::Multiplicand(Elem::F16) => 16,
            _ => rows * cols / 32,
        };
        Fragment {
            kind,
            rows,
            cols,
            by_column,
            per_lane,
        }
    }

    fn registers(&self) -> u32 {
        self.per_lane / self.kind.register().1
    }

    /// (rows or columns held, their length): the lines a lane holds and how long each is.
    fn lines(&self) -> (u32, u32) {
        match self.by_column {
            true => (self.cols, self.rows),
            false => (self.rows, self.cols),
        }
    }

    /// Row and column of element `e` of lane `lane` (i32 values).
    fn position(&self, fx: &mut FnCtx, lane: &Val, e: u32) -> (Val, Val) {
        let (count, length) = self.lines();
        let line = fx.f.binop("urem", lane, &Val::int(32, i128::from(count)));
        let part = fx.f.binop("udiv", lane, &Val::int(32, i128::from(count)));
        let first =
            fx.f.binop("mul", &part, &Val::int(32, i128::from(self.per_lane)));
        let at = fx.f.binop("add", &first, &Val::int(32, i128::from(e)));
        let at = fx.f.binop("urem", &at, &Val::int(32, i128::from(length)));
        match self.by_column {
            true => (at, line),
            false => (line, at),
        }
    }
}

/// The fragment a `wmma.load` / `wmma.store` names, with its matrix letter.
fn fragment_of(fx: &FnCtx, i: &Instruction, s: &Shape) -> R<Fragment> {
    let spelled = i.spelled();
    let Some(which) = ["a", "b", "c", "d"].into_iter().find(|w| i.has(w)) else {
        return fx.err(format!("`{spelled}` needs .a, .b, .c or .d"));
    };
    let accumulator = matches!(which, "c" | "d");
    let kind = i.mods.iter().find_map(|w| Kind::of(w, accumulator));
    match kind {
        Some(kind) if valid(s, kind) => Ok(Fragment::new(which, kind, s)),
        _ => fx.err(format!(
            "`{spelled}`: this wmma element type is not translated for this shape"
        )),
    }
}

/// The element types the PTX ISA defines for each shape.
fn valid(s: &Shape, kind: Kind) -> bool {
    let f64_shape = (s.m, s.n, s.k) == (8, 8, 4);
    let tf32_shape = (s.m, s.n, s.k) == (16, 16, 8);
    match kind {
        Kind::Multiplicand(Elem::F64) | Kind::Accumulator(Acc::F64) => f64_shape,
        Kind::Multiplicand(Elem::Tf32) => tf32_shape,
        Kind::Accumulator(Acc::F32) => !f64_shape,
        _ => !f64_shape && !tf32_shape,
    }
}

/// `wmma.load.{a,b,c}.sync.aligned.{row,col}.shape{.ss}.type r, [p]{, stride}` and
/// `wmma.store.d.sync.aligned.{row,col}.shape{.ss}.type [p], r{, stride}`: each lane moves its
/// own elements; the stride (in elements) defaults to the length of a row (`.row`) or column.
fn load_or_store(fx: &mut FnCtx, i: &Instruction, s: &Shape) -> R<()> {
    let frag = fragment_of(fx, i, s)?;
    let load = i.has("load");
    let (regs_at, addr_at) = if load { (0, 1) } else { (1, 0) };
    let regs = matrix::registers(fx, i, regs_at, frag.registers())?.to_vec();
    let by_row = i.has("row");
    if !by_row && !i.has("col") {
        return fx.err(format!("`{}` needs .row or .col", i.spelled()));
    }
    let base = address(fx, fx.operand(i, addr_at)?, space_of(i))?;
    let stride = match i.operands.get(2) {
        Some(op) => fx.read(op, Scalar::U32)?,
        None => Val::int(32, i128::from(if by_row { frag.cols } else { frag.rows })),
    };
    let lane = fx.call_prelude(Ty::I(32), "__ptx_sreg_laneid", &[]);
    let place = Place {
        base,
        stride,
        by_row,
        lane,
    };
    let bits = frag.kind.bits();
    let (reg_bits, per_reg) = frag.kind.register();
    for (r, reg) in regs.iter().enumerate() {
        let mut word = match load {
            true => Val::int(reg_bits, 0),
            false => matrix::read_bits(fx, reg, reg_bits)?,
        };
        for h in 0..per_reg {
            let at = place.of(fx, &frag, r as u32 * per_reg + h);
            let shift = Val::int(reg_bits, i128::from(h * bits));
            if load {
                let v = fx.f.load(Ty::I(bits), &at, u64::from(bits / 8), false);
                let v = resize(fx, &v, reg_bits);
                let v = fx.f.binop("shl", &v, &shift);
                word = fx.f.binop("or", &word, &v);
            } else {
                let v = fx.f.binop("lshr", &word, &shift);
                let v = resize(fx, &v, bits);
                fx.f.store(&v, &at, u64::from(bits / 8), false);
            }
        }
        if load {
            fx.write(reg, matrix::bit_scalar(reg_bits), word)?;
        }
    }
    Ok(())
}

/// Where a lane's elements are in memory: the matrix's address, its stride in elements, its
/// layout, and the lane.
struct Place {
    base: Val,
    stride: Val,
    by_row: bool,
    lane: Val,
}

impl Place {
    /// Pointer to element `e` of the lane's fragment `frag`.
    fn of(&self, fx: &mut FnCtx, frag: &Fragment, e: u32) -> Val {
        let (row, col) = frag.position(fx, &self.lane, e);
        let (major, minor) = if self.by_row { (row, col) } else { (col, row) };
        let index = fx.f.binop("mul", &major, &self.stride);
        let index = fx.f.binop("add", &index, &minor);
        let index = fx.f.cast("zext", &index, Ty::I(64));
        let bytes = Val::int(64, i128::from(frag.kind.bits() / 8));
        let offset = fx.f.binop("mul", &index, &bytes);
        fx.f.byte_offset(&self.base, &offset)
    }
}

/// `wmma.mma.sync.aligned.alayout.blayout.shape.dtype.ctype d, a, b, c` (f16 multiplicands) or
/// `….dtype.atype.btype.ctype{.satfinite}` / `….rn.f64.f64.f64.f64`: lane L computes its D
/// elements — row i = L mod M, columns from (L div M)·E — from A's row i and B's columns.
fn multiply_add(fx: &mut FnCtx, i: &Instruction, s: &Shape) -> R<()> {
    let spelled = i.spelled();
    let types: Vec<&str> = (i.mods.iter().map(String::as_str))
        .filter(|w| Elem::of(w).is_some() || Acc::of(w).is_some())
        .collect();
    let kinds = match types[..] {
        [d, c] => (Acc::of(d), Some(Elem::F16), Some(Elem::F16), Acc::of(c)),
        [d, a, b, c] => (Acc::of(d), Elem::of(a), Elem::of(b), Acc::of(c)),
        _ => (None, None, None, None),
    };
    let (Some(d), Some(a), Some(b), Some(c)) = kinds else {
        return fx.err(format!("`{spelled}`: these wmma types are not translated"));
    };
    let all = [
        Kind::Accumulator(d),
        Kind::Multiplicand(a),
        Kind::Multiplicand(b),
        Kind::Accumulator(c),
    ];
    // A and B of one type (NVIDIA's ptxas refuses s8 × u8 here, which mma.sync takes).
    let consistent = b == a
        && match a {
            Elem::S8 | Elem::U8 => d == Acc::S32 && c == Acc::S32,
            Elem::F16 => [d, c].iter().all(|t| matches!(t, Acc::F16 | Acc::F32)),
            Elem::F64 => d == Acc::F64 && c == Acc::F64,
            _ => d == Acc::F32 && c == Acc::F32,
        };
    if !consistent || !all.iter().all(|k| valid(s, *k)) {
        return fx.err(format!("`{spelled}`: these wmma types are not translated"));
    }
    if super::arith::rounding(i) != 0 {
        return fx.err(format!(
            "`{spelled}`: directed rounding of wmma's f64 multiply-adds is not translated"
        ));
    }
    let (fa, fb) = (
        Fragment::new("a", Kind::Multiplicand(a), s),
        Fragment::new("b", Kind::Multiplicand(b), s),
    );
    let (fc, fd) = (
        Fragment::new("c", Kind::Accumulator(c), s),
        Fragment::new("d", Kind::Accumulator(d), s),
    );
    let d_regs = matrix::registers(fx, i, 0, fd.registers())?.to_vec();
    let a_regs = matrix::registers(fx, i, 1, fa.registers())?.to_vec();
    let b_regs = matrix::registers(fx, i, 2, fb.registers())?.to_vec();
    let c_regs = matrix::registers(fx, i, 3, fc.registers())?.to_vec();
    let read = |fx: &mut FnCtx, regs: &[Operand], f: &Fragment| -> R<Vec<Val>> {
        let bits = f.kind.register().0;
        regs.iter()
            .map(|r| matrix::read_bits(fx, r, bits))
            .collect()
    };
    let (a_bits, b_bits) = (read(fx, &a_regs, &fa)?, read(fx, &b_regs, &fb)?);
    let sums = matrix::read_accumulators(fx, &c_regs, c)?;
    let mut sums: Vec<Val> = sums.into_iter().flatten().collect();
    let sum_ty = c.sum_ty();
    let lane = fx.call_prelude(Ty::I(32), "__ptx_sreg_laneid", &[]);
    let (row, first_col) = fd.position(fx, &lane, 0);
    let a_row = gather(fx, &fa, &a_bits, &row, a, &sum_ty);
    for (e, sum) in sums.iter_mut().enumerate() {
        let col = fx.f.binop("add", &first_col, &Val::int(32, e as i128));
        let b_col = gather(fx, &fb, &b_bits, &col, b, &sum_ty);
        for (av, bv) in a_row.iter().zip(&b_col) {
            *sum = matrix::multiply_add(fx, av, bv, sum);
        }
    }
    let pairs: Vec<[Val; 2]> = sums
        .chunks_exact(2)
        .map(|p| [p[0].clone(), p[1].clone()])
        .collect();
    matrix::write_accumulators(fx, i, &d_regs, d, &pairs)
}

/// Line `line` (A's row or B's column) in k order, as values of the sum type. Position k of a
/// line is element k mod E of the lane holding part k div E of it (lane line + part·lines).
fn gather(fx: &mut FnCtx, f: &Fragment, regs: &[Val], line: &Val, elem: Elem, to: &Ty) -> Vec<Val> {
    let per_reg = f.kind.register().1;
    let (count, length) = f.lines();
    let parts = length.div_ceil(f.per_lane);
    let held: Vec<Vec<Val>> = (0..parts)
        .map(|part| {
            let lane =
                fx.f.binop("add", line, &Val::int(32, i128::from(part * count)));
            regs.iter().map(|r| matrix::shuffle(fx, r, &lane)).collect()
        })
        .collect();
    (0..length)
        .map(|k| {
            let index = k % f.per_lane;
            let reg = &held[(k / f.per_lane) as usize][(index / per_reg) as usize];
            matrix::element(fx, reg, index % per_reg, elem, to)
        })
        .collect()
}
