//! The PTX corpus (scripts/ptx-corpus.sh: NVIDIA's NVRTC 12.9 on cudarc's and candle's kernel
//! sources, numba-cuda's compile_ptx, clang's CUDA mode) compiled to AMD code objects through the
//! translator and this HIP version's comgr, for a wave64 target (gfx90a) and a wave32 one
//! (gfx1030, which every bound comgr knows). The wave32 pass leaves out the files over 1 MiB
//! (candle's quantized and binary kernels, from both compilers: 60 % of the corpus' bytes, CI time
//! on four HIP versions), which the wave64 pass compiles: the wavefront size changes the prelude's
//! lane functions, not the size of what comgr compiles. Each code object must define every kernel
//! the PTX declares. Each pass compiles half its files (by size) in a child process of this test,
//! beside the other half here. The counts per origin and target are a
//! floor (`ptx_corpus_floor.txt`): a change that loses a file that compiled before fails here,
//! naming it.

use cuda_as_hip::elf::Elf;
use cuda_as_hip::jit::{self, AmdTarget};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `origin/file.ptx` of every PTX file of the corpus (one arch per origin: the top folder).
fn corpus(root: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for origin in ["nvrtc", "numba", "clang"] {
        let Ok(dir) = std::fs::read_dir(root.join(origin)) else {
            continue;
        };
        for entry in dir.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_some_and(|x| x == "ptx") {
                let name = format!("{origin}/{}", entry.file_name().to_string_lossy());
                files.push((name, path));
            }
        }
    }
    files.sort();
    files
}

/// The `.entry` names a PTX module declares.
fn entries(ptx: &str) -> Vec<String> {
    ptx.lines()
        .filter_map(|l| l.split(".entry").nth(1))
        .filter_map(|rest| {
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// `origin target count` lines of the committed floor.
fn floor(arch: &str) -> BTreeMap<String, usize> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ptx_corpus_floor.txt");
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            (fields[1] == arch).then(|| (fields[0].to_string(), fields[2].parse().unwrap()))
        })
        .collect()
}

#[test]
fn the_corpus_compiles_for_wave64() {
    the_corpus_compiles_for("the_corpus_compiles_for_wave64", "gfx90a", usize::MAX);
}

#[test]
fn the_corpus_compiles_for_wave32() {
    the_corpus_compiles_for("the_corpus_compiles_for_wave32", "gfx1030", 1 << 20);
}

/// Set in the child process that compiles the second half of a pass's files. comgr runs one
/// action at a time per process (hip-sys), so the halves compile side by side only in two
/// processes: this pass takes half the time on two cores (the corpus is most of CI's time).
const SECOND_HALF_ENV: &str = "PTX_CORPUS_SECOND_HALF";

/// Corpus files as (`origin/file.ptx`, PTX text).
type Named = Vec<(String, String)>;

/// What compiling some of the files gave: files compiled per origin, and one line per failure.
#[derive(Default)]
struct Outcome {
    compiled: BTreeMap<String, usize>,
    failures: Vec<String>,
}

/// Compiles every corpus file of at most `max_bytes` for `arch` (the test `test`): the first half
/// here, the second in a child process started at the same time, and holds the total to the floor.
fn the_corpus_compiles_for(test: &str, arch: &str, max_bytes: usize) {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let root = test_support::root().join(".cache/ptx-corpus");
    let files = corpus(&root);
    assert!(
        !files.is_empty(),
        "{}: no corpus; run scripts/setup.sh",
        root.display()
    );
    let (first, second) = halves(&files, max_bytes);
    if std::env::var_os(SECOND_HALF_ENV).is_some() {
        return report(&compile(&second, arch));
    }
    let child = test_support::hip_run()
        .command(test_support::test_executable(), &[])
        .args(["--exact", test, "--nocapture"])
        .env(SECOND_HALF_ENV, "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the test binary starts");
    let mut outcome = compile(&first, arch);
    let out = child.wait_with_output().expect("the second half ends");
    assert!(out.status.success(), "the second half: {:?}", out.status);
    outcome.merge(&String::from_utf8_lossy(&out.stdout));
    for (origin, n) in &outcome.compiled {
        let total = files
            .iter()
            .filter(|(f, _)| f.starts_with(&format!("{origin}/")))
            .count();
        println!("{origin}: {n} of {total} compiled for {arch}");
    }
    outcome.failures.iter().for_each(|f| println!("  {f}"));
    for (origin, least) in floor(arch) {
        let n = outcome.compiled.get(&origin).copied().unwrap_or(0);
        assert!(
            n >= least,
            "{origin}: {n} files compiled for {arch}, fewer than the {least} of an earlier run:\n{}",
            outcome.failures.join("\n")
        );
    }
}

/// The files of at most `max_bytes`, in two halves of about the same size (largest first, each to
/// the lighter half): compile time follows size.
fn halves(files: &[(String, PathBuf)], max_bytes: usize) -> (Named, Named) {
    let mut read: Named = files
        .iter()
        .map(|(name, path)| (name.clone(), std::fs::read_to_string(path).unwrap()))
        .filter(|(_, ptx)| ptx.len() <= max_bytes)
        .collect();
    read.sort_by_key(|(_, ptx)| std::cmp::Reverse(ptx.len()));
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let bytes = |half: &Named| half.iter().map(|(_, p)| p.len()).sum::<usize>();
    for file in read {
        match bytes(&first) <= bytes(&second) {
            true => first.push(file),
            false => second.push(file),
        }
    }
    (first, second)
}

/// Compiles `files` for `arch`; each code object must define the PTX's kernels.
fn compile(files: &Named, arch: &str) -> Outcome {
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    let target = AmdTarget {
        arch: arch.to_string(),
    };
    let mut outcome = Outcome::default();
    for (name, ptx) in files {
        let origin = name.split('/').next().unwrap().to_string();
        let count = outcome.compiled.entry(origin).or_default();
        match jit::compile(&[ptx.as_bytes()], &target, hip_version) {
            Ok(c) => {
                let elf = Elf::parse(&c.code).expect("comgr's code object is an ELF file");
                let defined: Vec<&str> = elf.symbols().iter().map(|s| s.name).collect();
                let missing: Vec<_> = entries(ptx)
                    .into_iter()
                    .filter(|k| !defined.contains(&format!("{k}.kd").as_str()))
                    .collect();
                assert!(
                    missing.is_empty(),
                    "{name} for {arch}: no kernel {missing:?}"
                );
                *count += 1;
            }
            Err(e) => {
                let first = e
                    .to_string()
                    .lines()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" | ");
                outcome.failures.push(format!("{name}: {first}"));
            }
        }
    }
    outcome
}

/// Lines the child prints for its half and the parent reads back ([`Outcome::merge`]).
const COMPILED: &str = "half-compiled ";
const FAILED: &str = "half-failed ";

fn report(outcome: &Outcome) {
    for (origin, n) in &outcome.compiled {
        println!("{COMPILED}{origin} {n}");
    }
    for failure in &outcome.failures {
        println!("{FAILED}{failure}");
    }
}

impl Outcome {
    /// Adds what a child [`report`]ed.
    fn merge(&mut self, child: &str) {
        for line in child.lines() {
            if let Some(rest) = line.strip_prefix(COMPILED) {
                let (origin, n) = rest.rsplit_once(' ').unwrap();
                *self.compiled.entry(origin.to_string()).or_default() +=
                    n.parse::<usize>().unwrap();
            } else if let Some(failure) = line.strip_prefix(FAILED) {
                self.failures.push(failure.to_string());
            }
        }
    }
}

/// vprintf (numba-cuda's `print`, from the corpus), __assertfail (candle's `assert`s, NVRTC's PTX) and
/// malloc / free (as nvcc declares them) go to ockl's printf and device memory, which the HIP runtime
/// serves through the kernel's hostcall buffer: the code object must ask for it (its metadata's
/// `hidden_hostcall_buffer` argument), on every HIP version. (What the calls append is checked on
/// the host: ptx/tests/services.rs.)
#[test]
fn printing_asserting_and_allocating_kernels_ask_for_the_hostcall_buffer() {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let corpus_file = |name: &str, calls: &str| {
        let path = test_support::root().join(".cache/ptx-corpus").join(name);
        let ptx = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh", path.display()));
        assert!(ptx.contains(calls), "{name} calls {calls}");
        ptx
    };
    let printing = corpus_file("numba/typical__print_values.ptx", "vprintf");
    let asserting = corpus_file(
        "nvrtc/candle-kernels-0.9.1__src_indexing.cu.ptx",
        "__assertfail",
    );
    let allocating = ".version 8.0\n.target sm_80\n.address_size 64\n\
        .extern .func (.param .b64 func_retval0) malloc(.param .b64 malloc_param_0);\n\
        .extern .func free(.param .b64 free_param_0);\n\
        .visible .entry k(.param .u64 out)\n{\n\t.reg .b64 %rd<4>;\n\tld.param.u64 %rd1, [out];\n\
        \t{\n\t.param .b64 p0;\n\tst.param.b64 [p0], 64;\n\t.param .b64 r0;\n\
        \tcall.uni (r0), malloc, (p0);\n\tld.param.b64 %rd2, [r0];\n\t}\n\
        \tst.global.u64 [%rd1], %rd2;\n\
        \t{\n\t.param .b64 p1;\n\tst.param.b64 [p1], %rd2;\n\tcall.uni free, (p1);\n\t}\n\tret;\n}\n";
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    let target = AmdTarget {
        arch: "gfx90a".to_string(),
    };
    for (name, ptx) in [
        ("print", printing.as_str()),
        ("assert", asserting.as_str()),
        ("malloc/free", allocating),
    ] {
        let code = jit::compile(&[ptx.as_bytes()], &target, hip_version)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .code;
        let asks = code
            .windows(b"hidden_hostcall_buffer".len())
            .any(|w| w == b"hidden_hostcall_buffer");
        assert!(
            asks,
            "{name}: no hostcall buffer in the code object's metadata"
        );
    }
}

/// A WMMA kernel of `shape` and `types`: A, B, C loaded from `p`, D stored there.
fn wmma_kernel(name: &str, shape: &str, types: [&str; 4], regs: [usize; 4]) -> String {
    let list = |prefix: &str, n: usize| {
        let names: Vec<String> = (0..n).map(|j| format!("{prefix}{j}")).collect();
        format!("{{{}}}", names.join(", "))
    };
    let [a, b, c, d] = types;
    let mma_types = if a == "f16" {
        format!("{d}.{c}")
    } else {
        format!("{d}.{a}.{b}.{c}")
    };
    let reg = |t: &str| if t == "f64" { "f64" } else { "b32" };
    format!(
        ".visible .entry {name}(.param .u64 p)\n{{\n\t.reg .b64 %rd<2>;\n\t.reg .{} %a<16>;\n\
         \t.reg .{} %b<16>;\n\t.reg .{} %c<16>;\n\t.reg .{} %d<16>;\n\tld.param.u64 %rd1, [p];\n\
         \twmma.load.a.sync.aligned.row.{shape}.global.{a} {}, [%rd1];\n\
         \twmma.load.b.sync.aligned.col.{shape}.global.{b} {}, [%rd1], 32;\n\
         \twmma.load.c.sync.aligned.row.{shape}.{c} {}, [%rd1];\n\
         \twmma.mma.sync.aligned.row.col.{shape}.{mma_types} {}, {}, {}, {};\n\
         \twmma.store.d.sync.aligned.col.{shape}.global.{d} [%rd1], {};\n\tret;\n}}\n",
        reg(a),
        reg(b),
        reg(c),
        reg(d),
        list("%a", regs[0]),
        list("%b", regs[1]),
        list("%c", regs[2]),
        list("%d", regs[3]),
        list("%a", regs[0]),
        list("%b", regs[1]),
        list("%c", regs[2]),
        list("%d", regs[3]),
    )
}

/// WMMA kernels (f16 with an f16 D, u8, f64) compile through this HIP
/// version's comgr for wave64 and wave32, each kernel in the code object.
#[test]
fn wmma_kernels_compile_through_comgr() {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let kernels = [
        (
            "wmma_f16",
            "m16n16k16",
            ["f16", "f16", "f32", "f16"],
            [8, 8, 8, 4],
        ),
        (
            "wmma_u8",
            "m32n8k16",
            ["u8", "u8", "s32", "s32"],
            [4, 1, 8, 8],
        ),
        (
            "wmma_f64",
            "m8n8k4",
            ["f64", "f64", "f64", "f64"],
            [1, 1, 2, 2],
        ),
    ];
    let mut ptx = String::from(".version 7.8\n.target sm_80\n.address_size 64\n");
    for (name, shape, types, regs) in kernels {
        ptx += &wmma_kernel(name, shape, types, regs);
    }
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    for arch in ["gfx90a", "gfx1030"] {
        let target = AmdTarget {
            arch: arch.to_string(),
        };
        let code = jit::compile(&[ptx.as_bytes()], &target, hip_version)
            .unwrap_or_else(|e| panic!("{arch}: {e}\n{ptx}"))
            .code;
        let elf = Elf::parse(&code).expect("an ELF code object");
        for (name, ..) in kernels {
            let kd = format!("{name}.kd");
            assert!(
                elf.symbols().iter().any(|s| s.name == kd),
                "{arch}: no kernel {name}"
            );
        }
    }
}
