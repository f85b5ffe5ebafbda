//! Per-instruction kernels: one small PTX kernel for each opcode spelling (with its modifiers) that
//! the corpus' census lists (`.cache/ptx-corpus/census.txt`, scripts/ptx_corpus.py) and whose
//! operands this generator knows: arithmetic, logic, shifts, bit fields, comparisons, conversions,
//! math. Each thread loads the instruction's sources from its own 32 bytes of the input buffer (one
//! 8-byte slot per source), runs the one instruction, and stores the result in its 8-byte slot of the
//! output. Memory, control flow, warp and barrier instructions are proven by the corpus kernels.

/// A register width (bits) and its register class in the generated kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Width {
    B16,
    B32,
    B64,
    Pred,
}

impl Width {
    fn of(ty: &str) -> Option<Width> {
        Some(match ty {
            "u16" | "s16" | "b16" | "f16" | "bf16" => Width::B16,
            "u32" | "s32" | "b32" | "f32" | "f16x2" | "bf16x2" => Width::B32,
            "u64" | "s64" | "b64" | "f64" => Width::B64,
            "pred" => Width::Pred,
            _ => return None,
        })
    }

    fn bits(self) -> u32 {
        match self {
            Width::B16 => 16,
            Width::B32 | Width::Pred => 32,
            Width::B64 => 64,
        }
    }

    /// The k-th register of this width.
    fn register(self, k: usize) -> String {
        match self {
            Width::B16 => format!("%h{k}"),
            Width::B32 => format!("%r{k}"),
            Width::B64 => format!("%rd{k}"),
            Width::Pred => format!("%p{k}"),
        }
    }
}

/// The destination and source widths of `spelling`, or None when the generator does not know it.
fn operands(spelling: &str) -> Option<(Width, Vec<Width>)> {
    let parts: Vec<&str> = spelling.split('.').collect();
    let types: Vec<Width> = parts.iter().filter_map(|p| Width::of(p)).collect();
    let ty = *types.last()?;
    let wide = parts.contains(&"wide");
    let doubled = if wide { double(ty)? } else { ty };
    let same = |n: usize| Some((doubled, vec![ty; n]));
    match parts[0] {
        "add" | "sub" | "min" | "max" | "and" | "or" | "xor" | "div" | "rem" | "copysign" => {
            same(2)
        }
        "mul" => same(2),
        "mad" | "fma" => Some((doubled, vec![ty, ty, doubled])),
        "neg" | "abs" | "not" | "cnot" | "sqrt" | "rcp" | "rsqrt" | "ex2" | "lg2" | "sin"
        | "cos" | "tanh" => same(1),
        "shl" | "shr" => Some((ty, vec![ty, Width::B32])),
        "popc" | "clz" | "bfind" => Some((Width::B32, vec![ty])),
        "brev" => same(1),
        "bfe" => Some((ty, vec![ty, Width::B32, Width::B32])),
        "bfi" => Some((ty, vec![ty, ty, Width::B32, Width::B32])),
        "prmt" | "dp4a" | "dp2a" => Some((Width::B32, vec![Width::B32; 3])),
        "setp" => Some((Width::Pred, vec![ty, ty])),
        "selp" => Some((ty, vec![ty, ty, Width::Pred])),
        // cvt.dst.src: the last two types.
        "cvt" if types.len() >= 2 && parts.iter().all(|p| !p.ends_with('8')) => {
            Some((types[types.len() - 2], vec![ty]))
        }
        _ => None,
    }
}

fn double(w: Width) -> Option<Width> {
    match w {
        Width::B16 => Some(Width::B32),
        Width::B32 => Some(Width::B64),
        _ => None,
    }
}

/// The kernel's name for `spelling`: `op_` and the spelling with `_` for `.`.
pub fn kernel_name(spelling: &str) -> String {
    format!("op_{}", spelling.replace('.', "_"))
}

/// A PTX module whose one kernel runs `spelling` once per thread; None when the generator does not
/// know its operands (see the module's documentation).
pub fn kernel(spelling: &str) -> Option<String> {
    let (dst, srcs) = operands(spelling)?;
    let mut body = String::new();
    for (k, w) in srcs.iter().enumerate() {
        body += &load(*w, k + 1, k * 8);
    }
    let sources: Vec<String> = srcs
        .iter()
        .enumerate()
        .map(|(k, w)| w.register(k + 1))
        .collect();
    body += &format!(
        "\t{spelling} \t{}, {};\n",
        dst.register(0),
        sources.join(", ")
    );
    let (stored, width) = match dst {
        // A predicate is stored as 0 or 1.
        Width::Pred => ("%r9".to_string(), 32),
        w => (w.register(0), w.bits()),
    };
    if dst == Width::Pred {
        body += "\tselp.u32 \t%r9, 1, 0, %p0;\n";
    }
    Some(format!(
        "{HEADER}.target {target}\n.address_size 64\n\n.visible .entry {name}(\n\t.param .u64 .ptr .global .align 8 {name}_out,\n\t.param .u64 .ptr .global .align 8 {name}_in\n)\n{{\n{REGISTERS}\
\tmov.u32 \t%r5, %tid.x;\n\tmov.u32 \t%r6, %ctaid.x;\n\tmov.u32 \t%r7, %ntid.x;\n\tmad.lo.s32 \t%r5, %r6, %r7, %r5;\n\
\tld.param.u64 \t%rd6, [{name}_in];\n\tcvta.to.global.u64 \t%rd6, %rd6;\n\tmul.wide.u32 \t%rd7, %r5, 32;\n\tadd.s64 \t%rd6, %rd6, %rd7;\n\
{body}\tld.param.u64 \t%rd8, [{name}_out];\n\tcvta.to.global.u64 \t%rd8, %rd8;\n\tmul.wide.u32 \t%rd9, %r5, 8;\n\tadd.s64 \t%rd8, %rd8, %rd9;\n\
\tst.global.b{width} \t[%rd8], {stored};\n\tret;\n}}\n",
        name = kernel_name(spelling),
        target = target(spelling),
    ))
}

const HEADER: &str = "//\n// Generated by ptx-roundtrip (tests/ptx-roundtrip/src/instructions.rs)\n//\n\n.version 7.8\n";

/// sm_80, or sm_90 for the bf16 forms sm_80 lacks (PTX ISA: sm_80 has bf16 only in fma, min, max,
/// neg, abs and conversions from and to f32).
fn target(spelling: &str) -> &'static str {
    let base = spelling.split('.').next().unwrap_or("");
    let sm80 = ["fma", "min", "max", "neg", "abs"].contains(&base)
        || (base == "cvt" && spelling.contains("f32"));
    if spelling.contains("bf16") && !sm80 {
        "sm_90"
    } else {
        "sm_80"
    }
}
const REGISTERS: &str = "\t.reg .pred \t%p<4>;\n\t.reg .b16 \t%h<6>;\n\t.reg .b32 \t%r<10>;\n\t.reg .b64 \t%rd<10>;\n\n";

/// The load of source `k` (a predicate: the slot's 32 bits compared with 0) from `offset`.
fn load(w: Width, k: usize, offset: usize) -> String {
    match w {
        Width::Pred => {
            format!("\tld.global.b32 \t%r8, [%rd6+{offset}];\n\tsetp.ne.b32 \t%p{k}, %r8, 0;\n")
        }
        w => format!(
            "\tld.global.b{} \t{}, [%rd6+{offset}];\n",
            w.bits(),
            w.register(k)
        ),
    }
}

/// The spellings of a census file (scripts/ptx_corpus.py: counts per origin, then the spelling).
pub fn census_spellings(census: &str) -> Vec<String> {
    census
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().last().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operand_widths_follow_the_spelling() {
        assert_eq!(operands("add.s32"), Some((Width::B32, vec![Width::B32; 2])));
        assert_eq!(
            operands("mul.wide.u32"),
            Some((Width::B64, vec![Width::B32; 2]))
        );
        assert_eq!(
            operands("mad.wide.s32"),
            Some((Width::B64, vec![Width::B32, Width::B32, Width::B64]))
        );
        assert_eq!(
            operands("cvt.rn.f32.s64"),
            Some((Width::B32, vec![Width::B64]))
        );
        assert_eq!(
            operands("setp.lt.f64"),
            Some((Width::Pred, vec![Width::B64; 2]))
        );
        assert_eq!(operands("popc.b64"), Some((Width::B32, vec![Width::B64])));
        assert_eq!(operands("ld.global.f32"), None);
        assert_eq!(operands("cvt.u8.u32"), None);
    }

    #[test]
    fn a_kernel_loads_runs_and_stores() {
        let k = kernel("fma.rn.f32").unwrap();
        assert!(k.contains(".visible .entry op_fma_rn_f32("));
        assert!(k.contains("\tfma.rn.f32 \t%r0, %r1, %r2, %r3;\n"));
        assert!(k.contains("ld.global.b32 \t%r3, [%rd6+16];"));
        assert!(k.contains("st.global.b32 \t[%rd8], %r0;"));
        let p = kernel("setp.gt.s64").unwrap();
        assert!(
            p.contains("setp.gt.s64 \t%p0, %rd1, %rd2;")
                && p.contains("st.global.b32 \t[%rd8], %r9;")
        );
    }

    #[test]
    fn census_lines_give_spellings() {
        let census =
            "# 3 spellings\n# counts\n     1      0  add.s32\n     0      2  cvt.rn.f32.s32\n";
        assert_eq!(census_spellings(census), ["add.s32", "cvt.rn.f32.s32"]);
    }
}
