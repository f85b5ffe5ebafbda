//! What libcuda.so exports, beyond the functions cuda.h declares by default, and how
//! `cuGetProcAddress` finds them — all read from the headers:
//!
//! * per-thread-stream variants (`cuMemcpyHtoD_v2_ptds`, `cuStreamQuery_ptsz`): what cuda.h
//!   declares when `CUDA_API_PER_THREAD_DEFAULT_STREAM` is defined;
//! * legacy names (`cuMemAlloc`, `cuCtxCreate`): what it declares with `__CUDA_API_VERSION_INTERNAL`;
//!   one whose C signature matches its versioned successor's is that function, one whose ABI
//!   differs (32-bit `CUdeviceptr_v1`) is a stub returning `CUDA_ERROR_NOT_SUPPORTED`; the
//!   runtime's (`cudaGetDeviceProperties` with CUDA 11's struct, `cudaStreamGetCaptureInfo` and
//!   its `_ptsz`) are the C ABI library's own translations (`cabi` overrides);
//! * `cudaTypedefs.h`'s `PFN_cuX_vNNNNN[_ptds|_ptsz]` typedefs: the CUDA version that introduced each
//!   variant, paired in order with the exported `cuX`, `cuX_v2`, `cuX_v3`… (and per-thread ones).

use crate::family::Family;
use crate::model::{Api, Function, Ty};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Export {
    /// Declared by cuda.h: calls the raw function of the same name.
    Declared,
    /// `_ptds` / `_ptsz` of `base`: the raw function with the NULL stream read as per-thread.
    PerThread { base: String },
    /// A legacy name with its successor's ABI: the successor's raw function.
    Legacy { successor: String },
    /// A legacy name whose ABI is no longer implemented.
    LegacyStub,
}

/// One `cuGetProcAddress` answer: `base` at CUDA `version` (per-thread or not) is `symbol`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcEntry {
    pub base: String,
    pub version: u32,
    pub per_thread: bool,
    pub symbol: String,
}

pub struct Plan<'a> {
    /// Symbol → what it does, and the declaration giving its C signature.
    pub exports: BTreeMap<String, (Export, &'a Function)>,
    pub procs: Vec<ProcEntry>,
}

fn abi(api: &Api, t: &Ty) -> String {
    let mut t = t.clone();
    while let Ty::Named(n) = &t {
        match api.typedefs.iter().find(|d| &d.name == n) {
            Some(d) => t = d.ty.clone(),
            None => break,
        }
    }
    format!("{t:?}").replace("is_const: true", "is_const: false")
}

fn same_abi(api: &Api, a: &Function, b: &Function) -> bool {
    a.params.len() == b.params.len()
        && abi(api, &a.ret) == abi(api, &b.ret)
        && a.params
            .iter()
            .zip(&b.params)
            .all(|(x, y)| abi(api, &x.ty) == abi(api, &y.ty))
}

fn strip_per_thread(name: &str) -> Option<&str> {
    name.strip_suffix("_ptds")
        .or_else(|| name.strip_suffix("_ptsz"))
}

/// The exports of `family`'s library: every function of the family `cuda` declares (a model's
/// other families export only those: NVRTC), the per-thread variants `per_thread` declares, and with `legacy` the legacy names
/// (and libcuda's cuGetProcAddress table); `cabi` names the functions the C ABI library
/// implements itself.
pub fn plan<'a>(
    family: Family,
    cuda: &'a Api,
    per_thread: &'a Api,
    legacy: Option<&'a Api>,
    cabi: &BTreeSet<String>,
) -> Plan<'a> {
    let own = |f: &&Function| Family::find(&f.name) == Some(family);
    let mut exports = BTreeMap::new();
    for f in cuda.functions.iter().filter(own) {
        exports.insert(f.name.clone(), (Export::Declared, f));
    }
    for f in per_thread.functions.iter().filter(own) {
        if let Some(base) = strip_per_thread(&f.name).filter(|b| exports.contains_key(*b)) {
            let base = base.to_string();
            exports.insert(f.name.clone(), (Export::PerThread { base }, f));
        }
    }
    let Some(legacy) = legacy else {
        return Plan {
            exports,
            procs: Vec::new(),
        };
    };
    let legacy_only: Vec<&Function> = legacy
        .functions
        .iter()
        .filter(own)
        .filter(|f| !exports.contains_key(&f.name))
        .collect();
    // The per-thread names of an old ABI the C ABI library translates itself
    // (`cudaStreamGetCaptureInfo_ptsz`): its translation, with the NULL stream read as per-thread.
    let (old_per_thread, old): (Vec<&Function>, Vec<&Function>) = legacy_only
        .into_iter()
        .partition(|f| strip_per_thread(&f.name).is_some_and(|b| cabi.contains(b)));
    for f in old {
        let successor = cuda.renames.get(&f.name).and_then(|s| cuda.function(s));
        let kind = match successor {
            Some(s) if same_abi(legacy, f, s) => Export::Legacy {
                successor: s.name.clone(),
            },
            _ => Export::LegacyStub,
        };
        exports.insert(f.name.clone(), (kind, f));
    }
    for f in old_per_thread {
        let base = strip_per_thread(&f.name).unwrap_or_default().to_string();
        exports.insert(f.name.clone(), (Export::PerThread { base }, f));
    }
    let procs = proc_entries(legacy, &exports.keys().cloned().collect());
    Plan { exports, procs }
}

/// `PFN_cuX_vNNNNN[_ptds|_ptsz]` → (cuX, NNNNN, per-thread).
fn pfn(name: &str) -> Option<(&str, u32, bool)> {
    let rest = name.strip_prefix("PFN_")?;
    let (rest, per_thread) = match strip_per_thread(rest) {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let (base, version) = rest.rsplit_once("_v")?;
    Some((base, version.parse().ok()?, per_thread))
}

/// The exported symbols of `base`, oldest first: `cuX`, `cuX_v2`, `cuX_v3`…, or their
/// per-thread forms.
fn family(base: &str, per_thread: bool, exported: &BTreeSet<String>) -> Vec<String> {
    let plain = std::iter::once(base.to_string()).chain((2..=9).map(|n| format!("{base}_v{n}")));
    plain
        .flat_map(|n| match per_thread {
            true => vec![format!("{n}_ptds"), format!("{n}_ptsz")],
            false => vec![n],
        })
        .filter(|n| exported.contains(n))
        .collect()
}

fn proc_entries(typedefs: &Api, exported: &BTreeSet<String>) -> Vec<ProcEntry> {
    let mut versions: BTreeMap<(String, bool), BTreeSet<u32>> = BTreeMap::new();
    for t in &typedefs.typedefs {
        if let Some((base, version, per_thread)) = pfn(&t.name) {
            versions
                .entry((base.to_string(), per_thread))
                .or_default()
                .insert(version);
        }
    }
    let mut out = Vec::new();
    for ((base, per_thread), versions) in versions {
        let symbols = family(&base, per_thread, exported);
        // Versions and symbols pair up oldest to oldest; where cuda.h has fewer symbols than
        // typedefs (a variant never exported), the newest versions keep the newest symbols.
        let skip = versions.len().saturating_sub(symbols.len());
        for (version, symbol) in versions.into_iter().skip(skip).zip(symbols) {
            out.push(ProcEntry {
                base: base.clone(),
                version,
                per_thread,
                symbol,
            });
        }
    }
    out
}
