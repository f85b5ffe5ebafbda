//! The PTX corpus (NVIDIA NVRTC 12.9, numba-cuda's libNVVM and clang-15 on real kernel sources,
//! built by `bash scripts/ptx-corpus.sh` into .cache/ptx-corpus): every file lexes and parses;
//! every translation failure is a "not translated" error naming the instruction; at least 90 %
//! of each origin translates for all three targets; and llc-15 compiles every NVPTX module of the
//! sm_80 files (each origin's top folder; the compute_52/70/90 subfolders hold the same sources and
//! only repeat the codegen) for sm_80 — the GPU round trip's path. The AMDGPU modules are compiled
//! by the real comgr of every HIP version instead (cuda-as-hip/tests/ptx_corpus.rs).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use common::{llc, TARGETS};
use ptx::{Stage, Target};

/// Where the corpus lives (the setup step writes it; README there says what is what).
const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../.cache/ptx-corpus");

/// Every PTX file of the corpus; with `top_only`, only those directly in an origin's folder.
fn corpus_files(top_only: bool) -> Vec<PathBuf> {
    let dir = Path::new(CORPUS_DIR);
    assert!(dir.is_dir(), "no PTX corpus at {CORPUS_DIR}: run `bash scripts/ptx-corpus.sh` (the setup step that builds it)");
    let mut files = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("readable corpus directory")
            .flatten()
        {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue; // a corpus folder being rebuilt
            }
            if path.is_dir() {
                if !top_only || depth == 0 {
                    stack.push((path, depth + 1));
                }
            } else if path.extension().is_some_and(|e| e == "ptx") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(
        files.len() >= 100,
        "the corpus at {CORPUS_DIR} has only {} PTX files",
        files.len()
    );
    files
}

/// The corpus origin of a file: its first folder (nvrtc, numba, clang).
fn origin(path: &Path) -> String {
    let rel = path.strip_prefix(CORPUS_DIR).unwrap_or(path);
    rel.components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn corpus_parses_and_translates() {
    let mut per_origin: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut failures = Vec::new();
    for path in corpus_files(false) {
        let text = read(&path);
        if let Err(e) = ptx::dump(&text, Target::Nvptx, Stage::Ast) {
            assert!(
                e.message.contains("is not translated"),
                "{}: does not parse: {e}",
                path.display()
            );
        }
        let entry = per_origin.entry(origin(&path)).or_default();
        entry.1 += 1;
        let mut all = true;
        for (target, _, _) in TARGETS {
            if let Err(e) = ptx::translate(&text, target) {
                assert!(
                    e.message.contains("not translated"),
                    "{}: {e} (not a 'not translated' error)",
                    path.display()
                );
                failures.push(format!("{} ({target:?}): {e}", path.display()));
                all = false;
            }
        }
        entry.0 += usize::from(all);
    }
    for (origin, (ok, total)) in &per_origin {
        println!("{origin}: {ok}/{total} translate for all three targets");
    }
    for f in &failures {
        println!("{f}");
    }
    for (origin, (ok, total)) in &per_origin {
        assert!(
            ok * 10 >= total * 9,
            "{origin}: only {ok}/{total} translate"
        );
    }
}

#[test]
fn corpus_compiles_with_llc() {
    let work: Vec<(PathBuf, usize)> = corpus_files(true)
        .into_iter()
        .flat_map(|p| {
            (0..TARGETS.len())
                .filter(|&t| matches!(TARGETS[t].0, Target::Nvptx))
                .map(move |t| (p.clone(), t))
        })
        .collect();
    let queue = Mutex::new(work);
    let errors = Mutex::new(Vec::new());
    let compiled = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some((path, t)) = queue.lock().expect("queue").pop() else {
                    break;
                };
                let (target, arch, cpu) = TARGETS[t];
                let Ok(translation) = ptx::translate(&read(&path), target) else {
                    continue;
                };
                match llc(&translation.ir, arch, cpu) {
                    Ok(()) => *compiled.lock().expect("count") += 1,
                    Err(e) => {
                        let first = e
                            .lines()
                            .find(|l| l.contains("error") || l.contains("ERROR"))
                            .unwrap_or("");
                        errors
                            .lock()
                            .expect("errors")
                            .push(format!("{} for {cpu}: {first}", path.display()));
                    }
                }
            });
        }
    });
    let errors = errors.into_inner().expect("errors");
    println!(
        "{} modules compiled by llc-15",
        compiled.into_inner().expect("count")
    );
    assert!(
        errors.is_empty(),
        "llc-15 rejected {} modules:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
