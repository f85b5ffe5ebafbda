//! README's coverage tables say what the generated totals say (README stays true).

use cuda_as_hip::COVERAGE;

/// README's coverage tables: one per model, each row a HIP version and then, per family, its
/// mapped and forwarded counts (`—` where no release of the family's library comes beside that
/// HIP version).
const README_TABLES: [&[&str]; 8] = [
    &["driver", "NVRTC"],
    &["runtime"],
    &["cuRAND"],
    &["cuBLAS"],
    &["NCCL"],
    &["cuFFT"],
    &["cuSOLVER"],
    &["cuSPARSE"],
];

#[test]
fn readme_coverage_table_matches_the_generated_totals() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let mut versions: Vec<&str> = COVERAGE.iter().map(|c| c.hip).collect();
    versions.dedup();
    assert_eq!(versions, ["5.2.3", "5.7.1", "6.4.3", "7.2.4"]);
    for version in versions {
        for families in README_TABLES {
            let mut row = format!("| {version} |");
            for family in families {
                let c = COVERAGE
                    .iter()
                    .find(|c| c.hip == version && c.family == *family);
                row.push_str(&match c {
                    Some(c) => format!(" {} | {} |", c.mapped, c.forwarded),
                    None => " — | — |".into(),
                });
            }
            assert!(
                readme.contains(&row),
                "README.md lacks `{row}` (regenerate the coverage tables from COVERAGE.md)"
            );
        }
    }
}
