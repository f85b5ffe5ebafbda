//! `aliasgen/data/overrides/FAMILY.txt`, one file per API family: the few places where hipify's
//! name table is not what a CUDA client needs, kept as data (see a file's header for the format).
//! Every family's rules are read into one set: a name is one family's, so two rules for one name
//! are an error wherever they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Map(String),
    Hand,
    Unsupported,
    /// Unsupported on these HIP versions only (a HIP release whose export is broken).
    UnsupportedOn(Vec<String>),
    /// Hand-written on these HIP versions only (an older HIP lacks the function, and another of
    /// its calls can do the work); forwarded as generated on the others.
    HandOn(Vec<String>),
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub action: Action,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Overrides {
    pub rules: BTreeMap<String, Rule>,
    /// Function → out-pointer parameters CUDA allows to be NULL.
    pub nullable: BTreeMap<String, Vec<String>>,
    /// Function → pointer parameters CUDA requires, which some HIP version dereferences unchecked.
    pub required: BTreeMap<String, Vec<String>>,
    /// Function → enum pointers HIP reads and writes (CUDA's in / out parameters): the caller's
    /// value is translated in as well as HIP's back.
    pub inout: BTreeMap<String, Vec<String>>,
    /// Function → [enum pointer, count]: a list of enums the caller gives, of `count` entries
    /// (`cuMemRangeGetAttributes`' attributes), translated entry by entry.
    pub list: BTreeMap<String, Vec<String>>,
    /// CUDA enums of OR-able flags, emitted as integer newtypes (as cudarc's bindgen does).
    pub bitflags: BTreeSet<String>,
    /// CUDA structs that only give the size of a library object (cuBLASLt's descriptors,
    /// `uint64_t data[32]`): a pointer to one is a handle, whatever HIP's struct behind its own.
    pub opaque: BTreeSet<String>,
    /// CUDA constant → the HIP constants it maps to, where hipify's differs: the first that the
    /// HIP enum being paired holds (cuBLAS's `CUBLAS_OP_N` is hipBLAS's `HIPBLAS_OP_N` for cuBLAS,
    /// hipSOLVER's `HIPSOLVER_OP_N` for cuSOLVER, which takes cuBLAS's enums).
    pub constants: BTreeMap<String, Vec<String>>,
    /// Functions the C ABI library implements itself (`cabi/libcuda/src/hand.rs`).
    pub cabi: BTreeSet<String>,
    /// Function → why its ROCm library must not be called while HIP sees no GPU (hipFFT 6.1
    /// throws, aborting the process): refused with the family's not-loaded code instead.
    pub device: BTreeMap<String, String>,
}

impl Overrides {
    /// The rules of every file in `paths`.
    pub fn read_all(paths: impl IntoIterator<Item = PathBuf>) -> Result<Overrides, String> {
        let mut out = Overrides::default();
        for path in paths {
            out.read(&path)?;
        }
        Ok(out)
    }

    fn read(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let out = self;
        for (n, line) in text.lines().enumerate() {
            let (rule, reason) = line.split_once('#').unwrap_or((line, ""));
            let words: Vec<&str> = rule.split_whitespace().collect();
            let bad = || format!("{}:{}: cannot read `{line}`", path.display(), n + 1);
            let (name, action) = match words[..] {
                [] => continue,
                [name, "hand"] => (name, Action::Hand),
                [name, "unsupported"] => (name, Action::Unsupported),
                [name, "unsupported-on", versions] => (
                    name,
                    Action::UnsupportedOn(versions.split(',').map(str::to_string).collect()),
                ),
                [name, "hand-on", versions] => (
                    name,
                    Action::HandOn(versions.split(',').map(str::to_string).collect()),
                ),
                [name, "map", hip] => (name, Action::Map(hip.to_string())),
                [name, "const", hip] => {
                    out.constants
                        .entry(name.to_string())
                        .or_default()
                        .push(hip.to_string());
                    continue;
                }
                [name, "cabi"] => {
                    out.cabi.insert(name.to_string());
                    (name, Action::Unsupported)
                }
                [name, "device"] => {
                    out.device
                        .insert(name.to_string(), reason.trim().to_string());
                    continue;
                }
                [name, kind @ ("bitflags" | "opaque")] => {
                    match kind {
                        "bitflags" => &mut out.bitflags,
                        _ => &mut out.opaque,
                    }
                    .insert(name.to_string());
                    continue;
                }
                [name, kind @ ("nullable" | "required" | "inout" | "list"), params] => {
                    let params: Vec<String> = params.split(',').map(str::to_string).collect();
                    if kind == "list" && params.len() != 2 {
                        return Err(format!("{}: list takes POINTER,COUNT", bad()));
                    }
                    let map = match kind {
                        "nullable" => &mut out.nullable,
                        "inout" => &mut out.inout,
                        "list" => &mut out.list,
                        _ => &mut out.required,
                    };
                    map.insert(name.to_string(), params);
                    continue;
                }
                _ => return Err(bad()),
            };
            let rule = Rule {
                action,
                reason: reason.trim().to_string(),
            };
            if out.rules.insert(name.to_string(), rule).is_some() {
                return Err(format!("{}: two rules for {name}", bad()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_version_rules_name_their_versions_and_keep_other_rules_apart() {
        let dir = std::env::temp_dir().join(format!("aliasgen-overrides-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("driver.txt");
        std::fs::write(
            &file,
            "cuA  hand-on 5.2.3,5.7.1  # older HIP lacks it\n\
             cuA  required p\n\
             cuB  unsupported-on 7.2.4\n\
             cuB  inout mode,kind\n\
             cuC  list attributes,count\n",
        )
        .unwrap();
        let o = Overrides::read_all([file]).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let versions = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            o.rules["cuA"].action,
            Action::HandOn(versions(&["5.2.3", "5.7.1"]))
        );
        assert_eq!(o.rules["cuA"].reason, "older HIP lacks it");
        assert_eq!(o.required["cuA"], versions(&["p"]));
        assert_eq!(o.inout["cuB"], versions(&["mode", "kind"]));
        assert_eq!(o.list["cuC"], versions(&["attributes", "count"]));
        assert_eq!(
            o.rules["cuB"].action,
            Action::UnsupportedOn(versions(&["7.2.4"]))
        );
    }
}
