//! Mutated PTX (lines dropped, operands removed or swapped, types changed, huge immediates,
//! truncation), of a seed module and of the real PTX corpus: thousands of cases, each an Ok or an
//! Err — never a panic. (cuda-as-hip/tests/ptx_fuzz.rs compiles a sample of what translates.)

mod common;
mod mutation;

use ptx::Target;

/// A module using many instruction families, calls and globals: the seed of the mutations.
fn seed() -> String {
    let body = "\tadd.s32 %r2, %r1, 7;\n\tmul.wide.s32 %rd2, %r1, 4;\n\tadd.s64 %rd3, %rd1, %rd2;\n\
        \tld.global.f32 %f1, [%rd3];\n\tfma.rn.f32 %f2, %f1, %f1, 0f3F800000;\n\tsetp.lt.f32 %p1, %f2, %f1;\n\
        \t@%p1 bra $L_done;\n\tcvt.rzi.s32.f32 %r3, %f2;\n\tshfl.sync.bfly.b32 %r4|%p2, %r3, 16, 31, -1;\n\
        \tatom.global.add.u32 %r5, [%rd3], %r4;\n\tmov.b64 %rd4, {%r4, %r5};\n\tprmt.b32 %r6, %r4, %r5, 0x3210;\n\
        \tst.global.v2.f32 [%rd3], {%f1, %f2};\n\tbar.sync 0;\n\tcvt.rn.bf16.f32 %rs1, %f2;\n\
        \tfma.rn.f16 %rs2, %rs1, %rs1, %rs1;\n\tld.shared.u32 %r7, [tile+4];\n\tmov.u32 %r8, %tid.x;\n\
        \t{\n\t.param .b32 p0;\n\tst.param.b32 [p0], %r8;\n\t.param .b32 r0;\n\tcall.uni (r0), helper, (p0);\n\
        \tld.param.b32 %r9, [r0];\n\t}\n$L_done:\n";
    let kernel = common::kernel(body);
    let head = ".version 8.0\n.target sm_80\n.address_size 64\n\n.shared .align 4 .b8 tile[64];\n\
        .global .align 4 .u32 g[2] = {1, 2};\n.func (.param .b32 r) helper(.param .b32 x)\n{\n\t.reg .b32 %r<3>;\n\
        \tld.param.b32 %r1, [x];\n\tst.param.b32 [r], %r1;\n\tret;\n}\n";
    format!(
        "{head}{}",
        kernel
            .split_once(".address_size 64\n")
            .map(|(_, k)| k)
            .unwrap_or(&kernel)
    )
}

const REPLACEMENTS: &[&str] = &[
    "",
    ";",
    "{",
    "}",
    "[",
    "]",
    ",",
    "%r1",
    "%p1",
    "%f1",
    "%rd1",
    "0",
    "-1",
    "99999999999999999999",
    "0x7fffffffffffffff",
    "0f7FC00000",
    "0d0000000000000001",
    ".f16x2",
    ".b8",
    ".pred",
    ".v4",
    ".rm",
    ".sat",
    "@%p1",
    "tile",
    "helper",
    "_",
    "$L_done",
    "%r<4000000000>",
];

fn translate_all(text: &str) {
    for target in [
        Target::Amdgcn { wave64: true },
        Target::Amdgcn { wave64: false },
        Target::Nvptx,
    ] {
        let _ = ptx::translate(text, target);
    }
}

#[test]
fn the_seed_translates() {
    for target in [Target::Amdgcn { wave64: true }, Target::Nvptx] {
        if let Err(e) = ptx::translate(&seed(), target) {
            panic!("seed: {e}\n{}", seed());
        }
    }
}

#[test]
fn mutated_ptx_never_panics() {
    let seed = seed();
    let words: Vec<&str> = seed
        .split_inclusive(|c: char| c.is_whitespace() || c == ',')
        .collect();
    let mut cases = 0;
    for k in 0..words.len() {
        for r in REPLACEMENTS {
            let mut w = words.clone();
            w[k] = r;
            translate_all(&w.concat());
            cases += 1;
        }
        let mut dropped = words.clone();
        dropped.remove(k);
        translate_all(&dropped.concat());
        if k + 1 < words.len() {
            let mut swapped = words.clone();
            swapped.swap(k, k + 1);
            translate_all(&swapped.concat());
        }
        cases += 2;
    }
    for cut in 0..seed.len() {
        translate_all(&seed[..cut]);
        cases += 1;
    }
    assert!(cases > 5000, "only {cases} cases");
}

#[test]
fn mutated_corpus_ptx_is_an_error_or_a_translation_never_a_panic() {
    let corpus = mutation::nvrtc_corpus(usize::MAX);
    let mut rng = mutation::Rng(0x5eed_2026_1205);
    let (mut accepted, mut refused) = (0, 0);
    const CASES: usize = 3000;
    for case in 0..CASES {
        let (name, text) = &corpus[rng.below(corpus.len())];
        let mutated = mutation::mutate(text, &mut rng);
        let wave64 = rng.below(2) == 0;
        let result = std::panic::catch_unwind(|| {
            ptx::translate(&mutated, Target::Amdgcn { wave64 }).map(|_| ())
        });
        match result {
            Err(_) => panic!("case {case} (from {name}) panicked:\n{mutated}"),
            Ok(Err(e)) => {
                assert!(!e.to_string().is_empty());
                refused += 1;
            }
            Ok(Ok(())) => accepted += 1,
        }
    }
    println!("{CASES} mutated PTX modules: {refused} refused with an error, {accepted} translated");
    assert!(refused > CASES / 10 && accepted > 0);
}
