//! NVRTC functions whose CUDA semantics hiprtc does not share (see aliasgen/data/overrides.txt).
#![allow(non_snake_case)]

use crate::cache::{self, Entry};
use crate::call::{NvrtcCall, Runtime};
use crate::generated::tables;
use crate::log::warn_once;
use crate::nvrtc::sys::*;
use crate::nvrtc::{lowered, options, program};
use std::ffi::{c_char, c_int, CStr, CString};

/// A C string argument as UTF-8 text; `Err` names the parameter.
unsafe fn text(p: *const c_char, what: &str) -> Result<String, String> {
    if p.is_null() {
        return Err(format!("{what} is NULL"));
    }
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .map(str::to_string)
        .map_err(|_| format!("{what} is not UTF-8"))
}

/// Keeps the program here (see [`program`]); hiprtc sees it when it is compiled.
pub unsafe fn nvrtcCreateProgram(
    prog: *mut nvrtcProgram,
    src: *const c_char,
    name: *const c_char,
    num_headers: c_int,
    headers: *const *const c_char,
    include_names: *const *const c_char,
) -> nvrtcResult {
    const F: NvrtcCall = NvrtcCall::new("nvrtcCreateProgram");
    use nvrtcResult::{NVRTC_ERROR_INVALID_INPUT, NVRTC_ERROR_INVALID_PROGRAM};
    if prog.is_null() {
        return F.rejected(NVRTC_ERROR_INVALID_PROGRAM, "prog is NULL");
    }
    let Ok(n) = usize::try_from(num_headers) else {
        return F.rejected(NVRTC_ERROR_INVALID_INPUT, "numHeaders is negative");
    };
    if n > 0 && (headers.is_null() || include_names.is_null()) {
        return F.rejected(NVRTC_ERROR_INVALID_INPUT, "headers or includeNames is NULL");
    }
    let read = || -> Result<program::Source, String> {
        let mut s = program::Source {
            text: unsafe { text(src, "src") }?,
            // NVRTC's name for a program created without one.
            name: if name.is_null() {
                "default_program".into()
            } else {
                unsafe { text(name, "name") }?
            },
            ..Default::default()
        };
        for i in 0..n {
            let include = unsafe { text(*include_names.add(i), "an include name") }?;
            let body = unsafe { text(*headers.add(i), "a header") }?;
            s.headers.push((include, body));
        }
        Ok(s)
    };
    match read() {
        Ok(source) => {
            unsafe { *prog = program::create(source) as nvrtcProgram };
            nvrtcResult::NVRTC_SUCCESS
        }
        Err(why) => F.rejected(NVRTC_ERROR_INVALID_INPUT, &why),
    }
}

pub unsafe fn nvrtcDestroyProgram(prog: *mut nvrtcProgram) -> nvrtcResult {
    const F: NvrtcCall = NvrtcCall::new("nvrtcDestroyProgram");
    if prog.is_null() || !program::destroy(unsafe { *prog } as usize) {
        return F.rejected(
            nvrtcResult::NVRTC_ERROR_INVALID_PROGRAM,
            "not a program of nvrtcCreateProgram",
        );
    }
    unsafe { *prog = std::ptr::null_mut() };
    nvrtcResult::NVRTC_SUCCESS
}

/// Runs `f` on the program behind `prog`, or answers NVRTC_ERROR_INVALID_PROGRAM.
fn with_program(
    call: NvrtcCall,
    prog: nvrtcProgram,
    f: impl FnOnce(&mut program::Program) -> nvrtcResult,
) -> nvrtcResult {
    program::with(prog as usize, f).unwrap_or_else(|| {
        call.rejected(
            nvrtcResult::NVRTC_ERROR_INVALID_PROGRAM,
            "not a program of nvrtcCreateProgram (NULL, destroyed or never created)",
        )
    })
}

pub unsafe fn nvrtcAddNameExpression(prog: nvrtcProgram, expr: *const c_char) -> nvrtcResult {
    const F: NvrtcCall = NvrtcCall::new("nvrtcAddNameExpression");
    let expr = match unsafe { text(expr, "name_expression") } {
        Ok(e) => e,
        Err(why) => return F.rejected(nvrtcResult::NVRTC_ERROR_INVALID_INPUT, &why),
    };
    with_program(F, prog, |p| {
        if p.compiled {
            return nvrtcResult::NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION;
        }
        p.source.name_expressions.push(expr);
        nvrtcResult::NVRTC_SUCCESS
    })
}

pub unsafe fn nvrtcGetLoweredName(
    prog: nvrtcProgram,
    expr: *const c_char,
    lowered: *mut *const c_char,
) -> nvrtcResult {
    const F: NvrtcCall = NvrtcCall::new("nvrtcGetLoweredName");
    let expr = match unsafe { text(expr, "name_expression") } {
        Ok(e) => e,
        Err(why) => return F.rejected(nvrtcResult::NVRTC_ERROR_INVALID_INPUT, &why),
    };
    if lowered.is_null() {
        return F.null_argument("lowered_name");
    }
    with_program(F, prog, |p| {
        if !p.compiled {
            return nvrtcResult::NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION;
        }
        match p.lowered.iter().find(|(e, _)| *e == expr) {
            Some((_, l)) => {
                unsafe { *lowered = l.as_ptr() };
                nvrtcResult::NVRTC_SUCCESS
            }
            None => nvrtcResult::NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID,
        }
    })
}

/// C strings for hiprtc, kept alive with the pointer array.
struct CStrings(Vec<CString>);

impl CStrings {
    fn of<'a>(texts: impl Iterator<Item = &'a str>) -> Option<Self> {
        texts
            .map(|t| CString::new(t).ok())
            .collect::<Option<_>>()
            .map(Self)
    }

    fn ptrs(&self) -> Vec<*const c_char> {
        self.0.iter().map(|c| c.as_ptr()).collect()
    }
}

/// One hiprtc compile, start to end: its result, and what it produced.
fn run_hiprtc(
    h: Runtime,
    input: &program::HiprtcInput,
    source: &program::Source,
) -> (nvrtcResult, Entry) {
    const F: NvrtcCall = NvrtcCall::to("nvrtcCompileProgram", "hiprtcCompileProgram");
    let nul = || (nvrtcResult::NVRTC_ERROR_INVALID_INPUT, Entry::default());
    let (Some(text), Some(name)) = (
        CStrings::of([input.text.as_str()].into_iter()),
        CStrings::of([source.name.as_str()].into_iter()),
    ) else {
        return nul();
    };
    let (Some(hnames), Some(htexts), Some(opts), Some(exprs)) = (
        CStrings::of(input.headers.iter().map(|(n, _)| n.as_str())),
        CStrings::of(input.headers.iter().map(|(_, t)| t.as_str())),
        CStrings::of(input.options.iter().map(String::as_str)),
        CStrings::of(source.name_expressions.iter().map(String::as_str)),
    ) else {
        return nul();
    };
    let _one_at_a_time = crate::platform::one_compile_at_a_time();
    let mut prog: hip_sys::hiprtcProgram = std::ptr::null_mut();
    let (hn, ht) = (hnames.ptrs(), htexts.ptrs());
    let created = F.result(h, unsafe {
        h.hiprtcCreateProgram(
            &mut prog,
            text.0[0].as_ptr(),
            name.0[0].as_ptr(),
            hn.len() as c_int,
            ht.as_ptr(),
            hn.as_ptr(),
        )
    });
    if created != nvrtcResult::NVRTC_SUCCESS {
        return (created, Entry::default());
    }
    for e in &exprs.0 {
        unsafe { h.hiprtcAddNameExpression(prog, e.as_ptr()) }.ok();
    }
    let ptrs = opts.ptrs();
    let result = F.result(h, unsafe {
        h.hiprtcCompileProgram(prog, ptrs.len() as c_int, ptrs.as_ptr())
    });
    let mut entry = Entry {
        log: hiprtc_log(h, prog),
        ..Entry::default()
    };
    if result == nvrtcResult::NVRTC_SUCCESS {
        entry.code = hiprtc_code(h, prog);
        let names = &source.name_expressions;
        let theirs = hiprtc_lowered(h, prog, &exprs, names);
        entry.lowered = match input.lowered_here {
            true => lowered_here(&entry.code, names, &theirs),
            false => theirs,
        };
    }
    unsafe { h.hiprtcDestroyProgram(&mut prog) }.ok();
    (result, entry)
}

/// hiprtc's log, without its NUL (HIP 5.2's has none and its size leaves it out).
fn hiprtc_log(h: Runtime, prog: hip_sys::hiprtcProgram) -> Vec<u8> {
    let mut n = 0;
    if !matches!(
        unsafe { h.hiprtcGetProgramLogSize(prog, &mut n) },
        Ok(hip_sys::hiprtcResult(0))
    ) {
        return Vec::new();
    }
    let mut log = vec![0u8; n + 1];
    unsafe { h.hiprtcGetProgramLog(prog, log.as_mut_ptr().cast()) }.ok();
    log.truncate(log.iter().position(|&b| b == 0).unwrap_or(n));
    log
}

/// The code object; with `-fgpu-rdc` (NVRTC's `-rdc=true`) hiprtc 5.7 and later keep LLVM
/// bitcode for its linker instead, which is what `cuLinkAddData` then takes.
fn hiprtc_code(h: Runtime, prog: hip_sys::hiprtcProgram) -> Vec<u8> {
    let code = read_sized(
        |n| unsafe { h.hiprtcGetCodeSize(prog, n) },
        |p| unsafe { h.hiprtcGetCode(prog, p) },
    );
    if !code.is_empty() {
        return code;
    }
    read_sized(
        |n| unsafe { h.hiprtcGetBitcodeSize(prog, n) },
        |p| unsafe { h.hiprtcGetBitcode(prog, p) },
    )
}

/// hiprtc's size-then-bytes pair; empty when either fails.
fn read_sized(
    size: impl FnOnce(&mut usize) -> Result<hip_sys::hiprtcResult, hip_sys::SymbolError>,
    get: impl FnOnce(*mut c_char) -> Result<hip_sys::hiprtcResult, hip_sys::SymbolError>,
) -> Vec<u8> {
    let mut n = 0;
    if !matches!(size(&mut n), Ok(hip_sys::hiprtcResult(0))) || n == 0 {
        return Vec::new();
    }
    let mut bytes = vec![0u8; n];
    match get(bytes.as_mut_ptr().cast()) {
        Ok(hip_sys::hiprtcResult(0)) => bytes,
        _ => Vec::new(),
    }
}

fn hiprtc_lowered(
    h: Runtime,
    prog: hip_sys::hiprtcProgram,
    exprs: &CStrings,
    names: &[String],
) -> Vec<(String, String)> {
    exprs
        .0
        .iter()
        .zip(names)
        .filter_map(|(c, name)| {
            let mut out: *const c_char = std::ptr::null();
            unsafe { h.hiprtcGetLoweredName(prog, c.as_ptr(), &mut out) }.ok()?;
            (!out.is_null()).then(|| {
                (
                    name.clone(),
                    unsafe { CStr::from_ptr(out) }
                        .to_string_lossy()
                        .into_owned(),
                )
            })
        })
        .collect()
}

/// Each expression's name as the code object's relocations give it (nvrtc/lowered.rs), else as
/// hiprtc gave it (`theirs`).
fn lowered_here(
    code: &[u8],
    names: &[String],
    theirs: &[(String, String)],
) -> Vec<(String, String)> {
    let ours = lowered::from_code(code, names);
    names
        .iter()
        .filter_map(|n| {
            let found = |list: &[(String, String)]| list.iter().find(|(e, _)| e == n).cloned();
            found(&ours).or_else(|| found(theirs))
        })
        .collect()
}

/// The options as text; `Err` is NVRTC's answer to a bad array.
unsafe fn option_texts(
    n: c_int,
    options: *const *const c_char,
) -> Result<Vec<String>, &'static str> {
    let n = usize::try_from(n).map_err(|_| "numOptions is negative")?;
    if n > 0 && options.is_null() {
        return Err("options is NULL but numOptions is not 0");
    }
    (0..n)
        .map(|i| {
            unsafe { text(*options.add(i), "an option") }
                .map_err(|_| "an option is NULL or not UTF-8")
        })
        .collect()
}

/// Compiles with NVRTC's options translated for hiprtc (see [`options::translate`]), NVRTC's
/// environment before the source and CUDA's headers beside it; from the compile cache when it
/// holds this exact compile.
pub unsafe fn nvrtcCompileProgram(
    prog: nvrtcProgram,
    num_options: c_int,
    options: *const *const c_char,
) -> nvrtcResult {
    const F: NvrtcCall = NvrtcCall::to("nvrtcCompileProgram", "hiprtcCompileProgram");
    let given = match unsafe { option_texts(num_options, options) } {
        Ok(g) => g,
        Err(why) => return F.rejected(nvrtcResult::NVRTC_ERROR_INVALID_OPTION, why),
    };
    let Some(source) = program::with(prog as usize, |p| p.source.clone()) else {
        return with_program(F, prog, |_| nvrtcResult::NVRTC_SUCCESS);
    };
    let h = match F.hip() {
        Ok(h) => h,
        Err(e) => return e,
    };
    let (result, entry) = compile(h, &source, &given);
    with_program(F, prog, |p| {
        p.store(entry);
        result
    })
}

/// Why `arch` cannot be compiled for: the comgr beside the loaded HIP (which hiprtc compiles
/// with) does not know it. HIP 5.2's hiprtc corrupts its heap and stops the process on such an
/// architecture (`CUDA_AS_HIP_OFFLOAD_ARCH=gfx942`) instead of refusing it. No comgr: hiprtc
/// answers for itself.
fn unknown_to_comgr(arch: &str) -> Option<String> {
    let comgr = hip_sys::comgr::comgr().ok()?;
    match comgr.full_isa_name(arch) {
        Err(e @ hip_sys::comgr::ComgrError::UnknownIsa { .. }) => Some(format!(
            "{e}: this HIP cannot compile for {arch} ({} names it)",
            crate::OFFLOAD_ARCH_ENV
        )),
        _ => None,
    }
}

/// The compile itself: what [`nvrtcCompileProgram`] stores in the program.
fn compile(h: Runtime, source: &program::Source, given: &[String]) -> (nvrtcResult, Entry) {
    if crate::platform::hip_on_nvidia(&h) {
        // HIP's NVIDIA platform hands everything to NVIDIA's NVRTC, which has CUDA's headers and
        // takes NVRTC's options: the program goes as it came.
        let input = program::HiprtcInput {
            text: source.text.clone(),
            headers: source.headers.clone(),
            options: given.to_vec(),
            lowered_here: false,
        };
        return run_hiprtc(h, &input, source);
    }
    let arch = crate::platform::offload_arch(&h);
    if let Some(why) = arch.as_deref().and_then(unknown_to_comgr) {
        let log = format!("nvrtc: error: {why}\n").into_bytes();
        let entry = Entry {
            log,
            ..Entry::default()
        };
        return (nvrtcResult::NVRTC_ERROR_INVALID_OPTION, entry);
    }
    let t = match options::translate(
        &given.iter().map(String::as_str).collect::<Vec<_>>(),
        arch.as_deref(),
    ) {
        Ok(t) => t,
        Err(why) => {
            let log = format!("nvrtc: error: {why}\n").into_bytes();
            return (
                nvrtcResult::NVRTC_ERROR_INVALID_OPTION,
                Entry {
                    log,
                    ..Entry::default()
                },
            );
        }
    };
    for note in &t.notes {
        warn_once(format!("nvrtcCompileProgram: {note}"));
    }
    if arch.is_none() {
        warn_once(format!(
            "nvrtcCompileProgram: no AMD GPU to compile for; set {} (e.g. gfx90a)",
            crate::OFFLOAD_ARCH_ENV
        ));
    }
    let version = h.version().encoded();
    let input = program::hiprtc_input(source, &t, version);
    let cache = program::cache();
    let environment = program::compile_environment();
    let key = program::key(&input, &source.name_expressions, version, &environment);
    if let Some(hit) = cache.as_ref().and_then(|c| c.get(key)) {
        crate::log::info(|| {
            format!(
                "nvrtcCompileProgram: {} from the compile cache",
                source.name
            )
        });
        return (nvrtcResult::NVRTC_SUCCESS, hit);
    }
    let (result, mut entry) = run_hiprtc(h, &input, source);
    entry.log = program::polish_log(&String::from_utf8_lossy(&entry.log), source).into_bytes();
    if let (nvrtcResult::NVRTC_SUCCESS, Some(c)) = (result, &cache) {
        if let Err(e) = c.put(key, &entry) {
            warn_once(format!(
                "nvrtcCompileProgram: compile cache {} not written: {e}; set {} or {}=0",
                c.dir().display(),
                cache::DIR_ENV,
                cache::ENABLE_ENV
            ));
        }
    }
    (result, entry)
}

/// The code object of a compiled program, by `copy` (size or bytes).
fn code(call: NvrtcCall, prog: nvrtcProgram, copy: impl FnOnce(&[u8])) -> nvrtcResult {
    with_program(call, prog, |p| {
        if p.code.is_empty() {
            return call.rejected(
                nvrtcResult::NVRTC_ERROR_INVALID_PROGRAM,
                "the program has not compiled",
            );
        }
        copy(&p.code);
        nvrtcResult::NVRTC_SUCCESS
    })
}

/// The size of the AMD code object that stands where NVRTC's PTX would.
pub unsafe fn nvrtcGetPTXSize(prog: nvrtcProgram, size: *mut usize) -> nvrtcResult {
    code(NvrtcCall::new("nvrtcGetPTXSize"), prog, |c| unsafe {
        *size = c.len()
    })
}

/// The AMD code object (binary: it holds NUL bytes) that `cuModuleLoadData` accepts.
pub unsafe fn nvrtcGetPTX(prog: nvrtcProgram, out: *mut c_char) -> nvrtcResult {
    code(NvrtcCall::new("nvrtcGetPTX"), prog, |c| unsafe {
        std::ptr::copy_nonoverlapping(c.as_ptr(), out.cast(), c.len())
    })
}

/// The loadable binary, as NVRTC's CUBIN is: the same AMD code object.
pub unsafe fn nvrtcGetCUBINSize(prog: nvrtcProgram, size: *mut usize) -> nvrtcResult {
    code(NvrtcCall::new("nvrtcGetCUBINSize"), prog, |c| unsafe {
        *size = c.len()
    })
}

pub unsafe fn nvrtcGetCUBIN(prog: nvrtcProgram, out: *mut c_char) -> nvrtcResult {
    code(NvrtcCall::new("nvrtcGetCUBIN"), prog, |c| unsafe {
        std::ptr::copy_nonoverlapping(c.as_ptr(), out.cast(), c.len())
    })
}

/// NVRTC's text for its codes is the code's name.
pub unsafe fn nvrtcGetErrorString(result: u32) -> *const c_char {
    tables::nvrtcResult_name(i64::from(result))
        .unwrap_or(c"NVRTC_ERROR unknown")
        .as_ptr()
}

/// The NVRTC version this layer implements: CUDA 12.9's.
pub unsafe fn nvrtcVersion(major: *mut c_int, minor: *mut c_int) -> nvrtcResult {
    if major.is_null() || minor.is_null() {
        return nvrtcResult::NVRTC_ERROR_INVALID_INPUT;
    }
    unsafe {
        *major = 12;
        *minor = 9;
    }
    nvrtcResult::NVRTC_SUCCESS
}

/// The `--gpu-architecture` values NVRTC 12.9 lists (`nvrtcGetSupportedArchs` of NVIDIA's
/// libnvrtc 12.9.86, checked by cabi/runner/tests/python_stacks.rs): ours takes each as
/// `__CUDA_ARCH__` and compiles for the AMD target ([`options::translate`]).
pub const SUPPORTED_ARCHS: [c_int; 19] = [
    50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90, 100, 101, 103, 120, 121,
];

/// How many architectures [`nvrtcGetSupportedArchs`] writes (`num_archs` is not NULL: the
/// generated layer checks).
pub unsafe fn nvrtcGetNumSupportedArchs(num_archs: *mut c_int) -> nvrtcResult {
    unsafe { *num_archs = SUPPORTED_ARCHS.len() as c_int };
    nvrtcResult::NVRTC_SUCCESS
}

/// [`SUPPORTED_ARCHS`], into an array of `nvrtcGetNumSupportedArchs` elements (not NULL: the
/// generated layer checks).
pub unsafe fn nvrtcGetSupportedArchs(supported_archs: *mut c_int) -> nvrtcResult {
    unsafe {
        std::ptr::copy_nonoverlapping(
            SUPPORTED_ARCHS.as_ptr(),
            supported_archs,
            SUPPORTED_ARCHS.len(),
        )
    };
    nvrtcResult::NVRTC_SUCCESS
}

/// The log's size in bytes, its terminating NUL included, as NVRTC counts it.
pub unsafe fn nvrtcGetProgramLogSize(prog: nvrtcProgram, size: *mut usize) -> nvrtcResult {
    with_program(NvrtcCall::new("nvrtcGetProgramLogSize"), prog, |p| {
        unsafe { *size = p.log.as_bytes_with_nul().len() };
        nvrtcResult::NVRTC_SUCCESS
    })
}

/// The log, NUL-terminated, into a buffer of `nvrtcGetProgramLogSize` bytes.
pub unsafe fn nvrtcGetProgramLog(prog: nvrtcProgram, out: *mut c_char) -> nvrtcResult {
    with_program(NvrtcCall::new("nvrtcGetProgramLog"), prog, |p| {
        let log = p.log.as_bytes_with_nul();
        unsafe { std::ptr::copy_nonoverlapping(log.as_ptr(), out.cast(), log.len()) };
        nvrtcResult::NVRTC_SUCCESS
    })
}
