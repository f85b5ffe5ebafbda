//! What every ROCm library's test checks alike (`hiprand.rs`, `hipblas.rs`, `rccl.rs`, `hipfft.rs`).

use hip_sys::rocm::{RocmLibrary, RocmLoadError};
use hip_sys::Search;
use std::fmt::Debug;

/// This run's library (`found`, named `label`, its files `file*`, its variable `env`) and its
/// facts, or `None` where the runtime has none beside it — then the search must say so, naming
/// what to install. (hipRAND is beside every runtime: `hiprand.rs` has no use for it.)
#[allow(dead_code)]
pub fn loaded<L: Debug, F: Debug>(
    found: Result<&'static L, &'static RocmLoadError>,
    facts: Option<&'static F>,
    (label, file, env): (&str, &str, &str),
) -> Option<(&'static L, &'static F)> {
    let release = &test_support::hip_run().facts.release;
    match (found, facts) {
        (Ok(l), Some(f)) => Some((l, f)),
        (Err(e), None) => {
            let text = e.to_string();
            assert!(
                text.contains(&format!("no {label} library found")),
                "{text}"
            );
            assert!(text.contains(file) && text.contains(env), "{text}");
            None
        }
        (Ok(l), None) => panic!("HIP {release} has no {label}, yet {l:?} loaded"),
        (Err(e), Some(f)) => panic!("no {label} {f:?} (scripts/setup.sh installs it): {e}"),
    }
}

/// A library named by its variable (`env`) that does not load is an error naming the variable and
/// the path, and no other library is tried in its place.
pub fn an_explicit_library_that_does_not_load_is_the_only_one_tried(id: u8, env: &str, path: &str) {
    let search = Search {
        explicit: Some(path.into()),
        roots: vec![],
        system: true,
    };
    let beside = hip_sys::hip().ok().and_then(|h| h.runtime_file());
    let dir = beside.as_deref().and_then(std::path::Path::parent);
    let e = RocmLibrary::load(id, &search, dir).unwrap_err().to_string();
    assert!(e.contains(env) && e.contains(path), "{e}");
    assert!(e.contains("No other is tried"), "{e}");
}

/// The release the loaded library reports is `reported` (its facts'), and it chose the table
/// named after its Debian release (`bindings`, `Bindings`' Debug: `V6_4_3`), one of its known ones;
/// it was found beside the HIP runtime.
pub fn the_release_chooses_its_table(
    lib: &RocmLibrary,
    (reported, release): ((u32, u32, u32), &str),
    bindings: impl Debug,
    known: bool,
) {
    assert_eq!(lib.release().reported, reported, "{lib:?}");
    assert_eq!(
        format!("{bindings:?}"),
        format!("V{}", release.replace('.', "_"))
    );
    assert!(known, "{bindings:?} is one of the library's tables");
    found_beside_the_runtime(lib);
}

/// The library was found beside the HIP runtime in use (its directory, resolved).
fn found_beside_the_runtime(lib: &RocmLibrary) {
    let file = lib.file().expect("dladdr names the mapped file");
    let hip = hip_sys::hip()
        .expect("HIP")
        .runtime_file()
        .expect("HIP's file");
    assert_eq!(
        file.parent(),
        hip.parent(),
        "{lib:?} is found beside the HIP runtime"
    );
}
