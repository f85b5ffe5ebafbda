//! One NVRTC compile, start to end, for the NVRTC test files.

use cuda_as_hip::nvrtc::sys::*;
use std::ffi::{c_char, CStr, CString};
use std::ptr::null_mut;

/// What a compile gave: its result, the code object (when it compiled), the log, the lowered
/// name of each name expression NVRTC could lower, and the result for each it could not.
pub struct Compiled {
    pub result: nvrtcResult,
    pub code: Vec<u8>,
    pub log: String,
    pub lowered: Vec<String>,
    #[allow(dead_code)] // read by the tests that compile others' name expressions
    pub not_lowered: Vec<(String, nvrtcResult)>,
}

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn ptrs(v: &[CString]) -> Vec<*const c_char> {
    v.iter().map(|s| s.as_ptr()).collect()
}

/// Creates program `name` from `source` and `headers` (include name, text), adds the name
/// expressions `names`, compiles with `options`, reads everything back and destroys the program.
pub fn compile(
    source: &str,
    name: &str,
    options: &[&str],
    headers: &[(&str, &str)],
    names: &[&str],
) -> Compiled {
    let (src, name) = (c(source), c(name));
    let hn: Vec<CString> = headers.iter().map(|h| c(h.0)).collect();
    let ht: Vec<CString> = headers.iter().map(|h| c(h.1)).collect();
    let mut prog = null_mut();
    let r = unsafe {
        nvrtcCreateProgram(
            &mut prog,
            src.as_ptr(),
            name.as_ptr(),
            headers.len() as i32,
            ptrs(&ht).as_ptr(),
            ptrs(&hn).as_ptr(),
        )
    };
    assert_eq!(r, nvrtcResult::NVRTC_SUCCESS);
    let names: Vec<CString> = names.iter().map(|n| c(n)).collect();
    for n in &names {
        let r = unsafe { nvrtcAddNameExpression(prog, n.as_ptr()) };
        assert_eq!(r, nvrtcResult::NVRTC_SUCCESS);
    }
    let opts: Vec<CString> = options.iter().map(|o| c(o)).collect();
    let result = unsafe { nvrtcCompileProgram(prog, opts.len() as i32, ptrs(&opts).as_ptr()) };
    let mut out = Compiled {
        result,
        code: Vec::new(),
        log: log(prog),
        lowered: Vec::new(),
        not_lowered: Vec::new(),
    };
    if result == nvrtcResult::NVRTC_SUCCESS {
        out.code = code(prog);
        for n in &names {
            match lowered(prog, n) {
                Ok(l) => out.lowered.push(l),
                Err(r) => out.not_lowered.push((n.to_string_lossy().into_owned(), r)),
            }
        }
    }
    assert_eq!(
        unsafe { nvrtcDestroyProgram(&mut prog) },
        nvrtcResult::NVRTC_SUCCESS
    );
    out
}

fn code(prog: nvrtcProgram) -> Vec<u8> {
    let mut n = 0;
    assert_eq!(
        unsafe { nvrtcGetPTXSize(prog, &mut n) },
        nvrtcResult::NVRTC_SUCCESS
    );
    let mut code = vec![0u8; n];
    assert_eq!(
        unsafe { nvrtcGetPTX(prog, code.as_mut_ptr().cast()) },
        nvrtcResult::NVRTC_SUCCESS
    );
    code
}

fn lowered(prog: nvrtcProgram, name: &CStr) -> Result<String, nvrtcResult> {
    let mut out: *const c_char = std::ptr::null();
    let r = unsafe { nvrtcGetLoweredName(prog, name.as_ptr(), &mut out) };
    if r != nvrtcResult::NVRTC_SUCCESS {
        return Err(r);
    }
    Ok(unsafe { CStr::from_ptr(out) }
        .to_string_lossy()
        .into_owned())
}

fn log(prog: nvrtcProgram) -> String {
    let mut n = 0;
    assert_eq!(
        unsafe { nvrtcGetProgramLogSize(prog, &mut n) },
        nvrtcResult::NVRTC_SUCCESS
    );
    let mut log = vec![0u8; n];
    assert_eq!(
        unsafe { nvrtcGetProgramLog(prog, log.as_mut_ptr().cast()) },
        nvrtcResult::NVRTC_SUCCESS
    );
    assert_eq!(log.last(), Some(&0), "NUL-terminated");
    CStr::from_bytes_until_nul(&log)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// `source` compiled by our NVRTC (no cache) for each GPU of `arches`, each code object holding
/// the kernels `kernels`; the code objects, in the order of `arches`.
#[allow(dead_code)] // used by the test files of our headers
pub fn compile_for(source: &str, arches: &[&str], kernels: &[&str]) -> Vec<Vec<u8>> {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let one = |arch: &&str| {
        std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, arch);
        let c = compile(source, "kernels.cu", &[], &[], &[]);
        assert_eq!(c.result, nvrtcResult::NVRTC_SUCCESS, "{arch}:\n{}", c.log);
        let elf = cuda_as_hip::elf::Elf::parse(&c.code).expect("an ELF code object");
        let symbols = elf.symbols();
        for k in kernels {
            let kd = format!("{k}.kd");
            assert!(
                symbols.iter().any(|s| s.name == kd),
                "{arch}: no kernel {k}"
            );
        }
        c.code
    };
    arches.iter().map(one).collect()
}

/// Our NVRTC headers built for the host: `headers` (include name, text) written to a directory,
/// `source` compiled with clang++-15 against it (C++17, threads) and run. Panics unless it builds,
/// succeeds and its output ends with `ok` and holds no `FAIL`.
#[allow(dead_code)] // used by the test files that check a header's arithmetic on the host
pub fn run_headers_on_host(name: &str, headers: &[(&str, &str)], source: &str) {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("nvrtc-{name}-{}", std::process::id()));
    for (include, text) in headers {
        let path = dir.join(include);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let (cpp, exe) = (dir.join("host.cpp"), dir.join("host"));
    std::fs::write(&cpp, source).unwrap();
    let built = Command::new("clang++-15")
        .args(["-std=c++17", "-O1", "-pthread", "-I"])
        .arg(&dir)
        .arg(&cpp)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("clang++-15 (Debian's clang-15, installed by scripts/setup.sh)");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let ran = Command::new(&exe).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let report = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success() && report.trim_end().ends_with("ok") && !report.contains("FAIL"),
        "{report}"
    );
}
