//! Layout truth: every record hip-sys declares has, for each HIP version, the size, alignment and
//! field offsets that a C compiler (gcc) computes from the real Debian headers. Rust's numbers
//! come from the compiled bindings; gcc checks them with `_Static_assert`s against the headers.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

/// Rust's view of one record.
pub struct RecordLayout {
    rust: &'static str,
    c: &'static str,
    size: usize,
    align: usize,
    fields: Vec<(&'static str, usize)>,
}

macro_rules! layout {
    ($module:ident, $ty:ident, $c:expr, [$($cfield:literal $field:ident),*]) => {
        RecordLayout {
            rust: concat!(stringify!($module), "::", stringify!($ty)),
            c: $c,
            size: core::mem::size_of::<hip_sys::$module::$ty>(),
            align: core::mem::align_of::<hip_sys::$module::$ty>(),
            fields: vec![$(($cfield, core::mem::offset_of!(hip_sys::$module::$ty, $field))),*],
        }
    };
}

#[rustfmt::skip]
#[path = "layout/generated.rs"]
mod generated;

/// A C file of `_Static_assert`s stating Rust's numbers for every record of one version.
fn c_probe(records: &[RecordLayout]) -> String {
    let mut c = String::from(
        "#include <stddef.h>\n#include <hip/hip_runtime_api.h>\n#include <hip/hiprtc.h>\n",
    );
    for r in records {
        let t = r.c;
        let (rust, size, align) = (r.rust, r.size, r.align);
        let _ = writeln!(
            c,
            "_Static_assert(sizeof({t}) == {size}, \"{rust}: size {size}\");"
        );
        let _ = writeln!(
            c,
            "_Static_assert(_Alignof({t}) == {align}, \"{rust}: align {align}\");"
        );
        for (field, offset) in &r.fields {
            let _ = writeln!(c, "_Static_assert(offsetof({t}, {field}) == {offset}, \"{rust}.{field}: offset {offset}\");");
        }
    }
    c
}

#[test]
fn every_record_matches_the_c_layout_of_its_headers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let scratch = test_support::Scratch::new("hip-sys-layout");
    let out = scratch.path();
    let mut checked = 0;
    for (version, records) in generated::all() {
        let include = root.join(format!(".cache/inputs/hip-{version}/usr/include"));
        assert!(
            include.join("hip/hip_runtime_api.h").exists(),
            "{}: missing; run scripts/setup.sh",
            include.display()
        );
        let probe = out.join(format!("layout-{version}.c"));
        std::fs::write(&probe, c_probe(&records)).unwrap();
        let gcc = Command::new("gcc")
            .args(["-fsyntax-only", "-std=c11", "-D__HIP_PLATFORM_AMD__", "-I"])
            .arg(&include)
            .arg(&probe)
            .output()
            .expect("gcc runs");
        assert!(
            gcc.status.success(),
            "HIP {version}: hip-sys layouts differ from gcc's reading of the headers:\n{}",
            String::from_utf8_lossy(&gcc.stderr)
        );
        assert!(
            records.len() > 100,
            "HIP {version}: only {} records probed",
            records.len()
        );
        checked += records.iter().map(|r| 2 + r.fields.len()).sum::<usize>();
    }
    println!("{checked} layout facts checked by gcc");
}
