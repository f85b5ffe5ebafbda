//! Warp matrix kernels: one per `mma.sync`, `wmma`, `ldmatrix` and `stmatrix` form the translator
//! knows (ptx/src/lower/matrix.rs, wmma.rs), whatever the corpus holds. The original runs NVIDIA's tensor
//! core instruction, the round trip the translator's lane-by-lane emulation, so the fragment
//! layouts and the arithmetic are checked against the hardware itself.
//!
//! mma: each thread reads its fragments from its own 64 bytes of the input and stores D in its own
//! 16 bytes of the output. Floating-point elements are made from 4-bit signed fields of the input
//! (C: 8-bit), so every product and partial sum is exact and the bits must agree whatever order
//! the tensor cores add in; integer elements are the input's bytes as they are (s32 C included, so
//! sums wrap, or clamp under `.satfinite`). tf32 elements are valid tf32 values (their low 13
//! bits 0): with other bits there an H100 gives results a last bit away from the translator's,
//! which ignores them (measured 2026-12-06; README "Warp matrix instructions").
//!
//! wmma: each warp builds A, B and C in its 4 KiB of shared memory, in the form's layouts and
//! strides, from its 2 KiB of the input (floating-point elements again from 4-bit fields, C's from
//! 8-bit ones; integers as they are), then loads them with `wmma.load`, multiplies, and stores D
//! with `wmma.store.d` in its layout into its 1 KiB of the output. Which lane holds which element
//! the PTX ISA leaves open (the translator's layout is not NVIDIA's), so only D in memory is
//! compared.
//!
//! ldmatrix / stmatrix: each warp fills 512 bytes of shared memory (32 rows of 16 bytes) from its
//! threads' input, each thread gives the address of row 7 - lane%8 of matrix lane/8 (rows
//! reversed), and the registers (ldmatrix) or the shared memory (stmatrix) are stored.

/// An element type of a fragment.
#[derive(Clone, Copy, PartialEq)]
enum Elem {
    F16,
    Bf16,
    Tf32,
    F32,
    F64,
    Int8,
    S32,
}

/// One mma form: its spelling after `mma.sync.aligned.`, the A, B and C/D element types and
/// register counts.
struct Form {
    spelled: &'static str,
    ab: Elem,
    acc: Elem,
    regs: [usize; 3],
}

const FORMS: [Form; 11] = [
    Form {
        spelled: "m16n8k16.row.col.f32.f16.f16.f32",
        ab: Elem::F16,
        acc: Elem::F32,
        regs: [4, 2, 4],
    },
    Form {
        spelled: "m16n8k8.row.col.f32.f16.f16.f32",
        ab: Elem::F16,
        acc: Elem::F32,
        regs: [2, 1, 4],
    },
    Form {
        spelled: "m16n8k16.row.col.f16.f16.f16.f16",
        ab: Elem::F16,
        acc: Elem::F16,
        regs: [4, 2, 2],
    },
    Form {
        spelled: "m16n8k16.row.col.f32.bf16.bf16.f32",
        ab: Elem::Bf16,
        acc: Elem::F32,
        regs: [4, 2, 4],
    },
    Form {
        spelled: "m16n8k8.row.col.f32.bf16.bf16.f32",
        ab: Elem::Bf16,
        acc: Elem::F32,
        regs: [2, 1, 4],
    },
    Form {
        spelled: "m16n8k8.row.col.f32.tf32.tf32.f32",
        ab: Elem::Tf32,
        acc: Elem::F32,
        regs: [4, 2, 4],
    },
    Form {
        spelled: "m16n8k4.row.col.f32.tf32.tf32.f32",
        ab: Elem::Tf32,
        acc: Elem::F32,
        regs: [2, 1, 4],
    },
    Form {
        spelled: "m16n8k32.row.col.s32.s8.s8.s32",
        ab: Elem::Int8,
        acc: Elem::S32,
        regs: [4, 2, 4],
    },
    Form {
        spelled: "m16n8k16.row.col.satfinite.s32.u8.s8.s32",
        ab: Elem::Int8,
        acc: Elem::S32,
        regs: [2, 1, 4],
    },
    Form {
        spelled: "m8n8k16.row.col.s32.s8.u8.s32",
        ab: Elem::Int8,
        acc: Elem::S32,
        regs: [1, 1, 2],
    },
    Form {
        spelled: "m8n8k4.row.col.f64.f64.f64.f64",
        ab: Elem::F64,
        acc: Elem::F64,
        regs: [1, 1, 2],
    },
];

/// The ldmatrix / stmatrix forms: (spelling after the opcode, matrices).
const MOVES: [(&str, usize); 4] = [
    ("sync.aligned.m8n8.x4.shared.b16", 4),
    ("sync.aligned.m8n8.x4.trans.shared.b16", 4),
    ("sync.aligned.m8n8.x2.b16", 2),
    ("sync.aligned.m8n8.x1.trans.shared.b16", 1),
];

/// One wmma form: M×N×K, the element types of A, B, C and D as PTX spells them, each matrix's
/// memory layout (true: row-major) and the stride its load or store names (None: the default;
/// padded ones are multiples of 16 elements, as aligned as the ISA asks).
struct WmmaForm {
    shape: (u32, u32, u32),
    types: [&'static str; 4],
    row_major: [bool; 4],
    strides: [Option<u32>; 4],
    satfinite: bool,
}

const fn wmma(shape: (u32, u32, u32), types: [&'static str; 4], row_major: [bool; 4]) -> WmmaForm {
    WmmaForm {
        shape,
        types,
        row_major,
        strides: [None; 4],
        satfinite: false,
    }
}

const ROW: bool = true;
const COL: bool = false;

const WMMA_FORMS: [WmmaForm; 12] = [
    wmma(
        (16, 16, 16),
        ["f16", "f16", "f32", "f32"],
        [ROW, COL, ROW, ROW],
    ),
    WmmaForm {
        strides: [Some(32), Some(32), Some(32), Some(32)],
        ..wmma(
            (16, 16, 16),
            ["f16", "f16", "f16", "f16"],
            [COL, ROW, COL, ROW],
        )
    },
    wmma(
        (32, 8, 16),
        ["f16", "f16", "f16", "f32"],
        [ROW, ROW, ROW, COL],
    ),
    wmma(
        (8, 32, 16),
        ["f16", "f16", "f32", "f16"],
        [COL, COL, COL, ROW],
    ),
    wmma(
        (16, 16, 16),
        ["bf16", "bf16", "f32", "f32"],
        [ROW, COL, ROW, ROW],
    ),
    WmmaForm {
        strides: [Some(32), None, None, None],
        ..wmma(
            (32, 8, 16),
            ["bf16", "bf16", "f32", "f32"],
            [COL, ROW, ROW, ROW],
        )
    },
    wmma(
        (8, 32, 16),
        ["bf16", "bf16", "f32", "f32"],
        [ROW, ROW, COL, COL],
    ),
    WmmaForm {
        strides: [Some(16), Some(16), None, None],
        ..wmma(
            (16, 16, 8),
            ["tf32", "tf32", "f32", "f32"],
            [ROW, COL, ROW, COL],
        )
    },
    wmma(
        (8, 8, 4),
        ["f64", "f64", "f64", "f64"],
        [ROW, COL, COL, ROW],
    ),
    wmma(
        (16, 16, 16),
        ["u8", "u8", "s32", "s32"],
        [ROW, COL, ROW, ROW],
    ),
    wmma(
        (8, 32, 16),
        ["s8", "s8", "s32", "s32"],
        [COL, ROW, ROW, COL],
    ),
    WmmaForm {
        satfinite: true,
        ..wmma(
            (32, 8, 16),
            ["u8", "u8", "s32", "s32"],
            [ROW, COL, ROW, ROW],
        )
    },
];

/// Where each matrix lives: bytes from the warp's shared memory (A, B, C) and from its input.
const WMMA_SHARED: [u32; 3] = [0, 1024, 2048];
const WMMA_INPUT: [u32; 3] = [0, 512, 1024];

impl WmmaForm {
    /// (rows, columns) of matrix `w` (0 A, 1 B, 2 C, 3 D).
    fn dims(&self, w: usize) -> (u32, u32) {
        let (m, n, k) = self.shape;
        [(m, k), (k, n), (m, n), (m, n)][w]
    }

    fn stride(&self, w: usize) -> u32 {
        let (rows, cols) = self.dims(w);
        let default = if self.row_major[w] { cols } else { rows };
        self.strides[w].unwrap_or(default)
    }

    fn bytes(&self, w: usize) -> u32 {
        match self.types[w] {
            "f64" => 8,
            "f32" | "tf32" | "s32" => 4,
            "f16" | "bf16" => 2,
            _ => 1,
        }
    }

    /// Elements matrix `w` spans in memory: its rows (columns) at its stride.
    fn span(&self, w: usize) -> u32 {
        let (rows, cols) = self.dims(w);
        let majors = if self.row_major[w] { rows } else { cols };
        majors * self.stride(w)
    }

    /// Registers per lane, from the PTX ISA's WMMA fragment tables: f16 multiplicands 8, others
    /// the matrix's elements / 32 packed into 32-bit registers (f64: one each).
    fn registers(&self, w: usize) -> u32 {
        let (rows, cols) = self.dims(w);
        let elements = if w < 2 && self.types[w] == "f16" {
            16
        } else {
            rows * cols / 32
        };
        (elements * self.bytes(w)).div_ceil(4) / if self.bytes(w) == 8 { 2 } else { 1 }
    }

    fn layout(&self, w: usize) -> &'static str {
        if self.row_major[w] {
            "row"
        } else {
            "col"
        }
    }

    /// `m16n16k16.f32.f32` (f16 multiplicands: `.dtype.ctype`, else `.dtype.atype.btype.ctype`),
    /// `.satfinite` last.
    fn shape_and_types(&self) -> String {
        let (m, n, k) = self.shape;
        let [a, b, c, d] = self.types;
        let types = if a == "f16" {
            format!("{d}.{c}")
        } else {
            format!("{d}.{a}.{b}.{c}")
        };
        let satfinite = if self.satfinite { ".satfinite" } else { "" };
        format!("m{m}n{n}k{k}.{types}{satfinite}")
    }

    /// What names the kernel: every matrix's layout, the shape and the types.
    fn spelling(&self) -> String {
        let layouts: Vec<&str> = (0..4).map(|w| self.layout(w)).collect();
        format!("wmma.{}.{}", layouts.join("."), self.shape_and_types())
    }

    /// `{%ra0, …}`: the fragment registers of matrix `w`.
    fn fragment(&self, w: usize) -> String {
        let prefix = ["%ra", "%rb", "%rc", "%rx"][w];
        let names: Vec<String> = (0..self.registers(w))
            .map(|j| format!("{prefix}{j}"))
            .collect();
        format!("{{{}}}", names.join(", "))
    }

    fn stride_operand(&self, w: usize) -> String {
        self.strides[w].map_or(String::new(), |s| format!(", {s}"))
    }
}

/// PTX that writes matrix `w`'s memory image (every position of its rows or columns at its
/// stride) into the warp's shared memory (%r24), lane by lane, from the warp's input (%rd4).
fn wmma_stage(form: &WmmaForm, w: usize) -> String {
    let (count, bytes, ty) = (form.span(w), form.bytes(w), form.types[w]);
    let field = if w == 2 { 8 } else { 4 };
    let (src, dst) = (WMMA_INPUT[w], WMMA_SHARED[w]);
    let mut s = format!(
        "\tmov.u32 \t%r20, %laneid;\n$L__wmma{w}:\n\tsetp.ge.u32 \t%p1, %r20, {count};\n\
         \t@%p1 bra \t$L__wmma{w}_done;\n"
    );
    s += &if ty == "s32" {
        format!(
            "\tmul.wide.u32 \t%rd10, %r20, 4;\n\tadd.s64 \t%rd11, %rd4, %rd10;\n\
             \tld.global.b32 \t%r21, [%rd11+{src}];\n"
        )
    } else {
        format!(
            "\tcvt.u64.u32 \t%rd10, %r20;\n\tadd.s64 \t%rd11, %rd4, %rd10;\n\
             \tld.global.s8 \t%r21, [%rd11+{src}];\n"
        )
    };
    s += &format!("\tmad.lo.s32 \t%r23, %r20, {bytes}, %r24;\n");
    let at = format!("[%r23+{dst}]");
    let bfe = format!("\tbfe.s32 \t%r22, %r21, 0, {field};\n");
    s += &match ty {
        "f16" => format!("{bfe}\tcvt.rn.f16.s32 \t%h1, %r22;\n\tst.shared.b16 \t{at}, %h1;\n"),
        "bf16" => format!(
            "{bfe}\tcvt.rn.f32.s32 \t%f1, %r22;\n\tcvt.rn.bf16.f32 \t%h1, %f1;\n\
             \tst.shared.b16 \t{at}, %h1;\n"
        ),
        "f32" | "tf32" => {
            format!("{bfe}\tcvt.rn.f32.s32 \t%f1, %r22;\n\tst.shared.f32 \t{at}, %f1;\n")
        }
        "f64" => format!("{bfe}\tcvt.rn.f64.s32 \t%fd1, %r22;\n\tst.shared.f64 \t{at}, %fd1;\n"),
        "s32" => format!("\tst.shared.b32 \t{at}, %r21;\n"),
        _ => format!("\tst.shared.b8 \t{at}, %r21;\n"),
    };
    s + &format!("\tadd.u32 \t%r20, %r20, 32;\n\tbra.uni \t$L__wmma{w};\n$L__wmma{w}_done:\n")
}

fn wmma_kernel(form: &WmmaForm) -> (String, String) {
    let name = crate::instructions::kernel_name(&form.spelling());
    let (m, n, k) = form.shape;
    let shape = format!("m{m}n{n}k{k}");
    let declare = |w: usize| {
        let t = match form.types[w] {
            "f64" => "f64",
            "f32" => "f32",
            _ => "b32",
        };
        format!("\t.reg .{t} \t{}<16>;\n", ["%ra", "%rb", "%rc", "%rx"][w])
    };
    let registers = format!(
        "\t.reg .pred \t%p<2>;\n\t.reg .b16 \t%h<2>;\n\t.reg .b32 \t%r<32>;\n\t.reg .f32 \t%f<2>;\n\
         \t.reg .f64 \t%fd<2>;\n\t.reg .b64 \t%rd<12>;\n{}\t.shared .align 16 .b8 \tsm[16384];\n\n",
        (0..4).map(declare).collect::<String>()
    );
    let mut s = header(&name, "sm_80", &registers, (64, 32));
    // The warp's input (%rd4), output (%rd5) and 4 KiB of shared memory (%r24).
    s += "\tmov.u32 \t%r25, %laneid;\n\tmul.wide.u32 \t%rd10, %r25, 64;\n\tsub.s64 \t%rd4, %rd1, %rd10;\n\
          \tmul.wide.u32 \t%rd10, %r25, 32;\n\tsub.s64 \t%rd5, %rd2, %rd10;\n\tmov.u32 \t%r24, %tid.x;\n\
          \tshr.u32 \t%r24, %r24, 5;\n\tshl.b32 \t%r24, %r24, 12;\n\tmov.u32 \t%r26, sm;\n\
          \tadd.u32 \t%r24, %r24, %r26;\n";
    for w in 0..3 {
        s += &wmma_stage(form, w);
    }
    s += "\tbar.sync \t0;\n";
    for (w, letter) in ["a", "b", "c"].iter().enumerate() {
        s += &format!(
            "\tadd.u32 \t%r{r}, %r24, {};\n\twmma.load.{letter}.sync.aligned.{}.{shape}.shared.{} \t{}, [%r{r}]{};\n",
            WMMA_SHARED[w],
            form.layout(w),
            form.types[w],
            form.fragment(w),
            form.stride_operand(w),
            r = 27 + w,
        );
    }
    s += &format!(
        "\twmma.mma.sync.aligned.{}.{}.{} \t{}, {}, {}, {};\n",
        form.layout(0),
        form.layout(1),
        form.shape_and_types(),
        form.fragment(3),
        form.fragment(0),
        form.fragment(1),
        form.fragment(2)
    );
    s += &format!(
        "\twmma.store.d.sync.aligned.{}.{shape}.global.{} \t[%rd5], {}{};\n",
        form.layout(3),
        form.types[3],
        form.fragment(3),
        form.stride_operand(3)
    );
    (name, s + "\tret;\n}\n")
}

/// (kernel name, PTX) of every warp matrix kernel.
pub fn kernels() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for form in &FORMS {
        out.push(mma_kernel(form));
    }
    for form in &WMMA_FORMS {
        out.push(wmma_kernel(form));
    }
    for (spelled, count) in MOVES {
        for op in ["ldmatrix", "stmatrix"] {
            out.push(move_kernel(op, spelled, count));
        }
    }
    out
}

/// The kernel's start: thread index %r1, its input at %rd1 (`in_stride` bytes each) and output at
/// %rd2 (`out_stride` bytes each).
fn header(
    name: &str,
    target: &str,
    registers: &str,
    (in_stride, out_stride): (u32, u32),
) -> String {
    format!(
        "//\n// Generated by ptx-roundtrip (tests/ptx-roundtrip/src/matrix.rs)\n//\n\n.version 7.8\n.target {target}\n\
         .address_size 64\n\n.visible .entry {name}(\n\t.param .u64 .ptr .global .align 8 {name}_out,\n\
         \t.param .u64 .ptr .global .align 8 {name}_in\n)\n{{\n{registers}\
         \tmov.u32 \t%r1, %tid.x;\n\tmov.u32 \t%r2, %ctaid.x;\n\tmov.u32 \t%r3, %ntid.x;\n\tmad.lo.s32 \t%r1, %r2, %r3, %r1;\n\
         \tld.param.u64 \t%rd1, [{name}_in];\n\tcvta.to.global.u64 \t%rd1, %rd1;\n\tmul.wide.u32 \t%rd3, %r1, {in_stride};\n\
         \tadd.s64 \t%rd1, %rd1, %rd3;\n\tld.param.u64 \t%rd2, [{name}_out];\n\tcvta.to.global.u64 \t%rd2, %rd2;\n\
         \tmul.wide.u32 \t%rd3, %r1, {out_stride};\n\tadd.s64 \t%rd2, %rd2, %rd3;\n"
    )
}

/// PTX that sets fragment register `reg` from the input word at byte `offset` (%r10 scratch).
fn element_register(elem: Elem, reg: &str, offset: usize) -> String {
    let word = format!("\tld.global.b32 \t%r10, [%rd1+{offset}];\n");
    let small = |pos: u32, bits: u32| format!("\tbfe.s32 \t%r11, %r10, {pos}, {bits};\n");
    match elem {
        Elem::Int8 | Elem::S32 => format!("\tld.global.b32 \t{reg}, [%rd1+{offset}];\n"),
        Elem::F16 | Elem::Bf16 => {
            let mut s = word;
            for (h, half) in ["%h1", "%h2"].iter().enumerate() {
                s += &small(8 * h as u32, 4);
                s += &if elem == Elem::F16 {
                    format!("\tcvt.rn.f16.s32 \t{half}, %r11;\n")
                } else {
                    format!("\tcvt.rn.f32.s32 \t%f9, %r11;\n\tcvt.rn.bf16.f32 \t{half}, %f9;\n")
                };
            }
            s + &format!("\tmov.b32 \t{reg}, {{%h1, %h2}};\n")
        }
        Elem::Tf32 | Elem::F32 => {
            let bits = if elem == Elem::F32 { 8 } else { 4 };
            let mov = if elem == Elem::F32 {
                "mov.f32"
            } else {
                "mov.b32"
            };
            word + &small(24, bits)
                + &format!("\tcvt.rn.f32.s32 \t%f9, %r11;\n\t{mov} \t{reg}, %f9;\n")
        }
        Elem::F64 => word + &small(0, 4) + &format!("\tcvt.rn.f64.s32 \t{reg}, %r11;\n"),
    }
}

/// A register of a fragment of `elem` (C/D of f32: `%f`, f64: `%fd`, else `%r`).
fn register(elem: Elem, n: usize) -> String {
    match elem {
        Elem::F32 => format!("%f{n}"),
        Elem::F64 => format!("%fd{n}"),
        _ => format!("%r{n}"),
    }
}

fn mma_kernel(form: &Form) -> (String, String) {
    let spelling = format!("mma.sync.aligned.{}", form.spelled);
    let name = crate::instructions::kernel_name(&spelling);
    let registers = "\t.reg .b16 \t%h<4>;\n\t.reg .b32 \t%r<40>;\n\t.reg .f32 \t%f<40>;\n\t.reg .f64 \t%fd<40>;\n\t.reg .b64 \t%rd<4>;\n\n";
    let mut s = header(&name, "sm_80", registers, (64, 16));
    // A from word 0, B from word 4, C from word 8 (f64: one 8-byte slot each).
    let mut lists = Vec::new();
    for (operand, count) in form.regs.iter().enumerate() {
        let elem = if operand == 2 { form.acc } else { form.ab };
        let mut names = Vec::new();
        for k in 0..*count {
            let reg = register(elem, 20 + 5 * operand + k);
            s += &element_register(elem, &reg, 16 * operand + 4 * k);
            names.push(reg);
        }
        lists.push(format!("{{{}}}", names.join(", ")));
    }
    let d: Vec<String> = (0..form.regs[2])
        .map(|k| register(form.acc, 35 + k))
        .collect();
    s += &format!(
        "\t{spelling} \t{{{}}}, {}, {}, {};\n",
        d.join(", "),
        lists[0],
        lists[1],
        lists[2]
    );
    let width = if form.acc == Elem::F64 { 8 } else { 4 };
    for (k, reg) in d.iter().enumerate() {
        s += &format!(
            "\tst.global.b{} \t[%rd2+{}], {reg};\n",
            8 * width,
            width * k
        );
    }
    (name, s + "\tret;\n}\n")
}

fn move_kernel(op: &str, spelled: &str, count: usize) -> (String, String) {
    let spelling = format!("{op}.{spelled}");
    let name = crate::instructions::kernel_name(&spelling);
    let registers =
        "\t.reg .b32 \t%r<40>;\n\t.reg .b64 \t%rd<8>;\n\t.shared .align 16 .b8 \tsm[2048];\n\n";
    let target = if op == "stmatrix" { "sm_90" } else { "sm_80" };
    let mut s = header(&name, target, registers, (16, 16));
    // This thread's 16 bytes of its warp's 512 (%r4), the row address it gives (%r5; %rd5 generic).
    // This thread's 16 bytes of shared memory (%r4); its warp's 512 (%r8 = %r4 - 16·lane); the row
    // address it gives (%r5; generic %rd5): %r8 + 16·(8·(lane/8) + 7 - lane%8).
    s += "\tmov.u32 \t%r4, %tid.x;\n\tshl.b32 \t%r4, %r4, 4;\n\tmov.u32 \t%r6, sm;\n\tadd.u32 \t%r4, %r6, %r4;\n\
          \tld.global.v4.u32 \t{%r20, %r21, %r22, %r23}, [%rd1];\n\tst.shared.v4.u32 \t[%r4], {%r20, %r21, %r22, %r23};\n\
          \tbar.sync \t0;\n\tmov.u32 \t%r7, %laneid;\n\tshl.b32 \t%r8, %r7, 4;\n\tsub.u32 \t%r8, %r4, %r8;\n\
          \tand.b32 \t%r11, %r7, 24;\n\tand.b32 \t%r12, %r7, 7;\n\tsub.u32 \t%r12, 7, %r12;\n\
          \tadd.u32 \t%r11, %r11, %r12;\n\tshl.b32 \t%r11, %r11, 4;\n";
    s += "\tadd.u32 \t%r5, %r8, %r11;\n\tcvt.u64.u32 \t%rd6, %r5;\n\tcvta.shared.u64 \t%rd5, %rd6;\n";
    let address = if spelled.contains("shared") {
        "[%r5]"
    } else {
        "[%rd5]"
    };
    let regs: Vec<String> = (0..count).map(|q| format!("%r{}", 30 + q)).collect();
    let regs = format!("{{{}}}", regs.join(", "));
    if op == "ldmatrix" {
        s += &format!("\t{spelling} \t{regs}, {address};\n");
        for q in 0..count {
            s += &format!("\tst.global.b32 \t[%rd2+{}], %r{};\n", 4 * q, 30 + q);
        }
    } else {
        for q in 0..count {
            s += &format!("\tld.global.b32 \t%r{}, [%rd1+{}];\n", 30 + q, 4 * q);
        }
        s += &format!(
            "\tbar.sync \t0;\n\t{spelling} \t{address}, {regs};\n\tbar.sync \t0;\n\
             \tld.shared.v4.u32 \t{{%r20, %r21, %r22, %r23}}, [%r4];\n\tst.global.v4.u32 \t[%rd2], {{%r20, %r21, %r22, %r23}};\n"
        );
    }
    (name, s + "\tret;\n}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_has_a_kernel_with_its_instruction() {
        let all = kernels();
        assert_eq!(all.len(), FORMS.len() + WMMA_FORMS.len() + 2 * MOVES.len());
        for (name, text) in &all {
            assert!(text.contains(&format!(".entry {name}(")), "{name}");
            let op = if name.contains("wmma") {
                "wmma.mma.sync.aligned."
            } else if name.contains("mma") {
                "mma.sync.aligned."
            } else {
                "matrix.sync.aligned.m8n8"
            };
            assert!(text.contains(op), "{name}:\n{text}");
        }
    }

    /// Each wmma form's matrices fit their places: A and B 1 KiB of the warp's shared memory
    /// each, C 2 KiB, D the warp's 1 KiB of the output; what they are made from stays in the
    /// warp's 2 KiB of the input (one byte per element, four for s32).
    #[test]
    fn wmma_matrices_fit_their_places() {
        for form in &WMMA_FORMS {
            let bytes: Vec<u32> = (0..4).map(|w| form.span(w) * form.bytes(w)).collect();
            let room = [1024, 1024, 2048, 1024];
            assert!(
                bytes.iter().zip(room).all(|(b, r)| *b <= r),
                "{}: {bytes:?}",
                form.spelling()
            );
            for (w, from) in WMMA_INPUT.iter().enumerate() {
                let per = if form.types[w] == "s32" { 4 } else { 1 };
                let read = from + form.span(w) * per;
                assert!(
                    read <= 2048,
                    "{}: matrix {w} reads to {read}",
                    form.spelling()
                );
            }
        }
    }
}
