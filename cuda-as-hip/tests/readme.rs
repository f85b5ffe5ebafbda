//! README's coverage table says what the generated tables say (README stays true).

#[test]
fn readme_coverage_table_matches_the_generated_totals() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    for (version, dm, df, nm, nf) in cuda_as_hip::tables::COVERAGE {
        let row = format!("| {version} | {dm} | {df} | {nm} | {nf} |");
        assert!(
            readme.contains(&row),
            "README.md lacks `{row}` (regenerate the coverage table from COVERAGE.md)"
        );
    }
    for (version, mapped, forwarded) in cuda_as_hip::runtime_tables::COVERAGE {
        let row = format!("| {version} | {mapped} | {forwarded} |");
        assert!(
            readme.contains(&row),
            "README.md lacks runtime row `{row}` (from COVERAGE.md)"
        );
    }
}
