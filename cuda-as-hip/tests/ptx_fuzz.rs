//! What the translator accepts of mutated real PTX, this HIP's comgr must accept too (a translation
//! comgr refuses would be a silently broken kernel's cousin): mutations (ptx/tests/mutation) of
//! the corpus' files up to 256 KiB, drawn until a sample of them translates, each compiled for a
//! wave64 and a wave32 target in turn. Deterministic: a fixed seed. That no mutation panics the
//! translator, and that each refusal is an error, is ptx/tests/fuzz.rs's: it needs no HIP.

#[path = "../../ptx/tests/mutation/mod.rs"]
mod mutation;

use cuda_as_hip::jit::{self, AmdTarget};
use mutation::{mutate, Rng};

/// How many translated mutations go through comgr (0.1–1.5 s each).
const SAMPLE: usize = 12;

#[test]
fn translated_mutations_of_real_ptx_compile() {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let corpus = mutation::nvrtc_corpus(256 << 10);
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    let mut rng = Rng(0x5eed_2026_1205);
    let (mut drawn, mut compiled) = (0, 0);
    while compiled < SAMPLE {
        drawn += 1;
        assert!(drawn < 1000, "{drawn} mutations, {compiled} translated");
        let (name, text) = &corpus[rng.below(corpus.len())];
        let mutated = mutate(text, &mut rng);
        let wave64 = compiled % 2 == 0;
        if ptx::translate(&mutated, ptx::Target::Amdgcn { wave64 }).is_err() {
            continue;
        }
        let target = AmdTarget {
            arch: if wave64 { "gfx90a" } else { "gfx1030" }.into(),
        };
        match jit::compile(&[mutated.as_bytes()], &target, hip_version) {
            Ok(c) => assert_eq!(&c.code[..4], b"\x7fELF"),
            Err(e) => panic!(
                "{name}, mutated: translated but comgr refused it: {e}\n--- PTX ---\n{mutated}"
            ),
        }
        compiled += 1;
    }
    println!("{drawn} mutated PTX modules drawn, {compiled} translated and compiled by comgr");
}
