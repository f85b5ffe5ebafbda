//! Unmodified Python GPU stacks from PyPI through `cuda-as-hip run --preload`, on this run's real
//! HIP runtime (no GPU): NVIDIA's cuda-python, CuPy and numba-cuda, each in the virtual
//! environment scripts/setup.sh installed, running a script of tests/python (README "Python
//! stacks"). On a sysroot's HIP, CPython runs under the sysroot's loader and glibc, as every other
//! child ([`test_support::HipRun::launched`]).
//!
//! Each run is traced by the loader (`LD_DEBUG=files`): every libcuda / libcudart / libnvrtc that
//! was initialised in the Python process must be ours, so that nothing passes through NVIDIA's
//! libraries from the wheels in the same environments.

use std::path::{Path, PathBuf};
use test_support::{hip_run, line, nvidia_library, profile_dir, root, run, Scratch};

const RUNNER: &str = env!("CARGO_BIN_EXE_cuda-as-hip");

/// How the files of the libraries we provide are named, and NVIDIA's that go with them
/// (`libnvrtc-builtins.so.12.9`): every file loaded whose name starts so must be ours.
const OURS: [&str; 9] = [
    "libcuda",
    "libnvrtc",
    "libcurand",
    "libcublas",
    "libcufft",
    "libnccl",
    "libcusolver",
    "libcusparse",
    "libnvJitLink",
];

/// What one script printed, and the files of our libraries' names the loader initialised.
struct PythonRun {
    output: String,
    loaded: Vec<PathBuf>,
    /// `CUDA_AS_HIP_CACHE_DIR`: the translator and NVRTC write their code objects here.
    cache: PathBuf,
    _work: Scratch,
}

/// Runs tests/python/`script` with the Python of the virtual environment `venv` (under
/// .cache/inputs) through `cuda-as-hip run --preload`, for gfx90a.
fn run_python(venv: &str, script: &str) -> PythonRun {
    run_python_with(venv, script, true)
}

/// As [`run_python`], with `cuda-as-hip run --preload` or without.
fn run_python_with(venv: &str, script: &str, preload: bool) -> PythonRun {
    let python = root().join(".cache/inputs").join(venv).join("bin/python");
    assert!(
        python.exists(),
        "{}: missing; run scripts/setup.sh",
        python.display()
    );
    let work = Scratch::new("python");
    let (trace, cache) = (work.path().join("ld"), work.path().join("cache"));
    let hip = hip_run();
    let (words, library_path) = hip.launched(&python);
    let mut cmd = hip.command(RUNNER, &[]);
    cmd.arg("run")
        .args(preload.then_some("--preload"))
        .arg("--")
        .args(&words)
        .arg(root().join("tests/python").join(script));
    match &library_path {
        Some(p) => cmd.env("LD_LIBRARY_PATH", p),
        None => cmd.env_remove("LD_LIBRARY_PATH"),
    };
    let out = cmd
        .env("CUDA_AS_HIP_OFFLOAD_ARCH", "gfx90a")
        .env("CUDA_AS_HIP_NVIDIA_NVJITLINK", nvidia_nvjitlink())
        .env("CUDA_AS_HIP_CACHE_DIR", &cache)
        .env("PYTHONDONTWRITEBYTECODE", "1") // no __pycache__ in tests/python
        .env("LD_DEBUG", "files")
        .env("LD_DEBUG_OUTPUT", &trace)
        .env_remove("CUDA_AS_HIP_LOG")
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let output =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{script} failed:\n{output}");
    PythonRun {
        output,
        loaded: initialised(work.path()),
        cache,
        _work: work,
    }
}

/// The files named like ours whose initialisers the loader ran, from the `LD_DEBUG_OUTPUT`
/// traces (`ld.PID`) in `dir`: every process, every library, also those unloaded again.
fn initialised(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the scratch directory") {
        let path = entry.expect("an entry").path();
        if !path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("ld.")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        files.extend(
            text.lines()
                .filter_map(|l| {
                    l.split_once("calling init: ")
                        .map(|(_, f)| PathBuf::from(f))
                })
                .filter(|f| {
                    let name = f.file_name().unwrap_or_default().to_string_lossy();
                    OURS.iter().any(|o| name.starts_with(o))
                }),
        );
    }
    files
}

impl PythonRun {
    /// Asserts that `expected` (sonames) were loaded, and that every library named like ours is
    /// ours (from the runner's directory), none from a wheel or the system.
    fn assert_ours(&self, expected: &[&str]) {
        let ours = std::fs::canonicalize(profile_dir()).unwrap();
        // NVIDIA's nvJitLink, which ours opens to make LTO-IR PTX, is the one NVIDIA library
        // expected in the process.
        let nvidia = std::fs::canonicalize(nvidia_nvjitlink()).ok();
        for file in (self.loaded.iter()).filter(|f| std::fs::canonicalize(f).ok() != nvidia) {
            let dir = std::fs::canonicalize(file.parent().unwrap()).unwrap();
            assert_eq!(
                dir,
                ours,
                "{} is not ours:\n{}",
                file.display(),
                self.output
            );
        }
        for soname in expected {
            assert!(
                self.loaded.iter().any(|f| f.ends_with(soname)),
                "{soname} never loaded ({:?}):\n{}",
                self.loaded,
                self.output
            );
        }
    }

    fn line(&self, key: &str) -> String {
        line(&self.output, key)
    }

    /// Asserts each `(key, value)`: the script printed the line `key value`.
    fn assert_lines(&self, expected: &[(&str, &str)]) {
        for (key, value) in expected {
            assert_eq!(
                line(&self.output, key),
                format!("{key} {value}"),
                "{}",
                self.output
            );
        }
    }

    /// The code objects the PTX translator cached (`CUDA_AS_HIP_CACHE_DIR/ptx`).
    fn translated(&self) -> usize {
        std::fs::read_dir(self.cache.join("ptx")).map_or(0, |d| d.count())
    }
}

/// NVIDIA's libnvJitLink.so.12 (scripts/setup.sh keeps it), which ours asks to make LTO-IR PTX.
fn nvidia_nvjitlink() -> PathBuf {
    root().join(".cache/inputs/nvjitlink-12.9-lib/libnvJitLink.so.12")
}

/// What our `cuModuleLoadData` answers without a device: HIP 5.2.3's runtime says
/// `hipErrorInvalidDevice` where later ones say `hipErrorNoDevice`.
fn no_device_load() -> &'static str {
    match hip_run().facts.hip_init {
        "hipErrorInvalidDevice" => "CUDA_ERROR_INVALID_DEVICE",
        _ => "CUDA_ERROR_NO_DEVICE",
    }
}

#[test]
fn cuda_python_driver_runtime_and_nvrtc() {
    let run = run_python("python-stacks/venv", "cuda_python.py");
    run.assert_ours(&[
        "libcuda.so.1",
        "libcudart.so.12",
        "libnvrtc.so.12",
        "libnvJitLink.so.12",
    ]);
    let load = no_device_load();
    run.assert_lines(&[
        ("cuInit", "CUDA_ERROR_NO_DEVICE"),
        ("cuGetErrorName", "CUDA_ERROR_NO_DEVICE"),
        ("cudaGetErrorString", "no CUDA-capable device is detected"),
        ("cuDriverGetVersion", "CUDA_SUCCESS 12090"),
        ("cudaRuntimeGetVersion", "cudaSuccess 12090"),
        ("cudaGetDeviceCount", "cudaErrorNoDevice"),
        ("nvrtcVersion", "NVRTC_SUCCESS 12 9"),
        ("nvrtcCompileProgram", "NVRTC_SUCCESS"),
        // An AMD code object: `\x7fELF`, e_machine EM_AMDGPU.
        ("nvrtcGetPTX", "NVRTC_SUCCESS 7f454c46 0xe0"),
        (
            "nvrtcCompileProgram(bad option)",
            "NVRTC_ERROR_INVALID_OPTION",
        ),
        ("cuModuleLoadData", load),
        // nvJitLink's bindings: the PTX linked into an AMD code object; -arch is required.
        ("nvJitLinkVersion", "12 9"),
        ("nvJitLinkGetLinkedCubin", "7f454c46 0xe0"),
        ("nvJitLinkCreate(no-arch)", "ERROR_MISSING_ARCH (2)"),
        // cuda-python's object layer (cuda-core) on the same calls; its linker on nvJitLink.
        ("Program.compile", "7f454c46 0xe0"),
        ("Linker.link", "nvJitLink 7f454c46 0xe0"),
        ("Device()", "CUDAError CUDA_ERROR_NO_DEVICE"),
    ]);
    // The PTX went through the translator and comgr before the load found no device.
    assert_eq!(run.translated(), 1, "{}", run.output);
    // NVRTC's architectures, as NVIDIA's NVRTC 12.9 lists them.
    let (nvidia, file) = nvidia_supported_archs();
    assert_eq!(run.line("nvrtcGetSupportedArchs"), nvidia);
    let ours = run.line("libnvrtc");
    assert!(ours.contains(&*profile_dir().to_string_lossy()), "{ours}");
    assert!(file.contains("nvidia-libs-12.9"), "{file}");
}

/// The `nvrtcGetSupportedArchs` line of tests/python/nvrtc_archs.py run on NVIDIA's libnvrtc
/// 12.9, and its `libnvrtc` line (the file that answered).
fn nvidia_supported_archs() -> (String, String) {
    let nvidia = nvidia_library("libnvrtc.so.12");
    let python = root().join(".cache/inputs/python-stacks/venv/bin/python");
    let out = run(hip_run()
        .command(python, &[nvidia.parent().unwrap()])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(root().join("tests/python/nvrtc_archs.py")));
    (line(&out, "nvrtcGetSupportedArchs"), line(&out, "libnvrtc"))
}

#[test]
fn cupy_versions_errors_and_its_kernels_through_cupys_nvrtc_program() {
    let run = run_python("cupy-14.2/venv", "cupy_stack.py");
    // CuPy's runtime is NVIDIA's, linked statically into CuPy (libcudart_static): it reaches the
    // driver through libcuda.so.1.
    run.assert_ours(&[
        "libcuda.so.1",
        "libnvrtc.so.12",
        "libcurand.so.10",
        "libcublas.so.12",
        "libcublasLt.so.12",
        "libcufft.so.11",
        "libnccl.so.2",
        "libnvJitLink.so.12",
        "libcusolver.so.11",
        "libcusparse.so.12",
    ]);
    run.assert_lines(&[
        ("runtimeGetVersion", "12090"),
        ("driverGetVersion", "12090"),
        ("getDeviceCount", "CUDARuntimeError cudaErrorNoDevice"),
        ("nvrtc.getVersion", "12 9"),
        // CuPy's compiler asks for the device's architecture before it calls NVRTC.
        ("compile_using_nvrtc", "CUDARuntimeError cudaErrorNoDevice"),
        // cuRAND's version as ours implements it; no GPU: no generator (never hipRAND's abort).
        ("curand.getVersion", "10310"),
        (
            "curand.createGenerator",
            "CURANDError CURAND_STATUS_INITIALIZATION_FAILED",
        ),
        // cuBLAS, which cuda-pathfinder loads after libcublasLt.so.12 (ours since cuBLASLt); no
        // GPU (or no hipBLAS, beside HIP 5.2.3): no handle.
        ("cublas.import", "imported"),
        ("cublas.create", "CUBLASError CUBLAS_STATUS_NOT_INITIALIZED"),
        ("cufft.getVersion", "11401"),
        ("nccl.get_version", "22707"),
        // cuSOLVER and cuSPARSE, which cuda-pathfinder loads after nvJitLink (a dependency of
        // NVIDIA's builds of them; ours): cuSOLVER's version as ours implements it; no GPU (or no
        // hipSOLVER, beside HIP 5.2.3): no handle.
        ("cusolver.import", "imported"),
        ("cusolver._getVersion", "11 7 5"),
        (
            "cusolver.create",
            "CUSOLVERError CUSOLVER_STATUS_NOT_INITIALIZED",
        ),
        ("cusparse.import", "imported"),
        (
            "cusparse.create",
            "CuSparseError CUSPARSE_STATUS_NOT_INITIALIZED",
        ),
    ]);
    let kernels: Vec<&str> = run
        .output
        .lines()
        .filter(|l| l.starts_with("kernel "))
        .collect();
    let count: usize = line(&run.output, "kernels")["kernels ".len()..]
        .parse()
        .unwrap();
    assert_eq!(kernels.len(), count, "{}", run.output);
    for k in kernels {
        // An AMD code object for each, from CuPy's `nvrtcGetCUBIN`.
        assert!(k.ends_with(" 7f454c46 0xe0"), "{k}:\n{}", run.output);
    }
}

/// Without `--preload` CuPy's cuda-pathfinder takes NVIDIA's NVRTC from the wheel in CuPy's
/// environment (README "Python stacks"): the trace sees it, and the kernels come out as NVIDIA
/// cubins (`EM_CUDA`, 0xbe). The check [`PythonRun::assert_ours`] makes is live.
#[test]
fn cupy_without_preload_compiles_with_nvidias_nvrtc_from_its_wheel() {
    let run = run_python_with("cupy-14.2/venv", "cupy_stack.py", false);
    let wheel = Path::new("site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12");
    assert!(
        run.loaded.iter().any(|f| f.ends_with(wheel)),
        "{:?}",
        run.loaded
    );
    let kernel = line(&run.output, "kernel cupy_add__float32_float32_float32");
    assert!(kernel.ends_with(" 7f454c46 0xbe"), "{}", run.output);
}

#[test]
fn numba_cuda_compile_ptx_and_its_ptx_through_the_translator() {
    let run = run_python("python-stacks/venv", "numba_stack.py");
    run.assert_ours(&["libcuda.so.1", "libnvrtc.so.12"]);
    run.assert_lines(&[
        ("compile_ptx", "sm_80 1"),
        ("is_available", "False"),
        ("binding", "cuda-python"),
        ("cuInit", "CUDA_ERROR_NO_DEVICE"),
        ("cuModuleLoadData", no_device_load()),
        // numba-cuda's LTO-IR, through our nvJitLink (NVIDIA's making it PTX): an AMD code object.
        ("ltoir", "ed434e7f"),
        ("lto_link", "7f454c46 0xe0"),
    ]);
    assert_eq!(run.translated(), 1, "{}", run.output);
}
