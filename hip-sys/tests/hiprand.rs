//! hipRAND as each HIP runtime of this run ships beside it (host HIP 5.2.3 with hipRAND 5.3.3, or a
//! sysroot's 5.7.1 / 6.4.3 / 7.2.4 under `scripts/on-hip.sh`): found beside that runtime, its
//! release read and its binding table chosen, functions resolved by name, and what it answers
//! without a GPU. Each test asserts the running release's facts (`test_support::FACTS`).
//! Nothing here destroys a generator: hipRAND 6.4 and 7.2 abort the process doing that without a
//! GPU (cuda-as-hip's cuRAND never lets it happen; `cuda-as-hip/tests/curand.rs`).

use hip_sys::hiprand::{hiprand, Bindings, Hiprand, ID, LIBRARY_ENV};
mod rocm;

use test_support::{hip_run, Facts};

fn facts() -> &'static Facts {
    hip_run().facts
}

fn loaded() -> &'static Hiprand {
    hiprand().unwrap_or_else(|e| panic!("no hipRAND (scripts/setup.sh installs it): {e}"))
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let (f, l) = (facts(), loaded());
    let known = Bindings::ALL.contains(&l.bindings());
    let release = (f.rocrand_version, f.hiprand_release);
    rocm::the_release_chooses_its_table(l.library(), release, l.bindings(), known);
}

#[test]
fn answers_without_a_gpu() {
    let f = facts();
    let h = loaded();
    // SAFETY: NULL out-pointers and generators are what is being tested; hipRAND checks them.
    unsafe {
        let mut v = 0;
        assert_eq!(h.hiprandGetVersion(&mut v).unwrap().0, 0);
        assert_eq!(h.hiprandGetVersion(std::ptr::null_mut()).unwrap().0, 104);
        assert_eq!(
            h.hiprandDestroyGenerator(std::ptr::null_mut()).unwrap().0,
            0
        );
        let null_gen = h.hiprandGenerateSeeds(std::ptr::null_mut()).unwrap();
        assert_eq!(null_gen.name(), Some("HIPRAND_STATUS_NOT_INITIALIZED"));
        let mut g = std::ptr::null_mut();
        // HIPRAND_RNG_PSEUDO_XORWOW: hipRAND's own number (cuRAND's is 101).
        let created = h
            .hiprandCreateGenerator(&mut g, hip_sys::hiprand::hiprandRngType(401))
            .unwrap();
        match f.hiprand_creates_without_gpu {
            true => assert_eq!(created.0, 0), // left undestroyed: destroying it aborts
            false => assert_eq!(created.name(), Some("HIPRAND_STATUS_ALLOCATION_FAILED")),
        }
    }
}

#[test]
fn a_function_this_release_lacks_is_a_symbol_error_naming_it() {
    let h = loaded();
    let mut out = 0u64;
    // SAFETY: a NULL generator, checked by hipRAND where the function exists.
    let r = unsafe { h.hiprandGenerateLongLong(std::ptr::null_mut(), &mut out, 1) };
    match facts().hiprand_release {
        "5.3.3" => {
            let e = r.unwrap_err();
            assert_eq!(e.name(), "hiprandGenerateLongLong");
            let text = e.to_string();
            assert!(
                text.contains("hipRAND") && text.contains("release"),
                "{text}"
            );
        }
        _ => assert_eq!(r.unwrap().name(), Some("HIPRAND_STATUS_NOT_INITIALIZED")),
    }
}

#[test]
fn an_explicit_library_that_does_not_load_is_the_only_one_tried() {
    rocm::an_explicit_library_that_does_not_load_is_the_only_one_tried(
        ID,
        LIBRARY_ENV,
        "/nonexistent/libhiprand.so.1",
    );
}
