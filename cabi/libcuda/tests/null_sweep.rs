//! Bad arguments at the boundary: every export of `libcuda.so`, `libnvrtc.so`, `libcurand.so`, `libcublas.so`, `libnccl.so`, `libcufft.so`, `libcusolver.so`, `libcusparse.so`, `libcublasLt.so` and `libnvJitLink.so` is
//! called with NULL / zero arguments, each in a child process of its own (this test binary again,
//! told what to call by an environment variable), and must answer a code its API defines — no
//! signal, no hang, no undefined value.
//!
//! CI runs it against the real HIP 5.2.3 runtime without a GPU (`cuInit` answers
//! `CUDA_ERROR_NO_DEVICE`). The GPU suite runs the same binary with `CUDA_AS_HIP_SWEEP_DEVICE=1`
//! and `CUDA_AS_HIP_SWEEP_LIB_DIR` set to the loopback's libraries: there each child first gets
//! `cuInit` to succeed and device 0's primary context current, then makes its one call.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Set in a child: `LIBRARY:NAME` (`cuda:cuInit`, `nccl:ncclGetVersion`…), the one export it calls.
const CHILD: &str = "CUDA_AS_HIP_SWEEP_CALL";
/// Where the C ABI libraries (`libcuda.so`, `libnccl.so`…) are; default: beside this test (target/<profile>).
const LIB_DIR: &str = "CUDA_AS_HIP_SWEEP_LIB_DIR";
/// `1`: a device is expected; each child makes a context current before its call.
const ON_DEVICE: &str = "CUDA_AS_HIP_SWEEP_DEVICE";
/// `cuda,nvrtc,…`: only these libraries' exports (default: all). On a device each child loads its
/// library's NVIDIA counterpart behind the loopback, seconds for cuSOLVER's: the GPU suite sweeps in
/// slices, each inside a device call.
const LIBRARIES: &str = "CUDA_AS_HIP_SWEEP_LIBRARIES";
/// A child slower than this is named as it finishes (where the device's time goes).
const SLOW: Duration = Duration::from_secs(10);
/// A call that has not answered after this long is a hang.
const HANG: Duration = Duration::from_secs(60);

/// Enough zero arguments for any export: the six integer registers and the stack slots after them.
#[rustfmt::skip]
type ZeroCall = unsafe extern "C" fn(usize, usize, usize, usize, usize, usize, usize, usize, usize, usize, usize, usize, usize, usize, usize, usize) -> u32;

struct Export {
    library: &'static str,
    name: String,
    /// Returns the library's result enum (not a string, as nvrtcGetErrorString does).
    returns_code: bool,
}

fn lib_dir() -> PathBuf {
    match std::env::var_os(LIB_DIR) {
        Some(d) => PathBuf::from(d),
        None => test_support::profile_dir(),
    }
}

/// The exports and their result types, from the generated export lists the libraries are built from.
fn exports(library: &'static str, text: &str, code: &str) -> Vec<Export> {
    text.lines()
        .filter_map(|l| l.strip_prefix("pub unsafe extern \"C\" fn "))
        .map(|l| Export {
            library,
            name: l.split('(').next().unwrap_or_default().to_string(),
            returns_code: l.trim_end().ends_with(&format!("-> {code} {{")),
        })
        .collect()
}

/// The half-precision GEMMs libcublas exports beside its generated exports, from the one list
/// `cuda_as_hip::cublas::half` keeps (`cublasHgemm => hipblasHgemm(…)`).
fn half_gemms(text: &str) -> Vec<Export> {
    let names: Vec<Export> = text
        .lines()
        .filter_map(|l| l.trim().split_once(" => hipblas"))
        .map(|(name, _)| Export {
            library: "cublas",
            name: name.to_string(),
            returns_code: true,
        })
        .collect();
    assert_eq!(names.len(), 6, "cublas/half.rs's list read");
    names
}

/// The values a generated `#[repr(u32)]` result enum defines (from CUDA's headers, by aliasgen).
fn defined_codes(text: &str, enum_name: &str) -> BTreeSet<u32> {
    let body = text
        .split(&format!("pub enum {enum_name} {{"))
        .nth(1)
        .and_then(|s| s.split('}').next())
        .unwrap_or_else(|| panic!("no enum {enum_name}"));
    body.lines()
        .filter_map(|l| l.trim().trim_end_matches(',').split_once(" = "))
        .map(|(_, v)| v.parse().expect("enum value"))
        .collect()
}

fn open(name: &str) -> libloading::Library {
    let path = lib_dir().join(name);
    unsafe { libloading::Library::new(&path) }.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Device 0's primary context, current, through the library under test.
fn make_context_current(cuda: &libloading::Library) -> Result<(), String> {
    unsafe {
        let init: libloading::Symbol<unsafe extern "C" fn(u32) -> u32> =
            cuda.get(b"cuInit").unwrap();
        let get: libloading::Symbol<unsafe extern "C" fn(*mut i32, i32) -> u32> =
            cuda.get(b"cuDeviceGet").unwrap();
        let retain: libloading::Symbol<unsafe extern "C" fn(*mut usize, i32) -> u32> =
            cuda.get(b"cuDevicePrimaryCtxRetain").unwrap();
        let set: libloading::Symbol<unsafe extern "C" fn(usize) -> u32> =
            cuda.get(b"cuCtxSetCurrent").unwrap();
        let (mut dev, mut ctx) = (0, 0usize);
        let steps = [
            ("cuInit", init(0)),
            ("cuDeviceGet", get(&mut dev, 0)),
            ("cuDevicePrimaryCtxRetain", retain(&mut ctx, dev)),
            ("cuCtxSetCurrent", set(ctx)),
        ];
        match steps.iter().find(|(_, r)| *r != 0) {
            Some((step, r)) => Err(format!("{step} = {r}")),
            None => Ok(()),
        }
    }
}

/// The codes a generated result enum defines: `generated_codes!(FILE, ENUM)` reads
/// cuda-as-hip's `src/generated/FILE`, embedded at build time.
macro_rules! generated_codes {
    ($file:literal, $enum_name:literal) => {
        defined_codes(
            include_str!(concat!("../../../cuda-as-hip/src/generated/", $file)),
            $enum_name,
        )
    };
}

/// In the child: set up, make the one call, print `answer CODE`, exit before libtest goes on.
fn child(call: &str) -> ! {
    let (library, name) = call.split_once(':').expect("library:name");
    let cuda = open("libcuda.so");
    if std::env::var(ON_DEVICE).as_deref() == Ok("1") {
        if let Err(e) = make_context_current(&cuda) {
            println!("\nsetup-failed {e}");
            std::process::exit(3);
        }
    } else {
        let init: libloading::Symbol<unsafe extern "C" fn(u32) -> u32> =
            unsafe { cuda.get(b"cuInit") }.unwrap();
        println!("cuInit {}", unsafe { init(0) });
    }
    let lib = match library {
        "cuda" => cuda,
        other => open(&format!("lib{other}.so")),
    };
    let f: libloading::Symbol<ZeroCall> = unsafe { lib.get(name.as_bytes()) }.unwrap();
    let r = unsafe { f(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) };
    // On a line of its own: libtest's "test NAME ... " has no newline yet.
    println!("\nanswer {r}");
    std::process::exit(0)
}

/// One child, spawned.
fn spawn(e: &Export) -> Child {
    // Through the run's HIP: in a sysroot, the child needs the sysroot's loader too.
    test_support::hip_run()
        .command(test_support::test_executable(), &[])
        .args([
            "--exact",
            "null_and_zero_arguments_answer_defined_codes",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(CHILD, format!("{}:{}", e.library, e.name))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child")
}

/// What a finished (or hung, then killed) child said: `Ok(code)` or `Err(what went wrong)`.
fn outcome(child: Child, hung: bool) -> Result<Option<u32>, String> {
    use std::os::unix::process::ExitStatusExt;
    let out = child.wait_with_output().expect("child output");
    let text = String::from_utf8_lossy(&out.stdout);
    if hung {
        return Err(format!("no answer in {HANG:?} (hang)"));
    }
    if let Some(sig) = out.status.signal() {
        return Err(format!("killed by signal {sig}"));
    }
    if let Some(setup) = text.lines().find(|l| l.starts_with("setup-failed")) {
        return Err(format!(
            "{setup}: no device or context (is this a GPU machine?)"
        ));
    }
    match text.lines().find_map(|l| l.strip_prefix("answer ")) {
        Some(v) => Ok(v.trim().parse().ok()),
        None => Err(format!("no answer, exit {:?}", out.status.code())),
    }
}

/// Names a child that failed or was slow as soon as it finishes: a sweep cut short (a device call's
/// time limit) still tells what it found.
fn report(e: &Export, result: &Result<Option<u32>, String>, took: Duration) {
    if let Err(why) = result {
        eprintln!("sweep: {}:{}: {why}", e.library, e.name);
    }
    if took > SLOW {
        eprintln!(
            "sweep: {}:{} took {:.1} s",
            e.library,
            e.name,
            took.as_secs_f64()
        );
    }
}

/// Runs every export in its own child, `parallel` at a time; results in export order.
fn sweep(exports: &[Export], parallel: usize) -> Vec<Result<Option<u32>, String>> {
    let mut results: Vec<Option<Result<Option<u32>, String>>> =
        (0..exports.len()).map(|_| None).collect();
    let mut running: Vec<(usize, Child, Instant)> = Vec::new();
    let mut next = 0;
    while next < exports.len() || !running.is_empty() {
        while next < exports.len() && running.len() < parallel {
            running.push((next, spawn(&exports[next]), Instant::now()));
            next += 1;
        }
        let mut i = 0;
        while i < running.len() {
            let done = running[i].1.try_wait().expect("try_wait").is_some();
            let hung = !done && running[i].2.elapsed() > HANG;
            if done || hung {
                let (k, mut c, began) = running.swap_remove(i);
                if hung {
                    let _ = c.kill();
                }
                let result = outcome(c, hung);
                report(&exports[k], &result, began.elapsed());
                results[k] = Some(result);
            } else {
                i += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    results
        .into_iter()
        .map(|r| r.expect("every export ran"))
        .collect()
}

#[test]
fn null_and_zero_arguments_answer_defined_codes() {
    if let Ok(call) = std::env::var(CHILD) {
        child(&call);
    }
    // Embedded at build time: the GPU suite runs this binary on another machine. Each library:
    // its exports, its result type, and the codes CUDA's headers define for it.
    let libraries = [
        (
            "cuda",
            include_str!("../src/exports.rs"),
            "CUresult",
            generated_codes!("driver_sys.rs", "cudaError_enum"),
        ),
        (
            "nvrtc",
            include_str!("../../libnvrtc/src/exports.rs"),
            "nvrtcResult",
            generated_codes!("nvrtc_sys.rs", "nvrtcResult"),
        ),
        (
            "curand",
            include_str!("../../libcurand/src/exports.rs"),
            "curandStatus_t",
            generated_codes!("curand_sys.rs", "curandStatus"),
        ),
        (
            "cublas",
            include_str!("../../libcublas/src/exports.rs"),
            "cublasStatus_t",
            generated_codes!("cublas_sys.rs", "cublasStatus_t"),
        ),
        (
            "nccl",
            include_str!("../../libnccl/src/exports.rs"),
            "ncclResult_t",
            generated_codes!("nccl_sys.rs", "ncclResult_t"),
        ),
        (
            "cufft",
            include_str!("../../libcufft/src/exports.rs"),
            "cufftResult",
            generated_codes!("cufft_sys.rs", "cufftResult_t"),
        ),
        (
            "cusolver",
            include_str!("../../libcusolver/src/exports.rs"),
            "cusolverStatus_t",
            generated_codes!("cusolver_sys.rs", "cusolverStatus_t"),
        ),
        (
            "cusolverMg",
            include_str!("../../libcusolverMg/src/exports.rs"),
            "cusolverStatus_t",
            generated_codes!("cusolver_sys.rs", "cusolverStatus_t"),
        ),
        (
            "cusparse",
            include_str!("../../libcusparse/src/exports.rs"),
            "cusparseStatus_t",
            generated_codes!("cusparse_sys.rs", "cusparseStatus_t"),
        ),
        (
            "cublasLt",
            include_str!("../../libcublasLt/src/exports.rs"),
            "cublasStatus_t",
            generated_codes!("cublaslt_sys.rs", "cublasStatus_t"),
        ),
        (
            "nvJitLink",
            include_str!("../../libnvJitLink/src/exports.rs"),
            "nvJitLinkResult",
            generated_codes!("nvjitlink_sys.rs", "nvJitLinkResult"),
        ),
    ];
    let mut all = Vec::new();
    let mut codes_of = BTreeMap::new();
    for (library, text, code, codes) in libraries {
        let found = exports(library, text, code);
        // cuSOLVERMg's 19 are the fewest.
        assert!(found.len() >= 19, "{library}'s export list read");
        all.extend(found);
        codes_of.insert(library, codes);
    }
    all.extend(half_gemms(include_str!(
        "../../../cuda-as-hip/src/cublas/half.rs"
    )));
    if let Ok(only) = std::env::var(LIBRARIES) {
        let only: Vec<&str> = only.split(',').collect();
        all.retain(|e| only.contains(&e.library));
        assert!(!all.is_empty(), "{LIBRARIES}={only:?} names no library");
    }
    let parallel = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 32);
    let started = Instant::now();
    let results = sweep(&all, parallel);
    let mut answers: BTreeMap<u32, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (e, r) in all.iter().zip(&results) {
        let codes = &codes_of[e.library];
        match r {
            Ok(_) if !e.returns_code => {}
            Ok(Some(c)) if codes.contains(c) => *answers.entry(*c).or_default() += 1,
            Ok(c) => wrong.push(format!("{}: answered {c:?}, not a defined code", e.name)),
            Err(why) => wrong.push(format!("{}: {why}", e.name)),
        }
    }
    let per_library: BTreeMap<&str, usize> = all.iter().fold(BTreeMap::new(), |mut m, e| {
        *m.entry(e.library).or_default() += 1;
        m
    });
    println!(
        "sweep: exports {per_library:?}, device {}, {:.1} s, answers (code: count) {answers:?}",
        std::env::var(ON_DEVICE).as_deref() == Ok("1"),
        started.elapsed().as_secs_f64()
    );
    assert!(
        wrong.is_empty(),
        "{} exports misbehaved:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
