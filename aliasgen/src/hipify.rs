//! Debian hipify-perl's CUDA → HIP name table, read as data: its `subst("cuX", "hipY", "kind");`
//! lines (the stable table and the experimental one) and its list of CUDA names HIP does not
//! support. The script is plain data for our purposes; nothing of it is executed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub hip: String,
    /// hipify's category: `memory`, `type`, `numeric_literal`, `library`…
    pub kind: String,
    /// From `experimentalSubstitutions` (hipify applies it only with `-experimental`).
    pub experimental: bool,
}

#[derive(Debug, Default)]
pub struct Table {
    pub entries: BTreeMap<String, Entry>,
    /// `@HipOnlyUnsupportedFunctions`: CUDA names hipify knows HIP lacks.
    pub unsupported: BTreeSet<String>,
    /// `@SupportedDeviceFunctions`: CUDA device functions HIP provides (under the name its
    /// `device_function` substitution gives).
    pub device_functions: BTreeSet<String>,
    /// `@UnsupportedDeviceFunctions`: CUDA device functions hipify knows HIP lacks.
    pub unsupported_device_functions: BTreeSet<String>,
}

/// The Perl name lists read, each into its set of [`Table`].
const LISTS: &[&str] = &[
    "@HipOnlyUnsupportedFunctions",
    "@SupportedDeviceFunctions",
    "@UnsupportedDeviceFunctions",
];

/// hipify-perl's substitution tables for `--roc` (CUDA libraries → AMD's roc* libraries directly).
const ROC_SECTIONS: &[&str] = &["rocSubstitutions", "MIOpenSubstitutions"];

impl Table {
    /// The table of a ROCm library that keeps the CUDA library's names (RCCL: NCCL's): each of
    /// `api`'s functions and enum constants maps to itself.
    pub fn same_names(api: &crate::model::Api) -> Table {
        let entry = |name: &str, kind: &str| {
            let hip = name.to_string();
            let (kind, experimental) = (kind.to_string(), false);
            (
                hip.clone(),
                Entry {
                    hip,
                    kind,
                    experimental,
                },
            )
        };
        let functions = api.functions.iter().map(|f| entry(&f.name, "library"));
        let constants = (api.enums.iter().flat_map(|e| &e.constants))
            .map(|(name, _)| entry(name, "numeric_literal"));
        Table {
            entries: functions.chain(constants).collect(),
            ..Table::default()
        }
    }

    pub fn read(path: &Path) -> Result<Table, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e} (run scripts/setup.sh)", path.display()))?;
        let mut table = Table::default();
        let mut section = "";
        for line in text.lines() {
            let line = line.trim();
            if let Some(name) = line.strip_prefix("sub ") {
                section = name.split_whitespace().next().unwrap_or("");
            } else if let Some(args) = line.strip_prefix("subst(") {
                // hipify's `--roc` tables (rocBLAS, rocRAND…, MIOpen) are not the HIP libraries'.
                if ROC_SECTIONS.contains(&section) {
                    continue;
                }
                let experimental = section == "experimentalSubstitutions";
                if let Some((cuda, entry)) = parse_subst(args, experimental) {
                    // The stable table wins over the experimental one.
                    table.entries.entry(cuda).or_insert(entry);
                }
            } else if let Some(&list) = LISTS.iter().find(|&&l| line.starts_with(l)) {
                section = list;
            } else if LISTS.contains(&section) {
                match line.strip_prefix('"').and_then(|l| l.split('"').next()) {
                    Some(name) => {
                        table.list(section).insert(name.to_string());
                    }
                    None if line.starts_with(')') => section = "",
                    None => {}
                }
            }
        }
        if table.entries.is_empty() || table.device_functions.is_empty() {
            return Err(format!(
                "{}: no subst(…) lines or no @SupportedDeviceFunctions found",
                path.display()
            ));
        }
        Ok(table)
    }

    fn list(&mut self, name: &str) -> &mut BTreeSet<String> {
        match name {
            "@SupportedDeviceFunctions" => &mut self.device_functions,
            "@UnsupportedDeviceFunctions" => &mut self.unsupported_device_functions,
            _ => &mut self.unsupported,
        }
    }

    pub fn hip(&self, cuda: &str) -> Option<&Entry> {
        self.entries.get(cuda)
    }
}

/// `"cuX", "hipY", "kind");` → (cuX, entry). Quoted plain identifiers only.
fn parse_subst(args: &str, experimental: bool) -> Option<(String, Entry)> {
    let quoted: Vec<&str> = args.split('"').skip(1).step_by(2).collect();
    match quoted[..] {
        [cuda, hip, kind, ..] => Some((
            cuda.to_string(),
            Entry {
                hip: hip.to_string(),
                kind: kind.to_string(),
                experimental,
            },
        )),
        _ => None,
    }
}
