//! cuFFT on the hipFFT beside this run's HIP runtime (a sysroot's 5.7.1 / 6.4.3 / 7.2.4 with
//! hipFFT 6.1.2 / 6.4.3 / 7.2.4; none beside 5.2.3), without a GPU: cuFFT's version, plan numbers
//! standing for hipFFT's plans, and planning refused with cuFFT's SETUP_FAILED — never passed to
//! hipFFT 6.1, which would abort the process (`hip-sys/tests/hipfft.rs`).

use cuda_as_hip::cufft::sys::{self as sys, cufftResult as R, cufftType};
use std::ffi::c_int;
use test_support::hip_run;

/// Whether this run's HIP has a hipFFT beside it.
fn has_hipfft() -> bool {
    hip_run().facts.hipfft.is_some()
}

#[test]
fn version_is_cuffts() {
    let (mut v, mut parts): (c_int, [c_int; 3]) = (0, [0; 3]);
    // SAFETY: valid out-pointers; a NULL one is what is tested.
    unsafe {
        assert_eq!(sys::cufftGetVersion(&mut v), R::CUFFT_SUCCESS);
        for (i, part) in parts.iter_mut().enumerate() {
            let which = [
                sys::libraryPropertyType_t::MAJOR_VERSION,
                sys::libraryPropertyType_t::MINOR_VERSION,
                sys::libraryPropertyType_t::PATCH_LEVEL,
            ][i];
            assert_eq!(sys::cufftGetProperty(which, part), R::CUFFT_SUCCESS);
        }
        assert_eq!(
            sys::cufftGetVersion(std::ptr::null_mut()),
            R::CUFFT_INVALID_VALUE
        );
    }
    assert_eq!((v, parts), (11401, [11, 4, 1]));
}

/// hipFFT makes a plan object without a GPU; its number is cuFFT's handle, good until destroyed.
#[test]
fn plan_numbers_stand_for_hipffts_plans_until_destroyed() {
    let mut plan: sys::cufftHandle = -1;
    // SAFETY: valid out-pointers; the plan is destroyed once, then used to test the refusal.
    unsafe {
        let created = sys::cufftCreate(&mut plan);
        if !has_hipfft() {
            // No hipFFT to load: cuFFT's answer when it cannot set up.
            assert_eq!(created, R::CUFFT_SETUP_FAILED);
            return;
        }
        assert_eq!(created, R::CUFFT_SUCCESS);
        assert!(plan > 0, "{plan}");
        let mut other = -1;
        assert_eq!(sys::cufftCreate(&mut other), R::CUFFT_SUCCESS);
        assert_ne!(plan, other);
        assert_eq!(
            sys::cufftSetStream(plan, std::ptr::null_mut()),
            R::CUFFT_SUCCESS
        );
        assert_eq!(sys::cufftSetAutoAllocation(plan, 0), R::CUFFT_SUCCESS);
        assert_eq!(sys::cufftDestroy(plan), R::CUFFT_SUCCESS);
        assert_eq!(sys::cufftDestroy(plan), R::CUFFT_INVALID_PLAN);
        assert_eq!(
            sys::cufftSetStream(plan, std::ptr::null_mut()),
            R::CUFFT_INVALID_PLAN
        );
        assert_eq!(sys::cufftDestroy(other), R::CUFFT_SUCCESS);
    }
}

#[test]
fn a_number_never_handed_out_is_an_invalid_plan() {
    let mut size = 0;
    // SAFETY: the numbers are refused before hipFFT; valid out-pointers.
    unsafe {
        for plan in [0, 12345, -1] {
            let null = std::ptr::null_mut();
            let exec = sys::cufftExecC2C(plan, null, null, sys::CUFFT_FORWARD);
            let got = sys::cufftGetSize(plan, &mut size);
            let want = match has_hipfft() {
                true => R::CUFFT_INVALID_PLAN,
                false => R::CUFFT_SETUP_FAILED,
            };
            assert_eq!([exec, got], [want; 2], "plan {plan}");
        }
        assert_eq!(
            sys::cufftCreate(std::ptr::null_mut()),
            match has_hipfft() {
                true => R::CUFFT_INVALID_VALUE,
                false => R::CUFFT_SETUP_FAILED,
            }
        );
    }
}

/// Every call that plans a transform is refused without a GPU, on every release: hipFFT 6.1
/// would throw out of it (aborting the process), 6.4 and 7.2 answer PARSE_ERROR.
#[test]
fn planning_without_a_gpu_is_setup_failed() {
    let (mut plan, mut size) = (-1, 0);
    let mut n = [256];
    // SAFETY: valid out-pointers and sizes; refused before hipFFT.
    unsafe {
        let c2c = cufftType::CUFFT_C2C;
        let answers = [
            sys::cufftPlan1d(&mut plan, 256, c2c, 1),
            sys::cufftPlan2d(&mut plan, 16, 16, c2c),
            sys::cufftPlanMany(
                &mut plan,
                1,
                n.as_mut_ptr(),
                std::ptr::null_mut(),
                1,
                256,
                std::ptr::null_mut(),
                1,
                256,
                c2c,
                1,
            ),
            sys::cufftEstimate1d(256, c2c, 1, &mut size),
            sys::cufftGetSize1d(7, 256, c2c, 1, &mut size),
            sys::cufftMakePlan1d(7, 256, c2c, 1, &mut size),
        ];
        assert_eq!(answers, [R::CUFFT_SETUP_FAILED; 6]);
    }
    assert_eq!(plan, -1);
}

/// What hipFFT lacks is cuFFT's NOT_SUPPORTED; an unknown constant is INVALID_VALUE.
#[test]
fn unsupported_calls_and_unknown_constants() {
    let mut value = 0i64;
    // SAFETY: refused before hipFFT (the plan numbers are never handed out, or are live).
    unsafe {
        assert_eq!(
            sys::cufftGetPlanPropertyInt64(
                1,
                sys::cufftProperty_t::NVFFT_PLAN_PROPERTY_INT64_PATIENT_JIT,
                &mut value
            ),
            R::CUFFT_NOT_SUPPORTED
        );
        if !has_hipfft() {
            return;
        }
        let mut plan = -1;
        assert_eq!(sys::cufftCreate(&mut plan), R::CUFFT_SUCCESS);
        let mut desc = std::ptr::null_mut();
        let unknown = cuda_as_hip::raw::cufftXtMalloc(plan, &mut desc, 99);
        assert_eq!(unknown, R::CUFFT_INVALID_VALUE);
        assert_eq!(sys::cufftDestroy(plan), R::CUFFT_SUCCESS);
    }
}
