//! ROCm's libraries beside the HIP runtime (hipRAND, …), each bound per release of its own: one
//! [`Spec`] says how to find a library and read its release; [`RocmLibrary`] is the loaded library,
//! whose release picks the generated binding table and whose symbols resolve lazily, once.
//!
//! Search order, per library: its own variable (`CUDA_AS_HIP_HIPRAND_LIBRARY`: a file, or a
//! directory holding one; when set, the only place tried), else the directory of the loaded HIP
//! runtime, then `$HIP_PATH/lib`, `$ROCM_PATH/lib`, `/opt/rocm/lib` and the dynamic loader's
//! default path.

use crate::loader::{self, Attempt, NotOpened, Search, SymbolError};
use libloading::Library;
use std::ffi::{c_char, c_void, CStr};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicPtr;

/// What cuda-as-hip knows of one ROCm library.
pub struct Spec {
    /// Its name in messages (`hipRAND`).
    pub label: &'static str,
    /// The variable naming the library to use.
    pub env: &'static str,
    /// File names tried in each place.
    pub names: &'static [&'static str],
    /// What to install when it is missing.
    pub package: &'static str,
    /// Every function name of every release bound, indexed by symbol slot (generated).
    pub symbols: &'static [&'static CStr],
    /// Reads the library's release and returns the index of the binding table for it, or why
    /// there is none.
    pub release: fn(&Library) -> Result<Release, String>,
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label)
    }
}

/// A library's version as it reports it, and the binding table chosen for it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub reported: (u32, u32, u32),
    pub table: usize,
}

/// Why a ROCm library could not be used.
#[derive(Debug)]
pub enum RocmLoadError {
    NotFound {
        spec: &'static Spec,
        tried: Vec<Attempt>,
    },
    /// The library's variable named one that did not load: no other is tried in its place.
    ExplicitNotLoaded {
        spec: &'static Spec,
        tried: Vec<Attempt>,
    },
    /// Its release could not be read, or no binding table serves it.
    Unusable {
        spec: &'static Spec,
        path: PathBuf,
        why: String,
    },
}

impl std::fmt::Display for RocmLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound { spec, tried } => write!(
                f,
                "no {} library found; tried:{}\nInstall {}, or set {} to the library file, or \
                 HIP_PATH / ROCM_PATH to the ROCm directory",
                spec.label,
                loader::list(tried),
                spec.package,
                spec.env
            ),
            Self::ExplicitNotLoaded { spec, tried } => write!(
                f,
                "{} names a {} library that does not load:{}\nNo other is tried in its place: fix \
                 what the dynamic loader reports, point {} at one that loads here, or unset it",
                spec.env,
                spec.label,
                loader::list(tried),
                spec.env
            ),
            Self::Unusable { spec, path, why } => {
                write!(f, "{}: not a usable {}: {why}", path.display(), spec.label)
            }
        }
    }
}

impl std::error::Error for RocmLoadError {}

/// A loaded ROCm library: its file, release, and one lazily filled slot per function.
pub struct RocmLibrary {
    spec: &'static Spec,
    library: Library,
    path: PathBuf,
    release: Release,
    slots: Box<[AtomicPtr<c_void>]>,
    /// This library's place in [`crate::ROCM_LIBRARIES`], carried by its [`SymbolError`]s.
    id: u8,
}

impl std::fmt::Debug for RocmLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct(self.spec.label)
            .field("path", &self.path)
            .field("release", &self.release)
            .finish_non_exhaustive()
    }
}

impl RocmLibrary {
    /// Finds and opens the library `crate::ROCM_LIBRARIES[id]` describes: the explicit one of
    /// `search` alone when it names one, else first beside the HIP runtime (`beside_hip`), then
    /// the places of `search` ([`RocmLibrary::search`]: where the process-wide one looks).
    pub fn load(
        id: u8,
        search: &Search,
        beside_hip: Option<&Path>,
    ) -> Result<RocmLibrary, RocmLoadError> {
        let spec = crate::ROCM_LIBRARIES[usize::from(id)];
        let (library, path) = match loader::find(search, beside_hip, spec.names) {
            Ok(found) => found,
            Err(NotOpened::Explicit(tried)) => {
                return Err(RocmLoadError::ExplicitNotLoaded { spec, tried })
            }
            Err(NotOpened::Missing(tried)) => return Err(RocmLoadError::NotFound { spec, tried }),
        };
        let release = (spec.release)(&library).map_err(|why| RocmLoadError::Unusable {
            spec,
            path: path.clone(),
            why,
        })?;
        let slots = spec.symbols.iter().map(|_| AtomicPtr::default()).collect();
        Ok(RocmLibrary {
            spec,
            library,
            path,
            release,
            slots,
            id,
        })
    }

    /// Where the process-wide library `crate::ROCM_LIBRARIES[id]` is searched for (its variable,
    /// then ROCm's usual places).
    pub fn search(id: u8) -> Search {
        Search::from_env_naming(crate::ROCM_LIBRARIES[usize::from(id)].env)
    }

    pub fn spec(&self) -> &'static Spec {
        self.spec
    }

    /// The path the library was opened by (as found, not resolved).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file the dynamic loader mapped (symbolic links resolved).
    pub fn file(&self) -> Option<PathBuf> {
        let first = self.spec.symbols.first()?;
        loader::mapped_file(&self.library, first.to_bytes_with_nul())
    }

    pub fn release(&self) -> Release {
        self.release
    }

    /// The address of function `slot`, resolving it on first use.
    #[inline]
    pub(crate) fn symbol(&self, slot: usize) -> Result<*mut c_void, SymbolError> {
        loader::slot_symbol(&self.slots[slot], slot, &self.library, self.spec.symbols)
            .ok_or(SymbolError::rocm(slot, self.id))
    }
}

/// The version numbers the name of `library`'s real file carries after `stem`
/// (`libhipblaslt.so.1.2` → `[1, 2]`; links resolved, found through `symbol`, which it exports);
/// empty where the name carries none.
pub(crate) fn file_version(library: &Library, symbol: &[u8], stem: &str) -> Vec<u32> {
    let Some(file) = loader::mapped_file(library, symbol) else {
        return Vec::new();
    };
    let real = file.canonicalize().unwrap_or(file);
    let name = real
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.strip_prefix(stem)
        .and_then(|v| v.strip_prefix('.'))
        .map(|v| v.split('.').map_while(|p| p.parse().ok()).collect())
        .unwrap_or_default()
}

/// `library`'s integer version from `get(&mut v)`, a function of that name it exports.
///
/// # Safety
/// `name` must be a function `int name(int *)` (a ROCm library's `…GetVersion`).
pub unsafe fn int_version(library: &Library, name: &CStr) -> Result<i32, String> {
    let label = name.to_string_lossy();
    // SAFETY: the caller vouches for the signature.
    let get = unsafe { library.get::<unsafe extern "C" fn(*mut i32) -> i32>(name.to_bytes()) }
        .map_err(|e| format!("it does not export {label} ({e})"))?;
    let mut v = 0;
    // SAFETY: a valid out-pointer.
    match unsafe { get(&mut v) } {
        0 => Ok(v),
        code => Err(format!("{label} failed with status {code}")),
    }
}

/// The version a `rocX_get_version_string(char *buf, size_t len)` function of the library's
/// dependencies reports (`rocblas_get_version_string`: the rocBLAS hipBLAS is built on), as
/// `(major, minor, patch)`; `None` where none of them exports it (a library built on NVIDIA's).
///
/// # Safety
/// `name` must be such a function (rocBLAS's and rocSOLVER's are).
pub unsafe fn version_string(
    library: &Library,
    name: &CStr,
) -> Result<Option<(u32, u32, u32)>, String> {
    type Get = unsafe extern "C" fn(*mut c_char, usize) -> i32;
    // SAFETY: the caller vouches for the signature.
    let Ok(get) = (unsafe { library.get::<Get>(name.to_bytes()) }) else {
        return Ok(None);
    };
    let mut buf = [0 as c_char; 64];
    // SAFETY: a buffer of the length given; the library writes a NUL-terminated string into it.
    let code = unsafe { get(buf.as_mut_ptr(), buf.len()) };
    if code != 0 {
        let label = name.to_string_lossy();
        return Err(format!("{label} failed with status {code}"));
    }
    // SAFETY: NUL-terminated within `buf` (the library truncates to the length given).
    let text = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy();
    let mut parts = text
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let mut next = || parts.next().unwrap_or(0);
    Ok(Some((next(), next(), next())))
}

/// A ROCm library's handle type (`$ty`, around the [`RocmLibrary`] of `ROCM_LIBRARIES[$id]`) with
/// what the generated bindings call on it, and `$load()`: the process-wide one, found on first use
/// beside the HIP runtime.
macro_rules! rocm_library {
    ($label:literal, $ty:ident, $id:expr, $load:ident) => {
        #[doc = concat!("The loaded ", $label, ".")]
        #[derive(Debug)]
        pub struct $ty($crate::rocm::RocmLibrary);

        impl $ty {
            pub fn library(&self) -> &$crate::rocm::RocmLibrary {
                &self.0
            }

            #[inline]
            pub(crate) fn hip(&self) -> &Self {
                self
            }

            #[inline]
            pub(crate) fn symbol(
                &self,
                slot: usize,
            ) -> Result<*mut std::ffi::c_void, $crate::SymbolError> {
                self.0.symbol(slot)
            }
        }

        #[doc = concat!("The process-wide ", $label, ", found on first use beside the HIP runtime.")]
        pub fn $load() -> Result<&'static $ty, &'static $crate::rocm::RocmLoadError> {
            use $crate::rocm::{RocmLibrary, RocmLoadError};
            static GLOBAL: std::sync::OnceLock<Result<$ty, RocmLoadError>> =
                std::sync::OnceLock::new();
            GLOBAL
                .get_or_init(|| {
                    let search = RocmLibrary::search($id);
                    RocmLibrary::load($id, &search, $crate::loader::hip_dir().as_deref()).map($ty)
                })
                .as_ref()
        }
    };
}
pub(crate) use rocm_library;
