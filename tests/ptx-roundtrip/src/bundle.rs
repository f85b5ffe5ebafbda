//! The bundle the GPU machine receives, built here (scripts/gpu-suite.sh build): for each PTX file
//! of the corpus (`.cache/ptx-corpus`, scripts/ptx-corpus.sh: the sm_80 files of each origin) and
//! each per-instruction kernel ([`crate::instructions`]),
//!
//!   original/ID.ptx    the PTX as its compiler wrote it
//!   roundtrip/ID.ll    the translator's NVPTX-target LLVM IR
//!   roundtrip/ID.opt.ll  that IR optimised by `opt-15 -O3` (what comgr's `-O3` runs on the AMD target's
//!                      IR: the translator leaves registers as `alloca`s to it)
//!   roundtrip/ID.ptx   that IR compiled by `llc-15 -march=nvptx64 -mcpu=sm_80 -O3`, checked by NVIDIA's
//!                      `ptxas` (so the GPU machine only meets PTX NVIDIA accepts) and for the same
//!                      kernel parameters as the original's
//!   index.tsv          ID, origin, and `ok` or the step that failed with its message (`original`:
//!                      ptxas refuses the original on its own — it calls another module's functions —
//!                      so there is nothing to compare; translate, opt, llc, ptxas, signature: the round trip)
//!
//! ID is ORIGIN/FILE with `/` as `__`. Nothing is built on the GPU machine.
use crate::{instructions, matrix, signature};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The corpus' parts whose top-level `.ptx` files (sm_80 / compute_80) are in the bundle.
pub const ORIGINS: [&str; 3] = ["nvrtc", "numba", "clang"];

/// One line of `index.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub origin: String,
    /// `ok`, or `STEP: message` (translate, opt, llc, ptxas).
    pub status: String,
}

impl Entry {
    pub fn ok(&self) -> bool {
        self.status == "ok"
    }
}

/// PTX text → NVPTX-target LLVM IR text, or the translator's error: `ptx::translate(text, Target::Nvptx)`.
pub type Translate = dyn Fn(&str) -> Result<String, String>;

/// The tools of the build step.
pub struct Tools {
    pub translate: Box<Translate>,
    pub opt: PathBuf,
    pub llc: PathBuf,
    pub ptxas: PathBuf,
}

/// Builds the bundle in `out` from the corpus in `corpus`; returns its index.
pub fn build(corpus: &Path, out: &Path, tools: &Tools) -> Result<Vec<Entry>, String> {
    for dir in ["original", "roundtrip"] {
        fs::create_dir_all(out.join(dir)).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let mut index = Vec::new();
    for (origin, id, text) in sources(corpus)? {
        fs::write(out.join("original").join(format!("{id}.ptx")), &text)
            .map_err(|e| e.to_string())?;
        let status = match round_trip(&text, &out.join("roundtrip"), &id, tools) {
            Ok(()) => "ok".to_string(),
            Err(e) => e.replace(['\t', '\n'], " "),
        };
        index.push(Entry { id, origin, status });
    }
    let tsv: String = index
        .iter()
        .map(|e| format!("{}\t{}\t{}\n", e.id, e.origin, e.status))
        .collect();
    fs::write(out.join("index.tsv"), tsv).map_err(|e| e.to_string())?;
    Ok(index)
}

/// (origin, ID, text) of every PTX file the bundle holds: the corpus' and the per-instruction ones.
fn sources(corpus: &Path) -> Result<Vec<(String, String, String)>, String> {
    let mut out = Vec::new();
    for origin in ORIGINS {
        let dir = corpus.join(origin);
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e} (scripts/ptx-corpus.sh builds it)", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ptx"))
            .collect();
        files.sort();
        for f in files {
            let text = fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            let file = f.file_stem().expect("a .ptx file").to_string_lossy();
            out.push((origin.to_string(), format!("{origin}__{file}"), text));
        }
    }
    let census = corpus.join("census.txt");
    let census = fs::read_to_string(&census).map_err(|e| format!("{}: {e}", census.display()))?;
    for spelling in instructions::census_spellings(&census) {
        if let Some(text) = instructions::kernel(&spelling) {
            out.push((
                "instruction".into(),
                format!("instruction__{}", instructions::kernel_name(&spelling)),
                text,
            ));
        }
    }
    for (name, text) in matrix::kernels() {
        out.push(("instruction".into(), format!("instruction__{name}"), text));
    }
    Ok(out)
}

/// PTX → IR (`DIR/ID.ll`) → PTX (`DIR/ID.ptx`), which NVIDIA's ptxas must accept and whose kernels
/// must take the same parameters as the original's (the runner launches both with one argument list).
/// An original ptxas refuses on its own (it calls functions another module defines) is reported as such.
fn round_trip(text: &str, dir: &Path, id: &str, tools: &Tools) -> Result<(), String> {
    let original = dir.join(format!("{id}.original.ptx"));
    fs::write(&original, text).map_err(|e| e.to_string())?;
    let alone = assemble(&tools.ptxas, &original).map_err(|e| format!("original: {e}"));
    fs::remove_file(&original).map_err(|e| e.to_string())?;
    alone?;
    let ir = (tools.translate)(text).map_err(|e| format!("translate: {e}"))?;
    let (ll, optimised, ptx) = (
        dir.join(format!("{id}.ll")),
        dir.join(format!("{id}.opt.ll")),
        dir.join(format!("{id}.ptx")),
    );
    fs::write(&ll, ir).map_err(|e| e.to_string())?;
    run(
        Command::new(&tools.opt)
            .args(["-O3", "-S"])
            .arg(&ll)
            .arg("-o")
            .arg(&optimised),
        "opt",
    )?;
    run(
        Command::new(&tools.llc)
            .args(["-march=nvptx64", "-mcpu=sm_80", "-O3"])
            .arg(&optimised)
            .arg("-o")
            .arg(&ptx),
        "llc",
    )?;
    assemble(&tools.ptxas, &ptx)?;
    let round = fs::read_to_string(&ptx).map_err(|e| e.to_string())?;
    same_parameters(text, &round).map_err(|e| format!("signature: {e}"))
}

/// NVIDIA's ptxas on a whole module (as the driver's JIT takes it), for the GPU suite's H200.
fn assemble(ptxas: &Path, ptx: &Path) -> Result<(), String> {
    run(
        Command::new(ptxas)
            .args(["-arch=sm_90", "-o", "/dev/null"])
            .arg(ptx),
        "ptxas",
    )
}

/// A kernel's name and its parameters' (size, alignment).
type Layout = (String, Vec<(usize, usize)>);

/// The kernels of `text`, sorted by name.
fn layouts(text: &str) -> Result<Vec<Layout>, String> {
    let mut ks: Vec<Layout> = signature::kernels(text)?
        .into_iter()
        .map(|k| (k.name, k.params.iter().map(|p| (p.size, p.align)).collect()))
        .collect();
    ks.sort();
    Ok(ks)
}

/// The same kernels, each with parameters of the same sizes and alignments.
fn same_parameters(original: &str, round: &str) -> Result<(), String> {
    let (a, b) = (layouts(original)?, layouts(round)?);
    match a.iter().zip(&b).find(|(x, y)| x != y) {
        Some((x, y)) => Err(format!(
            "kernel {} takes {:?}, its round trip {} takes {:?}",
            x.0, x.1, y.0, y.1
        )),
        None if a.len() != b.len() => Err(format!("{} kernels, round trip {}", a.len(), b.len())),
        None => Ok(()),
    }
}

fn run(cmd: &mut Command, step: &str) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("{step}: cannot run {:?}: {e}", cmd.get_program()))?;
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    Err(format!(
        "{step}: {}",
        err.lines().next().unwrap_or("failed without a message")
    ))
}

/// The index of a bundle.
pub fn read_index(bundle: &Path) -> Result<Vec<Entry>, String> {
    let path = bundle.join("index.tsv");
    let text = fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (scripts/gpu-suite.sh build)", path.display()))?;
    text.lines()
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            match (f.next(), f.next(), f.next()) {
                (Some(id), Some(origin), Some(status)) => Ok(Entry {
                    id: id.into(),
                    origin: origin.into(),
                    status: status.into(),
                }),
                _ => Err(format!("{}: bad line {l:?}", path.display())),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's `.cache` (scripts/setup.sh) and its tools.
    fn cache() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.cache")
    }

    fn ptxas() -> PathBuf {
        cache().join("corpus/ptxas-12.9/ptxas")
    }

    /// Every per-instruction kernel the census gives, and every warp matrix kernel, is PTX
    /// NVIDIA's ptxas accepts, and the generator covers the arithmetic of the corpus (more than
    /// 150 spellings today).
    #[test]
    fn per_instruction_kernels_assemble_with_ptxas() {
        let census = fs::read_to_string(cache().join("ptx-corpus/census.txt"))
            .expect("the PTX corpus (bash scripts/setup.sh builds it)");
        let dir = std::env::temp_dir().join(format!("ptx-roundtrip-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let mut made = 0;
        let mut failed = Vec::new();
        let generated = instructions::census_spellings(&census)
            .into_iter()
            .filter_map(|s| Some((instructions::kernel_name(&s), instructions::kernel(&s)?)));
        for (name, text) in generated.chain(matrix::kernels()) {
            let file = dir.join(format!("{name}.ptx"));
            fs::write(&file, text).unwrap();
            if let Err(e) = assemble(&ptxas(), &file) {
                failed.push(format!("{name}: {e}"));
            }
            made += 1;
        }
        fs::remove_dir_all(&dir).unwrap();
        assert!(
            failed.is_empty(),
            "{} of {made} kernels rejected:\n{}",
            failed.len(),
            failed.join("\n")
        );
        assert!(made > 150, "only {made} per-instruction kernels");
    }

    #[test]
    fn the_index_round_trips_through_its_file() {
        let dir = std::env::temp_dir().join(format!("ptx-roundtrip-index-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("index.tsv"),
            "nvrtc__a\tnvrtc\tok\nclang__b\tclang\ttranslate: no mma.sync\n",
        )
        .unwrap();
        let index = read_index(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(index.len(), 2);
        assert!(index[0].ok() && !index[1].ok());
        assert_eq!(index[1].status, "translate: no mma.sync");
    }
}
