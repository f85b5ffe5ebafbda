//! Mutated real PTX (the corpus scripts/ptx-corpus.sh builds from real kernel sources): truncated,
//! tokens swapped, types changed, huge immediates, lines dropped or repeated. Thousands of inputs
//! through the translator: none may panic, each is an error naming a line or a module; a sample
//! of those it accepts goes through this HIP's comgr, which must accept them too (a translation
//! comgr refuses would be a silently broken kernel's cousin). Deterministic: a fixed seed.

use cuda_as_hip::jit::{self, AmdTarget};

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TYPES: [&str; 12] = [
    ".u32", ".s32", ".u64", ".s64", ".f32", ".f64", ".b16", ".b8", ".pred", ".f16", ".b128", ".v4",
];
const IMMEDIATES: [&str; 5] = [
    "0xffffffffffffffffffff",
    "99999999999999999999999",
    "0f7FC00000",
    "-0",
    "0d7FF0000000000001",
];

/// One mutation of `ptx`.
fn mutate(ptx: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = ptx.lines().collect();
    let at = rng.below(lines.len());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match rng.below(6) {
        0 => {
            let cut = rng.below(ptx.len());
            let cut = (0..=cut)
                .rev()
                .find(|&c| ptx.is_char_boundary(c))
                .unwrap_or(0);
            return ptx[..cut].to_string();
        }
        1 => {
            let words: Vec<&str> = lines[at].split_whitespace().collect();
            if words.len() > 1 {
                let (i, j) = (rng.below(words.len()), rng.below(words.len()));
                let mut w = words.clone();
                w.swap(i, j);
                out[at] = w.join(" ");
            }
        }
        2 => {
            let from = TYPES[rng.below(TYPES.len())];
            let to = TYPES[rng.below(TYPES.len())];
            out[at] = lines[at].replacen(from, to, 1);
        }
        3 => {
            let imm = IMMEDIATES[rng.below(IMMEDIATES.len())];
            let words: Vec<&str> = lines[at].split(',').collect();
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            let i = rng.below(w.len());
            w[i] = format!(" {imm}");
            out[at] = w.join(",");
        }
        4 => {
            out.remove(at);
        }
        _ => out.insert(at, lines[at].to_string()),
    }
    out.join("\n")
}

fn corpus() -> Vec<(String, String)> {
    let dir = test_support::root().join(".cache/ptx-corpus/nvrtc");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ptx"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has {} files", files.len());
    files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect()
}

#[test]
fn mutated_ptx_is_an_error_or_a_code_object_never_a_panic() {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let corpus = corpus();
    let target = AmdTarget {
        arch: "gfx90a".into(),
    };
    let mut rng = Rng(0x5eed_2026_1205);
    let (mut accepted, mut refused, mut compiled) = (Vec::new(), 0, 0);
    const CASES: usize = 3000;
    for case in 0..CASES {
        let (name, text) = &corpus[rng.below(corpus.len())];
        let mutated = mutate(text, &mut rng);
        let wave64 = rng.below(2) == 0;
        let result = std::panic::catch_unwind(|| {
            ptx::translate(&mutated, ptx::Target::Amdgcn { wave64 }).map(|_| ())
        });
        match result {
            Err(_) => panic!("case {case} (from {name}) panicked:\n{mutated}"),
            Ok(Err(e)) => {
                assert!(!e.to_string().is_empty());
                refused += 1;
            }
            Ok(Ok(())) => accepted.push(mutated),
        }
    }
    // comgr is slow (0.1–0.5 s a module): a sample of what the translator accepted.
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    for mutated in accepted.iter().step_by((accepted.len() / 12).max(1)) {
        match jit::compile(&[mutated.as_bytes()], &target, hip_version) {
            Ok(c) => {
                assert_eq!(&c.code[..4], b"\x7fELF");
                compiled += 1;
            }
            Err(e) => panic!("translated but comgr refused it: {e}\n--- PTX ---\n{mutated}"),
        }
    }
    println!("{CASES} mutated PTX modules: {refused} refused with an error, {} translated, {compiled} of those compiled by comgr", accepted.len());
    assert!(refused > CASES / 10 && !accepted.is_empty());
}
