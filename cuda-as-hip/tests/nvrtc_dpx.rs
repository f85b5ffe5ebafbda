//! Hopper's DPX family of our NVRTC headers (`__cuda_as_hip/integer.h`, host and device code)
//! compiled for the host and run on a spread of inputs, against a model of the PTX instructions
//! NVIDIA's NVRTC writes for them: `add.{s,u}16x2` / `add.{s,u}32` (wrapping), then
//! `max` / `min` (`.relu`: a negative result becomes 0), per 32-bit value or per 16-bit half; the
//! `__vib*` forms also say whether `a` won. (The GPU suite compares them with NVIDIA's own.)

/// How a function reads its operands and combines them.
#[derive(Clone, Copy)]
enum Op {
    Max3,
    Min3,
    AddMax,
    AddMin,
    Max,
    Min,
    /// max / min and whether a >= b / a <= b.
    PickMax,
    PickMin,
}

/// The lanes: 32-bit or 16-bit halves, signed or not.
#[derive(Clone, Copy)]
struct Lanes {
    bits: u32,
    signed: bool,
}

impl Lanes {
    fn of(suffix: &str) -> Lanes {
        Lanes {
            bits: if suffix.contains("16x2") { 16 } else { 32 },
            signed: suffix.starts_with('s'),
        }
    }

    /// Lane `k` of `x` as a number.
    fn lane(self, x: u32, k: u32) -> i64 {
        let v = (x >> (k * self.bits)) as u64 & ((1u64 << self.bits) - 1);
        if self.signed && v >> (self.bits - 1) == 1 {
            v as i64 - (1i64 << self.bits)
        } else {
            v as i64
        }
    }

    /// `v` wrapped to a lane (what the lane's add leaves).
    fn wrap(self, v: i64) -> i64 {
        self.lane(v as u32 & (((1u64 << self.bits) - 1) as u32), 0)
    }

    fn count(self) -> u32 {
        32 / self.bits
    }
}

/// (name, op, lanes, relu) of the 36 functions.
fn family() -> Vec<(String, Op, Lanes, bool)> {
    let mut all = Vec::new();
    for (stem, op) in [
        ("__vimax3", Op::Max3),
        ("__vimin3", Op::Min3),
        ("__viaddmax", Op::AddMax),
        ("__viaddmin", Op::AddMin),
    ] {
        for suffix in ["s32", "u32", "s16x2", "u16x2", "s32_relu", "s16x2_relu"] {
            all.push((
                format!("{stem}_{suffix}"),
                op,
                Lanes::of(suffix),
                suffix.ends_with("relu"),
            ));
        }
    }
    for (stem, op) in [("__vimax", Op::Max), ("__vimin", Op::Min)] {
        for suffix in ["s32_relu", "s16x2_relu"] {
            all.push((format!("{stem}_{suffix}"), op, Lanes::of(suffix), true));
        }
    }
    for (stem, op) in [("__vibmax", Op::PickMax), ("__vibmin", Op::PickMin)] {
        for suffix in ["s32", "u32", "s16x2", "u16x2"] {
            all.push((format!("{stem}_{suffix}"), op, Lanes::of(suffix), false));
        }
    }
    all
}

/// The model: the result word and the predicates (high half first; one for 32-bit lanes).
fn model(op: Op, lanes: Lanes, relu: bool, x: u32, y: u32, z: u32) -> (u32, Vec<bool>) {
    let (mut word, mut won) = (0u32, Vec::new());
    for k in (0..lanes.count()).rev() {
        let (a, b, c) = (lanes.lane(x, k), lanes.lane(y, k), lanes.lane(z, k));
        let mut v = match op {
            Op::Max3 => a.max(b).max(c),
            Op::Min3 => a.min(b).min(c),
            Op::AddMax => lanes.wrap(a + b).max(c),
            Op::AddMin => lanes.wrap(a + b).min(c),
            Op::Max | Op::PickMax => a.max(b),
            Op::Min | Op::PickMin => a.min(b),
        };
        match op {
            Op::PickMax => won.push(a >= b),
            Op::PickMin => won.push(a <= b),
            _ => {}
        }
        if relu {
            v = v.max(0);
        }
        let mask = ((1u64 << lanes.bits) - 1) as u32;
        word |= (v as u32 & mask) << (k * lanes.bits);
    }
    (word, won)
}

/// The C++ call of function `name` on x, y, z (unsigned words), printing the result and any
/// predicates.
fn call(name: &str, op: Op, lanes: Lanes) -> String {
    let args = |n: usize| {
        let cast = if lanes.bits == 32 && lanes.signed {
            "(int)"
        } else {
            ""
        };
        ["x", "y", "z"][..n]
            .iter()
            .map(|v| format!("{cast}{v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match op {
        Op::PickMax | Op::PickMin if lanes.bits == 16 => format!(
            "{{ bool h, l; unsigned r = {name}({}, &h, &l); std::printf(\"%x %d %d\\n\", r, h, l); }}",
            args(2)
        ),
        Op::PickMax | Op::PickMin => format!(
            "{{ bool p; unsigned r = (unsigned){name}({}, &p); std::printf(\"%x %d\\n\", r, p); }}",
            args(2)
        ),
        Op::Max | Op::Min => format!("std::printf(\"%x\\n\", (unsigned){name}({}));", args(2)),
        _ => format!("std::printf(\"%x\\n\", (unsigned){name}({}));", args(3)),
    }
}

/// Inputs: every lane value near the edges (0, ±1, the extremes) and a deterministic spread.
fn inputs() -> Vec<u32> {
    let edges16 = [0u32, 1, 0x7fff, 0x8000, 0xffff, 0x7ffe, 0x8001, 0x1234];
    let mut v: Vec<u32> = edges16
        .iter()
        .flat_map(|&h| edges16.iter().map(move |&l| h << 16 | l))
        .collect();
    let mut s = 0x2545_f491_u32;
    for _ in 0..64 {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        v.push(s);
    }
    v
}

#[test]
fn dpx_functions_match_the_ptx_instructions() {
    let scratch = test_support::Scratch::new("dpx");
    let dir = scratch.path();
    let family = family();
    assert_eq!(family.len(), 36);
    let calls: String = family
        .iter()
        .enumerate()
        .map(|(i, (name, op, lanes, _))| {
            format!("    case {i}: {} break;\n", call(name, *op, *lanes))
        })
        .collect();
    let main = dir.join("dpx.cpp");
    std::fs::write(
        &main,
        format!(
            "#include <cstdio>\n#include <__cuda_as_hip/integer.h>\n\
             // stdin: lines \"FUNCTION X Y Z\" (hex words); prints each result.\n\
             int main() {{\n  unsigned f, x, y, z;\n  while (std::scanf(\"%u %x %x %x\", &f, &x, &y, &z) == 4) {{\n\
             switch (f) {{\n{calls}    }}\n  }}\n}}\n"
        ),
    )
    .unwrap();
    let exe = dir.join("dpx");
    test_support::build_host_header_program(&main, &exe);
    let (mut input, mut expected) = (String::new(), Vec::new());
    let words = inputs();
    for (i, (name, op, lanes, relu)) in family.iter().enumerate() {
        for (n, &x) in words.iter().enumerate() {
            let (y, z) = (
                words[(n * 7 + 3) % words.len()],
                words[(n * 13 + 5) % words.len()],
            );
            input.push_str(&format!("{i} {x:x} {y:x} {z:x}\n"));
            let (word, won) = model(*op, *lanes, *relu, x, y, z);
            let mut line = format!("{word:x}");
            won.iter()
                .for_each(|w| line.push_str(&format!(" {}", u8::from(*w))));
            expected.push((format!("{name}({x:#x}, {y:#x}, {z:#x})"), line));
        }
    }
    let out = test_support::run_with_input(&exe, &input);
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got.len(), expected.len());
    let wrong: Vec<String> = got
        .iter()
        .zip(&expected)
        .filter(|(g, (_, want))| *g != want)
        .map(|(g, (call, want))| format!("{call}: {g}, the instructions give {want}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(10)].join("\n")
    );
}
