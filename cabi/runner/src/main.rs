//! `cuda-as-hip run [--preload] -- PROGRAM ARGS…`: runs an unmodified CUDA program on HIP, with
//! cuda-as-hip's libcuda / libcudart / libnvrtc found first through `LD_LIBRARY_PATH` (or
//! `LD_PRELOAD`).
//! `cuda-as-hip doctor`: the HIP runtime found (the file loaded), its version, the binding table
//! chosen for it, hiprtc's library, the devices, the library directory, and the coverage totals.
//!
//! The libraries are looked for in `CUDA_AS_HIP_LIB_DIR`, else beside this executable (where cargo
//! builds them), and laid out there under their SONAMEs.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const LIB_DIR_ENV: &str = "CUDA_AS_HIP_LIB_DIR";
/// (file cargo builds, SONAME programs ask for).
const LIBRARIES: [(&str, &str); 3] = [
    ("libcuda.so", "libcuda.so.1"),
    ("libcudart.so", "libcudart.so.12"),
    ("libnvrtc.so", "libnvrtc.so.12"),
];

enum Cli {
    Run {
        preload: bool,
        program: Vec<OsString>,
    },
    Doctor,
}

fn parse() -> Result<Cli, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let usage = "usage: cuda-as-hip run [--preload] -- PROGRAM [ARGS…] | cuda-as-hip doctor";
    match parser.next()? {
        Some(Value(v)) if v == "doctor" => Ok(Cli::Doctor),
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
    for (file, soname) in LIBRARIES {
        if !dir.join(file).exists() {
            return Err(format!(
                "{}: no {file}; build it (`cargo build --release -p cuda-as-hip-libcuda -p cuda-as-hip-libcudart -p cuda-as-hip-libnvrtc`) or set {LIB_DIR_ENV}",
                dir.display()
            ));
        }
        let link = dir.join(soname);
        if std::fs::read_link(&link).is_err() && !link.exists() {
            std::os::unix::fs::symlink(file, &link)
                .map_err(|e| format!("{}: {e}", link.display()))?;
        }
    }
    Ok(dir)
}

fn prepend(var: &str, value: &Path) -> OsString {
    let mut out = value.as_os_str().to_owned();
    if let Some(old) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        out.push(":");
        out.push(old);
    }
    out
}

/// Replaces this process with the program (returns only on failure).
fn run(preload: bool, program: &[OsString]) -> Result<(), String> {
    let dir = library_dir()?;
    let mut cmd = Command::new(&program[0]);
    cmd.args(&program[1..])
        .env("LD_LIBRARY_PATH", prepend("LD_LIBRARY_PATH", &dir));
    if preload {
        cmd.env(
            "LD_PRELOAD",
            prepend("LD_PRELOAD", &dir.join("libcuda.so.1")),
        );
    }
    Err(format!("{}: {}", program[0].to_string_lossy(), cmd.exec()))
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
            let driver = cuda_as_hip::tables::COVERAGE.iter().find(|r| r.0 == v);
            let runtime = cuda_as_hip::runtime_tables::COVERAGE
                .iter()
                .find(|r| r.0 == v);
            if let (Some((_, dm, df, nm, nf)), Some((_, rm, rf))) = (driver, runtime) {
                println!("coverage (HIP {v} headers): driver {df} of {dm} hipify-mapped functions forwarded, runtime {rf} of {rm}, NVRTC {nf} of {nm} (COVERAGE.md)");
            }
        }
        Err(e) => {
            healthy = false;
            println!("HIP runtime: {e}");
        }
    }
    match library_dir() {
        Ok(d) => println!(
            "libraries: {} (libcuda.so.1, libcudart.so.12, libnvrtc.so.12)",
            d.display()
        ),
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

fn main() -> ExitCode {
    match parse() {
        Ok(Cli::Doctor) => doctor(),
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
