//! Finding and opening the HIP runtime (and hiprtc) at run time, and resolving its symbols lazily.
//!
//! Search order: `CUDA_AS_HIP_HIP_LIBRARY` (a file, or a directory holding one: when set, the only
//! place tried), else `$HIP_PATH/lib`, `$ROCM_PATH/lib`, `/opt/rocm/lib`, then the dynamic
//! loader's default path; in each place `libamdhip64.so`, `.so.7`, `.so.6`, `.so.5`. The version
//! reported by `hipRuntimeGetVersion` selects the binding table. Symbols resolve on first use,
//! once, from any thread.

use crate::common::SYMBOLS;
use crate::version::{Bindings, HipVersion};
use libloading::Library;
use std::ffi::{c_char, c_int, c_long, c_void, CStr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Mutex, OnceLock};

/// Environment variable naming the HIP runtime library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_HIP_LIBRARY";
/// Environment variable (`1`) that opens HIP with `RTLD_DEEPBIND`: its own dependencies then come
/// before the process's global symbols. The GPU loopback needs it — a HIP built on CUDA must reach
/// NVIDIA's `cu*`/`nvrtc*`, not cuda-as-hip's exports of the same names.
pub const DEEPBIND_ENV: &str = "CUDA_AS_HIP_HIP_DEEPBIND";
/// Environment variable (`1`) that opens HIP, hiprtc, comgr and the ROCm libraries in one linker
/// namespace of their own (glibc's `dlmopen`), so that the libraries they need are their own copies
/// even where the process already loaded a library of that name. The GPU loopback needs it for
/// programs that load cuda-as-hip under CUDA's own names: CuPy's static cudart and NVIDIA's
/// libraries behind the loopback both `dlopen("libcuda.so.1")`, which must be ours for the first
/// and NVIDIA's for the second (ARCHITECTURE.md, "Testing without an AMD GPU").
pub const NAMESPACE_ENV: &str = "CUDA_AS_HIP_HIP_NAMESPACE";

/// glibc's `RTLD_DEEPBIND`, `LM_ID_NEWLM` and `RTLD_DI_LMID` (dlfcn.h); libloading names none.
const RTLD_DEEPBIND: c_int = 0x8;
const LM_ID_NEWLM: c_long = -1;
const RTLD_DI_LMID: c_int = 1;

extern "C" {
    fn dlmopen(lmid: c_long, file: *const c_char, mode: c_int) -> *mut c_void;
    fn dlinfo(handle: *mut c_void, request: c_int, info: *mut c_void) -> c_int;
    fn dlerror() -> *const c_char;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}

/// The namespace [`NAMESPACE_ENV`] opened the first library in (0: none yet).
static NAMESPACE: Mutex<c_long> = Mutex::new(0);

/// Where the namespace is named for the process (`PID:LMID`): each of cuda-as-hip's libraries
/// (libcuda, libnvrtc, libcublas …) has its own copy of hip-sys, and all must open HIP in the one
/// namespace the first of them made. A child process inherits the variable and ignores it (its
/// PID differs).
pub const NAMESPACE_ID_ENV: &str = "CUDA_AS_HIP_HIP_NAMESPACE_ID";

/// The namespace another copy of hip-sys made in this process, if any.
fn process_namespace() -> Option<c_long> {
    let value = std::env::var(NAMESPACE_ID_ENV).ok()?;
    let (pid, lmid) = value.split_once(':')?;
    let ours = pid.parse::<u32>().ok()? == std::process::id();
    ours.then(|| lmid.parse().ok()).flatten()
}

/// The linker namespace HIP and the ROCm libraries were opened in under [`NAMESPACE_ENV`]; `None`
/// when they share the process's own (the default) or none is open yet.
pub fn namespace() -> Option<c_long> {
    Some(*NAMESPACE.lock().unwrap_or_else(|e| e.into_inner())).filter(|&n| n != 0)
}

/// `dlopen` with `RTLD_NOW | RTLD_LOCAL`, plus `RTLD_DEEPBIND` when [`DEEPBIND_ENV`] is `1`; in
/// the shared namespace instead when [`NAMESPACE_ENV`] is `1`.
fn open(path: &Path) -> Result<Library, String> {
    use libloading::os::unix::{Library as Unix, RTLD_LOCAL, RTLD_NOW};
    let set = |name| std::env::var(name).is_ok_and(|v| v == "1");
    if set(NAMESPACE_ENV) {
        return open_in_namespace(path, RTLD_NOW | RTLD_LOCAL);
    }
    let flags = RTLD_NOW | RTLD_LOCAL | if set(DEEPBIND_ENV) { RTLD_DEEPBIND } else { 0 };
    // SAFETY: loading a library runs its initialisers; HIP's are designed for dlopen.
    unsafe { Unix::open(Some(path), flags) }
        .map(Library::from)
        .map_err(|e| e.to_string())
}

/// `dlmopen` into [`NAMESPACE`], making it with the first library opened.
fn open_in_namespace(path: &Path, flags: c_int) -> Result<Library, String> {
    use std::os::unix::ffi::OsStrExt;
    let file = std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|e| e.to_string())?;
    let mut namespace = NAMESPACE.lock().unwrap_or_else(|e| e.into_inner());
    if *namespace == 0 {
        *namespace = process_namespace().unwrap_or(0);
    }
    let lmid = if *namespace == 0 {
        LM_ID_NEWLM
    } else {
        *namespace
    };
    // SAFETY: as dlopen; `file` is NUL-terminated.
    let handle = unsafe { dlmopen(lmid, file.as_ptr(), flags) };
    if handle.is_null() {
        // SAFETY: dlerror's message is valid until the next dl* call on this thread.
        let error = unsafe { dlerror() };
        return Err(match error.is_null() {
            true => format!("{}: dlmopen failed", path.display()),
            false => unsafe { CStr::from_ptr(error) }
                .to_string_lossy()
                .into_owned(),
        });
    }
    if *namespace == 0 {
        give_namespace_its_environment(handle);
        // SAFETY: `handle` is a live handle; RTLD_DI_LMID writes one Lmid_t (a long).
        unsafe {
            dlinfo(
                handle,
                RTLD_DI_LMID,
                (&mut *namespace as *mut c_long).cast(),
            )
        };
        let id = format!("{}:{}", std::process::id(), *namespace);
        std::env::set_var(NAMESPACE_ID_ENV, id);
    }
    // SAFETY: `handle` came from dlmopen; the Library closes it once.
    Ok(Library::from(unsafe {
        libloading::os::unix::Library::from_raw(handle)
    }))
}

/// A new namespace's C library starts with the process's environment array as it is at
/// `dlmopen`, and the process's next `setenv` (ours of [`NAMESPACE_ID_ENV`] right after, Python's
/// `os.environ[…] = …`) reallocates that array and frees the old one: the namespace then reads
/// freed memory, and HIP reads its variables lazily (a crash in `hipRuntimeGetVersion`). The
/// namespace gets a copy of its own instead, never freed: later changes in the process are not
/// seen there.
fn give_namespace_its_environment(handle: *mut c_void) {
    use std::os::unix::ffi::OsStrExt;
    // SAFETY: `handle` is live; dlsym searches its namespace's scope, where its C library is.
    let slot = unsafe { dlsym(handle, c"__environ".as_ptr()) }.cast::<*const *const c_char>();
    if slot.is_null() {
        return;
    }
    let strings = std::env::vars_os().filter_map(|(name, value)| {
        let pair = [name.as_bytes(), b"=", value.as_bytes()].concat();
        std::ffi::CString::new(pair).ok()
    });
    let array: Vec<*const c_char> = strings
        .map(|s| s.into_raw().cast_const())
        .chain(std::iter::once(std::ptr::null()))
        .collect();
    // SAFETY: `slot` is the namespace's `char **__environ`; the array and strings are leaked.
    unsafe { *slot = Box::leak(array.into_boxed_slice()).as_ptr() };
}

const LIBRARY_NAMES: [&str; 4] = [
    "libamdhip64.so",
    "libamdhip64.so.7",
    "libamdhip64.so.6",
    "libamdhip64.so.5",
];

/// One place the loader looked, and what the dynamic loader said.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub path: PathBuf,
    pub error: String,
}

pub(crate) fn list(attempts: &[Attempt]) -> String {
    attempts
        .iter()
        .map(|a| format!("\n  {}: {}", a.path.display(), a.error))
        .collect()
}

/// Why no usable HIP runtime could be opened. (`Display`/`Error` are written out rather than
/// derived with `thiserror`: its proc-macro stack would triple hip-sys's clean build time.)
#[derive(Debug)]
pub enum LoadError {
    NotFound {
        tried: Vec<Attempt>,
    },
    /// [`LIBRARY_ENV`] named a runtime that did not load: no other HIP is tried in its place.
    ExplicitNotLoaded {
        tried: Vec<Attempt>,
    },
    NotHip {
        path: PathBuf,
        error: String,
    },
    VersionQuery {
        path: PathBuf,
        code: c_int,
    },
    TooOld {
        path: PathBuf,
        version: HipVersion,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound { tried } => write!(
                f,
                "no HIP runtime (libamdhip64) found; tried:{}\nInstall ROCm's HIP runtime \
                 (Debian/Ubuntu: libamdhip64-5 or newer), or set {LIBRARY_ENV} to the library \
                 file, or HIP_PATH / ROCM_PATH to the ROCm directory",
                list(tried)
            ),
            Self::ExplicitNotLoaded { tried } => write!(
                f,
                "{LIBRARY_ENV} names a HIP runtime that does not load:{}\nNo other HIP runtime \
                 is tried in its place. Fix what the dynamic loader reports (a missing \
                 dependency, or a library built for a newer glibc than this system's), point \
                 {LIBRARY_ENV} at a runtime that loads here, or unset it to search the default \
                 places",
                list(tried)
            ),
            Self::NotHip { path, error } => write!(
                f,
                "{}: not a HIP runtime: it does not export hipRuntimeGetVersion ({error})",
                path.display()
            ),
            Self::VersionQuery { path, code } => write!(
                f,
                "{}: hipRuntimeGetVersion failed with hipError_t {code}",
                path.display()
            ),
            Self::TooOld { path, version } => write!(
                f,
                "{} is HIP {version}; the oldest HIP supported is 5.2: upgrade ROCm",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// A HIP function the loaded runtime (or ROCm library) cannot provide. Small on purpose: it rides
/// in every call's `Result`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SymbolError {
    slot: u16,
    source: Source,
}

/// Which library lacks the function, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Hip,
    /// A hiprtc function, and no hiprtc library was found.
    NoHiprtc,
    /// The ROCm library at this index of [`crate::ROCM_LIBRARIES`].
    Rocm(u8),
}

impl std::fmt::Display for SymbolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let library = match self.source {
            Source::Rocm(id) => crate::ROCM_LIBRARIES[usize::from(id)].label,
            _ => "HIP runtime",
        };
        write!(
            f,
            "`{}` is not available from the loaded {library}: {}",
            self.name(),
            self.reason()
        )
    }
}

impl std::error::Error for SymbolError {}

impl SymbolError {
    pub(crate) fn rocm(slot: usize, id: u8) -> Self {
        Self {
            slot: slot as u16,
            source: Source::Rocm(id),
        }
    }

    pub fn name(&self) -> &'static str {
        let symbols = match self.source {
            Source::Rocm(id) => crate::ROCM_LIBRARIES[usize::from(id)].symbols,
            _ => &SYMBOLS,
        };
        symbols[usize::from(self.slot)].to_str().unwrap_or("?")
    }

    fn reason(&self) -> &'static str {
        match self.source {
            Source::NoHiprtc => "no hiprtc library was found (HIP 6 and later ship it as libhiprtc.so.N beside libamdhip64); install it",
            Source::Hip => "this HIP version does not export it (added later or removed); use a HIP version that has it",
            Source::Rocm(_) => "this release does not export it (added later or removed); use a release that has it",
        }
    }
}

/// Where to look for the HIP runtime (and, with its own variable and names, comgr: `crate::comgr`).
#[derive(Debug, Clone)]
pub struct Search {
    /// A library file, or a directory holding one (`CUDA_AS_HIP_HIP_LIBRARY`).
    pub explicit: Option<PathBuf>,
    /// ROCm-style roots whose `lib/` is searched (`HIP_PATH`, `ROCM_PATH`, `/opt/rocm`).
    pub roots: Vec<PathBuf>,
    /// Finally ask the dynamic loader for the bare names (its default path, `LD_LIBRARY_PATH`).
    pub system: bool,
}

impl Search {
    pub fn from_env() -> Self {
        Self::from_env_naming(LIBRARY_ENV)
    }

    /// As [`Search::from_env`], the explicit library named by the variable `explicit_env`.
    pub(crate) fn from_env_naming(explicit_env: &str) -> Self {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let mut roots: Vec<PathBuf> = [var("HIP_PATH"), var("ROCM_PATH")]
            .into_iter()
            .flatten()
            .collect();
        roots.push(PathBuf::from("/opt/rocm"));
        Self {
            explicit: var(explicit_env),
            roots,
            system: true,
        }
    }

    /// Every path to try for the HIP runtime, in order: only the explicit one(s) when
    /// [`Search::explicit`] is set.
    pub fn candidates(&self) -> Vec<PathBuf> {
        self.candidates_named(&LIBRARY_NAMES)
    }

    /// Every path to try for a library of one of these file names, in order.
    pub(crate) fn candidates_named(&self, names: &[&str]) -> Vec<PathBuf> {
        let in_dir = |dir: &Path| in_dir(dir, names);
        match &self.explicit {
            Some(p) if p.is_dir() => return in_dir(p),
            Some(p) => return vec![p.clone()],
            None => {}
        }
        let mut out = Vec::new();
        self.roots
            .iter()
            .for_each(|r| out.extend(in_dir(&r.join("lib"))));
        if self.system {
            out.extend(names.iter().map(PathBuf::from));
        }
        out
    }
}

/// `dir/name` for each name.
pub(crate) fn in_dir(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|n| dir.join(n)).collect()
}

/// The directory of the HIP runtime [`crate::hip()`] loads, where the libraries that come with
/// it (comgr, ROCm's libraries) are.
pub(crate) fn hip_dir() -> Option<PathBuf> {
    let file = crate::hip().ok()?.runtime_file()?;
    file.parent().map(Path::to_path_buf)
}

/// Why a search opened no library: the one named explicitly did not load (no other was tried),
/// or no place had one. Each carries every attempt.
pub(crate) enum NotOpened {
    Explicit(Vec<Attempt>),
    Missing(Vec<Attempt>),
}

/// The first library of one of `names` that `search` finds, looking first in `beside_hip` (the
/// loaded HIP runtime's directory, for the libraries that come with it) unless the search names
/// one explicitly.
pub(crate) fn find(
    search: &Search,
    beside_hip: Option<&Path>,
    names: &[&str],
) -> Result<(Library, PathBuf), NotOpened> {
    let mut candidates = Vec::new();
    if let (None, Some(dir)) = (&search.explicit, beside_hip) {
        candidates.extend(in_dir(dir, names));
    }
    candidates.extend(search.candidates_named(names));
    open_first(candidates).map_err(|tried| match search.explicit {
        Some(_) => NotOpened::Explicit(tried),
        None => NotOpened::Missing(tried),
    })
}

/// The first of `candidates` that the dynamic loader opens, or every attempt's error.
pub(crate) fn open_first(
    candidates: impl IntoIterator<Item = PathBuf>,
) -> Result<(Library, PathBuf), Vec<Attempt>> {
    let mut tried = Vec::new();
    for path in candidates {
        match open(&path) {
            Ok(library) => return Ok((library, path)),
            Err(e) => tried.push(Attempt { path, error: e }),
        }
    }
    Err(tried)
}

const UNRESOLVED: *mut c_void = std::ptr::null_mut();
/// Marks a slot whose symbol the runtime does not export (never a valid function address).
const MISSING: *mut c_void = std::ptr::dangling_mut::<u8>() as *mut c_void;

/// The loaded HIP runtime: its libraries, version, and one lazily filled slot per function.
pub struct Hip {
    library: Library,
    /// hiprtc's own library (HIP ≥ 6, or a HIP 5 whose runtime lacks hiprtc); `None` when
    /// `library` itself exports hiprtc.
    hiprtc: Option<Library>,
    hiprtc_attempts: Vec<Attempt>,
    path: PathBuf,
    version: HipVersion,
    bindings: Bindings,
    slots: [AtomicPtr<c_void>; SYMBOLS.len()],
}

impl std::fmt::Debug for Hip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hip")
            .field("path", &self.path)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

static GLOBAL: OnceLock<Result<Hip, LoadError>> = OnceLock::new();

/// The process-wide HIP runtime, found with [`Search::from_env`] on first use.
pub fn hip() -> Result<&'static Hip, &'static LoadError> {
    GLOBAL
        .get_or_init(|| Hip::load(&Search::from_env()))
        .as_ref()
}

impl Hip {
    /// Opens the first HIP runtime `search` finds and reads its version. An explicitly named
    /// runtime ([`Search::explicit`]) is the only one tried: when it does not load, the error says
    /// why, rather than a different HIP being loaded in its place.
    pub fn load(search: &Search) -> Result<Hip, LoadError> {
        match find(search, None, &LIBRARY_NAMES) {
            Ok((library, path)) => Self::from_library(library, path, search),
            Err(NotOpened::Explicit(tried)) => Err(LoadError::ExplicitNotLoaded { tried }),
            Err(NotOpened::Missing(tried)) => Err(LoadError::NotFound { tried }),
        }
    }

    fn from_library(library: Library, path: PathBuf, search: &Search) -> Result<Hip, LoadError> {
        let version = runtime_version(&library, &path)?;
        let bindings = version.bindings().ok_or_else(|| LoadError::TooOld {
            path: path.clone(),
            version,
        })?;
        // An explicitly named runtime gets its own hiprtc, from beside it, or none.
        let anywhere = search.system && search.explicit.is_none();
        let (hiprtc, hiprtc_attempts) = open_hiprtc(&library, &path, version, anywhere);
        let slots = [const { AtomicPtr::new(UNRESOLVED) }; SYMBOLS.len()];
        Ok(Hip {
            library,
            hiprtc,
            hiprtc_attempts,
            path,
            version,
            bindings,
            slots,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn version(&self) -> HipVersion {
        self.version
    }

    /// Which generated binding table matches the loaded runtime.
    pub fn bindings(&self) -> Bindings {
        self.bindings
    }

    /// The file the dynamic loader mapped for the runtime (resolved: `libamdhip64.so` found on
    /// the default path is `/usr/lib/x86_64-linux-gnu/libamdhip64.so.5.2.50200`).
    pub fn runtime_file(&self) -> Option<PathBuf> {
        mapped_file(&self.library, b"hipRuntimeGetVersion\0")
    }

    /// The file mapped for hiprtc's own library; `None` when the runtime exports hiprtc itself
    /// (HIP 5) or none was found.
    pub fn hiprtc_file(&self) -> Option<PathBuf> {
        mapped_file(self.hiprtc.as_ref()?, b"hiprtcCreateProgram\0")
    }

    /// Where hiprtc comes from: `Ok(None)` from the runtime library itself, `Ok(Some(_))` from a
    /// separate library, `Err` with every path tried when none was found.
    pub fn hiprtc_source(&self) -> Result<Option<&Library>, &[Attempt]> {
        match (&self.hiprtc, self.hiprtc_attempts.is_empty()) {
            (Some(l), _) => Ok(Some(l)),
            (None, true) => Ok(None),
            (None, false) => Err(&self.hiprtc_attempts),
        }
    }

    /// How many GPUs HIP sees; `None` when it cannot say (`hipGetDeviceCount` failed or is
    /// missing), which to CUDA is none.
    pub fn device_count(&self) -> Option<c_int> {
        let mut count = 0;
        // SAFETY: a valid out-pointer.
        match unsafe { self.hipGetDeviceCount(&mut count) } {
            Ok(e) if e.0 == 0 => Some(count),
            _ => None,
        }
    }

    #[inline]
    pub(crate) fn hip(&self) -> &Hip {
        self
    }

    /// The address of function `slot`, resolving it on first use.
    #[inline]
    pub(crate) fn symbol(&self, slot: usize) -> Result<*mut c_void, SymbolError> {
        let p = self.slots[slot].load(Ordering::Acquire);
        if p != UNRESOLVED && p != MISSING {
            return Ok(p);
        }
        self.resolve(slot, p)
    }

    #[cold]
    fn resolve(&self, slot: usize, current: *mut c_void) -> Result<*mut c_void, SymbolError> {
        let name = SYMBOLS[slot];
        let is_rtc = name.to_bytes().starts_with(b"hiprtc");
        let source = match is_rtc && self.hiprtc_source().is_err() {
            true => Source::NoHiprtc,
            false => Source::Hip,
        };
        let error = SymbolError {
            slot: slot as u16,
            source,
        };
        if current == MISSING || source == Source::NoHiprtc {
            return Err(error);
        }
        let library = match (is_rtc, &self.hiprtc) {
            (true, Some(rtc)) => rtc,
            _ => &self.library,
        };
        resolve_into(&self.slots[slot], library, name).ok_or(error)
    }
}

/// The address `cell` holds for `symbols[slot]` of `library`, resolved on first use; `None` when
/// the library does not export it.
#[inline]
pub(crate) fn slot_symbol(
    cell: &AtomicPtr<c_void>,
    slot: usize,
    library: &Library,
    symbols: &[&CStr],
) -> Option<*mut c_void> {
    let p = cell.load(Ordering::Acquire);
    if p == MISSING {
        None
    } else if p == UNRESOLVED {
        resolve_into(cell, library, symbols[slot])
    } else {
        Some(p)
    }
}

/// Looks `name` up in `library` and stores the answer in `cell` (racing resolvers store the same).
#[cold]
fn resolve_into(cell: &AtomicPtr<c_void>, library: &Library, name: &CStr) -> Option<*mut c_void> {
    // SAFETY: only the address is read; the generated method gives it its declared signature.
    let found = unsafe { library.get::<*mut c_void>(name.to_bytes_with_nul()) }.map(|s| *s);
    let p = found.ok().filter(|p| !p.is_null()).unwrap_or(MISSING);
    cell.store(p, Ordering::Release);
    (p != MISSING).then_some(p)
}

/// The file (symbolic links resolved) of the object that defines `symbol` in `library`, as the
/// dynamic loader reports it (`dladdr`, in glibc).
pub(crate) fn mapped_file(library: &Library, symbol: &[u8]) -> Option<PathBuf> {
    /// glibc's `Dl_info` (dlfcn.h).
    #[repr(C)]
    struct DlInfo {
        fname: *const std::ffi::c_char,
        fbase: *mut c_void,
        sname: *const std::ffi::c_char,
        saddr: *mut c_void,
    }
    extern "C" {
        fn dladdr(addr: *const c_void, info: *mut DlInfo) -> c_int;
    }
    // SAFETY: only the symbol's address is read.
    let addr = unsafe { library.get::<*mut c_void>(symbol) }
        .ok()
        .map(|s| *s)?;
    let mut info = DlInfo {
        fname: std::ptr::null(),
        fbase: std::ptr::null_mut(),
        sname: std::ptr::null(),
        saddr: std::ptr::null_mut(),
    };
    // SAFETY: `info` is a valid out-pointer; `dli_fname` is a NUL-terminated string the loader
    // keeps while the object is loaded (it is copied at once).
    if unsafe { dladdr(addr, &mut info) } == 0 || info.fname.is_null() {
        return None;
    }
    use std::os::unix::ffi::OsStrExt;
    let name = unsafe { std::ffi::CStr::from_ptr(info.fname) };
    let path = Path::new(std::ffi::OsStr::from_bytes(name.to_bytes()));
    std::fs::canonicalize(path).ok()
}

fn runtime_version(library: &Library, path: &Path) -> Result<HipVersion, LoadError> {
    type GetVersion = unsafe extern "C" fn(*mut c_int) -> c_int;
    // SAFETY: `hipError_t hipRuntimeGetVersion(int*)` in every HIP version.
    let get = unsafe { library.get::<GetVersion>(b"hipRuntimeGetVersion\0") }.map_err(|e| {
        LoadError::NotHip {
            path: path.to_owned(),
            error: e.to_string(),
        }
    })?;
    let mut encoded: c_int = 0;
    // SAFETY: `encoded` is a valid out-pointer.
    let code = unsafe { get(&mut encoded) };
    match (code, HipVersion::from_encoded(encoded)) {
        (0, Some(v)) => Ok(v),
        (code, _) => Err(LoadError::VersionQuery {
            path: path.to_owned(),
            code,
        }),
    }
}

/// HIP 5 runtimes export hiprtc themselves; from HIP 6 it lives in `libhiprtc.so.<major>`,
/// looked for beside the runtime, then (`anywhere`) on the dynamic loader's default path. A
/// runtime opened by bare name came from that default path: its hiprtc is looked for there.
fn open_hiprtc(
    library: &Library,
    path: &Path,
    version: HipVersion,
    anywhere: bool,
) -> (Option<Library>, Vec<Attempt>) {
    // SAFETY: only checks that the symbol exists.
    if version.major < 6 && unsafe { library.get::<*mut c_void>(b"hiprtcCreateProgram\0") }.is_ok()
    {
        return (None, Vec::new());
    }
    let name = format!("libhiprtc.so.{}", version.major);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let mut candidates: Vec<PathBuf> = dir.map(|d| d.join(&name)).into_iter().collect();
    if anywhere || dir.is_none() {
        candidates.push(PathBuf::from(&name));
    }
    match open_first(candidates) {
        Ok((library, _)) => (Some(library), Vec::new()),
        Err(attempts) => (None, attempts),
    }
}
