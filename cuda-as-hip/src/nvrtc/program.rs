//! NVRTC programs, kept on this side until they are compiled. An `nvrtcProgram` is a handle into
//! [`PROGRAMS`]; a compile builds the hiprtc program from the source (with NVRTC's environment
//! before it and CUDA's headers beside it), or takes the result from the compile cache, and keeps
//! the code object, log and lowered names here.

use crate::cache::{Cache, Entry, Key, Namespace};
use crate::nvrtc::options::Translated;
use crate::nvrtc::{headers, lowered};
use std::collections::HashMap;
use std::ffi::CString;
use std::sync::Mutex;

/// What `nvrtcCreateProgram` was given, and what `nvrtcAddNameExpression` added.
#[derive(Clone, Default)]
pub struct Source {
    pub text: String,
    pub name: String,
    /// (include name, text) of each header the caller gave.
    pub headers: Vec<(String, String)>,
    pub name_expressions: Vec<String>,
}

/// A program: its source and, once compiled, the result.
#[derive(Default)]
pub struct Program {
    pub source: Source,
    pub code: Vec<u8>,
    /// The log, NUL-terminated, as NVRTC hands it out.
    pub log: CString,
    /// (name expression, lowered name): the pointers handed out stay valid until the program is
    /// compiled again or destroyed.
    pub lowered: Vec<(String, CString)>,
    pub compiled: bool,
}

/// Every live program, by handle (the address of its box).
pub static PROGRAMS: Mutex<Option<HashMap<usize, Box<Program>>>> = Mutex::new(None);

/// Runs `f` on the program behind `handle`; `None` when it is no live program.
pub fn with<R>(handle: usize, f: impl FnOnce(&mut Program) -> R) -> Option<R> {
    let mut all = PROGRAMS.lock().unwrap_or_else(|p| p.into_inner());
    all.as_mut()?.get_mut(&handle).map(|p| f(p))
}

pub fn create(source: Source) -> usize {
    let program = Box::new(Program {
        source,
        ..Program::default()
    });
    let handle = &*program as *const Program as usize;
    let mut all = PROGRAMS.lock().unwrap_or_else(|p| p.into_inner());
    all.get_or_insert_with(HashMap::new).insert(handle, program);
    handle
}

/// `false` when `handle` is no live program.
pub fn destroy(handle: usize) -> bool {
    let mut all = PROGRAMS.lock().unwrap_or_else(|p| p.into_inner());
    all.as_mut().and_then(|a| a.remove(&handle)).is_some()
}

/// Everything hiprtc is given for one compile.
pub struct HiprtcInput {
    pub text: String,
    pub headers: Vec<(String, String)>,
    pub options: Vec<String>,
    /// The name expressions are lowered here, from the code object (nvrtc/lowered.rs).
    pub lowered_here: bool,
}

/// The source as hiprtc of `hip_version` sees it: prologue, the caller's text, epilogue (and where
/// that hiprtc lowers name expressions by their text, a variable for each); CUDA's headers first,
/// then the caller's (a caller's header named like one of CUDA's is left out: ours are what hiprtc
/// can compile).
pub fn hiprtc_input(source: &Source, t: &Translated, hip_version: u32) -> HiprtcInput {
    let mut text = headers::prologue(t.cuda_arch, t.default_device, &source.name);
    text.push_str(&source.text);
    text.push_str(headers::epilogue(t.default_device));
    let lowered_here = lowered::by_text(hip_version) && !source.name_expressions.is_empty();
    if lowered_here {
        text.push_str(&lowered::variables(&source.name_expressions));
    }
    let ours = headers::served();
    let theirs = source
        .headers
        .iter()
        .filter(|(n, _)| !ours.iter().any(|(o, _)| o == n))
        .cloned();
    let headers = ours
        .iter()
        .map(|(n, t)| (n.to_string(), t.clone()))
        .chain(theirs)
        .collect();
    HiprtcInput {
        text,
        headers,
        options: t.options.clone(),
        lowered_here,
    }
}

/// Environment variables that change what hiprtc (comgr) produces without being options: options
/// it appends, and where it finds clang's resource headers and the C/C++ headers (HIP sysroots set
/// them; a host install may too).
const COMPILE_ENVIRONMENT: [&str; 4] = [
    "HIPRTC_COMPILE_OPTIONS_APPEND",
    "LLVM_PATH",
    "CPLUS_INCLUDE_PATH",
    "C_INCLUDE_PATH",
];

/// [`COMPILE_ENVIRONMENT`] as this process has it, for the cache key.
pub fn compile_environment() -> String {
    COMPILE_ENVIRONMENT
        .iter()
        .map(|v| format!("{v}={:?}\n", std::env::var_os(v)))
        .collect()
}

/// The cache key: everything that changes what hiprtc produces (`environment`: what
/// [`compile_environment`] gives).
pub fn key(input: &HiprtcInput, names: &[String], hip_version: u32, environment: &str) -> Key {
    let mut parts: Vec<&[u8]> = vec![env!("CARGO_PKG_VERSION").as_bytes(), input.text.as_bytes()];
    let version = hip_version.to_le_bytes();
    parts.push(&version);
    parts.push(environment.as_bytes());
    for (n, t) in &input.headers {
        parts.extend([n.as_bytes(), t.as_bytes()]);
    }
    parts.push(b"options");
    parts.extend(input.options.iter().map(|o| o.as_bytes()));
    parts.push(b"names");
    parts.extend(names.iter().map(|n| n.as_bytes()));
    Key::of(&parts)
}

/// hiprtc's log made to read as NVRTC's: comgr's temporary names replaced (the source by the
/// program's name, served headers by their include names), a note for each CUDA device function
/// hiprtc does not declare, a line naming each inline PTX `asm` statement when the log says
/// inline asm failed, and a note for each header whose inline PTX hiprtc refused.
pub fn polish_log(log: &str, source: &Source) -> String {
    const TMP: &str = "/tmp/comgr-";
    let mut out = String::with_capacity(log.len());
    let mut rest = log;
    while let Some(at) = rest.find(TMP) {
        out.push_str(&rest[..at]);
        let tail = &rest[at + TMP.len()..];
        let id_end = tail.find('/').unwrap_or(tail.len());
        let after_id = &tail[id_end..];
        if let Some(r) = after_id.strip_prefix("/input/CompileSource") {
            out.push_str(&source.name);
            rest = r;
        } else if let Some(r) = after_id.strip_prefix("/include/") {
            rest = r;
        } else {
            out.push_str(TMP);
            rest = tail;
        }
    }
    out.push_str(rest);
    out.push_str(&super::device_functions::notes(&out, &source.name));
    out.push_str(&headers_with_ptx(&out, &source.name));
    if out.contains("inline asm") {
        for (n, line) in source.text.lines().enumerate() {
            if line.contains("asm(") || line.contains("asm volatile") || line.contains("__asm__") {
                out.push_str(&format!(
                    "{}({}): error: inline PTX assembly has no meaning on AMD GPUs: `{}`; write it in CUDA C++\n",
                    source.name,
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    out
}

/// A note for each header (not the source itself) that an "… in asm" error points into: its
/// inline PTX (libcu++'s atomics, byte swaps …) cannot be compiled for an AMD GPU.
fn headers_with_ptx(log: &str, source_name: &str) -> String {
    let mut files: Vec<&str> = Vec::new();
    for line in log.lines().filter(|l| l.contains(" in asm")) {
        let Some((file, _)) = line.split_once(':') else {
            continue;
        };
        if file != source_name && !files.contains(&file) {
            files.push(file);
        }
    }
    files
        .iter()
        .map(|f| format!("{f}: note: this header uses NVIDIA PTX assembly (inline `asm`), which has no meaning on AMD GPUs; the CUDA feature it implements is not available through hiprtc\n"))
        .collect()
}

/// The cache to use for this compile, `None` when turned off.
pub fn cache() -> Option<Cache> {
    Cache::from_env(Namespace::Nvrtc)
}

impl Program {
    pub fn store(&mut self, entry: Entry) {
        self.code = entry.code;
        let mut log = entry.log;
        log.retain(|&b| b != 0);
        self.log = CString::new(log).unwrap_or_default();
        self.lowered = entry
            .lowered
            .into_iter()
            .filter_map(|(e, l)| Some((e, CString::new(l).ok()?)))
            .collect();
        self.compiled = true;
    }
}
