//! NVRTC's implicit environment on the real hiprtc of each HIP version, name for name against
//! NVIDIA's NVRTC 12.9 (generated/nvrtc_environment.rs, measured by aliasgen): in a program with
//! no `#include`, our NVRTC defines the macros NVIDIA's defines, leaves undefined those it leaves
//! undefined, and declares exactly the types, variables and functions it declares, apart from
//! the intended differences README lists ("NVRTC's implicit environment"), each with its reason.

mod nvrtc_common;

#[rustfmt::skip]
#[path = "generated/nvrtc_environment.rs"]
mod nvidia;

use cuda_as_hip::nvrtc::sys::nvrtcResult;
use std::collections::BTreeSet;

/// The word a probe `#warning` puts before an undefined macro (as aliasgen's probe).
const UNDEFINED: &str = "probe-undefined-macro";

/// The probe: a `#warning` for each macro left undefined, an error line for each name not
/// declared, in a program with no `#include`.
fn probe_source() -> String {
    let mut s = String::new();
    for m in nvidia::DEFINED_MACROS
        .iter()
        .chain(nvidia::UNDEFINED_MACROS)
    {
        s.push_str(&format!("#ifndef {m}\n#warning {UNDEFINED} {m}\n#endif\n"));
    }
    s.push_str("namespace cuda_as_hip_probe {\n");
    for n in nvidia::ACCEPTED.iter().chain(nvidia::REFUSED) {
        s.push_str(&format!("#ifndef {n}\nusing ::{n};\n#endif\n"));
    }
    s.push_str("}\n");
    s
}

/// What our NVRTC makes of the probe.
struct Ours {
    undefined_macros: BTreeSet<String>,
    refused: BTreeSet<String>,
}

fn ours() -> Ours {
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let source = probe_source();
    let c = nvrtc_common::compile(
        &source,
        "probe.cu",
        &[nvidia::ARCH_OPTION, "-ferror-limit=0"],
        &[],
        &[],
    );
    let lines: Vec<&str> = source.lines().collect();
    let mut refused = BTreeSet::new();
    for l in c.log.lines().filter(|l| l.contains(": error:")) {
        let name = l
            .strip_prefix("probe.cu:")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| lines.get(n - 1))
            .and_then(|l| l.strip_prefix("using ::"))
            .unwrap_or_else(|| panic!("an error off the probe's lines: `{l}`\n{}", c.log));
        refused.insert(name.trim_end_matches(';').to_string());
    }
    assert_eq!(c.result == nvrtcResult::NVRTC_SUCCESS, refused.is_empty());
    let undefined_macros = c
        .log
        .lines()
        .filter_map(|l| {
            l.split_once(&format!("{UNDEFINED} "))?
                .1
                .split_whitespace()
                .next()
        })
        .map(str::to_string)
        .collect();
    Ours {
        undefined_macros,
        refused,
    }
}

/// README's intended differences on HIP `release`: the names in backquotes in the first cell of
/// each row of the table under "NVRTC's implicit environment" (a reason that starts with
/// `HIP 5.7.1, 6.4.3:` applies to those versions only).
fn intended_differences(release: &str) -> BTreeSet<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let section = readme
        .split("### NVRTC's implicit environment")
        .nth(1)
        .expect("README.md has a section `### NVRTC's implicit environment`");
    let section = section.split("\n#").next().unwrap_or(section);
    let mut names = BTreeSet::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let applies = match cells.get(1).and_then(|r| r.strip_prefix("HIP ")) {
            Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => {
                let versions = r.split(':').next().unwrap_or_default();
                versions.split(", ").any(|v| v == release)
            }
            _ => true,
        };
        if applies {
            let first = cells[0].trim_start_matches("| ");
            names.extend(first.split(", ").map(|n| n.trim_matches('`').to_string()));
        }
    }
    names
}

/// Each difference between ours and NVIDIA's, as "name: what differs".
fn differences(ours: &Ours) -> Vec<(String, &'static str)> {
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let (defined, undefined) = (set(nvidia::DEFINED_MACROS), set(nvidia::UNDEFINED_MACROS));
    let (accepted, refused) = (set(nvidia::ACCEPTED), set(nvidia::REFUSED));
    let mut out = Vec::new();
    for m in defined.intersection(&ours.undefined_macros) {
        out.push((m.clone(), "macro NVIDIA's NVRTC defines, ours does not"));
    }
    for m in undefined.difference(&ours.undefined_macros) {
        out.push((m.clone(), "macro ours defines, NVIDIA's NVRTC does not"));
    }
    for n in accepted.intersection(&ours.refused) {
        out.push((n.clone(), "declared by NVIDIA's NVRTC, not by ours"));
    }
    for n in refused.difference(&ours.refused) {
        out.push((n.clone(), "declared by ours, not by NVIDIA's NVRTC"));
    }
    out
}

/// README's row for HIP `release`: of NVIDIA's declared names and defined macros, how many ours
/// has, and how many ours has that NVIDIA's does not.
fn assert_readme_counts(release: &str, ours: &Ours) {
    let count = |names: &[&str], absent: &BTreeSet<String>| {
        names.iter().filter(|n| !absent.contains(**n)).count()
    };
    let row = format!(
        "| {release} | {} | {} | {} | {} |",
        count(nvidia::ACCEPTED, &ours.refused),
        count(nvidia::REFUSED, &ours.refused),
        count(nvidia::DEFINED_MACROS, &ours.undefined_macros),
        count(nvidia::UNDEFINED_MACROS, &ours.undefined_macros),
    );
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    assert!(readme.contains(&row), "README.md lacks `{row}`");
}

#[test]
fn the_implicit_environment_is_nvidias_name_for_name() {
    assert!(
        nvidia::ACCEPTED.len() > 500 && nvidia::DEFINED_MACROS.len() > 100,
        "the measured environment is read"
    );
    let ours = ours();
    let found = differences(&ours);
    let intended = intended_differences(test_support::hip_run().facts.release);
    let unlisted: Vec<String> = found
        .iter()
        .filter(|(n, _)| !intended.contains(n))
        .map(|(n, why)| format!("{n}: {why}"))
        .collect();
    let found_names: BTreeSet<&String> = found.iter().map(|(n, _)| n).collect();
    let stale: Vec<&String> = intended
        .iter()
        .filter(|n| !found_names.contains(n))
        .collect();
    let release = test_support::hip_run().facts.release;
    assert_readme_counts(release, &ours);
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "{} differences README does not list:\n{}\nREADME lists as different, but the same now: {stale:?}",
        unlisted.len(),
        unlisted.join("\n")
    );
}
