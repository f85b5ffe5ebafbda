//! aliasgen's function counts against an independent C front end: gcc's `-aux-info`, which writes
//! one prototype per function the translation unit declares, tagged with its file.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// A header set as gcc is to read it: the include directory (under `.cache/inputs`), the
/// subdirectory whose headers are the API's own, what to `#include`, and what to define.
struct Set<'a> {
    include: &'a str,
    own: &'a str,
    source: &'a str,
    defines: &'a [&'a str],
}

/// Per header (relative to the set's own directory): how many distinct non-static functions gcc
/// sees declared.
fn gcc_counts(set: &Set) -> BTreeMap<String, usize> {
    let include = root().join(".cache/inputs").join(set.include);
    assert!(
        include.exists(),
        "{}: missing; run scripts/setup.sh",
        include.display()
    );
    let dir = test_support::Scratch::new("aliasgen-counts");
    let (src, aux) = (dir.path().join("probe.c"), dir.path().join("aux.txt"));
    std::fs::write(&src, set.source).unwrap();
    let status = Command::new("gcc")
        .args(["-fsyntax-only", "-std=c11"])
        .args(set.defines.iter().map(|d| format!("-D{d}")))
        .arg("-I")
        .arg(&include)
        .arg("-aux-info")
        .args([&aux, &src])
        .status()
        .expect("gcc runs");
    assert!(status.success());
    let own_dir = include.join(set.own);
    let mut seen = BTreeMap::<String, String>::new();
    for line in std::fs::read_to_string(&aux).unwrap().lines() {
        // `/* FILE:LINE:NC */ extern TYPE NAME (PARAMS); /* ... */`
        let Some((tag, decl)) = line.strip_prefix("/* ").and_then(|l| l.split_once(" */ ")) else {
            continue;
        };
        let Some(file) = tag
            .rsplitn(3, ':')
            .nth(2)
            .and_then(|f| Path::new(f).strip_prefix(&own_dir).ok())
            .map(|f| f.display().to_string())
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
        seen.entry(name.to_string()).or_insert(file);
    }
    let mut counts = BTreeMap::new();
    for file in seen.values() {
        *counts.entry(file.clone()).or_default() += 1;
    }
    counts
}

/// What `aliasgen counts` prints.
fn aliasgen_counts() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_aliasgen"))
        .arg("counts")
        .output()
        .expect("aliasgen runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Asserts that `stdout` has `label`'s line with gcc's counts; gcc's counts.
fn assert_counts(stdout: &str, label: &str, set: &Set) -> BTreeMap<String, usize> {
    let gcc = gcc_counts(set);
    let total: usize = gcc.values().sum();
    let per_header: Vec<String> = gcc.iter().map(|(h, n)| format!("{h} {n}")).collect();
    let expected = format!("{label}: {total} functions ({}),", per_header.join(", "));
    assert!(
        stdout.lines().any(|l| l.starts_with(&expected)),
        "expected `{expected}` in:\n{stdout}"
    );
    gcc
}

#[test]
fn function_counts_match_gcc_for_every_hip_version() {
    let stdout = aliasgen_counts();
    for version in ["5.2.3", "5.7.1", "6.4.3", "7.2.4"] {
        let include = format!("hip-{version}/usr/include");
        // As aliasgen reads them: hip_gl_interop.h too where it exists (from HIP 6 the only
        // declaration of hipGLGetDevices and hipGraphicsGLRegister*).
        let mut source =
            String::from("#include <hip/hip_runtime_api.h>\n#include <hip/hiprtc.h>\n");
        let gl = root()
            .join(".cache/inputs")
            .join(&include)
            .join("hip/hip_gl_interop.h");
        if gl.exists() {
            source.push_str("#include <hip/hip_gl_interop.h>\n");
        }
        let set = Set {
            include: &include,
            own: "hip",
            source: &source,
            defines: &["__HIP_PLATFORM_AMD__"],
        };
        let gcc = assert_counts(&stdout, &format!("HIP {version}"), &set);
        assert!(
            gcc["hip_runtime_api.h"] > 300 && gcc["hiprtc.h"] >= 11,
            "{version}: {gcc:?}"
        );
    }
    assert!(
        stdout.contains("HIP 7.2.4: 522 functions"),
        "7.2.4 declares 522 C functions (3 in amd_hip_gl_interop.h):\n{stdout}"
    );
}

#[test]
fn function_counts_match_gcc_for_every_comgr_release() {
    let stdout = aliasgen_counts();
    // 5.2.3's header is at the top of the include directory; later ones in amd_comgr/.
    for (release, own) in [
        ("5.2.3", ""),
        ("6.0", "amd_comgr"),
        ("7.0.2", "amd_comgr"),
        ("7.2.4", "amd_comgr"),
    ] {
        let set = Set {
            include: &format!("comgr-{release}/usr/include"),
            own,
            source: &format!(
                "#include <{}>\n",
                Path::new(own).join("amd_comgr.h").display()
            ),
            defines: &[],
        };
        let gcc = assert_counts(&stdout, &format!("comgr {release}"), &set);
        assert!(gcc["amd_comgr.h"] > 50, "{release}: {gcc:?}");
    }
}
