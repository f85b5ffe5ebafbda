//! cuRAND on the hipRAND beside this run's HIP runtime (host 5.2.3 with hipRAND 5.3.3, or a
//! sysroot's 5.7.1 / 6.4.3 / 7.2.4), without a GPU: what each call answers, in cuRAND's codes, per
//! release (`test_support::FACTS`). Calls through `cuda_as_hip::raw` take C's integers, so values
//! cuRAND's enums lack can be passed.

use cuda_as_hip::curand::sys::{self as sys, curandStatus_t as S};
use cuda_as_hip::raw;
use std::ffi::c_int;
use test_support::{hip_run, Facts};

fn facts() -> &'static Facts {
    hip_run().facts
}

/// hipRAND 6.4 brought the ordering, direction-vector and scramble-constant functions.
fn has_quasi_tables(f: &Facts) -> bool {
    matches!(f.hiprand_release, "6.4.3" | "7.2.4")
}

#[test]
fn version_and_properties_are_curands() {
    let mut v: c_int = 0;
    // SAFETY: valid out-pointers; NULL ones are what is tested.
    unsafe {
        assert_eq!(sys::curandGetVersion(&mut v), S::CURAND_STATUS_SUCCESS);
        assert_eq!(v as u32, sys::CURAND_VERSION);
        assert_eq!(v, 10310);
        let part = |p: u32| {
            let mut x = -1;
            (raw::curandGetProperty(p, &mut x), x)
        };
        assert_eq!(part(0), (S::CURAND_STATUS_SUCCESS, 10));
        assert_eq!(part(1), (S::CURAND_STATUS_SUCCESS, 3));
        assert_eq!(part(2), (S::CURAND_STATUS_SUCCESS, 10));
        assert_eq!(part(7).0, S::CURAND_STATUS_OUT_OF_RANGE);
        assert_eq!(
            sys::curandGetVersion(std::ptr::null_mut()),
            S::CURAND_STATUS_OUT_OF_RANGE
        );
    }
}

#[test]
fn no_generator_without_a_gpu_and_no_abort() {
    let mut g = std::ptr::null_mut();
    // SAFETY: valid out-pointers; a NULL one is what is tested.
    unsafe {
        // XORWOW (cuRAND 101): hipRAND 6.4 and 7.2 would create it and abort destroying it.
        for create in [raw::curandCreateGenerator, raw::curandCreateGeneratorHost] {
            assert_eq!(create(&mut g, 101), S::CURAND_STATUS_INITIALIZATION_FAILED);
            assert!(g.is_null(), "no generator is handed out");
            assert_eq!(
                create(std::ptr::null_mut(), 101),
                S::CURAND_STATUS_OUT_OF_RANGE,
                "hipRAND 6.4 and 7.2 dereference a NULL generator pointer"
            );
        }
    }
}

#[test]
fn a_null_generator_is_not_initialized() {
    let null = std::ptr::null_mut();
    let mut out = [0u32; 4];
    // SAFETY: a NULL generator is what is tested; hipRAND checks it.
    unsafe {
        let not_init = S::CURAND_STATUS_NOT_INITIALIZED;
        assert_eq!(sys::curandSetPseudoRandomGeneratorSeed(null, 7), not_init);
        assert_eq!(sys::curandSetGeneratorOffset(null, 7), not_init);
        assert_eq!(sys::curandGenerateSeeds(null), not_init);
        assert_eq!(sys::curandGenerate(null, out.as_mut_ptr(), 4), not_init);
        // cudaStreamLegacy (0x1) becomes HIP's null stream before hipRAND sees it.
        assert_eq!(sys::curandSetStream(null, 1 as _), not_init);
        // hipRAND accepts destroying NULL.
        assert_eq!(sys::curandDestroyGenerator(null), S::CURAND_STATUS_SUCCESS);
    }
}

#[test]
fn each_release_answers_what_it_has() {
    let f = facts();
    let mut p: *mut u32 = std::ptr::null_mut();
    let mut v32: *mut sys::curandDirectionVectors32_t = std::ptr::null_mut();
    // SAFETY: valid out-pointers; a NULL generator, which hipRAND checks.
    unsafe {
        let scramble = sys::curandGetScrambleConstants32(&mut p);
        let vectors = raw::curandGetDirectionVectors32(&mut v32, 101); // JOEKUO6
        let bad_set = raw::curandGetDirectionVectors32(&mut v32, 999);
        let bad_order = raw::curandSetGeneratorOrdering(std::ptr::null_mut(), 12345);
        let order = raw::curandSetGeneratorOrdering(std::ptr::null_mut(), 101); // PSEUDO_DEFAULT
        if has_quasi_tables(f) {
            assert_eq!(scramble, S::CURAND_STATUS_SUCCESS);
            assert!(!p.is_null(), "hipRAND's host table");
            assert_eq!(vectors, S::CURAND_STATUS_SUCCESS);
            assert!((*v32)[0] != 0, "direction vectors are filled in");
            assert_eq!(order, S::CURAND_STATUS_NOT_INITIALIZED);
            // Values cuRAND's enums lack, refused before hipRAND.
            assert_eq!(bad_set, S::CURAND_STATUS_OUT_OF_RANGE);
            assert_eq!(bad_order, S::CURAND_STATUS_OUT_OF_RANGE);
        } else {
            // Not declared by hipRAND 5.x: cuRAND has no "not supported", so an internal error.
            for r in [scramble, vectors, order, bad_set, bad_order] {
                assert_eq!(r, S::CURAND_STATUS_INTERNAL_ERROR);
            }
        }
        let mut out = [0u64; 2];
        let long = sys::curandGenerateLongLong(std::ptr::null_mut(), out.as_mut_ptr(), 2);
        match f.hiprand_release {
            "5.3.3" => assert_eq!(long, S::CURAND_STATUS_INTERNAL_ERROR),
            _ => assert_eq!(long, S::CURAND_STATUS_NOT_INITIALIZED),
        }
    }
}

#[test]
fn functions_hiprand_lacks_are_internal_errors() {
    let mut out = [0u32; 2];
    // SAFETY: never reaches hipRAND.
    let r =
        unsafe { raw::curandGenerateBinomial(std::ptr::null_mut(), out.as_mut_ptr(), 2, 4, 0.5) };
    assert_eq!(r, S::CURAND_STATUS_INTERNAL_ERROR);
}
