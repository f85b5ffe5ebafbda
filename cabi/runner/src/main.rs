//! `cuda-as-hip run [--preload] -- PROGRAM ARGS…`: runs an unmodified CUDA program on HIP, with
//! cuda-as-hip's libcuda / libcudart / libnvrtc found first through `LD_LIBRARY_PATH` (or
//! `LD_PRELOAD`: all three).
//! `cuda-as-hip ptx INPUT …`: PTX (or an NVIDIA fat binary holding PTX) to an AMD code object
//! ahead of time (`ptx.rs`).
//! `cuda-as-hip doctor`: the HIP runtime found (the file loaded), its version, the binding table
//! chosen for it, hiprtc's library, comgr (which compiles PTX), the devices, the library directory,
//! and the coverage totals.
//!
//! The libraries are looked for in `CUDA_AS_HIP_LIB_DIR`, else beside this executable (where cargo
//! builds them), and laid out there under their SONAMEs.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use cuda_as_hip::{COVERAGE, LIBRARIES};

const LIB_DIR_ENV: &str = "CUDA_AS_HIP_LIB_DIR";

enum Cli {
    Run {
        preload: bool,
        program: Vec<OsString>,
    },
    Doctor,
    Ptx(ptx::PtxArgs),
}

mod ptx;

fn parse() -> Result<Cli, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let usage = format!(
        "usage: cuda-as-hip run [--preload] -- PROGRAM [ARGS…] | cuda-as-hip doctor | {}",
        ptx::USAGE
    );
    match parser.next()? {
        Some(Value(v)) if v == "doctor" => Ok(Cli::Doctor),
        Some(Value(v)) if v == "ptx" => Ok(Cli::Ptx(ptx::PtxArgs::parse(&mut parser)?)),
        Some(Value(v)) if v == "run" => {
            let mut preload = false;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("preload") => preload = true,
                    Value(v) => {
                        let program = std::iter::once(v).chain(parser.raw_args()?).collect();
                        return Ok(Cli::Run { preload, program });
                    }
                    _ => return Err(arg.unexpected()),
                }
            }
            Err(format!("run: no program given\n{usage}").into())
        }
        Some(Long("help") | Short('h')) | None => Err(usage.into()),
        Some(other) => Err(format!("{}\n{usage}", other.unexpected()).into()),
    }
}

/// This executable's path. Started through a dynamic loader (`ld-linux-x86-64.so.2 PROGRAM`, as
/// a HIP runtime's own glibc is used) `/proc/self/exe` is the loader, and `argv[0]` the program.
fn own_path() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let name = exe.file_name().unwrap_or_default().to_string_lossy();
    if !(name.starts_with("ld-") || name.starts_with("ld64.so")) {
        return Ok(exe);
    }
    let arg0 = std::env::args_os().next().ok_or("no argv[0]")?;
    std::fs::canonicalize(&arg0).map_err(|e| {
        format!(
            "cannot find this executable ({}): {e}",
            arg0.to_string_lossy()
        )
    })
}

/// Where the libraries are, laid out under their SONAMEs (`libcuda.so.1` → `libcuda.so`).
fn library_dir() -> Result<PathBuf, String> {
    let dir = match std::env::var_os(LIB_DIR_ENV) {
        Some(d) => PathBuf::from(d),
        None => own_path()?
            .parent()
            .ok_or("this executable has no directory")?
            .to_path_buf(),
    };
    for lib in &LIBRARIES {
        if !dir.join(lib.file).exists() {
            let packages: Vec<String> = LIBRARIES
                .iter()
                .map(|l| format!("-p {}", l.package))
                .collect();
            return Err(format!(
                "{}: no {}; build it (`cargo build --release {}`) or set {LIB_DIR_ENV}",
                dir.display(),
                lib.file,
                packages.join(" ")
            ));
        }
        link_soname(&dir.join(lib.soname), lib.file)?;
    }
    Ok(dir)
}

/// `link` → `file` unless `link` already exists. Two runners started at once may both create it
/// (parallel tests): losing that race is success.
fn link_soname(link: &Path, file: &str) -> Result<(), String> {
    if std::fs::symlink_metadata(link).is_ok() {
        return Ok(());
    }
    match std::os::unix::fs::symlink(file, link) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            Err(format!("{}: {e}", link.display()))
        }
        _ => Ok(()),
    }
}

fn prepend(var: &str, value: &Path) -> OsString {
    prepend_all(var, &[value.as_os_str().to_owned()])
}

/// `values` joined with `:`, before `var`'s current value.
fn prepend_all(var: &str, values: &[OsString]) -> OsString {
    let old = std::env::var_os(var).filter(|v| !v.is_empty());
    let parts: Vec<OsString> = values.iter().cloned().chain(old).collect();
    parts.join(std::ffi::OsStr::new(":"))
}

/// Replaces this process with the program (returns only on failure).
fn run(preload: bool, program: &[OsString]) -> Result<(), String> {
    let dir = library_dir()?;
    let mut cmd = Command::new(&program[0]);
    cmd.args(&program[1..])
        .env("LD_LIBRARY_PATH", prepend("LD_LIBRARY_PATH", &dir));
    if preload {
        // All three, not only libcuda: a library already loaded is the one a loader that searches
        // elsewhere first takes (NVIDIA's cuda-pathfinder, which CuPy and cuda-python use, looks
        // in site-packages' NVIDIA wheels before the library path; README "Python stacks").
        let sonames: Vec<OsString> = LIBRARIES
            .iter()
            .map(|l| dir.join(l.soname).into_os_string())
            .collect();
        cmd.env("LD_PRELOAD", prepend_all("LD_PRELOAD", &sonames));
    }
    Err(format!("{}: {}", program[0].to_string_lossy(), cmd.exec()))
}

/// doctor's line for the ROCm library `hip_sys::$module` (named `$label`; the version it reports is
/// `$versioned`'s), which the CUDA library `$calls` goes to.
macro_rules! rocm_library_line {
    ($module:ident, $label:literal, $versioned:literal, $calls:literal) => {{
        let found = hip_sys::$module::$module().map(|r| {
            let table = format!(
                concat!("hip_sys::", stringify!($module), "::{:?}"),
                r.bindings()
            );
            (r.library(), table)
        });
        print_rocm_library($label, $versioned, $calls, found);
    }};
}

fn doctor() -> ExitCode {
    let mut healthy = true;
    match hip_sys::hip() {
        Ok(h) => {
            let b = h.bindings().version();
            let file = h.runtime_file().unwrap_or_else(|| h.path().to_path_buf());
            println!(
                "HIP runtime: {} (HIP {}, opened as {})",
                file.display(),
                h.version(),
                h.path().display()
            );
            println!(
                "binding table: HIP {}.{}.{} (hip_sys::v{}_{}_{}, the nearest to HIP {}.{} of the versions bound)",
                b.0,
                b.1,
                b.2,
                b.0,
                b.1,
                b.2,
                h.version().major,
                h.version().minor
            );
            match (h.hiprtc_source(), h.hiprtc_file()) {
                (Ok(None), _) => println!("hiprtc: in the HIP runtime"),
                (Ok(Some(_)), file) => println!(
                    "hiprtc: {} (libhiprtc.so.{} beside the runtime)",
                    file.map(|f| f.display().to_string()).unwrap_or_default(),
                    h.version().major
                ),
                (Err(tried), _) => println!(
                    "hiprtc: not found (tried {} paths): NVRTC calls will fail",
                    tried.len()
                ),
            }
            match hip_sys::comgr::comgr() {
                Ok(c) => println!(
                    "comgr: {} (ABI {}.{}): PTX compiles and links for AMD GPUs (cuModuleLoad*, cuLink*, nvJitLink)",
                    c.file().unwrap_or_else(|| c.path().to_path_buf()).display(),
                    c.version().0,
                    c.version().1
                ),
                Err(e) => println!(
                    "comgr: {e}
PTX loads will fail"
                ),
            }
            rocm_library_line!(hiprand, "hipRAND", "rocRAND", "cuRAND");
            rocm_library_line!(hipblas, "hipBLAS", "rocBLAS", "cuBLAS");
            rocm_library_line!(rccl, "RCCL", "NCCL", "NCCL");
            rocm_library_line!(hipfft, "hipFFT", "rocFFT", "cuFFT");
            rocm_library_line!(hipsolver, "hipSOLVER", "rocSOLVER", "cuSOLVER");
            rocm_library_line!(hipsparse, "hipSPARSE", "hipSPARSE", "cuSPARSE");
            rocm_library_line!(hipblaslt, "hipBLASLt", "hipBLASLt", "cuBLASLt");
            let mut count = 0;
            match unsafe { h.hipGetDeviceCount(&mut count) } {
                Ok(e) if e.0 == 0 && count > 0 => println!("devices: {count}"),
                Ok(e) => println!(
                    "devices: none (hipGetDeviceCount: {e:?}); kernels still compile, nothing runs"
                ),
                Err(e) => println!("devices: unknown ({e})"),
            }
            let (major, minor, patch) = b;
            let v = format!("{major}.{minor}.{patch}");
            let families: Vec<String> = COVERAGE
                .iter()
                // nvJitLink has no HIP counterpart: no hipify-mapped functions to count.
                .filter(|c| c.hip == v && c.mapped > 0)
                .map(|c| format!("{} {} of {}", c.family, c.forwarded, c.mapped))
                .collect();
            if !families.is_empty() {
                println!(
                    "coverage (HIP {v} headers): {} hipify-mapped functions forwarded (COVERAGE.md)",
                    families.join(", ")
                );
            }
        }
        Err(e) => {
            healthy = false;
            println!("HIP runtime: {e}");
        }
    }
    match library_dir() {
        Ok(d) => {
            let sonames: Vec<&str> = LIBRARIES.iter().map(|l| l.soname).collect();
            println!("libraries: {} ({})", d.display(), sonames.join(", "))
        }
        Err(e) => {
            healthy = false;
            println!("libraries: {e}");
        }
    }
    match healthy {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

/// Doctor's line for a ROCm library: the file found, the version its release is read from
/// (`versioned`'s: rocRAND's for hipRAND) and the binding table it chose, or why none loaded.
fn print_rocm_library(
    label: &str,
    versioned: &str,
    calls: &str,
    found: Result<(&hip_sys::rocm::RocmLibrary, String), &hip_sys::rocm::RocmLoadError>,
) {
    match found {
        Ok((lib, table)) => {
            let (major, minor, patch) = lib.release().reported;
            println!(
                "{label}: {} ({versioned} {major}.{minor}.{patch}, table {table}): {calls} calls go there",
                lib.file().unwrap_or_else(|| lib.path().to_path_buf()).display(),
            )
        }
        Err(e) => println!("{label}: {e}\n{calls} calls will fail"),
    }
}

fn main() -> ExitCode {
    match parse() {
        Ok(Cli::Doctor) => doctor(),
        Ok(Cli::Ptx(args)) => ptx::ptx(args),
        Ok(Cli::Run { preload, program }) => {
            let e = run(preload, &program).err().unwrap_or_default();
            eprintln!("cuda-as-hip: {e}");
            ExitCode::from(127)
        }
        Err(e) => {
            eprintln!("cuda-as-hip: {e}");
            ExitCode::from(2)
        }
    }
}
