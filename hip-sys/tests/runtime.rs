//! hip-sys against a real HIP runtime without a GPU: the host's (Debian bookworm's HIP 5.2.3), or
//! under `scripts/on-hip.sh` a sysroot's 5.7.1 / 6.4.3 / 7.2.4. Each test asserts what the
//! running version is expected to do (`test_support::FACTS`). Run `scripts/setup.sh` first.

use hip_sys::{hipError_t, hiprtcProgram, hiprtcResult, Hip, LoadError, Search, SymbolError};
use std::ffi::{c_char, CStr, CString};
use std::path::{Path, PathBuf};
use std::ptr;
use test_support::{hip_run, Facts, Scratch};

fn hip() -> &'static Hip {
    hip_sys::hip().unwrap_or_else(|e| panic!("no HIP runtime (scripts/setup.sh): {e}"))
}

/// What the loaded runtime is expected to do, by the version it reports.
fn facts() -> &'static Facts {
    let v = hip().version();
    Facts::of(v.major, v.minor)
}

/// Files mapped into this process whose names contain `.so` (its shared libraries, resolved).
fn mapped_libraries() -> Vec<PathBuf> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("/proc/self/maps");
    let mut libs: Vec<PathBuf> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|p| p.starts_with('/') && p.contains(".so"))
        .map(PathBuf::from)
        .collect();
    libs.sort();
    libs.dedup();
    libs
}

/// The one mapped library whose file name starts with `stem`.
fn mapped(stem: &str) -> PathBuf {
    let found: Vec<PathBuf> = mapped_libraries()
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(stem))
        })
        .collect();
    assert_eq!(found.len(), 1, "exactly one {stem} mapped: {found:?}");
    found[0].clone()
}

#[test]
fn loads_the_runtime_this_run_asks_for_and_its_binding_table() {
    let (hip, run) = (hip(), hip_run());
    let f = run.facts;
    assert_eq!(
        hip.version().encoded() as i32,
        f.encoded,
        "HIP {} asked for, {} loaded from {}",
        f.release,
        hip.version(),
        hip.path().display()
    );
    assert_eq!(format!("{:?}", hip.bindings()), f.bindings_name());
    let mut driver = 0;
    assert_eq!(
        unsafe { hip.hipDriverGetVersion(&mut driver) }.unwrap(),
        hipError_t::hipSuccess
    );
    assert_eq!(driver, f.encoded);
    let file = mapped("libamdhip64.so");
    let lib_dir = std::fs::canonicalize(run.root().join("usr/lib/x86_64-linux-gnu")).unwrap();
    assert_eq!(file.parent(), Some(lib_dir.as_path()), "{}", file.display());
    match (f.hiprtc_library, hip.hiprtc_source()) {
        (None, Ok(None)) => {}
        (Some(name), Ok(Some(_))) => assert_eq!(
            mapped("libhiprtc.so").parent(),
            file.parent(),
            "{name} beside libamdhip64"
        ),
        (want, got) => panic!(
            "hiprtc: expected {want:?}, found {:?}",
            got.map(|l| l.is_some())
        ),
    }
}

#[test]
fn no_device_is_reported_as_such() {
    let hip = hip();
    let mut count = -1;
    let err = unsafe { hip.hipGetDeviceCount(&mut count) }.unwrap();
    assert_eq!(err, hipError_t::hipErrorNoDevice);
    assert_eq!(count, 0);
    assert_eq!(format!("{err:?}"), "hipErrorNoDevice");
    let init = unsafe { hip.hipInit(0) }.unwrap();
    assert_eq!(
        format!("{init:?}"),
        facts().hip_init,
        "HIP {}",
        hip.version()
    );
}

#[test]
fn error_strings_come_from_hip() {
    let hip = hip();
    // HIP 5.2's hipGetErrorString returns the error's name, not a description (later versions
    // describe it): cuda-as-hip's cuGetErrorString uses CUDA's own texts for that reason.
    let text =
        unsafe { CStr::from_ptr(hip.hipGetErrorString(hipError_t::hipErrorNoDevice).unwrap()) };
    let expected = match facts().error_strings_describe {
        true => "no ROCm-capable device is detected",
        false => "hipErrorNoDevice",
    };
    assert_eq!(text.to_str().unwrap(), expected);
    let unknown = unsafe { CStr::from_ptr(hip.hipGetErrorString(hipError_t(9999)).unwrap()) };
    assert!(
        !unknown.to_bytes().is_empty(),
        "an unknown code still gets a text"
    );
    let name =
        unsafe { CStr::from_ptr(hip.hipGetErrorName(hipError_t::hipErrorNoDevice).unwrap()) };
    assert_eq!(name.to_str().unwrap(), "hipErrorNoDevice");
}

#[test]
fn device_properties_entry_points_follow_the_version() {
    let hip = hip();
    let no_device = hipError_t::hipErrorNoDevice;
    // 6.0 renamed the struct's entry points to …R0600; the plain ones (pre-6.0 layout) remain.
    let mut prop: hip_sys::hipDeviceProp_tR0600 = unsafe { std::mem::zeroed() };
    let r0600 = unsafe { hip.hipGetDevicePropertiesR0600(&mut prop, 0) };
    match facts().r0600 {
        true => assert_eq!(r0600.unwrap(), no_device),
        false => assert_eq!(
            r0600.unwrap_err().name(),
            "hipGetDevicePropertiesR0600",
            "absent before 6.0"
        ),
    }
    let mut old: hip_sys::v5_2_3::hipDeviceProp_t = unsafe { std::mem::zeroed() };
    let plain = unsafe { hip.v5_2_3().hipGetDeviceProperties(&mut old, 0) }.unwrap();
    assert_ne!(plain, hipError_t::hipSuccess, "no device: nothing to read");
}

const KERNEL: &str = r#"
extern "C" __global__ void vector_add(const float* a, const float* b, float* out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = a[i] + b[i];
}
"#;

fn check_rtc(hip: &Hip, result: hiprtcResult) {
    assert_eq!(result, hiprtcResult::HIPRTC_SUCCESS, "{:?}", unsafe {
        CStr::from_ptr(hip.hiprtcGetErrorString(result).unwrap())
    });
}

/// One compile at a time: two threads compiling at once crash HIP 5.2's comgr (cuda-as-hip's
/// NVRTC serializes its compiles for the same reason).
static COMPILE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// `src` compiled for gfx90a with `options`: the program, hiprtc's result and its log.
fn compile(src: &str, options: &[&CStr]) -> (hiprtcProgram, hiprtcResult, String) {
    let hip = hip();
    let _one_at_a_time = COMPILE.lock().unwrap_or_else(|p| p.into_inner());
    let src = CString::new(src).unwrap();
    let mut prog: hiprtcProgram = ptr::null_mut();
    unsafe {
        let create = hip.hiprtcCreateProgram(
            &mut prog,
            src.as_ptr(),
            c"kernel.cu".as_ptr(),
            0,
            ptr::null_mut(),
            ptr::null_mut(),
        );
        check_rtc(hip, create.unwrap());
        let mut opts: Vec<*const c_char> = [c"--offload-arch=gfx90a"]
            .iter()
            .chain(options)
            .map(|o| o.as_ptr())
            .collect();
        let compiled = hip
            .hiprtcCompileProgram(prog, opts.len() as i32, opts.as_mut_ptr())
            .unwrap();
        let mut log_size = 0;
        check_rtc(
            hip,
            hip.hiprtcGetProgramLogSize(prog, &mut log_size).unwrap(),
        );
        let mut log = vec![0u8; log_size.max(1)];
        check_rtc(
            hip,
            hip.hiprtcGetProgramLog(prog, log.as_mut_ptr() as *mut c_char)
                .unwrap(),
        );
        (prog, compiled, String::from_utf8_lossy(&log).into_owned())
    }
}

/// hiprtc's result and log for `src`.
fn try_compile(src: &str) -> (hiprtcResult, String) {
    let (prog, r, log) = compile(src, &[]);
    drop(Compiled(prog));
    (r, log)
}

/// A program compiled with success.
struct Compiled(hiprtcProgram);

impl Compiled {
    fn new(src: &str, options: &[&CStr]) -> Compiled {
        let (prog, r, log) = compile(src, options);
        let program = Compiled(prog);
        assert_eq!(r, hiprtcResult::HIPRTC_SUCCESS, "log: {log}");
        program
    }

    /// hiprtc's output through `size` and `get` (code or bitcode).
    fn output(
        &self,
        size: unsafe fn(&Hip, hiprtcProgram, *mut usize) -> Result<hiprtcResult, SymbolError>,
        get: unsafe fn(&Hip, hiprtcProgram, *mut c_char) -> Result<hiprtcResult, SymbolError>,
    ) -> Result<Vec<u8>, SymbolError> {
        let hip = hip();
        let mut n = 0;
        check_rtc(hip, unsafe { size(hip, self.0, &mut n) }?);
        let mut out = vec![0u8; n];
        if n > 0 {
            check_rtc(hip, unsafe { get(hip, self.0, out.as_mut_ptr().cast()) }?);
        }
        Ok(out)
    }

    fn code(&self) -> Vec<u8> {
        self.output(Hip::hiprtcGetCodeSize, Hip::hiprtcGetCode)
            .expect("every hiprtc has hiprtcGetCode")
    }

    fn bitcode(&self) -> Result<Vec<u8>, SymbolError> {
        self.output(Hip::hiprtcGetBitcodeSize, Hip::hiprtcGetBitcode)
    }
}

impl Drop for Compiled {
    fn drop(&mut self) {
        check_rtc(
            hip(),
            unsafe { hip().hiprtcDestroyProgram(&mut self.0) }.unwrap(),
        );
    }
}

#[test]
fn hiprtc_compiles_a_cuda_style_kernel_to_this_versions_code_object() {
    let code = Compiled::new(KERNEL, &[]).code();
    assert_eq!(&code[..4], b"\x7fELF", "a code object is an ELF file");
    let e_machine = u16::from_le_bytes([code[18], code[19]]);
    assert_eq!(e_machine, 0xE0, "EM_AMDGPU");
    assert_eq!(
        code[8],
        facts().code_object_abi,
        "EI_ABIVERSION (code object version) of HIP {}",
        hip().version()
    );
    let symbol = b"vector_add";
    assert!(
        code.windows(symbol.len()).any(|w| w == symbol),
        "the kernel's symbol is in the code object"
    );
}

#[test]
fn relocatable_device_code_is_llvm_bitcode_from_5_7() {
    let program = Compiled::new(KERNEL, &[c"-fgpu-rdc"]);
    let (code, bitcode) = (program.code(), program.bitcode());
    match facts().linker {
        true => {
            assert!(code.is_empty(), "no code object: {} bytes", code.len());
            let bitcode = bitcode.expect("hiprtcGetBitcode");
            assert_eq!(&bitcode[..4], b"BC\xC0\xDE", "LLVM bitcode");
        }
        false => {
            assert_eq!(&code[..4], b"\x7fELF", "-fgpu-rdc ignored: a code object");
            assert_eq!(bitcode.unwrap_err().name(), "hiprtcGetBitcodeSize");
        }
    }
}

/// The major version of the newest C++ library headers under `root`, and glibc's minor version
/// from its headers there.
fn header_versions(root: &Path) -> (u32, u32) {
    let cxx = root.join("usr/include/c++");
    let gcc = std::fs::read_dir(&cxx)
        .unwrap_or_else(|e| panic!("{}: {e}", cxx.display()))
        .filter_map(|d| d.ok()?.file_name().to_str()?.parse().ok())
        .max()
        .expect("a libstdc++ version");
    let features = std::fs::read_to_string(root.join("usr/include/features.h")).unwrap();
    let glibc = features
        .lines()
        .find_map(|l| {
            l.strip_prefix("#define")?
                .trim()
                .strip_prefix("__GLIBC_MINOR__")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("__GLIBC_MINOR__ in features.h");
    (gcc, glibc)
}

#[test]
fn a_kernel_including_standard_headers_sees_this_runtimes_own_headers() {
    // The host's for 5.2.3; a sysroot's own (never the host's) for the others: clang's resource
    // headers (<cstddef> needs its stddef.h), libstdc++'s and glibc's.
    let (gcc, glibc) = header_versions(hip_run().root());
    let src = format!(
        "#include <cstddef>\n#include <climits>\n\
         static_assert(_GLIBCXX_RELEASE == {gcc}, \"libstdc++ {gcc}\");\n\
         static_assert(__GLIBC_MINOR__ == {glibc}, \"glibc 2.{glibc}\");\n\
         extern \"C\" __global__ void scale(float* x) {{ std::size_t i = threadIdx.x; x[i] *= CHAR_BIT; }}\n"
    );
    let code = Compiled::new(&src, &[]).code();
    assert_eq!(&code[..4], b"\x7fELF");
}

#[test]
fn kernels_including_cstdint_or_cstdlib_compile_from_7_x() {
    for header in ["cstdint", "cstdlib"] {
        let src = format!(
            "#include <{header}>\nextern \"C\" __global__ void k(float* x) {{ x[threadIdx.x] *= 2.0f; }}\n"
        );
        let (r, log) = try_compile(&src);
        match facts().kernel_stdint {
            true => assert_eq!(r, hiprtcResult::HIPRTC_SUCCESS, "<{header}>: {log}"),
            false => {
                assert_eq!(r, hiprtcResult::HIPRTC_ERROR_COMPILATION, "<{header}>");
                assert!(
                    log.contains("typedef redefinition")
                        || log.contains("'stdlib.h' file not found"),
                    "<{header}> fails for the known reason: {log}"
                );
            }
        }
    }
}

#[test]
fn every_library_loaded_comes_from_this_runtimes_root() {
    drop(Compiled::new(KERNEL, &[])); // comgr and LLVM load on the first compile
    let run = hip_run();
    let libs = mapped_libraries();
    match run.sysroot() {
        Some(sysroot) => {
            let root = std::fs::canonicalize(sysroot).unwrap();
            let outside: Vec<&PathBuf> = libs.iter().filter(|l| !l.starts_with(&root)).collect();
            assert!(
                outside.is_empty(),
                "taken from outside {}: {outside:?}",
                root.display()
            );
        }
        None => {
            let inside: Vec<&PathBuf> = libs
                .iter()
                .filter(|l| l.to_string_lossy().contains("/sysroot-"))
                .collect();
            assert!(inside.is_empty(), "the host run loaded {inside:?}");
        }
    }
    assert!(libs.len() > 5, "{libs:?}");
}

#[test]
fn empty_hip_path_without_system_library_lists_every_path_tried() {
    let empty = Scratch::new("hip-sys-empty");
    // Only the given root, and no fallback to the dynamic loader's default path (where this
    // machine's HIP would be found).
    let search = Search {
        explicit: None,
        roots: vec![empty.path().to_path_buf()],
        system: false,
    };
    let err = Hip::load(&search).unwrap_err();
    let LoadError::NotFound { tried } = &err else {
        panic!("expected NotFound, got {err}")
    };
    let expected: Vec<PathBuf> = [
        "libamdhip64.so",
        "libamdhip64.so.7",
        "libamdhip64.so.6",
        "libamdhip64.so.5",
    ]
    .iter()
    .map(|n| empty.path().join("lib").join(n))
    .collect();
    assert_eq!(
        tried.iter().map(|a| a.path.clone()).collect::<Vec<_>>(),
        expected
    );
    let message = err.to_string();
    for path in &expected {
        assert!(message.contains(&path.display().to_string()), "{message}");
    }
    assert!(
        message.contains("HIP_PATH") && message.contains("libamdhip64"),
        "message names the fix: {message}"
    );
}

#[test]
fn hip_path_from_the_environment_is_searched_first() {
    let search = Search {
        explicit: None,
        system: false,
        ..Search::from_env()
    };
    let hip_path = std::env::var_os("HIP_PATH");
    let candidates = search.candidates();
    if let Some(p) = hip_path {
        assert_eq!(candidates[0], PathBuf::from(p).join("lib/libamdhip64.so"));
    }
    assert!(candidates.contains(&PathBuf::from("/opt/rocm/lib/libamdhip64.so.5")));
}

#[test]
fn explicit_file_that_is_not_hip_is_rejected_clearly() {
    let search = Search {
        explicit: Some("libm.so.6".into()),
        roots: vec![],
        system: false,
    };
    let err = Hip::load(&search).unwrap_err();
    assert!(matches!(err, LoadError::NotHip { .. }), "{err}");
    assert!(err.to_string().contains("hipRuntimeGetVersion"), "{err}");
}

#[test]
fn a_symbol_this_hip_lacks_is_a_clean_error() {
    let hip = hip();
    // Declared by HIP 6.x/7.x headers, exported from 7.x on.
    let call = || unsafe {
        hip.hipMemGetHandleForAddressRange(
            ptr::null_mut(),
            ptr::null_mut(),
            0,
            hip_sys::hipMemRangeHandleType::hipMemRangeHandleTypeDmaBufFd,
            0,
        )
    };
    match facts().dmabuf_export {
        true => assert_ne!(call().unwrap(), hipError_t::hipSuccess, "no device"),
        false => {
            let err = call().unwrap_err();
            assert_eq!(err.name(), "hipMemGetHandleForAddressRange");
            assert!(err.to_string().contains("does not export it"), "{err}");
            // Asking again gives the same answer (the slot remembers).
            assert!(call().is_err());
        }
    }
    assert!(unsafe { hip.hipDriverGetVersion(&mut 0) }.is_ok());
}

/// The minor version of the glibc this process runs on (bookworm: 36; the sysroots: 41, 43).
fn glibc_minor() -> u32 {
    extern "C" {
        fn gnu_get_libc_version() -> *const c_char;
    }
    let v = unsafe { CStr::from_ptr(gnu_get_libc_version()) }.to_string_lossy();
    v.split('.')
        .nth(1)
        .and_then(|m| m.parse().ok())
        .expect("glibc 2.N")
}

#[test]
fn an_explicit_runtime_that_does_not_load_is_an_error_naming_it_never_another_hip() {
    let dir = Scratch::new("hip-sys-explicit");
    let bogus = dir.path().join("libamdhip64.so");
    std::fs::write(&bogus, b"not an ELF file").unwrap();
    // This machine has a HIP on every default path: none of them may stand in.
    for explicit in [bogus.clone(), dir.path().to_path_buf()] {
        let search = Search {
            explicit: Some(explicit.clone()),
            roots: vec![PathBuf::from("/opt/rocm")],
            system: true,
        };
        let err = Hip::load(&search).unwrap_err();
        let LoadError::ExplicitNotLoaded { tried } = &err else {
            panic!(
                "{}: expected ExplicitNotLoaded, got {err}",
                explicit.display()
            )
        };
        assert!(
            tried.iter().all(|a| a.path.starts_with(dir.path())),
            "only the named place is tried: {tried:?}"
        );
        let message = err.to_string();
        for needed in [
            hip_sys::LIBRARY_ENV,
            &bogus.display().to_string(),
            "does not load",
            "unset it",
        ] {
            assert!(message.contains(needed), "`{needed}` in: {message}");
        }
        assert!(
            tried.iter().any(|a| a.path == bogus && !a.error.is_empty()),
            "the dynamic loader's reason: {tried:?}"
        );
    }
    // The case that exposed it: HIP 6.4.3's runtime (glibc >= 2.38) named on bookworm (2.36)
    // loaded bookworm's HIP 5.2.3 instead.
    let newer = test_support::root()
        .join(".cache/inputs/sysroot-6.4.3/usr/lib/x86_64-linux-gnu/libamdhip64.so.6");
    assert!(newer.exists(), "{}: run scripts/setup.sh", newer.display());
    match (hip_run().sysroot(), glibc_minor()) {
        (None, ..=37) => {
            let search = Search {
                explicit: Some(newer.clone()),
                roots: vec![],
                system: true,
            };
            let err = Hip::load(&search).unwrap_err();
            assert!(
                matches!(err, LoadError::ExplicitNotLoaded { .. }),
                "not another HIP: {err}"
            );
            let message = err.to_string();
            assert!(
                message.contains(&newer.display().to_string()) && message.contains("GLIBC"),
                "names the library and the glibc it needs: {message}"
            );
        }
        // A sysroot run has glibc >= 2.38: that runtime's needs are met there.
        (Some(_), 38..) => {}
        (sysroot, glibc) => panic!("glibc 2.{glibc} with sysroot {sysroot:?}"),
    }
}
