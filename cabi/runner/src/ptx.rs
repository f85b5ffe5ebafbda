//! `cuda-as-hip ptx INPUT [--offload-arch ARCH] [-o OUT] [--emit-llvm]`: PTX to an AMD code object
//! ahead of time, through the same translator and comgr the driver uses, with no GPU. INPUT is PTX
//! text, an NVIDIA fat binary, or an ELF program / library whose `.nv_fatbin` section holds fat
//! binaries (the best PTX of each is taken, and all are linked into one code object).

use cuda_as_hip::jit::{self, fatbin, AmdTarget};
use std::path::PathBuf;
use std::process::ExitCode;

pub struct PtxArgs {
    pub input: PathBuf,
    pub arch: Option<String>,
    pub output: Option<PathBuf>,
    pub emit_llvm: bool,
}

impl PtxArgs {
    pub fn parse(parser: &mut lexopt::Parser) -> Result<PtxArgs, lexopt::Error> {
        use lexopt::prelude::*;
        let (mut input, mut arch, mut output, mut emit_llvm) = (None, None, None, false);
        while let Some(arg) = parser.next()? {
            match arg {
                Long("offload-arch") => arch = Some(parser.value()?.string()?),
                Short('o') | Long("output") => output = Some(PathBuf::from(parser.value()?)),
                Long("emit-llvm") => emit_llvm = true,
                Value(v) if input.is_none() => input = Some(PathBuf::from(v)),
                _ => return Err(arg.unexpected()),
            }
        }
        let input = input.ok_or("ptx: no INPUT given")?;
        Ok(PtxArgs {
            input,
            arch,
            output,
            emit_llvm,
        })
    }
}

/// The PTX modules `bytes` holds: itself when it is text, else the best PTX of each fat binary in
/// it (a fat binary, or an ELF file's `.nv_fatbin` section).
fn ptx_modules(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let section = fatbin::nv_fatbin_section(bytes);
    if section.is_none() && fatbin::container_len(bytes).is_err() {
        return match bytes.starts_with(b"\x7fELF") {
            true => Err("an ELF file without NVIDIA fat binaries (.nv_fatbin)".into()),
            false => Ok(vec![bytes.to_vec()]),
        };
    }
    let containers = fatbin::read_all(section.unwrap_or(bytes)).map_err(|e| e.to_string())?;
    let modules: Vec<Vec<u8>> = containers
        .iter()
        .filter_map(|c| fatbin::best_ptx(&c.ptx).map(|e| e.text.clone()))
        .collect();
    match modules.is_empty() {
        true => Err(
            "the fat binaries hold SASS only, no PTX: rebuild with -gencode \
                     arch=compute_XX,code=compute_XX"
                .into(),
        ),
        false => Ok(modules),
    }
}

/// The architecture to compile for: `--offload-arch`, else what the driver would use.
fn arch(given: Option<String>) -> Result<String, String> {
    given
        .or_else(|| std::env::var(cuda_as_hip::OFFLOAD_ARCH_ENV).ok())
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            format!(
                "no target: give --offload-arch gfx… (or set {})",
                cuda_as_hip::OFFLOAD_ARCH_ENV
            )
        })
}

fn translate_and_compile(args: &PtxArgs) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(&args.input).map_err(|e| format!("{}: {e}", args.input.display()))?;
    let modules = ptx_modules(&bytes)?;
    let target = AmdTarget {
        arch: arch(args.arch.clone())?,
    };
    let slices: Vec<&[u8]> = modules.iter().map(Vec::as_slice).collect();
    if args.emit_llvm {
        return (jit::llvm_ir(&slices, &target).map(|(ir, _)| ir)).map_err(|e| e.to_string());
    }
    let hip_version = hip_sys::hip().map(|h| h.version().encoded()).unwrap_or(0);
    let compiled = jit::compile(&slices, &target, hip_version).map_err(|e| e.to_string())?;
    eprint!("{}", compiled.log);
    Ok(compiled.code)
}

pub fn ptx(args: PtxArgs) -> ExitCode {
    let written = translate_and_compile(&args).and_then(|out| match &args.output {
        Some(path) => std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display())),
        None if args.emit_llvm => {
            use std::io::Write;
            std::io::stdout().write_all(&out).map_err(|e| e.to_string())
        }
        None => Err("give -o OUT for the code object (or --emit-llvm to print the IR)".into()),
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cuda-as-hip ptx: {}: {e}", args.input.display());
            ExitCode::FAILURE
        }
    }
}

/// The usage line of this subcommand.
pub const USAGE: &str = "cuda-as-hip ptx INPUT [--offload-arch ARCH] [-o OUT] [--emit-llvm]";
