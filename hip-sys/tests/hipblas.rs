//! hipBLAS as each HIP runtime of this run ships beside it (a sysroot's 5.7.1 / 6.4.3 / 7.2.4
//! with hipBLAS 5.5.1 / 6.4.4 / 7.2.4 under `scripts/on-hip.sh`; Debian has none beside the host's
//! HIP 5.2.3): found beside that runtime, its release read from the rocBLAS it is built on and its
//! binding table chosen, functions resolved by name, and what it answers without a GPU. Each test
//! asserts the running release's facts (`test_support::FACTS`).

use hip_sys::hipblas::{hipblas, Bindings, Hipblas, ID, LIBRARY_ENV};
mod rocm;

use test_support::{hip_run, HipblasFacts};

/// This run's hipBLAS and its facts (`None` where the runtime has none beside it).
fn loaded() -> Option<(&'static Hipblas, &'static HipblasFacts)> {
    let facts = hip_run().facts.hipblas.as_ref();
    rocm::loaded(hipblas(), facts, ("hipBLAS", "libhipblas", LIBRARY_ENV))
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let Some((l, f)) = loaded() else { return };
    let known = Bindings::ALL.contains(&l.bindings());
    rocm::the_release_chooses_its_table(
        l.library(),
        (f.rocblas_version, f.release),
        l.bindings(),
        known,
    );
}

#[test]
fn answers_without_a_gpu() {
    let Some((h, f)) = loaded() else { return };
    // SAFETY: NULL handles and out-pointers are what is being tested; hipBLAS checks them.
    unsafe {
        let mut handle = std::ptr::null_mut();
        let created = h.hipblasCreate(&mut handle).unwrap();
        assert_eq!(created.name(), Some(f.create_without_gpu));
        assert!(handle.is_null(), "no handle without a GPU");
        let null = std::ptr::null_mut();
        let destroyed = h.hipblasDestroy(null).unwrap();
        assert_eq!(destroyed.name(), Some("HIPBLAS_STATUS_NOT_INITIALIZED"));
        let stream = h.hipblasSetStream(null, std::ptr::null_mut()).unwrap();
        assert_eq!(stream.name(), Some("HIPBLAS_STATUS_NOT_INITIALIZED"));
    }
}

#[test]
fn a_function_this_release_lacks_is_a_symbol_error_naming_it() {
    let Some((h, f)) = loaded() else { return };
    // SAFETY: a NULL handle, checked by hipBLAS where the function exists.
    let r = unsafe { h.hipblasSetWorkspace(std::ptr::null_mut(), std::ptr::null_mut(), 0) };
    match f.release {
        "7.2.4" => assert_eq!(r.unwrap().name(), Some("HIPBLAS_STATUS_NOT_INITIALIZED")),
        _ => {
            let e = r.unwrap_err();
            assert_eq!(e.name(), "hipblasSetWorkspace");
            let text = e.to_string();
            assert!(
                text.contains("hipBLAS") && text.contains("release"),
                "{text}"
            );
        }
    }
}

#[test]
fn an_explicit_library_that_does_not_load_is_the_only_one_tried() {
    rocm::an_explicit_library_that_does_not_load_is_the_only_one_tried(
        ID,
        LIBRARY_ENV,
        "/nonexistent/libhipblas.so.3",
    );
}
