//! What every ROCm library's test checks alike (`hiprand.rs`, `hipblas.rs`).

use hip_sys::rocm::RocmLibrary;
use hip_sys::Search;

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

/// The library was found beside the HIP runtime in use (its directory, resolved).
pub fn found_beside_the_runtime(lib: &RocmLibrary) {
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
