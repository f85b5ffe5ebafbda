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
}

impl Table {
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
                let experimental = section == "experimentalSubstitutions";
                if let Some((cuda, entry)) = parse_subst(args, experimental) {
                    // The stable table wins over the experimental one.
                    table.entries.entry(cuda).or_insert(entry);
                }
            } else if line.starts_with("@HipOnlyUnsupportedFunctions") {
                section = "@HipOnlyUnsupportedFunctions";
            } else if section == "@HipOnlyUnsupportedFunctions" {
                match line.strip_prefix('"').and_then(|l| l.split('"').next()) {
                    Some(name) => {
                        table.unsupported.insert(name.to_string());
                    }
                    None if line.starts_with(')') => section = "",
                    None => {}
                }
            }
        }
        if table.entries.is_empty() {
            return Err(format!("{}: no subst(…) lines found", path.display()));
        }
        Ok(table)
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
