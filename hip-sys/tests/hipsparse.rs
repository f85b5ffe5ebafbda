//! hipSPARSE as each HIP runtime of this run ships beside it (hipSPARSE 5.3.3 on the host beside
//! HIP 5.2.3, a sysroot's 5.7.1 / 6.4.3 / 7.2.4 beside those): found beside that runtime, its
//! release read from what it exports (and, for 7.x, its file's major version) and its binding
//! table chosen, and what it answers without a GPU (`test_support::FACTS`).

use hip_sys::hipsparse::{hipsparse, Bindings, Hipsparse, ID, LIBRARY_ENV};

mod rocm;

use test_support::{hip_run, Facts};

fn facts() -> &'static Facts {
    hip_run().facts
}

fn loaded() -> &'static Hipsparse {
    hipsparse().unwrap_or_else(|e| panic!("no hipSPARSE (scripts/setup.sh installs it): {e}"))
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let (f, h) = (facts(), loaded());
    let known = Bindings::ALL.contains(&h.bindings());
    let mut parts = f.hipsparse_release.split('.').map(|p| p.parse().unwrap());
    let reported = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let release = (reported, f.hipsparse_release);
    rocm::the_release_chooses_its_table(h.library(), release, h.bindings(), known);
}

/// Without a GPU hipSPARSE before 7.x answers success and leaves the handle NULL (7.2: an internal
/// error); its matrix descriptors need no GPU.
#[test]
fn answers_without_a_gpu() {
    let (f, h) = (facts(), loaded());
    let (mut handle, mut descr) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: valid out-pointers; the descriptor made is destroyed once.
    unsafe {
        let made = h.hipsparseCreate(&mut handle).unwrap().name();
        assert_eq!(made, Some(f.hipsparse_create_without_gpu));
        assert!(handle.is_null());
        let null = h.hipsparseCreate(std::ptr::null_mut()).unwrap().name();
        assert_eq!(null, Some("HIPSPARSE_STATUS_INVALID_VALUE"));
        assert_eq!(h.hipsparseCreateMatDescr(&mut descr).unwrap().0, 0);
        let triangular =
            hip_sys::hipsparse::hipsparseMatrixType_t::HIPSPARSE_MATRIX_TYPE_TRIANGULAR;
        assert_eq!(h.hipsparseSetMatType(descr, triangular).unwrap().0, 0);
        assert_eq!(h.hipsparseGetMatType(descr).unwrap(), triangular);
        assert_eq!(h.hipsparseDestroyMatDescr(descr).unwrap().0, 0);
    }
}

#[test]
fn an_explicit_library_that_does_not_load_is_the_only_one_tried() {
    rocm::an_explicit_library_that_does_not_load_is_the_only_one_tried(
        ID,
        LIBRARY_ENV,
        "/nonexistent/libhipsparse.so.1",
    );
}
