//! Mutations of real PTX (the corpus scripts/ptx-corpus.sh builds from real kernel sources):
//! truncated, tokens swapped, types changed, huge immediates, lines dropped or repeated. Shared by
//! the translator's fuzz test (ptx/tests/fuzz.rs: thousands of cases, never a panic) and the
//! per-HIP one (cuda-as-hip/tests/ptx_fuzz.rs: what the translator accepts, comgr accepts).

/// xorshift64*: deterministic and dependency-free.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
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
pub fn mutate(ptx: &str, rng: &mut Rng) -> String {
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

/// NVIDIA's NVRTC's PTX files of the corpus of at most `max_bytes`, as (path, text), sorted.
pub fn nvrtc_corpus(max_bytes: usize) -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../.cache/ptx-corpus/nvrtc");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}; run scripts/setup.sh"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ptx"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has {} files", files.len());
    files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .filter(|(_, text)| text.len() <= max_bytes)
        .collect()
}
