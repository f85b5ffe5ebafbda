//! What the non-GPU tests share.
//!
//! Every test binary runs once per HIP runtime (`scripts/test.sh`, through `scripts/on-hip.sh`):
//! the host's HIP 5.2.3, or a sysroot's 5.7.1 / 6.4.3 / 7.2.4 under that sysroot's own dynamic
//! loader. [`HipRun`] says which, starts child processes that load HIP on the same runtime, and
//! [`Facts`] holds what each version is expected to do, so that tests assert each version's
//! behaviour (an absent feature asserted absent) rather than one version's.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one HIP release does on a machine without a GPU (checked against Debian's runtimes).
#[derive(Debug, PartialEq, Eq)]
pub struct Facts {
    /// The Debian upstream release: "5.2.3", "5.7.1", "6.4.3", "7.2.4".
    pub release: &'static str,
    /// `hipRuntimeGetVersion` (and `hipDriverGetVersion`).
    pub encoded: i32,
    /// `hipInit(0)` with no GPU, by name: 5.2.3 answers `hipErrorInvalidDevice`, later ones
    /// `hipErrorNoDevice`.
    pub hip_init: &'static str,
    /// hiprtc's own library beside `libamdhip64` (from 6.0); `None`: `libamdhip64` exports it.
    pub hiprtc_library: Option<&'static str>,
    /// `hipGetErrorString` describes the error; 5.2.3 returns the error's name instead.
    pub error_strings_describe: bool,
    /// The `…R0600` entry points (6.0's `hipDeviceProp_t` layout) are exported.
    pub r0600: bool,
    /// hiprtc has a linker (`hiprtcLink*`, LLVM bitcode input only) and `-fgpu-rdc` makes LLVM
    /// bitcode (`hiprtcGetBitcode`; `hiprtcGetCodeSize` answers 0); 5.2.3 has neither and
    /// ignores `-fgpu-rdc`.
    pub linker: bool,
    /// `EI_ABIVERSION` of the code objects hiprtc writes: 2 (code object v4) before 6.0, 4 (v6)
    /// from 6.4.
    pub code_object_abi: u8,
    /// `hipMemGetHandleForAddressRange` (dma-buf export) is exported (7.x).
    pub dmabuf_export: bool,
    /// A kernel can include `<cstdint>` and `<cstdlib>` (7.x). Before, hiprtc's own `int64_t`
    /// (`long long`) clashes with glibc's (`long`), and 6.4.3's comgr puts `/usr/include` before
    /// libstdc++'s headers, so `<cstdlib>`'s `#include_next <stdlib.h>` finds nothing.
    pub kernel_stdint: bool,
    /// The comgr beside the runtime: its ABI (`amd_comgr_get_version`) and the Debian
    /// `libamd-comgr-dev` release of its headers (`comgr_of` in scripts/setup.sh).
    pub comgr_abi: (usize, usize),
    pub comgr_release: &'static str,
    /// hipRAND beside the runtime (`hiprand_of` in scripts/setup.sh) and the rocRAND version its
    /// `hiprandGetVersion` reports (rocRAND's, not hipRAND's).
    pub hiprand_release: &'static str,
    pub rocrand_version: (u32, u32, u32),
    /// With no GPU, `hiprandCreateGenerator` (XORWOW) succeeds (6.4, 7.2: and destroying that
    /// generator aborts the process) rather than answering `HIPRAND_STATUS_ALLOCATION_FAILED`.
    pub hiprand_creates_without_gpu: bool,
    /// hipBLAS beside the runtime (`hipblas_of` in scripts/setup.sh; Debian has none beside
    /// 5.2.3), the rocBLAS version its `rocblas_get_version_string` reports, and what
    /// `hipblasCreate` answers with no GPU (by name).
    pub hipblas: Option<HipblasFacts>,
    /// RCCL beside the runtime (`rccl_of` in scripts/setup.sh: none beside 5.2.3 and 6.4.3).
    pub rccl: Option<RcclFacts>,
    /// hipFFT beside the runtime (`hipfft_of` in scripts/setup.sh: none beside 5.2.3).
    pub hipfft: Option<HipfftFacts>,
    /// hipSOLVER beside the runtime (`hipsolver_of` in scripts/setup.sh: none beside 5.2.3).
    pub hipsolver: Option<HipsolverFacts>,
    /// hipSPARSE beside the runtime (`hipsparse_of` in scripts/setup.sh) and what `hipsparseCreate`
    /// answers with no GPU, by name: before 7.x success, with a NULL handle.
    pub hipsparse_release: &'static str,
    pub hipsparse_create_without_gpu: &'static str,
    /// hipBLASLt beside the runtime (`hipblaslt_of` in scripts/setup.sh: none beside HIP 5).
    pub hipblaslt_release: Option<&'static str>,
}

/// What the hipSOLVER beside one HIP runtime does without a GPU.
#[derive(Debug, PartialEq, Eq)]
pub struct HipsolverFacts {
    pub release: &'static str,
    /// The rocSOLVER version its `rocsolver_get_version_string` reports.
    pub rocsolver_version: (u32, u32, u32),
}

/// What the hipFFT beside one HIP runtime does without a GPU.
#[derive(Debug, PartialEq, Eq)]
pub struct HipfftFacts {
    pub release: &'static str,
    /// The rocFFT version its `hipfftGetVersion` reports (rocFFT's, not hipFFT's).
    pub rocfft_version: (u32, u32, u32),
    /// What `hipfftPlan1d` does with no GPU: `Err(())` — throws, aborting the process (6.1) —
    /// or the status it answers, by name.
    pub plan_without_gpu: Result<&'static str, ()>,
}

/// What the RCCL beside one HIP runtime does without a GPU.
#[derive(Debug, PartialEq, Eq)]
pub struct RcclFacts {
    pub release: &'static str,
    /// The NCCL version its `ncclGetVersion` reports.
    pub nccl_version: (u32, u32, u32),
    /// What `ncclGetUniqueId` answers (by name): 5.4 makes an id without a GPU, 7.2 does not.
    pub unique_id_without_gpu: &'static str,
}

/// What the hipBLAS beside one HIP runtime does without a GPU.
#[derive(Debug, PartialEq, Eq)]
pub struct HipblasFacts {
    pub release: &'static str,
    pub rocblas_version: (u32, u32, u32),
    pub create_without_gpu: &'static str,
}

pub const FACTS: [Facts; 4] = [
    Facts {
        release: "5.2.3",
        encoded: 50221153,
        hip_init: "hipErrorInvalidDevice",
        hiprtc_library: None,
        error_strings_describe: false,
        r0600: false,
        linker: false,
        code_object_abi: 2,
        dmabuf_export: false,
        kernel_stdint: false,
        comgr_abi: (2, 4),
        comgr_release: "5.2.3",
        hiprand_release: "5.3.3",
        rocrand_version: (2, 10, 9),
        hiprand_creates_without_gpu: false,
        hipblas: None,
        rccl: None,
        hipfft: None,
        hipsolver: None,
        hipsparse_release: "5.3.3",
        hipsparse_create_without_gpu: "HIPSPARSE_STATUS_SUCCESS",
        hipblaslt_release: None,
    },
    Facts {
        release: "5.7.1",
        encoded: 50731921,
        hip_init: "hipErrorNoDevice",
        hiprtc_library: None,
        error_strings_describe: true,
        r0600: false,
        linker: true,
        code_object_abi: 2,
        dmabuf_export: false,
        kernel_stdint: false,
        comgr_abi: (2, 6),
        comgr_release: "6.0",
        hiprand_release: "5.7.1",
        rocrand_version: (2, 10, 17),
        hiprand_creates_without_gpu: false,
        hipblas: Some(HipblasFacts {
            release: "5.5.1",
            rocblas_version: (2, 47, 0),
            create_without_gpu: "HIPBLAS_STATUS_INTERNAL_ERROR",
        }),
        rccl: Some(RcclFacts {
            release: "5.4.3",
            nccl_version: (2, 13, 4),
            unique_id_without_gpu: "ncclSuccess",
        }),
        hipfft: Some(HipfftFacts {
            release: "6.1.2",
            rocfft_version: (1, 0, 27),
            plan_without_gpu: Err(()),
        }),
        hipsolver: Some(HipsolverFacts {
            release: "5.5.1",
            rocsolver_version: (3, 21, 0),
        }),
        hipsparse_release: "5.7.1",
        hipsparse_create_without_gpu: "HIPSPARSE_STATUS_SUCCESS",
        hipblaslt_release: None,
    },
    Facts {
        release: "6.4.3",
        encoded: 60443484,
        hip_init: "hipErrorNoDevice",
        hiprtc_library: Some("libhiprtc.so.6"),
        error_strings_describe: true,
        r0600: true,
        linker: true,
        code_object_abi: 4,
        dmabuf_export: false,
        kernel_stdint: false,
        comgr_abi: (3, 0),
        comgr_release: "7.0.2",
        hiprand_release: "6.4.3",
        rocrand_version: (3, 3, 0),
        hiprand_creates_without_gpu: true,
        hipblas: Some(HipblasFacts {
            release: "6.4.4",
            rocblas_version: (4, 4, 1),
            create_without_gpu: "HIPBLAS_STATUS_INTERNAL_ERROR",
        }),
        rccl: None,
        hipfft: Some(HipfftFacts {
            release: "6.4.3",
            rocfft_version: (1, 0, 32),
            plan_without_gpu: Ok("HIPFFT_PARSE_ERROR"),
        }),
        hipsolver: Some(HipsolverFacts {
            release: "6.4.1",
            rocsolver_version: (3, 28, 2),
        }),
        hipsparse_release: "6.4.3",
        hipsparse_create_without_gpu: "HIPSPARSE_STATUS_SUCCESS",
        hipblaslt_release: Some("7.1.1"),
    },
    Facts {
        release: "7.2.4",
        encoded: 70253211,
        hip_init: "hipErrorNoDevice",
        hiprtc_library: Some("libhiprtc.so.7"),
        error_strings_describe: true,
        r0600: true,
        linker: true,
        code_object_abi: 4,
        dmabuf_export: true,
        kernel_stdint: true,
        comgr_abi: (3, 0),
        comgr_release: "7.2.4",
        hiprand_release: "7.2.4",
        rocrand_version: (4, 2, 0),
        hiprand_creates_without_gpu: true,
        hipblas: Some(HipblasFacts {
            release: "7.2.4",
            rocblas_version: (5, 2, 0),
            create_without_gpu: "HIPBLAS_STATUS_INTERNAL_ERROR",
        }),
        rccl: Some(RcclFacts {
            release: "7.2.4",
            nccl_version: (2, 27, 7),
            unique_id_without_gpu: "ncclUnhandledCudaError",
        }),
        hipfft: Some(HipfftFacts {
            release: "7.2.4",
            rocfft_version: (1, 0, 36),
            plan_without_gpu: Ok("HIPFFT_PARSE_ERROR"),
        }),
        hipsolver: Some(HipsolverFacts {
            release: "7.2.4",
            rocsolver_version: (3, 32, 0),
        }),
        hipsparse_release: "7.2.4",
        hipsparse_create_without_gpu: "HIPSPARSE_STATUS_INTERNAL_ERROR",
        hipblaslt_release: Some("7.2.4"),
    },
];

impl Facts {
    /// The facts of the release with this major and minor version (as a runtime reports it).
    pub fn of(major: u32, minor: u32) -> &'static Facts {
        let name = format!("{major}.{minor}.");
        FACTS
            .iter()
            .find(|f| f.release.starts_with(&name))
            .unwrap_or_else(|| panic!("no facts for HIP {major}.{minor}: tests know {FACTS:?}"))
    }

    /// `hipsparse_release` as a version triple (hip-sys reports the release it recognises).
    pub fn hipsparse_version(&self) -> (u32, u32, u32) {
        let mut parts = self
            .hipsparse_release
            .split('.')
            .map(|p| p.parse().unwrap_or(0));
        let mut next = || parts.next().unwrap_or(0);
        (next(), next(), next())
    }

    /// `release` as the binding table's name prints it (`Bindings`' Debug: `V6_4_3`).
    pub fn bindings_name(&self) -> String {
        format!("V{}", self.release.replace('.', "_"))
    }
}

/// The HIP runtime this test run is against: the one `scripts/on-hip.sh` set up
/// (`CUDA_AS_HIP_TEST_HIP`, `CUDA_AS_HIP_SYSROOT`), or under a plain `cargo test` the host's
/// (Debian bookworm's HIP 5.2.3).
#[derive(Debug)]
pub struct HipRun {
    pub facts: &'static Facts,
    sysroot: Option<PathBuf>,
}

/// The run this process is part of.
pub fn hip_run() -> HipRun {
    let release = std::env::var("CUDA_AS_HIP_TEST_HIP").unwrap_or_else(|_| "5.2.3".into());
    let facts = FACTS
        .iter()
        .find(|f| f.release == release)
        .unwrap_or_else(|| panic!("CUDA_AS_HIP_TEST_HIP={release}: not a HIP release tested here"));
    let sysroot = std::env::var_os("CUDA_AS_HIP_SYSROOT").map(PathBuf::from);
    assert_eq!(
        sysroot.is_some(),
        facts.release != "5.2.3",
        "HIP {release} runs {}: start the test through scripts/on-hip.sh",
        if sysroot.is_some() {
            "on the host"
        } else {
            "in its sysroot"
        }
    );
    HipRun { facts, sysroot }
}

impl HipRun {
    /// `/` for the host's HIP, else the sysroot: where this run's libraries and headers live.
    pub fn root(&self) -> &Path {
        self.sysroot.as_deref().unwrap_or(Path::new("/"))
    }

    pub fn sysroot(&self) -> Option<&Path> {
        self.sysroot.as_deref()
    }

    /// The sysroot's dynamic loader and library directory.
    fn loader(&self) -> Option<(PathBuf, PathBuf)> {
        let lib = self.sysroot.as_ref()?.join("usr/lib/x86_64-linux-gnu");
        Some((lib.join("ld-linux-x86-64.so.2"), lib))
    }

    /// Starts `program`, which loads HIP, on this run's runtime, with `lib_dirs` searched first
    /// for its libraries: through `LD_LIBRARY_PATH` on the host; in a sysroot through its loader's
    /// `--library-path` (the same step of the search), before the sysroot's own libraries. (A
    /// program started plainly from a sysroot run gets the host's loader and glibc, and cannot
    /// load that HIP.)
    pub fn command(&self, program: impl AsRef<OsStr>, lib_dirs: &[&Path]) -> Command {
        let Some((loader, sys_lib)) = self.loader() else {
            let mut cmd = Command::new(program);
            if !lib_dirs.is_empty() {
                cmd.env("LD_LIBRARY_PATH", join(lib_dirs.iter().copied()));
            }
            return cmd;
        };
        let mut cmd = Command::new(loader);
        let dirs = lib_dirs.iter().copied().chain([sys_lib.as_path()]);
        cmd.arg("--library-path").arg(join(dirs)).arg(program);
        cmd
    }

    /// For a launcher that sets `LD_LIBRARY_PATH` / `LD_PRELOAD` and then executes `program`
    /// (`cuda-as-hip run`), started with [`HipRun::command`]: the program words to give it, and
    /// the `LD_LIBRARY_PATH` to start it with (the launcher prepends to it; `None`: unset). In a
    /// sysroot the program runs through the sysroot's loader, which reads that variable.
    pub fn launched(&self, program: &Path) -> (Vec<OsString>, Option<OsString>) {
        match self.loader() {
            None => (vec![program.into()], None),
            Some((loader, lib)) => (vec![loader.into(), program.into()], Some(lib.into())),
        }
    }
}

fn join<'a>(dirs: impl Iterator<Item = &'a Path>) -> OsString {
    let parts: Vec<&OsStr> = dirs.map(Path::as_os_str).collect();
    parts.join(OsStr::new(":"))
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// CUDA 12.9's headers (scripts/setup.sh).
pub fn cuda_include() -> PathBuf {
    root().join(".cache/inputs/cuda-12.9/include")
}

/// This test binary, from `argv[0]`: under a sysroot's loader `/proc/self/exe` is the loader.
pub fn test_executable() -> PathBuf {
    let exe = std::env::args_os().next().expect("argv[0]");
    std::fs::canonicalize(&exe).unwrap_or_else(|e| panic!("{}: {e}", Path::new(&exe).display()))
}

/// `target/<profile>`, where cargo put this test, the cdylibs and the binaries.
pub fn profile_dir() -> PathBuf {
    test_executable()
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps/<test>")
        .to_path_buf()
}

/// Runs `cmd`, asserting success; its stdout and stderr.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// A scratch directory, `$TMPDIR/cuda-as-hip-WHAT-PID-N`, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(what: &str) -> Scratch {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("cuda-as-hip-{what}-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The C ABI libraries cargo built, laid out in `dir` under their SONAMEs (scripts/lay-out.sh).
pub fn lay_out(dir: &Path) {
    run(Command::new("bash")
        .arg(root().join("scripts/lay-out.sh"))
        .arg("--from")
        .arg(profile_dir())
        .arg(dir));
}

/// A test's C program built against the C ABI libraries, laid out beside it in a scratch
/// directory (removed on drop).
pub struct CProgram {
    work: Scratch,
    /// The libraries under their SONAMEs (scripts/lay-out.sh).
    pub libs: PathBuf,
    pub program: PathBuf,
}

impl CProgram {
    /// `source` compiled against CUDA 12.9's headers, linked `-l<lib>`.
    pub fn build(source: &Path, lib: &str) -> CProgram {
        CProgram::build_with(source, lib, &[])
    }

    /// As [`CProgram::build`], with more compiler arguments.
    pub fn build_with(source: &Path, lib: &str, args: &[String]) -> CProgram {
        let work = Scratch::new(lib);
        let libs = work.path().join("lib");
        // The cdylibs are built by `cargo build` (scripts/test.sh does it before the tests).
        lay_out(&libs);
        let program = work.path().join("c_program");
        build_c_program_with(source, &libs, lib, &program, args);
        CProgram {
            work,
            libs,
            program,
        }
    }

    /// The scratch directory holding it.
    pub fn dir(&self) -> &Path {
        self.work.path()
    }

    /// Runs it on this run's HIP, its libraries found through the library path, with `env` set
    /// (and `CUDA_AS_HIP_LOG` only if `env` sets it; NVRTC's compile cache off, so that nothing is
    /// left in the user's cache): its stdout and stderr.
    pub fn output(&self, env: &[(&str, &str)]) -> (String, String) {
        let mut cmd = hip_run().command(&self.program, &[&self.libs]);
        cmd.env_remove("CUDA_AS_HIP_LOG")
            .env("CUDA_AS_HIP_CACHE", "0")
            .envs(env.iter().copied());
        let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (text(&out.stdout), text(&out.stderr))
    }
}

/// Compiles the C program `source` against CUDA 12.9's headers, linked `-l<lib>` from `libs`,
/// into `out`.
pub fn build_c_program(source: &Path, libs: &Path, lib: &str, out: &Path) {
    build_c_program_with(source, libs, lib, out, &[]);
}

/// As [`build_c_program`], with more compiler arguments (defines, include directories).
pub fn build_c_program_with(source: &Path, libs: &Path, lib: &str, out: &Path, args: &[String]) {
    run(Command::new("gcc")
        .arg(source)
        .arg(format!("-I{}", cuda_include().display()))
        .args(args)
        .arg(format!("-L{}", libs.display()))
        .args([&format!("-l{lib}"), "-ldl", "-o"])
        .arg(out));
}

/// NVIDIA's own `file` (`libcudart.so.12`, `libnvrtc.so.12`: CUDA 12.9's PyPI wheels, unpacked
/// by scripts/setup.sh), whose exports the audits compare ours with.
pub fn nvidia_library(file: &str) -> PathBuf {
    let path = root().join(".cache/inputs/nvidia-libs-12.9").join(file);
    assert!(
        path.exists(),
        "{}: missing; run scripts/setup.sh",
        path.display()
    );
    path
}

/// NVIDIA's library's exports as `scripts/setup.sh` keeps them (`nm -D --defined-only` of a
/// library it does not keep, `.cache/inputs/<list>`), in [`dynamic_exports`]' form.
pub fn nvidia_exports(list: &str) -> std::collections::BTreeSet<String> {
    let path = root().join(".cache/inputs").join(list);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/setup.sh)", path.display()));
    text.lines().map(str::to_string).collect()
}

/// What `lib` exports, as `nm -D --defined-only` reads its dynamic symbol table: each defined
/// symbol as `KIND NAME` or `KIND NAME@@VERSION` (`T cudaMalloc@@libcudart.so.12`; the version
/// node itself is `A libcudart.so.12`).
pub fn dynamic_exports(lib: &Path) -> std::collections::BTreeSet<String> {
    run(Command::new("nm").args(["-D", "--defined-only"]).arg(lib))
        .lines()
        .filter_map(|l| {
            l.split_once(' ')
                .map(|(_, kind_name)| kind_name.to_string())
        })
        .collect()
}

/// A program linked against NVIDIA's `nvidia` library that binds every function it exports (each
/// asked for with its symbol version), run with `LD_BIND_NOW=1` on this run's HIP with our
/// libraries laid out in `work`: (exit success, stdout, stderr, number of functions bound).
pub fn run_linked_against(nvidia: &Path, work: &Path) -> (bool, String, String, usize) {
    run_linked_against_only(nvidia, work, |_| true)
}

/// As [`run_linked_against`], binding only the exports `keep` accepts (as `nm` lists them:
/// `T name@@version`).
pub fn run_linked_against_only(
    nvidia: &Path,
    work: &Path,
    keep: impl Fn(&str) -> bool,
) -> (bool, String, String, usize) {
    let names: Vec<String> = dynamic_exports(nvidia)
        .iter()
        .filter(|e| keep(e))
        .filter_map(|s| s.strip_prefix("T "))
        .map(|s| s.split('@').next().unwrap_or_default().to_string())
        .collect();
    let source = work.join("binds_all.c");
    let declarations: String = names
        .iter()
        .map(|n| format!("extern char {n}[];\n"))
        .collect();
    std::fs::write(
        &source,
        format!(
            "#include <stdio.h>\n{declarations}static void *all[] = {{{}}};\nint main(void) {{\n    printf(\"bound %zu\\n\", sizeof all / sizeof *all);\n    return 0;\n}}\n",
            names.join(", ")
        ),
    )
    .unwrap();
    let program = work.join("binds_all");
    let file = nvidia
        .file_name()
        .expect("a library file")
        .to_string_lossy();
    run(Command::new("gcc")
        .arg(&source)
        .arg(format!(
            "-L{}",
            nvidia.parent().expect("a directory").display()
        ))
        // NVIDIA's library's own dependencies (libcublas.so.12's libcublasLt) are not needed:
        // the program runs on ours.
        .args([&format!("-l:{file}"), "-Wl,--allow-shlib-undefined", "-o"])
        .arg(&program));
    let libs = work.join("lib");
    lay_out(&libs);
    let out = hip_run()
        .command(&program, &[&libs])
        .env("LD_BIND_NOW", "1")
        .env_remove("CUDA_AS_HIP_LOG")
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.success(),
        text(&out.stdout),
        text(&out.stderr),
        names.len(),
    )
}

/// The audit of one of our libraries against NVIDIA's: the exports NVIDIA's has and ours lacks
/// (names with their symbol versions), and the ones only ours has (listed, not failures).
pub fn export_audit(ours: &Path, nvidia: &Path) -> (Vec<String>, Vec<String>) {
    let (ours, nvidia) = (dynamic_exports(ours), dynamic_exports(nvidia));
    assert!(nvidia.len() > 20, "nm read {} exports", nvidia.len());
    let missing = nvidia.difference(&ours).cloned().collect();
    let extra = ours.difference(&nvidia).cloned().collect();
    (missing, extra)
}

/// The line of `output` that starts with `key` and a space.
pub fn line(output: &str, key: &str) -> String {
    output
        .lines()
        .find(|l| l.starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no `{key}` line in:\n{output}"))
        .to_string()
}

/// A fat binary container holding `ptx` uncompressed (for `sm_80`), laid out as nvcc lays it out
/// (one 64-byte entry header); its length is a multiple of 8.
pub fn fatbin_of_ptx(ptx: &[u8]) -> Vec<u8> {
    let padded = (ptx.len() + 1).div_ceil(8) * 8;
    let mut entry = vec![0u8; 64];
    entry[0..2].copy_from_slice(&1u16.to_le_bytes()); // PTX
    entry[4..8].copy_from_slice(&64u32.to_le_bytes());
    entry[8..16].copy_from_slice(&(padded as u64).to_le_bytes());
    entry[28..32].copy_from_slice(&80u32.to_le_bytes()); // sm_80
    entry.extend_from_slice(ptx);
    entry.resize(64 + padded, 0);
    let mut bytes = 0xBA55_ED50u32.to_le_bytes().to_vec();
    bytes.extend_from_slice(&[1, 0, 16, 0]);
    bytes.extend_from_slice(&(entry.len() as u64).to_le_bytes());
    bytes.extend(entry);
    bytes
}

/// A host object as nvcc's `-rdc=true -c` makes one, in `dir`: an empty C file's object whose
/// `.nv_fatbin` section holds `ptx` in a fat binary (`host.o`), and a static library of it
/// (`libhost.a`).
pub fn host_object_with_ptx(dir: &Path, ptx: &[u8]) -> (PathBuf, PathBuf) {
    std::fs::write(dir.join("device.fatbin"), fatbin_of_ptx(ptx)).unwrap();
    std::fs::write(dir.join("host.c"), "int host_symbol;\n").unwrap();
    run(Command::new("gcc")
        .args(["-c", "host.c", "-o", "host.o"])
        .current_dir(dir));
    run(Command::new("objcopy")
        .args(["--add-section", ".nv_fatbin=device.fatbin", "host.o"])
        .current_dir(dir));
    run(Command::new("ar")
        .args(["rcs", "libhost.a", "host.o"])
        .current_dir(dir));
    (dir.join("host.o"), dir.join("libhost.a"))
}

/// Our NVRTC headers' host-and-device code (`__cuda_as_hip/*.h`, `__CAH_HD` empty) in the C++
/// program `source`, built for the host into `exe` — never with the headers a HIP sysroot run
/// points the compiler at.
pub fn build_host_header_program(source: &Path, exe: &Path) {
    let include = root().join("cuda-as-hip/src/nvrtc/include");
    let built = Command::new("c++")
        .env_remove("CPLUS_INCLUDE_PATH")
        .env_remove("C_INCLUDE_PATH")
        .args(["-std=c++17", "-O1", "-D__CAH_HD="])
        .arg("-I")
        .arg(&include)
        .arg(source)
        .arg("-o")
        .arg(exe)
        .status()
        .expect("a host C++ compiler (setup.sh installs g++)");
    assert!(built.success(), "{} did not build", source.display());
}

/// `exe` run with `input` on its standard input: its standard output (it must succeed).
pub fn run_with_input(exe: &Path, input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(exe)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", exe.display()));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("the program's output");
    writer.join().expect("the writer").expect("stdin written");
    assert!(out.status.success(), "{} failed", exe.display());
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Each function of an AMD code object (`arch`) and its disassembly, by llvm-objdump-15 (Debian's
/// llvm-15, which scripts/setup.sh installs).
pub fn disassembled(code: &[u8], arch: &str) -> std::collections::BTreeMap<String, String> {
    let scratch = Scratch::new("disassembly");
    let file = scratch.path().join(format!("{arch}.co"));
    std::fs::write(&file, code).expect("code object file");
    let text = run(Command::new("llvm-objdump-15")
        .args(["-d", "--triple=amdgcn-amd-amdhsa"])
        .arg(format!("--mcpu={arch}"))
        .arg(&file));
    let mut functions = std::collections::BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some((_, name)) = line.strip_suffix(">:").and_then(|l| l.split_once(" <")) {
            current = Some(name.to_string());
        } else if let Some(name) = &current {
            let body: &mut String = functions.entry(name.clone()).or_default();
            body.push_str(line);
            body.push('\n');
        }
    }
    functions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_found_by_the_version_a_runtime_reports() {
        assert_eq!(Facts::of(6, 4).release, "6.4.3");
        assert_eq!(Facts::of(5, 2).encoded, 50221153);
        assert_eq!(Facts::of(7, 2).bindings_name(), "V7_2_4");
        for f in &FACTS {
            let major = f.encoded / 10_000_000;
            let minor = f.encoded / 100_000 % 100;
            assert!(f.release.starts_with(&format!("{major}.{minor}.")), "{f:?}");
        }
    }

    #[test]
    fn a_scratch_directory_is_removed_when_dropped() {
        let kept = {
            let s = Scratch::new("support");
            std::fs::write(s.path().join("f"), b"x").unwrap();
            s.path().to_path_buf()
        };
        assert!(!kept.exists());
    }
}
