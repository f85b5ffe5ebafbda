//! Warp matrix instructions (ptx/src/lower/matrix.rs) run by a warp of 32 host threads: each
//! mma form's kernel loads its fragments, runs the instruction, stores the result, and a C harness
//! checks every lane's elements against the PTX ISA's fragment tables (written here from the
//! ISA, apart from the lowering's own model) and an exact reference product; ldmatrix and
//! stmatrix move 8×8 matrices between shared memory and every lane's registers as the ISA lays
//! them out.

mod common;

use common::{ir, llc, run_warp_on_host, TARGETS, WARP_RUNTIME};

/// How an element is stored: its C encoding (`encode_KIND` in `HARNESS`) and its bits.
#[derive(Clone, Copy)]
enum Kind {
    F16,
    Bf16,
    Tf32,
    F32,
    F64,
    S8,
    U8,
    S32,
}

impl Kind {
    fn bits(self) -> u32 {
        match self {
            Kind::F16 | Kind::Bf16 => 16,
            Kind::S8 | Kind::U8 => 8,
            Kind::F64 => 64,
            _ => 32,
        }
    }

    fn c_name(self) -> &'static str {
        match self {
            Kind::F16 => "F16",
            Kind::Bf16 => "BF16",
            Kind::Tf32 => "TF32",
            Kind::F32 => "F32",
            Kind::F64 => "F64",
            Kind::S8 => "S8",
            Kind::U8 => "U8",
            Kind::S32 => "S32",
        }
    }
}

/// One operand's fragment: element kind, elements per lane, and the ISA's row / column of
/// element i in terms of g (%laneid / 4) and t (%laneid % 4).
struct Fragment {
    kind: Kind,
    elements: u32,
    row: &'static str,
    col: &'static str,
}

struct Form {
    spelled: &'static str,
    m: u32,
    k: u32,
    a: Fragment,
    b: Fragment,
    c: Fragment,
    /// C near INT32_MAX, so that sums overflow (`.satfinite` clamps, otherwise they wrap).
    big_c: bool,
}

const C16: (&str, &str) = ("g + 8*(i/2)", "t*2 + i%2");
const C8: (&str, &str) = ("g", "t*2 + i");

fn frag(kind: Kind, elements: u32, (row, col): (&'static str, &'static str)) -> Fragment {
    Fragment {
        kind,
        elements,
        row,
        col,
    }
}

fn forms() -> Vec<Form> {
    use Kind::*;
    let a16 = ("g + 8*((i/2)%2)", "t*2 + i%2 + 8*(i/4)");
    let b16 = ("t*2 + i%2 + 8*(i/2)", "g");
    let form = |spelled, m, k, a, b, c| Form {
        spelled,
        m,
        k,
        a,
        b,
        c,
        big_c: false,
    };
    vec![
        form(
            "m16n8k16.row.col.f32.f16.f16.f32",
            16,
            16,
            frag(F16, 8, a16),
            frag(F16, 4, b16),
            frag(F32, 4, C16),
        ),
        form(
            "m16n8k8.row.col.f32.f16.f16.f32",
            16,
            8,
            frag(F16, 4, ("g + 8*(i/2)", "t*2 + i%2")),
            frag(F16, 2, ("t*2 + i", "g")),
            frag(F32, 4, C16),
        ),
        form(
            "m16n8k16.row.col.f32.bf16.bf16.f32",
            16,
            16,
            frag(Bf16, 8, a16),
            frag(Bf16, 4, b16),
            frag(F32, 4, C16),
        ),
        form(
            "m16n8k16.row.col.f16.f16.f16.f16",
            16,
            16,
            frag(F16, 8, a16),
            frag(F16, 4, b16),
            frag(F16, 4, C16),
        ),
        form(
            "m16n8k8.row.col.f32.tf32.tf32.f32",
            16,
            8,
            frag(Tf32, 4, ("g + 8*(i%2)", "t + 4*(i/2)")),
            frag(Tf32, 2, ("t + 4*i", "g")),
            frag(F32, 4, C16),
        ),
        form(
            "m16n8k4.row.col.f32.tf32.tf32.f32",
            16,
            4,
            frag(Tf32, 2, ("g + 8*i", "t")),
            frag(Tf32, 1, ("t", "g")),
            frag(F32, 4, C16),
        ),
        form(
            "m16n8k32.row.col.s32.s8.s8.s32",
            16,
            32,
            frag(S8, 16, ("g + 8*((i/4)%2)", "t*4 + i%4 + 16*(i/8)")),
            frag(S8, 8, ("t*4 + i%4 + 16*(i/4)", "g")),
            frag(S32, 4, C16),
        ),
        form(
            "m16n8k16.row.col.s32.u8.s8.s32",
            16,
            16,
            frag(U8, 8, ("g + 8*(i/4)", "t*4 + i%4")),
            frag(S8, 4, ("t*4 + i", "g")),
            frag(S32, 4, C16),
        ),
        form(
            "m8n8k16.row.col.s32.s8.u8.s32",
            8,
            16,
            frag(S8, 4, ("g", "t*4 + i")),
            frag(U8, 4, ("t*4 + i", "g")),
            frag(S32, 2, C8),
        ),
        form(
            "m8n8k4.row.col.f64.f64.f64.f64",
            8,
            4,
            frag(F64, 1, ("g", "t")),
            frag(F64, 1, ("t", "g")),
            frag(F64, 2, C8),
        ),
        Form {
            big_c: true,
            ..form(
                "m16n8k32.row.col.satfinite.s32.u8.u8.s32",
                16,
                32,
                frag(U8, 16, ("g + 8*((i/4)%2)", "t*4 + i%4 + 16*(i/8)")),
                frag(U8, 8, ("t*4 + i%4 + 16*(i/4)", "g")),
                frag(S32, 4, C16),
            )
        },
        Form {
            big_c: true,
            ..form(
                "m16n8k16.row.col.s32.u8.u8.s32",
                16,
                16,
                frag(U8, 8, ("g + 8*(i/4)", "t*4 + i%4")),
                frag(U8, 4, ("t*4 + i", "g")),
                frag(S32, 4, C16),
            )
        },
    ]
}

/// 32-bit words of a lane's fragment.
fn words(f: &Fragment) -> u32 {
    f.elements * f.kind.bits() / 32
}

/// The registers of a fragment, `{%r1, …}` (f64: `%fd`), loaded from (or stored to) the lane's
/// words of the buffer whose address is in `%rdN`.
fn registers(f: &Fragment, first: u32, access: &str, buffer: u32, out: &mut String) -> String {
    let (wide, prefix, ty) = match f.kind {
        Kind::F64 => (2, "%fd", "f64"),
        Kind::F32 => (1, "%f", "f32"),
        _ => (1, "%r", "b32"),
    };
    let names: Vec<String> = (0..words(f) / wide)
        .map(|j| format!("{prefix}{}", first + j))
        .collect();
    for (j, name) in names.iter().enumerate() {
        let at = format!("[%rd{buffer}+{}]", 4 * wide * j as u32);
        out.push_str(&match access {
            "ld" => format!("\tld.global.{ty} {name}, {at};\n"),
            _ => format!("\tst.global.{ty} {at}, {name};\n"),
        });
    }
    format!("{{{}}}", names.join(", "))
}

/// Kernel `k(a, b, c, d)`: each lane's fragments at lane × words of each buffer.
fn kernel(form: &Form) -> String {
    let mut body = String::from("\tmov.u32 %r0, %laneid;\n");
    let mut operands = Vec::new();
    for (n, (f, first)) in [(&form.a, 1), (&form.b, 10), (&form.c, 20)]
        .into_iter()
        .enumerate()
    {
        let n = n as u32;
        body.push_str(&format!(
            "\tld.param.u64 %rd{n}, [p{n}];\n\tmul.wide.u32 %rd9, %r0, {};\n\tadd.s64 %rd{n}, %rd{n}, %rd9;\n",
            4 * words(f)
        ));
        operands.push(registers(f, first, "ld", n, &mut body));
    }
    let mut stores = format!(
        "\tld.param.u64 %rd3, [p3];\n\tmul.wide.u32 %rd9, %r0, {};\n\tadd.s64 %rd3, %rd3, %rd9;\n",
        4 * words(&form.c)
    );
    let d = registers(&form.c, 30, "st", 3, &mut stores);
    body.push_str(&format!(
        "\tmma.sync.aligned.{} {d}, {}, {}, {};\n{stores}",
        form.spelled, operands[0], operands[1], operands[2]
    ));
    format!(
        ".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry k(.param .u64 p0, .param .u64 p1, \
         .param .u64 p2, .param .u64 p3)\n{{\n\t.reg .b32 %r<40>;\n\t.reg .f32 %f<40>;\n\t.reg .f64 %fd<40>;\n\
         \t.reg .b64 %rd<10>;\n{body}\tret;\n}}\n"
    )
}

/// The matrices' elements (A's, B's, C's values at a row and column, exact in every kind) and
/// their encodings, for the mma and wmma harnesses.
const VALUES: &str = r#"
#include <math.h>
typedef uint64_t u64;
static u64 encode(int kind, double v) {
  float f = (float)v; uint32_t fb; memcpy(&fb, &f, 4);
  switch (kind) {
  case F16: { _Float16 h = (_Float16)v; uint16_t b; memcpy(&b, &h, 2); return b; }
  case BF16: return fb >> 16;
  case TF32: case F32: return fb;
  case F64: { u64 b; memcpy(&b, &v, 8); return b; }
  case S8: case U8: return (uint8_t)(int)v;
  default: return (uint32_t)(int64_t)v;
  }
}
static int kind_bits(int kind) {
  return kind == F16 || kind == BF16 ? 16 : kind == S8 || kind == U8 ? 8 : kind == F64 ? 64 : 32;
}
static int is_unsigned(int kind) { return kind == U8; }
static double aval(int r, int k) { return is_unsigned(A_KIND) ? (r * 3 + k * 5) % 7 : ((r * 3 + k * 5) % 7 - 3) * (A_KIND == S8 ? 1 : 0.5); }
static double bval(int k, int n) { return is_unsigned(B_KIND) ? (k * 2 + n * 7) % 5 : (k * 2 + n * 7) % 5 - 2; }
static double cval(int r, int n) { return BIG_C ? 2147483000.0 + r % 16 * 40 + n : r - 2 * n; }
/* C + A·B at (r, n), as D's kind: s32 clamped (.satfinite) or wrapped. */
static double product(int r, int n) {
  double want = cval(r, n);
  for (int kk = 0; kk < K; kk++) want += aval(r, kk) * bval(kk, n);
  if (C_KIND == S32 && SATFINITE) want = want > 2147483647.0 ? 2147483647.0 : want;
  if (C_KIND == S32 && !SATFINITE) want = (double)(int32_t)(uint32_t)(int64_t)want;
  return want;
}
"#;

/// The harness: fragments from matrices by the ISA's tables, the warp run, each D element
/// compared with the exact C + A·B encoded as D's kind.
const HARNESS: &str = r#"
static void put(uint32_t *words, int i, int kind, double v) {
  int bits = kind_bits(kind); u64 b = encode(kind, v);
  if (bits == 64) { words[2 * i] = (uint32_t)b; words[2 * i + 1] = (uint32_t)(b >> 32); return; }
  words[i * bits / 32] |= (uint32_t)(b << (i * bits % 32));
}
static u64 get(const uint32_t *words, int i, int kind) {
  int bits = kind_bits(kind);
  if (bits == 64) return words[2 * i] | (u64)words[2 * i + 1] << 32;
  u64 w = words[i * bits / 32] >> (i * bits % 32);
  return bits == 32 ? w : w & ((1u << bits) - 1);
}
static uint32_t a[32][AW], b[32][BW], c[32][CW], d[32][CW];
void k(uint64_t *, uint64_t *, uint64_t *, uint64_t *);
static void lane_kernel(int lane) {
  uint64_t pa = (uint64_t)a, pb = (uint64_t)b, pc = (uint64_t)c, pd = (uint64_t)d;
  k(&pa, &pb, &pc, &pd);
}
int main(void) {
  int bad = 0;
  for (int lane = 0; lane < 32; lane++) {
    int g = lane / 4, t = lane % 4;
    for (int i = 0; i < NA; i++) put(a[lane], i, A_KIND, aval(A_ROW, A_COL));
    for (int i = 0; i < NB; i++) put(b[lane], i, B_KIND, bval(B_ROW, B_COL));
    for (int i = 0; i < NC; i++) put(c[lane], i, C_KIND, cval(C_ROW, C_COL));
  }
  run_warp(lane_kernel);
  for (int lane = 0; lane < 32; lane++) {
    int g = lane / 4, t = lane % 4;
    for (int i = 0; i < NC; i++) {
      int r = C_ROW, n = C_COL;
      u64 got = get(d[lane], i, C_KIND), expect = encode(C_KIND, product(r, n));
      if (got != expect && bad++ < 5)
        printf("FAIL lane %d element %d (row %d, col %d): %llx, wanted %llx\n", lane, i, r, n,
               (unsigned long long)got, (unsigned long long)expect);
    }
  }
  puts(bad ? "FAIL" : "ok");
  return 0;
}
"#;

fn harness(form: &Form) -> String {
    let kinds = "enum { F16, BF16, TF32, F32, F64, S8, U8, S32 };\n";
    let defs = format!(
        "#define M {}\n#define K {}\n#define NA {}\n#define NB {}\n#define NC {}\n#define AW {}\n#define BW {}\n\
         #define CW {}\n#define A_KIND {}\n#define B_KIND {}\n#define C_KIND {}\n#define A_ROW ({})\n\
         #define A_COL ({})\n#define B_ROW ({})\n#define B_COL ({})\n#define C_ROW ({})\n#define C_COL ({})\n\
         #define BIG_C {}\n#define SATFINITE {}\n",
        form.m,
        form.k,
        form.a.elements,
        form.b.elements,
        form.c.elements,
        words(&form.a),
        words(&form.b),
        words(&form.c),
        form.a.kind.c_name(),
        form.b.kind.c_name(),
        form.c.kind.c_name(),
        form.a.row,
        form.a.col,
        form.b.row,
        form.b.col,
        form.c.row,
        form.c.col,
        i32::from(form.big_c),
        i32::from(form.spelled.contains("satfinite")),
    );
    format!("{WARP_RUNTIME}{kinds}{defs}{VALUES}{HARNESS}")
}

#[test]
fn mma_forms_give_c_plus_a_times_b_in_every_lane() {
    let mut failures = Vec::new();
    for form in forms() {
        let name = form.spelled.replace('.', "-");
        let report = run_warp_on_host(&name, &kernel(&form), &harness(&form));
        if !report.contains("ok") || report.contains("FAIL") {
            failures.push(format!("mma.{}:\n{report}", form.spelled));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One `wmma` form: its shape, element kinds, the memory layout of each matrix (true: row-major)
/// and the stride each load and store names (None: the default, the leading dimension; padded
/// strides are multiples of 16 elements, which keeps every row or column as aligned as the ISA
/// asks).
struct WmmaForm {
    shape: (u32, u32, u32),
    kinds: [Kind; 4],
    row_major: [bool; 4],
    strides: [Option<u32>; 4],
    satfinite: bool,
    big_c: bool,
    /// `.global` on the loads and stores (else generic addresses).
    global: bool,
}

impl WmmaForm {
    fn new(shape: (u32, u32, u32), kinds: [Kind; 4], row_major: [bool; 4]) -> WmmaForm {
        WmmaForm {
            shape,
            kinds,
            row_major,
            strides: [None; 4],
            satfinite: false,
            big_c: false,
            global: true,
        }
    }

    fn shape_word(&self) -> String {
        let (m, n, k) = self.shape;
        format!("m{m}n{n}k{k}")
    }

    /// The ISA's `.dtype.atype.btype.ctype` (f16 multiplicands: `.dtype.ctype`).
    fn types(&self) -> String {
        let [a, b, c, d] = self.kinds.map(|k| k.c_name().to_lowercase());
        match self.kinds[0] {
            Kind::F16 => format!("{d}.{c}"),
            _ => format!("{d}.{a}.{b}.{c}"),
        }
    }

    /// (rows, columns) of matrix `which` (0 A, 1 B, 2 C, 3 D).
    fn dims(&self, which: usize) -> (u32, u32) {
        let (m, n, k) = self.shape;
        [(m, k), (k, n), (m, n), (m, n)][which]
    }

    /// Registers per lane, as the PTX ISA's WMMA fragment tables give them: f16 multiplicands
    /// 8 (16 elements), others the matrix's elements / 32, packed into 32-bit registers.
    fn registers(&self, which: usize) -> u32 {
        let kind = self.kinds[which];
        let (rows, cols) = self.dims(which);
        let elements = if which < 2 && matches!(kind, Kind::F16) {
            16
        } else {
            rows * cols / 32
        };
        (elements * kind.bits()).div_ceil(32) / if kind.bits() == 64 { 2 } else { 1 }
    }

    fn stride(&self, which: usize) -> u32 {
        let (rows, cols) = self.dims(which);
        let default = if self.row_major[which] { cols } else { rows };
        self.strides[which].unwrap_or(default)
    }
}

fn wmma_forms() -> Vec<WmmaForm> {
    use Kind::*;
    let (row, col) = (true, false);
    let f = WmmaForm::new;
    vec![
        f((16, 16, 16), [F16, F16, F32, F32], [row, col, row, row]),
        WmmaForm {
            strides: [Some(32), Some(32), Some(24), Some(32)],
            global: false,
            ..f((16, 16, 16), [F16, F16, F16, F16], [col, row, col, row])
        },
        f((32, 8, 16), [F16, F16, F16, F32], [row, row, row, col]),
        WmmaForm {
            strides: [Some(16), None, None, Some(48)],
            ..f((8, 32, 16), [F16, F16, F32, F16], [col, col, col, row])
        },
        f((16, 16, 16), [Bf16, Bf16, F32, F32], [row, col, row, row]),
        f((32, 8, 16), [Bf16, Bf16, F32, F32], [col, row, row, row]),
        f((8, 32, 16), [Bf16, Bf16, F32, F32], [row, row, col, col]),
        WmmaForm {
            strides: [Some(16), Some(16), None, None],
            ..f((16, 16, 8), [Tf32, Tf32, F32, F32], [row, col, row, col])
        },
        f((8, 8, 4), [F64, F64, F64, F64], [row, col, col, row]),
        f((16, 16, 16), [S8, S8, S32, S32], [row, col, row, row]),
        f((8, 32, 16), [S8, S8, S32, S32], [col, row, row, col]),
        WmmaForm {
            satfinite: true,
            big_c: true,
            ..f((32, 8, 16), [U8, U8, S32, S32], [row, col, row, row])
        },
        WmmaForm {
            big_c: true,
            ..f((16, 16, 16), [U8, U8, S32, S32], [row, row, row, row])
        },
    ]
}

/// Kernel `k(a, b, c, d)`: A, B and C loaded from memory, the multiply-add, D stored.
fn wmma_kernel(form: &WmmaForm) -> String {
    let shape = form.shape_word();
    let space = if form.global { ".global" } else { "" };
    let layout = |w: usize| if form.row_major[w] { "row" } else { "col" };
    let regs = |w: usize| {
        let prefix = ["%ra", "%rb", "%rc", "%rx"][w];
        let names: Vec<String> = (0..form.registers(w))
            .map(|j| format!("{prefix}{j}"))
            .collect();
        format!("{{{}}}", names.join(", "))
    };
    let stride = |w: usize| match form.strides[w] {
        Some(s) => format!(", {s}"),
        None => String::new(),
    };
    let ty = |w: usize| form.kinds[w].c_name().to_lowercase();
    let mut body = String::new();
    for w in 0..4 {
        body.push_str(&format!("\tld.param.u64 %rd{w}, [p{w}];\n"));
    }
    for (w, m) in ["a", "b", "c"].iter().enumerate() {
        body.push_str(&format!(
            "\twmma.load.{m}.sync.aligned.{}.{shape}{space}.{} {}, [%rd{w}]{};\n",
            layout(w),
            ty(w),
            regs(w),
            stride(w)
        ));
    }
    body.push_str(&format!(
        "\twmma.mma.sync.aligned.{}.{}.{shape}.{}{} {}, {}, {}, {};\n",
        layout(0),
        layout(1),
        form.types(),
        if form.satfinite { ".satfinite" } else { "" },
        regs(3),
        regs(0),
        regs(1),
        regs(2)
    ));
    body.push_str(&format!(
        "\twmma.store.d.sync.aligned.{}.{shape}{space}.{} [%rd3], {}{};\n",
        layout(3),
        ty(3),
        regs(3),
        stride(3)
    ));
    let declare = |w: usize| {
        let t = match form.kinds[w] {
            Kind::F64 => "f64",
            Kind::F32 => "f32",
            _ => "b32",
        };
        format!("\t.reg .{t} {}<16>;\n", ["%ra", "%rb", "%rc", "%rx"][w])
    };
    let decls: String = (0..4).map(declare).collect();
    format!(
        ".version 8.0\n.target sm_80\n.address_size 64\n.visible .entry k(.param .u64 p0, .param .u64 p1, \
         .param .u64 p2, .param .u64 p3)\n{{\n{decls}\t.reg .b64 %rd<4>;\n{body}\tret;\n}}\n"
    )
}

/// The wmma harness: A, B, C written to memory in their layouts and strides (padding between
/// rows or columns), the warp run, D read back in its layout: every element the exact C + A·B,
/// and the padding of D's memory untouched.
const WMMA_HARNESS: &str = r#"
static void poke(uint8_t *m, long i, int kind, u64 bits) { memcpy(m + i * kind_bits(kind) / 8, &bits, kind_bits(kind) / 8); }
static u64 peek(const uint8_t *m, long i, int kind) { u64 b = 0; memcpy(&b, m + i * kind_bits(kind) / 8, kind_bits(kind) / 8); return b; }
static long at(int row_major, int stride, int r, int c) { return row_major ? (long)r * stride + c : (long)c * stride + r; }
static uint8_t ma[1 << 14], mb[1 << 14], mc[1 << 14], md[1 << 14];
void k(uint64_t *, uint64_t *, uint64_t *, uint64_t *);
static void lane_kernel(int lane) {
  uint64_t pa = (uint64_t)ma, pb = (uint64_t)mb, pc = (uint64_t)mc, pd = (uint64_t)md;
  k(&pa, &pb, &pc, &pd);
}
int main(void) {
  memset(md, 0xa5, sizeof md);
  for (int r = 0; r < M; r++) for (int kk = 0; kk < K; kk++) poke(ma, at(A_ROWS, A_STRIDE, r, kk), A_KIND, encode(A_KIND, aval(r, kk)));
  for (int kk = 0; kk < K; kk++) for (int n = 0; n < N; n++) poke(mb, at(B_ROWS, B_STRIDE, kk, n), B_KIND, encode(B_KIND, bval(kk, n)));
  for (int r = 0; r < M; r++) for (int n = 0; n < N; n++) poke(mc, at(C_ROWS, C_STRIDE, r, n), C_KIND, encode(C_KIND, cval(r, n)));
  run_warp(lane_kernel);
  int bad = 0;
  static uint8_t written[1 << 14];
  for (int r = 0; r < M; r++)
    for (int n = 0; n < N; n++) {
      long i = at(D_ROWS, D_STRIDE, r, n);
      written[i] = 1;
      u64 got = peek(md, i, D_KIND), want = encode(D_KIND, product(r, n));
      if (got != want && bad++ < 5)
        printf("FAIL row %d col %d: %llx, wanted %llx\n", r, n, (unsigned long long)got, (unsigned long long)want);
    }
  long last = at(D_ROWS, D_STRIDE, M - 1, N - 1);
  for (long i = 0; i <= last; i++)
    if (!written[i] && peek(md, i, D_KIND) != (0xa5a5a5a5a5a5a5a5ull & (kind_bits(D_KIND) == 64 ? ~0ull : (1ull << kind_bits(D_KIND)) - 1)) && bad++ < 5)
      printf("FAIL padding element %ld written\n", i);
  puts(bad ? "FAIL" : "ok");
  return 0;
}
"#;

fn wmma_harness(form: &WmmaForm) -> String {
    let kinds = "enum { F16, BF16, TF32, F32, F64, S8, U8, S32 };\n";
    let (m, n, k) = form.shape;
    let mut defs = format!(
        "#define M {m}\n#define N {n}\n#define K {k}\n#define BIG_C {}\n#define SATFINITE {}\n",
        i32::from(form.big_c),
        i32::from(form.satfinite)
    );
    for (w, name) in ["A", "B", "C", "D"].iter().enumerate() {
        defs.push_str(&format!(
            "#define {name}_KIND {}\n#define {name}_ROWS {}\n#define {name}_STRIDE {}\n",
            form.kinds[w].c_name(),
            i32::from(form.row_major[w]),
            form.stride(w)
        ));
    }
    format!("{WARP_RUNTIME}{kinds}{defs}{VALUES}{WMMA_HARNESS}")
}

#[test]
fn wmma_forms_store_c_plus_a_times_b_in_every_layout() {
    let mut failures = Vec::new();
    for form in wmma_forms() {
        let text = wmma_kernel(&form);
        let name = format!(
            "wmma-{}-{}",
            form.shape_word(),
            form.types().replace('.', "-")
        );
        let report = run_warp_on_host(&name, &text, &wmma_harness(&form));
        if !report.contains("ok") || report.contains("FAIL") {
            failures.push(format!("{text}\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `ldmatrix` / `stmatrix` kernel `k(in, out)`: shared memory (32 rows of 16 bytes) filled from
/// `in`, each lane giving the address of row 7 - L%8 of matrix L/8 (rows reversed, so that the
/// addresses matter); ldmatrix stores each lane's registers to `out`, stmatrix stores `in`'s
/// words as registers and copies shared memory to `out`.
fn move_kernel(spelled: &str, count: u32, generic: bool) -> String {
    let regs: Vec<String> = (0..count).map(|q| format!("%r{}", 10 + q)).collect();
    let regs = format!("{{{}}}", regs.join(", "));
    let address = if generic { "[%rd5]" } else { "[%r5]" };
    let transfer = if spelled.starts_with("ld") {
        let stores: String = (0..count)
            .map(|q| format!("\tst.global.u32 [%rd4+{}], %r{};\n", 4 * q, 10 + q))
            .collect();
        format!("\t{spelled} {regs}, {address};\n{stores}")
    } else {
        let loads: String = (0..count)
            .map(|q| format!("\tld.global.u32 %r{}, [%rd3+{}];\n", 10 + q, 4 * q))
            .collect();
        format!(
            "{loads}\t{spelled} {address}, {regs};\n\tbar.sync 0;\n\tld.shared.v4.u32 {{%r20, %r21, %r22, %r23}}, [%r3];\n\
             \tst.global.v4.u32 [%rd4], {{%r20, %r21, %r22, %r23}};\n"
        )
    };
    format!(
        ".version 8.0\n.target sm_90\n.address_size 64\n.visible .entry k(.param .u64 p0, .param .u64 p1)\n{{\n\
         \t.reg .b32 %r<40>;\n\t.reg .b64 %rd<10>;\n\t.shared .align 16 .b8 sm[512];\n\
         \tmov.u32 %r0, %laneid;\n\tld.param.u64 %rd1, [p0];\n\tld.param.u64 %rd2, [p1];\n\
         \tmul.wide.u32 %rd9, %r0, 16;\n\tadd.s64 %rd3, %rd1, %rd9;\n\tadd.s64 %rd4, %rd2, %rd9;\n\
         \tmov.u32 %r1, sm;\n\tshl.b32 %r2, %r0, 4;\n\tadd.u32 %r3, %r1, %r2;\n\
         \tld.global.v4.u32 {{%r20, %r21, %r22, %r23}}, [%rd3];\n\tst.shared.v4.u32 [%r3], {{%r20, %r21, %r22, %r23}};\n\
         \tbar.sync 0;\n\
         \tshr.u32 %r6, %r0, 3;\n\tand.b32 %r7, %r0, 7;\n\tsub.u32 %r7, 7, %r7;\n\tshl.b32 %r6, %r6, 3;\n\
         \tadd.u32 %r6, %r6, %r7;\n\tshl.b32 %r6, %r6, 4;\n\tadd.u32 %r5, %r1, %r6;\n\
         \tcvt.u64.u32 %rd6, %r5;\n\tcvta.shared.u64 %rd5, %rd6;\n{transfer}\tret;\n}}\n"
    )
}

const MOVE_HARNESS: &str = r#"
static uint16_t in[256], out[256];
void k(uint64_t *, uint64_t *);
static void lane_kernel(int lane) {
  uint64_t pin = (uint64_t)in, pout = (uint64_t)out;
  k(&pin, &pout);
}
/* Element (r, c) of matrix q: row 7 - r of the matrix's 8 rows in shared memory. */
static int at(int q, int r, int c) { return 8 * (8 * q + 7 - r) + c; }
int main(void) {
  for (int i = 0; i < 256; i++) in[i] = 0x100 * (i / 8) + i % 8 + 0x5000;
  run_warp(lane_kernel);
  int bad = 0;
  for (int lane = 0; lane < 32; lane++)
    for (int q = 0; q < COUNT; q++)
      for (int h = 0; h < 2; h++) {
        int r = TRANS ? 2 * (lane % 4) + h : lane / 4, c = TRANS ? lane / 4 : 2 * (lane % 4) + h;
        /* ldmatrix: the lane's register q, half h, is that element; stmatrix: the element is it. */
        int reg = 8 * lane + 2 * q + h;
        uint16_t got = STORE ? out[at(q, r, c)] : out[reg], want = STORE ? in[reg] : in[at(q, r, c)];
        if (got != want && bad++ < 5)
          printf("FAIL lane %d matrix %d half %d: %x, wanted %x\n", lane, q, h, got, want);
      }
  puts(bad ? "FAIL" : "ok");
  return 0;
}
"#;

#[test]
fn ldmatrix_and_stmatrix_move_rows_to_the_isa_lanes() {
    let mut failures = Vec::new();
    for op in ["ldmatrix", "stmatrix"] {
        for (count, trans, generic) in [
            (4, false, false),
            (4, true, false),
            (2, false, true),
            (1, true, true),
            (2, true, false),
        ] {
            let spelled = format!(
                "{op}.sync.aligned.m8n8.x{count}{}{}.b16",
                if trans { ".trans" } else { "" },
                if generic { "" } else { ".shared" }
            );
            let defs = format!(
                "#define COUNT {count}\n#define TRANS {}\n#define STORE {}\n",
                i32::from(trans),
                i32::from(op == "stmatrix")
            );
            let report = run_warp_on_host(
                &spelled.replace('.', "-"),
                &move_kernel(&spelled, count, generic),
                &format!("{WARP_RUNTIME}{defs}{MOVE_HARNESS}"),
            );
            if !report.contains("ok") || report.contains("FAIL") {
                failures.push(format!("{spelled}:\n{report}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every form's kernel compiles with `llc` for AMDGPU wave64 and wave32 and for NVPTX.
#[test]
fn matrix_kernels_compile_for_every_target() {
    let moves = [
        "ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16",
        "stmatrix.sync.aligned.m8n8.x2.b16",
    ];
    let mut kernels: Vec<String> = forms().iter().map(kernel).collect();
    kernels.extend(wmma_forms().iter().map(wmma_kernel));
    kernels.extend(moves.iter().map(|m| {
        move_kernel(
            m,
            if m.contains("x4") { 4 } else { 2 },
            !m.contains("shared"),
        )
    }));
    for text in &kernels {
        for (target, arch, cpu) in TARGETS {
            if let Err(e) = llc(&ir(text, target), arch, cpu) {
                panic!("{cpu}: {e}\n{text}");
            }
        }
    }
}
