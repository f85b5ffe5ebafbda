//! hip-sys against the real HIP runtime installed on the test machine: Debian bookworm's
//! `libamdhip64-5` (HIP 5.2.3), with no GPU. Run `scripts/setup.sh` first.

use hip_sys::{hipError_t, hiprtcProgram, hiprtcResult, Bindings, Hip, LoadError, Search};
use std::ffi::{c_char, CStr, CString};
use std::path::{Path, PathBuf};
use std::ptr;

fn hip() -> &'static Hip {
    hip_sys::hip()
        .unwrap_or_else(|e| panic!("the test machine must have HIP 5.2.3 (scripts/setup.sh): {e}"))
}

#[test]
fn finds_bookworm_hip_5_2() {
    let hip = hip();
    assert_eq!(
        hip.version().encoded(),
        50221153,
        "bookworm's libamdhip64-5 reports 50221153"
    );
    assert_eq!(hip.bindings(), Bindings::V5_2_3);
    let mut driver = 0;
    assert_eq!(
        unsafe { hip.hipDriverGetVersion(&mut driver) }.unwrap(),
        hipError_t::hipSuccess
    );
    assert_eq!(driver, 50221153);
    assert!(
        hip.path().to_string_lossy().contains("libamdhip64.so"),
        "{}",
        hip.path().display()
    );
    assert!(
        matches!(hip.hiprtc_source(), Ok(None)),
        "HIP 5 exports hiprtc from libamdhip64 itself"
    );
}

#[test]
fn no_device_is_reported_as_such() {
    let hip = hip();
    let mut count = -1;
    let err = unsafe { hip.hipGetDeviceCount(&mut count) }.unwrap();
    assert_eq!(err, hipError_t::hipErrorNoDevice);
    assert_eq!(count, 0);
    assert_eq!(format!("{err:?}"), "hipErrorNoDevice");
    assert_eq!(
        unsafe { hip.hipInit(0) }.unwrap(),
        hipError_t::hipErrorInvalidDevice
    );
}

#[test]
fn error_strings_come_from_hip() {
    let hip = hip();
    // HIP 5.2's hipGetErrorString returns the error's name, not a description (later HIP
    // versions describe it): cuda-as-hip's cuGetErrorString uses CUDA's own texts for that reason.
    let text =
        unsafe { CStr::from_ptr(hip.hipGetErrorString(hipError_t::hipErrorNoDevice).unwrap()) };
    assert_eq!(text.to_str().unwrap(), "hipErrorNoDevice");
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
fn version_specific_api_reaches_the_same_runtime() {
    let hip = hip();
    let mut prop: hip_sys::v5_2_3::hipDeviceProp_t = unsafe { std::mem::zeroed() };
    let err = unsafe { hip.v5_2_3().hipGetDeviceProperties(&mut prop, 0) }.unwrap();
    assert_ne!(
        err,
        hipError_t::hipSuccess,
        "no device: properties cannot be read"
    );
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

/// Compiles `src` for gfx90a and returns the code object.
fn compile(hip: &Hip, src: &str) -> Vec<u8> {
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
        let mut opts = [c"--offload-arch=gfx90a".as_ptr()];
        let compiled = hip
            .hiprtcCompileProgram(prog, 1, opts.as_mut_ptr())
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
        assert_eq!(
            compiled,
            hiprtcResult::HIPRTC_SUCCESS,
            "log: {}",
            String::from_utf8_lossy(&log)
        );
        let mut size = 0;
        check_rtc(hip, hip.hiprtcGetCodeSize(prog, &mut size).unwrap());
        let mut code = vec![0u8; size];
        check_rtc(
            hip,
            hip.hiprtcGetCode(prog, code.as_mut_ptr() as *mut c_char)
                .unwrap(),
        );
        check_rtc(hip, hip.hiprtcDestroyProgram(&mut prog).unwrap());
        code
    }
}

#[test]
fn hiprtc_compiles_a_cuda_style_kernel_to_an_amdgpu_code_object() {
    let code = compile(hip(), KERNEL);
    assert_eq!(&code[..4], b"\x7fELF", "a code object is an ELF file");
    let e_machine = u16::from_le_bytes([code[18], code[19]]);
    assert_eq!(e_machine, 0xE0, "EM_AMDGPU");
    let symbol = b"vector_add";
    assert!(
        code.windows(symbol.len()).any(|w| w == symbol),
        "the kernel's symbol is in the code object"
    );
}

#[test]
fn empty_hip_path_without_system_library_lists_every_path_tried() {
    let empty = std::env::temp_dir().join(format!("hip-sys-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    // Only the given root, and no fallback to the dynamic loader's default path (where this
    // machine's HIP would be found).
    let search = Search {
        explicit: None,
        roots: vec![empty.clone()],
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
    .map(|n| empty.join("lib").join(n))
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
    // Declared by HIP 6.x/7.x headers, not exported by HIP 5.2.3.
    let err = unsafe {
        hip.hipMemGetHandleForAddressRange(
            ptr::null_mut(),
            ptr::null_mut(),
            0,
            hip_sys::hipMemRangeHandleType::hipMemRangeHandleTypeDmaBufFd,
            0,
        )
    };
    let err = err.expect_err("HIP 5.2.3 does not export hipMemGetHandleForAddressRange");
    assert_eq!(err.name(), "hipMemGetHandleForAddressRange");
    assert!(err.to_string().contains("does not export it"), "{err}");
    // Asking again gives the same answer (the slot remembers), and other symbols still work.
    assert!(unsafe {
        hip.hipMemGetHandleForAddressRange(
            ptr::null_mut(),
            ptr::null_mut(),
            0,
            hip_sys::hipMemRangeHandleType::hipMemRangeHandleTypeDmaBufFd,
            0,
        )
    }
    .is_err());
    assert!(unsafe { hip.hipDriverGetVersion(&mut 0) }.is_ok());
}

/// A scratch directory removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("hip-sys-{what}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
    let dir = Scratch::new("explicit");
    let bogus = dir.0.join("libamdhip64.so");
    std::fs::write(&bogus, b"not an ELF file").unwrap();
    // This machine has a HIP on every default path: none of them may stand in.
    for explicit in [bogus.clone(), dir.0.clone()] {
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
            tried.iter().all(|a| a.path.starts_with(&dir.0)),
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
    let newer = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../.cache/inputs/sysroot-6.4.3/usr/lib/x86_64-linux-gnu/libamdhip64.so.6");
    assert!(newer.exists(), "{}: run scripts/setup.sh", newer.display());
    match glibc_minor() {
        ..=37 => {
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
        // Under a sysroot's newer glibc that runtime's needs are met (on-hip.sh runs load it).
        _ => assert!(
            std::env::var_os("CUDA_AS_HIP_SYSROOT").is_some(),
            "glibc >= 2.38 only in a sysroot run"
        ),
    }
}
