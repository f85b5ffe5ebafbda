//! hipSOLVER as each HIP runtime of this run ships beside it (a sysroot's 5.7.1 / 6.4.3 / 7.2.4
//! with hipSOLVER 5.5.1 / 6.4.1 / 7.2.4; Debian has none beside the host's HIP 5.2.3): found beside
//! that runtime, its release read from the rocSOLVER it is built on and its binding table chosen,
//! and what it answers without a GPU (`test_support::FACTS`).

use hip_sys::hipsolver::{hipsolver, Bindings, Hipsolver, ID, LIBRARY_ENV};

mod rocm;

use test_support::{hip_run, HipsolverFacts};

/// This run's hipSOLVER and its facts (`None` where the runtime has none beside it).
fn loaded() -> Option<(&'static Hipsolver, &'static HipsolverFacts)> {
    let facts = hip_run().facts.hipsolver.as_ref();
    rocm::loaded(
        hipsolver(),
        facts,
        ("hipSOLVER", "libhipsolver", LIBRARY_ENV),
    )
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let Some((h, f)) = loaded() else { return };
    let known = Bindings::ALL.contains(&h.bindings());
    let release = (f.rocsolver_version, f.release);
    rocm::the_release_chooses_its_table(h.library(), release, h.bindings(), known);
}

/// Without a GPU every release answers INTERNAL_ERROR (once HIP is loaded, as here and in the
/// shim; hipSOLVER 5.5 answers NOT_INITIALIZED in a process that never loaded HIP first), and a
/// NULL out-pointer HANDLE_IS_NULLPTR, a code cuSOLVER lacks.
#[test]
fn no_handle_without_a_gpu() {
    let Some((h, _)) = loaded() else { return };
    let mut handle = std::ptr::null_mut();
    // SAFETY: a valid out-pointer; NULL ones are checked by hipSOLVER.
    unsafe {
        let made = h.hipsolverDnCreate(&mut handle).unwrap().name();
        assert_eq!(made, Some("HIPSOLVER_STATUS_INTERNAL_ERROR"));
        assert!(handle.is_null());
        let null = h.hipsolverDnCreate(std::ptr::null_mut()).unwrap().name();
        assert_eq!(null, Some("HIPSOLVER_STATUS_HANDLE_IS_NULLPTR"));
    }
}

#[test]
fn an_explicit_library_that_does_not_load_is_the_only_one_tried() {
    rocm::an_explicit_library_that_does_not_load_is_the_only_one_tried(
        ID,
        LIBRARY_ENV,
        "/nonexistent/libhipsolver.so.1",
    );
}
