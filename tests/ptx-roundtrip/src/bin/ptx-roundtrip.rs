//! The GPU half of the round trip (scripts/gpu-suite.sh run, suite `ptx-roundtrip`).
//!
//!   ptx-roundtrip run BUNDLE OUT       every file of the bundle whose round trip was built: each
//!                                      kernel, each data set, original (twice) against round trip on
//!                                      NVIDIA's driver; OUT/ptx-roundtrip.tsv gets one row each,
//!                                      OUT/ptx-jit.tsv NVIDIA's JIT time of each original; a
//!                                      summary and a libtest-style result line on stdout; exit 1 if
//!                                      any comparison failed; PTX_ROUNDTRIP_FILES picks files by
//!                                      position, PTX_ROUNDTRIP_JOBS runs that many side by side
//!   ptx-roundtrip file BUNDLE ID FROM  (used by run) one file, from position FROM (kernel × data
//!                                      set) on, in this process; a fault ends it with exit code 3
//!
//! A fault leaves a CUDA context unusable, so each file runs in a child process, restarted after the
//! position that faulted; a position that takes longer than [`STEP_TIMEOUT`] is killed and counted:
//! as the round trip's hang (a failure) when it had begun the round trip ([`ROUNDTRIP`]), as the
//! original's (ignored, as an original's fault is: random data can make a kernel loop for hours).
use ptx_roundtrip::bundle::{read_index, Entry};
use ptx_roundtrip::compare::{approx_ulp, verdict, Verdict};
use ptx_roundtrip::driver::{Cuda, Module, Run};
use ptx_roundtrip::inputs::{arguments, block_size, DATA_SETS};
use ptx_roundtrip::signature::{kernels, Kernel};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{exit, Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

const STEP_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a child may take to load both modules before its first position (NVIDIA's JIT of a
/// large original took 6.5 s alone on an H100; files running side by side share the CPU).
const LOAD_TIMEOUT: Duration = Duration::from_secs(300);
/// Prefix of the line a `file` child prints with NVIDIA's JIT time of the original, in ms.
const JIT: &str = "JIT\t";
/// Which built files a run takes (`FIRST:END`).
const FILES_ENV: &str = "PTX_ROUNDTRIP_FILES";
/// How many files run side by side.
const JOBS_ENV: &str = "PTX_ROUNDTRIP_JOBS";
/// The line a `file` child prints as a position's round trip starts (its originals ran).
const ROUNDTRIP: &str = "ROUNDTRIP";
/// Exit code of a `file` child after a fault: the parent resumes after the faulting position.
const FAULTED: i32 = 3;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["run", bundle, out] => run(Path::new(bundle), Path::new(out)),
        ["file", bundle, id, from] => match from.parse() {
            Ok(from) => file(Path::new(bundle), id, from),
            Err(_) => Err(format!("FROM must be a number, not {from}")),
        },
        _ => Err("usage: ptx-roundtrip run BUNDLE OUT | file BUNDLE ID FROM".into()),
    };
    if let Err(e) = result {
        eprintln!("ptx-roundtrip: {e}");
        exit(1);
    }
}

/// One file in this process: one line per position, `POS\tKERNEL\tDATASET\tOUTCOME\tDETAIL\tMS_ORIG\tMS_RT`.
fn file(bundle: &Path, id: &str, from: usize) -> Result<(), String> {
    let read = |dir: &str| {
        std::fs::read_to_string(bundle.join(dir).join(format!("{id}.ptx")))
            .map_err(|e| e.to_string())
    };
    let (original, roundtrip) = (read("original")?, read("roundtrip")?);
    let ks = kernels(&original)?;
    let cuda = Cuda::open()?;
    let emit = |pos: usize, k: &str, data: &str, outcome: &str, detail: &str, ms: (f32, f32)| {
        println!(
            "{pos}\t{k}\t{data}\t{outcome}\t{}\t{:.4}\t{:.4}",
            detail.replace(['\t', '\n'], " "),
            ms.0,
            ms.1
        );
        std::io::stdout().flush().ok();
    };
    let started = std::time::Instant::now();
    let loaded = cuda.load(&original);
    if from == 0 && loaded.is_ok() {
        // NVIDIA's own PTX JIT on the original (the suite sets CUDA_CACHE_DISABLE=1): BENCHMARKS
        // section 7 compares it with the translator + comgr's first load.
        println!("{JIT}{:.3}", started.elapsed().as_secs_f64() * 1e3);
    }
    let (orig, rt) = match (loaded, cuda.load(&roundtrip)) {
        (Ok(o), Ok(r)) => (o, r),
        (Err(e), _) => {
            emit(0, "*", "*", "original-not-loaded", &e, (0.0, 0.0));
            return Ok(());
        }
        (_, Err(e)) => {
            emit(0, "*", "*", "roundtrip-not-loaded", &e, (0.0, 0.0));
            return Ok(());
        }
    };
    let bound = approx_ulp(&original);
    for pos in from..ks.len() * DATA_SETS.len() {
        let (k, data) = (&ks[pos / DATA_SETS.len()], DATA_SETS[pos % DATA_SETS.len()]);
        println!("START\t{pos}");
        match compare(&cuda, (&orig, &rt), k, data, bound) {
            Ok((v, ms)) => emit(
                pos,
                &k.name,
                data.name(),
                outcome(&v),
                &format!("{v:?}"),
                ms,
            ),
            Err((what, e)) => {
                emit(pos, &k.name, data.name(), what, &e, (0.0, 0.0));
                exit(FAULTED);
            }
        }
    }
    Ok(())
}

type Failure = (&'static str, String);

/// Original twice, round trip once, on the same arguments; the verdict and both times.
fn compare(
    cuda: &Cuda,
    (orig, rt): (&Module, &Module),
    k: &Kernel,
    data: ptx_roundtrip::inputs::DataSet,
    bound: u32,
) -> Result<(Verdict, (f32, f32)), Failure> {
    let args = arguments(k, data);
    let block = block_size(k);
    let once = |m: &Module| cuda.run(m, k, &args, block);
    let a = once(orig).map_err(|e| ("original-faulted", e))?;
    let b = once(orig).map_err(|e| ("original-faulted", e))?;
    println!("{ROUNDTRIP}");
    let r: Run = once(rt).map_err(|e| ("roundtrip-faulted", e))?;
    Ok((
        verdict(&a.buffers, &b.buffers, &r.buffers, bound),
        (a.milliseconds.min(b.milliseconds), r.milliseconds),
    ))
}

fn outcome(v: &Verdict) -> &'static str {
    match v {
        Verdict::Identical => "identical",
        Verdict::WithinUlp { .. } => "within-ulp",
        Verdict::Differs { .. } => "differs",
        Verdict::NanOnly { .. } => "nan-only",
        Verdict::Nondeterministic => "nondeterministic",
    }
}

/// Outcomes that fail the suite: the round trip computed something else, NVIDIA, opt or llc refused
/// what the translator made, a round trip hung, or the harness itself failed.
const FAILURES: [&str; 8] = [
    "differs",
    "roundtrip-faulted",
    "roundtrip-not-loaded",
    "timeout",
    "harness-error",
    "not-built(opt)",
    "not-built(llc)",
    "not-built(ptxas)",
];
/// Outcomes that pass: the same bits, within an `.approx` bound, or other NaNs where the original
/// has NaNs (which NaN an instruction returns the PTX ISA leaves unspecified; counted apart).
const PASSES: [&str; 3] = ["identical", "within-ulp", "nan-only"];

fn run(bundle: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let index = read_index(bundle)?;
    drop(Cuda::open()?); // no driver, no GPU: one clear error, not one per file
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let ranges = files_ranges()?;
    let chosen = |(k, _): &(usize, &Entry)| ranges.iter().any(|r| r.contains(k));
    let files: Vec<&Entry> = (index.iter().filter(|e| e.ok()).enumerate().filter(chosen))
        .map(|(_, e)| e)
        .collect();
    // Written file by file: a run cut short (the device tool's time limit) keeps what it measured.
    let create = |name: &str| std::fs::File::create(out.join(name)).map_err(|e| e.to_string());
    let sink = Mutex::new(Results {
        tsv: create("ptx-roundtrip.tsv")?,
        jit_tsv: create("ptx-jit.tsv")?,
        rows: Vec::new(),
    });
    let next = AtomicUsize::new(0);
    let worker = || -> Result<(), String> {
        loop {
            let Some(e) = files.get(next.fetch_add(1, Ordering::Relaxed)) else {
                return Ok(());
            };
            let rows = run_file(&me, bundle, e)?;
            sink.lock().map_err(|e| e.to_string())?.add(rows)?;
        }
    };
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..jobs()?).map(|_| s.spawn(worker)).collect();
        (workers.into_iter())
            .try_for_each(|w| w.join().map_err(|_| "a worker panicked".to_string())?)
    })?;
    let rows = sink.into_inner().map_err(|e| e.to_string())?.rows;
    if summary(&index, &rows) > 0 {
        exit(1);
    }
    Ok(())
}

/// What the files' children measured, as they finish.
struct Results {
    tsv: std::fs::File,
    jit_tsv: std::fs::File,
    rows: Vec<(String, String)>,
}

impl Results {
    /// One file's rows: its JIT time to ptx-jit.tsv, its comparisons to ptx-roundtrip.tsv.
    fn add(&mut self, rows: Vec<(String, String)>) -> Result<(), String> {
        let (jit, file_rows): (Vec<_>, Vec<_>) =
            rows.into_iter().partition(|(_, r)| r.contains(JIT));
        for (origin, r) in &jit {
            writeln!(self.jit_tsv, "{origin}\t{}", r.replace(JIT, ""))
                .map_err(|e| e.to_string())?;
        }
        for (origin, r) in &file_rows {
            writeln!(self.tsv, "{origin}\t{r}").map_err(|e| e.to_string())?;
        }
        self.rows.extend(file_rows);
        Ok(())
    }
}

/// How many files run side by side (`JOBS_ENV`; default 1). Each is a process of its own on the one
/// GPU: files whose originals fault or hang (each hang costs [`STEP_TIMEOUT`]) then overlap, but the
/// run times measured side by side are not a clean ratio.
fn jobs() -> Result<usize, String> {
    match std::env::var(JOBS_ENV) {
        Err(_) => Ok(1),
        Ok(n) => match n.parse() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{JOBS_ENV}={n}: a positive number")),
        },
    }
}

/// The built files to run, by position (`FILES_ENV`=`FIRST:END[,FIRST:END…]`, END exclusive;
/// default all): slices of one bundle can run side by side, or in calls of their own.
fn files_ranges() -> Result<Vec<Range<usize>>, String> {
    let Ok(ranges) = std::env::var(FILES_ENV) else {
        return Ok(std::iter::once(0..usize::MAX).collect());
    };
    let bad = || format!("{FILES_ENV}={ranges}: FIRST:END[,FIRST:END…]");
    let parse = |s: &str| s.trim().parse::<usize>().map_err(|_| bad());
    ranges
        .split(',')
        .map(|r| match r.split_once(':') {
            Some((a, b)) => Ok(parse(a)?..parse(b)?),
            None => Err(bad()),
        })
        .collect()
}

/// All rows of one file, restarting its child after each fault or timeout.
fn run_file(me: &PathBuf, bundle: &Path, e: &Entry) -> Result<Vec<(String, String)>, String> {
    let mut rows = Vec::new();
    let mut from = 0;
    loop {
        let mut child = Command::new(me);
        if from > 0 {
            // A restart after a fault: only the first child times NVIDIA's JIT, so a restart may
            // take the original's and the round trip's code from the driver's JIT cache.
            child.env("CUDA_CACHE_DISABLE", "0");
        }
        let mut child = child
            .args(["file", &bundle.to_string_lossy(), &e.id, &from.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|err| format!("cannot start {}: {err}", me.display()))?;
        let (lines, current, phase) = collect(&mut child);
        let status = child.wait().map_err(|err| err.to_string())?;
        let done = lines.len();
        rows.extend(
            lines
                .into_iter()
                .map(|l| (e.origin.clone(), format!("{}\t{l}", e.id))),
        );
        match (current, status.code()) {
            // Killed while a position ran: that position timed out, in the phase it had reached.
            (Some(pos), None) => {
                rows.push((
                    e.origin.clone(),
                    format!(
                        "{}\t{pos}\t?\t?\t{phase}\tover {STEP_TIMEOUT:?}\t0\t0",
                        e.id
                    ),
                ));
                from = pos + 1;
            }
            (Some(pos), Some(FAULTED)) => from = pos + 1,
            // The fault's row was written: resume after its position.
            (None, Some(FAULTED)) => from = last_position(&rows).map_or(from, |p| p + 1),
            (_, Some(0)) => return Ok(rows),
            (_, code) => {
                let detail = format!(
                    "child exit {code:?} after {done} rows (its stderr is in the suite's log)"
                );
                rows.push((
                    e.origin.clone(),
                    format!("{}\t{from}\t*\t*\tharness-error\t{detail}\t0\t0", e.id),
                ));
                return Ok(rows);
            }
        }
    }
}

/// The position (kernel × data set) of the last row written.
fn last_position(rows: &[(String, String)]) -> Option<usize> {
    rows.last()?.1.split('\t').nth(1)?.parse().ok()
}

/// The child's result lines, the position it was at when it ended (None when it finished one), and
/// the outcome a hang there is: `timeout` once the position's round trip began, else
/// `original-timeout`.
fn collect(child: &mut Child) -> (Vec<String>, Option<usize>, &'static str) {
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let mut current = None;
    let mut phase = "original-timeout";
    loop {
        let limit = if current.is_some() {
            STEP_TIMEOUT
        } else {
            LOAD_TIMEOUT
        };
        match rx.recv_timeout(limit) {
            Ok(l) if l == ROUNDTRIP => phase = "timeout",
            Ok(l) => match l.strip_prefix("START\t") {
                Some(pos) => (current, phase) = (pos.parse().ok(), "original-timeout"),
                None => {
                    current = None;
                    lines.push(l);
                }
            },
            Err(mpsc::RecvTimeoutError::Timeout) => {
                child.kill().ok();
                return (lines, current, phase);
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return (lines, current, phase),
        }
    }
}

/// Prints the table (outcomes per origin), the run-time ratio, and libtest's result line; returns the
/// number of failures.
fn summary(index: &[Entry], rows: &[(String, String)]) -> usize {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut ratios = Vec::new();
    for (origin, r) in rows {
        let f: Vec<&str> = r.split('\t').collect();
        *counts
            .entry((origin.clone(), f[4].to_string()))
            .or_default() += 1;
        if let (true, Ok(o), Ok(t)) = (
            PASSES.contains(&f[4]),
            f[6].parse::<f64>(),
            f[7].parse::<f64>(),
        ) {
            if o > 0.0 && t > 0.0 {
                ratios.push((t / o).ln());
            }
        }
    }
    for e in index.iter().filter(|e| !e.ok()) {
        let step = e.status.split(':').next().unwrap_or("?");
        *counts
            .entry((e.origin.clone(), format!("not-built({step})")))
            .or_default() += 1;
    }
    println!("| origin | outcome | count |\n|---|---|---:|");
    for ((origin, outcome), n) in &counts {
        println!("| {origin} | {outcome} | {n} |");
    }
    if !ratios.is_empty() {
        let geo = (ratios.iter().sum::<f64>() / ratios.len() as f64).exp();
        println!(
            "\nround trip / original run time, geometric mean over {} passing runs: {geo:.3}",
            ratios.len()
        );
    }
    let sum = |pick: &dyn Fn(&str) -> bool| {
        counts
            .iter()
            .filter(|((_, o), _)| pick(o))
            .map(|(_, n)| n)
            .sum::<usize>()
    };
    let (passed, failed) = (
        sum(&|o| PASSES.contains(&o)),
        sum(&|o| FAILURES.contains(&o)),
    );
    let ignored = sum(&|o| !PASSES.contains(&o) && !FAILURES.contains(&o));
    let word = if failed == 0 { "ok" } else { "FAILED" };
    println!("\ntest result: {word}. {passed} passed; {failed} failed; {ignored} ignored (kernel × data set runs; ignored: original faulted, hung, not loaded or nondeterministic, or not built)");
    failed
}
