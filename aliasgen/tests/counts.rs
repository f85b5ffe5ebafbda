//! aliasgen's function counts against an independent C front end: gcc's `-aux-info`, which writes
//! one prototype per function the translation unit declares, tagged with its file.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Per header (relative to `hip/`): how many distinct non-static functions gcc sees declared.
fn gcc_counts(version: &str) -> BTreeMap<String, usize> {
    let include = root().join(format!(".cache/inputs/hip-{version}/usr/include"));
    assert!(
        include.exists(),
        "{}: missing; run scripts/setup.sh",
        include.display()
    );
    let dir = test_support::Scratch::new(&format!("aliasgen-counts-{version}"));
    let (src, aux) = (dir.path().join("probe.c"), dir.path().join("aux.txt"));
    std::fs::write(
        &src,
        "#include <hip/hip_runtime_api.h>\n#include <hip/hiprtc.h>\n",
    )
    .unwrap();
    let status = Command::new("gcc")
        .args(["-fsyntax-only", "-std=c11", "-D__HIP_PLATFORM_AMD__", "-I"])
        .arg(&include)
        .arg("-aux-info")
        .args([&aux, &src])
        .status()
        .expect("gcc runs");
    assert!(status.success());
    let hip_dir = format!("{}/hip/", include.display());
    let mut seen = BTreeMap::<String, String>::new();
    for line in std::fs::read_to_string(&aux).unwrap().lines() {
        // `/* FILE:LINE:NC */ extern TYPE NAME (PARAMS); /* ... */`
        let Some((tag, decl)) = line.strip_prefix("/* ").and_then(|l| l.split_once(" */ ")) else {
            continue;
        };
        let Some(file) = tag
            .rsplitn(3, ':')
            .nth(2)
            .and_then(|f| f.strip_prefix(&hip_dir))
        else {
            continue;
        };
        if !decl.starts_with("extern ") {
            continue;
        }
        let name = decl
            .split(" (")
            .next()
            .unwrap()
            .rsplit([' ', '*'])
            .next()
            .unwrap();
        seen.entry(name.to_string())
            .or_insert_with(|| file.to_string());
    }
    let mut counts = BTreeMap::new();
    for file in seen.values() {
        *counts.entry(file.clone()).or_default() += 1;
    }
    counts
}

#[test]
fn function_counts_match_gcc_for_every_hip_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_aliasgen"))
        .arg("counts")
        .output()
        .expect("aliasgen runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for version in ["5.2.3", "5.7.1", "6.4.3", "7.2.4"] {
        let gcc = gcc_counts(version);
        let total: usize = gcc.values().sum();
        let per_header: Vec<String> = gcc.iter().map(|(h, n)| format!("{h} {n}")).collect();
        let expected = format!(
            "HIP {version}: {total} functions ({}),",
            per_header.join(", ")
        );
        assert!(
            stdout.lines().any(|l| l.starts_with(&expected)),
            "expected `{expected}` in:\n{stdout}"
        );
        assert!(
            gcc["hip_runtime_api.h"] > 300 && gcc["hiprtc.h"] >= 11,
            "{version}: {gcc:?}"
        );
    }
    assert!(
        stdout.contains("HIP 7.2.4: 519 functions"),
        "7.2.4 declares 519 C functions:\n{stdout}"
    );
}
