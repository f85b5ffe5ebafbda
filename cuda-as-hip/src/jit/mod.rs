//! PTX to AMD code objects: what the driver loads when a program hands it PTX text or an NVIDIA
//! fat binary holding PTX. The PTX translator (crate `ptx`) turns each PTX module into LLVM IR
//! for the device's wavefront width; comgr — the one that ships with the loaded HIP — links it
//! with AMD's device libraries and compiles it for the device's architecture. Results are kept in
//! the compile cache's `ptx` namespace, keyed by everything that changes them.

pub mod fatbin;
pub mod link;
pub mod nvidia_lto;
pub mod options;

use crate::cache::{Cache, Entry, Key, Namespace};
use hip_sys::comgr::{comgr, Comgr, DeviceLibraries};

/// The AMD GPU architecture PTX is compiled for (`gfx90a`, `gfx1100` …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmdTarget {
    pub arch: String,
}

impl AmdTarget {
    /// CDNA and GCN GPUs (`gfx9…` and older) run 64-lane wavefronts; RDNA (`gfx10…` and newer)
    /// runs 32, as hiprtc and comgr compile for them by default.
    pub fn wave64(&self) -> bool {
        let generation: String = self
            .arch
            .trim_start_matches("gfx")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        generation.len() < 4
    }

    fn translator_target(&self) -> ptx::Target {
        ptx::Target::Amdgcn {
            wave64: self.wave64(),
        }
    }

    /// The texture instructions this GPU lacks among `uses`, as the error to give. LLVM's AMDGPU
    /// backend: gfx940 and later CDNA GPUs (MI300, MI350) have no image instructions, and gfx90a's
    /// (MI200) image encoding has no level-of-detail, gradient or gather forms. comgr would stop
    /// the process on them (HIP 5's LLVM) or leave them out of the kernel (later ones).
    fn refuse_textures(&self, uses: &[ptx::TextureUse]) -> Result<(), JitError> {
        let arch = self.arch.split(':').next().unwrap_or_default();
        let cdna3 = arch.starts_with("gfx94") || arch.starts_with("gfx95");
        let lacking = uses
            .iter()
            .find(|u| cdna3 || (arch == "gfx90a" && u.lod_grad_or_gather));
        match lacking {
            None => Ok(()),
            Some(u) => Err(JitError::Translate(format!(
                "{}: {arch} has no image instruction for this texture read ({})",
                u.at,
                if cdna3 {
                    "MI300-class GPUs have no image instructions"
                } else {
                    "MI200 samples without levels of detail, gradients or gathers"
                }
            ))),
        }
    }
}

/// Why PTX did not become a code object.
#[derive(Debug)]
pub enum JitError {
    /// No architecture to compile for: no device, and `CUDA_AS_HIP_OFFLOAD_ARCH` unset.
    NoTarget,
    /// The PTX is not UTF-8 text.
    NotText,
    /// The translator refused the PTX (an instruction it does not translate, malformed input …).
    Translate(String),
    /// comgr could not be loaded.
    NoComgr(String),
    /// comgr failed on the translated module (its log).
    Comgr(String),
}

impl std::fmt::Display for JitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoTarget => write!(
                f,
                "no AMD GPU to compile PTX for: set {}=gfx… (your GPU's architecture)",
                crate::OFFLOAD_ARCH_ENV
            ),
            Self::NotText => f.write_str("the PTX is not text (UTF-8)"),
            Self::Translate(e) => write!(f, "PTX not translated: {e}"),
            Self::NoComgr(e) => write!(f, "PTX cannot be compiled: {e}"),
            Self::Comgr(log) => write!(f, "comgr failed on the translated PTX:\n{log}"),
        }
    }
}

/// A code object, and what the translator noted on the way (for JIT info logs).
#[derive(Debug)]
pub struct Compiled {
    pub code: Vec<u8>,
    pub log: String,
}

pub(crate) fn loaded_comgr() -> Result<&'static Comgr, JitError> {
    comgr().map_err(|e| JitError::NoComgr(e.to_string()))
}

/// The cache key of `modules` compiled for `target` by `comgr` under HIP `hip_version`.
fn key(modules: &[&[u8]], target: &AmdTarget, comgr: &Comgr, hip_version: u32) -> Key {
    // comgr's ABI version does not name its LLVM (HIP 6.4.3's and 7.2.4's are both 3.0): its file does.
    let (major, minor) = comgr.version();
    let file = comgr.file().unwrap_or_else(|| comgr.path().to_path_buf());
    let versions = format!("{hip_version} comgr {major}.{minor} {}", file.display());
    let mut parts: Vec<&[u8]> = vec![
        env!("CARGO_PKG_VERSION").as_bytes(),
        ptx::TRANSLATOR_VERSION.as_bytes(),
        target.arch.as_bytes(),
        versions.as_bytes(),
    ];
    parts.extend_from_slice(modules);
    Key::of(&parts)
}

/// PTX modules translated for one target.
struct Translated {
    /// The LLVM IR of each module.
    irs: Vec<String>,
    /// The translator's notes, a line each.
    notes: String,
    /// Whether comgr must link the device libraries: some module reaches them.
    libraries: DeviceLibraries,
}

/// The LLVM IR of each PTX module, for `target`, with the translator's notes.
fn translate(modules: &[&[u8]], target: &AmdTarget) -> Result<Translated, JitError> {
    let (mut irs, mut notes, mut reached) =
        (Vec::with_capacity(modules.len()), String::new(), vec![]);
    for module in modules {
        let text = std::str::from_utf8(module).map_err(|_| JitError::NotText)?;
        let t = ptx::translate(text, target.translator_target())
            .map_err(|e| JitError::Translate(e.to_string()))?;
        target.refuse_textures(&t.textures)?;
        t.notes
            .iter()
            .for_each(|n| notes.push_str(&format!("{n}\n")));
        reached.push(t.device_libraries);
        irs.push(t.ir);
    }
    let libraries = DeviceLibraries::if_any(reached);
    Ok(Translated {
        irs,
        notes,
        libraries,
    })
}

/// The LLVM IR the translator makes of `modules` for `target`, one module after another (what
/// comgr is given; `cuda-as-hip ptx --emit-llvm`), and whether it reaches the device libraries.
pub fn llvm_ir(
    modules: &[&[u8]],
    target: &AmdTarget,
) -> Result<(Vec<u8>, DeviceLibraries), JitError> {
    let t = translate(modules, target)?;
    Ok((t.irs.join("\n").into_bytes(), t.libraries))
}

/// PTX modules (which may call each other's `.extern` functions) as one AMD code object for
/// `target`: from the cache when it has them, else translated and compiled (and cached).
pub fn compile(
    modules: &[&[u8]],
    target: &AmdTarget,
    hip_version: u32,
) -> Result<Compiled, JitError> {
    let comgr = loaded_comgr()?;
    let key = key(modules, target, comgr, hip_version);
    let cache = Cache::from_env(Namespace::Ptx);
    if let Some(hit) = cache.as_ref().and_then(|c| c.get(key)) {
        return Ok(Compiled {
            code: hit.code,
            log: String::from_utf8_lossy(&hit.log).into_owned(),
        });
    }
    let Translated {
        irs,
        notes: log,
        libraries,
    } = translate(modules, target)?;
    let named: Vec<(String, &[u8])> = irs
        .iter()
        .enumerate()
        .map(|(i, ir)| (format!("ptx{i}.ll"), ir.as_bytes()))
        .collect();
    let inputs: Vec<(&str, &[u8])> = named.iter().map(|(n, ir)| (n.as_str(), *ir)).collect();
    let code = {
        let _one_at_a_time = crate::platform::one_compile_at_a_time();
        comgr.compile_ir(&inputs, &target.arch, &[], libraries)
    }
    .map_err(|e| JitError::Comgr(e.to_string()))?;
    if let Some(c) = &cache {
        let entry = Entry {
            code: code.clone(),
            log: log.clone().into_bytes(),
            lowered: Vec::new(),
        };
        if let Err(e) = c.put(key, &entry) {
            crate::log::warn_once(format!(
                "PTX compile cache {} not written: {e}; set {} or {}=0",
                c.dir().display(),
                crate::cache::DIR_ENV,
                crate::cache::ENABLE_ENV
            ));
        }
    }
    Ok(Compiled { code, log })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rdna_is_wave32_and_gcn_cdna_wave64() {
        let t = |a: &str| AmdTarget { arch: a.into() };
        assert!(t("gfx90a").wave64() && t("gfx942").wave64() && t("gfx906").wave64());
        assert!(!t("gfx1030").wave64() && !t("gfx1100").wave64() && !t("gfx1201").wave64());
    }
}
