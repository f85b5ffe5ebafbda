//! AMD's code object manager (comgr), loaded at run time: LLVM IR (text or bitcode) in, AMDGPU
//! code object out, with no GPU, on every comgr ABI bound ([`crate::comgr_sys::ABIS`]: 2.4, 2.6, 3.0).
//!
//! Search order: `CUDA_AS_HIP_COMGR_LIBRARY` (a file, or a directory holding one: when set, the
//! only place tried, as `CUDA_AS_HIP_HIP_LIBRARY` is for HIP), else the directory of the loaded HIP
//! runtime (the comgr that HIP was built with), then `$HIP_PATH/lib`, `$ROCM_PATH/lib`,
//! `/opt/rocm/lib` and the dynamic loader's default path; in each place `libamd_comgr.so`, `.so.3`,
//! `.so.2`. `amd_comgr_get_version` selects the binding table; a version the tables do not know is
//! an error naming it. Loaded once, lazily, from any thread ([`comgr()`]).
//!
//! **comgr's own cache.** comgr 3.x (Debian's 7.0.2 and 7.2.4, with HIP 6.4.3 and 7.2.4) keeps a
//! cache of its compilations, on by default, in `$AMD_COMGR_CACHE_DIR` (default
//! `~/.cache/comgr`); `AMD_COMGR_CACHE=0` turns it off. A repeated compile is then answered from
//! that cache, which matters when timing compiles or when a caller keeps its own cache of code
//! objects. comgr 2.x has no cache.

mod compile;
mod objects;

pub use compile::{Action, ComgrError, DeviceLibraries};

use crate::comgr_sys::{Abi, Fns, ABIS};
use crate::loader::{self, Attempt, NotOpened, Search};
use libloading::Library;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The AMDGPU `target datalayout` of LLVM 15, the oldest comgr's (Debian builds comgr 2.4 on LLVM
/// 15, 2.6 on 17, 3.0 on 21 and 22), which every later LLVM reads and upgrades to its own. IR
/// given to [`Comgr::compile_ir`] should state it: a module without one links with the device
/// libraries under a different layout, and comgr 3.x's clang then prints "Linking two modules of
/// different data layouts" once per library to the process's stderr (not to comgr's log).
pub const AMDGPU_DATA_LAYOUT: &str = "e-p:64:64-p1:64:64-p2:32:32-p3:32:32-p4:64:64-p5:32:32-p6:32:32-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-v2048:2048-n32:64-S32-A5-G1-ni:7";

/// Environment variable naming the comgr library to use (a file or a directory).
pub const LIBRARY_ENV: &str = "CUDA_AS_HIP_COMGR_LIBRARY";

const LIBRARY_NAMES: [&str; 3] = ["libamd_comgr.so", "libamd_comgr.so.3", "libamd_comgr.so.2"];

/// Why no usable comgr could be opened.
#[derive(Debug)]
pub enum ComgrLoadError {
    NotFound {
        tried: Vec<Attempt>,
    },
    /// [`LIBRARY_ENV`] named a comgr that did not load: no other is tried in its place.
    ExplicitNotLoaded {
        tried: Vec<Attempt>,
    },
    /// The library does not export `amd_comgr_get_version`.
    NotComgr {
        path: PathBuf,
    },
    /// `amd_comgr_get_version` reported an ABI no binding table describes.
    UnknownVersion {
        path: PathBuf,
        version: (usize, usize),
    },
}

impl std::fmt::Display for ComgrLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound { tried } => write!(
                f,
                "no comgr (libamd_comgr) found; tried:{}\nInstall the comgr of your HIP (Debian/Ubuntu: \
                 libamd-comgr2 for HIP 5, libamd-comgr3 for HIP 6.4 and 7), or set {LIBRARY_ENV} to \
                 the library file, or HIP_PATH / ROCM_PATH to the ROCm directory",
                loader::list(tried)
            ),
            Self::ExplicitNotLoaded { tried } => write!(
                f,
                "{LIBRARY_ENV} names a comgr that does not load:{}\nNo other comgr is tried in its \
                 place: fix what the dynamic loader reports, point {LIBRARY_ENV} at a comgr that \
                 loads here, or unset it to search beside the HIP runtime",
                loader::list(tried)
            ),
            Self::NotComgr { path } => write!(
                f,
                "{}: not comgr: it does not export amd_comgr_get_version",
                path.display()
            ),
            Self::UnknownVersion { path, version } => write!(
                f,
                "{} is comgr ABI {}.{}, which cuda-as-hip has no bindings for (it knows {}): use the \
                 comgr of a supported HIP release, or regenerate the bindings with aliasgen from \
                 this comgr's amd_comgr.h",
                path.display(),
                version.0,
                version.1,
                known_versions()
            ),
        }
    }
}

impl std::error::Error for ComgrLoadError {}

fn known_versions() -> String {
    let list: Vec<String> = ABIS
        .iter()
        .map(|a| format!("{}.{}", a.version.0, a.version.1))
        .collect();
    list.join(", ")
}

/// The loaded comgr: its library, ABI table and functions.
pub struct Comgr {
    fns: Fns,
    abi: &'static Abi,
    path: PathBuf,
    library: Library,
}

impl std::fmt::Debug for Comgr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Comgr")
            .field("path", &self.path)
            .field("version", &self.abi.version)
            .finish_non_exhaustive()
    }
}

static GLOBAL: OnceLock<Result<Comgr, ComgrLoadError>> = OnceLock::new();

/// The process-wide comgr, found on first use beside the HIP runtime [`crate::hip()`] loads (see
/// the module documentation for the whole search).
pub fn comgr() -> Result<&'static Comgr, &'static ComgrLoadError> {
    GLOBAL
        .get_or_init(|| {
            let search = Search::from_env_naming(LIBRARY_ENV);
            Comgr::load(&search, loader::hip_dir().as_deref())
        })
        .as_ref()
}

impl Comgr {
    /// Opens the first comgr found: the explicit one alone when `search` names one, else in
    /// `beside_hip` (the HIP runtime's directory), then the places of `search`.
    pub fn load(search: &Search, beside_hip: Option<&Path>) -> Result<Comgr, ComgrLoadError> {
        match loader::find(search, beside_hip, &LIBRARY_NAMES) {
            Ok((library, path)) => Self::from_library(library, path),
            Err(NotOpened::Explicit(tried)) => Err(ComgrLoadError::ExplicitNotLoaded { tried }),
            Err(NotOpened::Missing(tried)) => Err(ComgrLoadError::NotFound { tried }),
        }
    }

    fn from_library(library: Library, path: PathBuf) -> Result<Comgr, ComgrLoadError> {
        let fns = Fns::resolve(|name| {
            // SAFETY: only the address is read; `Fns` gives it the declared signature.
            unsafe { library.get::<*mut std::ffi::c_void>(name.to_bytes_with_nul()) }
                .map(|s| *s)
                .unwrap_or(std::ptr::null_mut())
        });
        let Some(get_version) = fns.amd_comgr_get_version else {
            return Err(ComgrLoadError::NotComgr { path });
        };
        let (mut major, mut minor) = (0, 0);
        // SAFETY: `void amd_comgr_get_version(size_t *major, size_t *minor)`; valid out-pointers.
        unsafe { get_version(&mut major, &mut minor) };
        let version = (major, minor);
        match ABIS.iter().find(|a| a.version == version) {
            Some(abi) => Ok(Comgr {
                fns,
                abi,
                path,
                library,
            }),
            None => Err(ComgrLoadError::UnknownVersion { path, version }),
        }
    }

    /// The path the library was opened by (as found, not resolved).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file the dynamic loader mapped for it (`/usr/lib/x86_64-linux-gnu/libamd_comgr.so.2.4.0`).
    pub fn file(&self) -> Option<PathBuf> {
        loader::mapped_file(&self.library, b"amd_comgr_get_version\0")
    }

    /// The ABI version `amd_comgr_get_version` reports, e.g. `(2, 4)`.
    pub fn version(&self) -> (usize, usize) {
        self.abi.version
    }

    /// The binding table in use (its enum values and the Debian releases that declare it).
    pub fn abi(&self) -> &'static Abi {
        self.abi
    }

    /// The raw functions, for what the safe API here does not cover.
    pub fn fns(&self) -> &Fns {
        &self.fns
    }
}
