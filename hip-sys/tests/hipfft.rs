//! hipFFT as each HIP runtime of this run ships beside it (a sysroot's 5.7.1 / 6.4.3 / 7.2.4 with
//! hipFFT 6.1.2 / 6.4.3 / 7.2.4; Debian has none beside the host's HIP 5.2.3): found beside that
//! runtime, its release read from the rocFFT version it reports and its binding table chosen,
//! and what it does without a GPU (`test_support::FACTS`) — hipFFT 6.1 aborts the process when
//! asked to plan, which is why cuda-as-hip never lets a plan reach it without one.

use hip_sys::hipfft::{hipfft, Bindings, Hipfft, ID, LIBRARY_ENV};

mod rocm;

use test_support::{hip_run, test_executable, HipfftFacts};

/// This run's hipFFT and its facts (`None` where the runtime has none beside it).
fn loaded() -> Option<(&'static Hipfft, &'static HipfftFacts)> {
    let facts = hip_run().facts.hipfft.as_ref();
    rocm::loaded(hipfft(), facts, ("hipFFT", "libhipfft", LIBRARY_ENV))
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let Some((l, f)) = loaded() else { return };
    let known = Bindings::ALL.contains(&l.bindings());
    rocm::the_release_chooses_its_table(
        l.library(),
        (f.rocfft_version, f.release),
        l.bindings(),
        known,
    );
}

#[test]
fn creates_and_destroys_a_plan_without_a_gpu() {
    let Some((h, _)) = loaded() else { return };
    let mut plan = std::ptr::null_mut();
    // SAFETY: a valid out-pointer; the plan made is destroyed once.
    unsafe {
        assert_eq!(
            h.hipfftCreate(&mut plan).unwrap().name(),
            Some("HIPFFT_SUCCESS")
        );
        assert!(!plan.is_null());
        assert_eq!(
            h.hipfftDestroy(plan).unwrap().name(),
            Some("HIPFFT_SUCCESS")
        );
    }
}

/// Set in the child that plans (see below).
const PLAN_CHILD: &str = "CUDA_AS_HIP_TEST_HIPFFT_PLAN";

/// Planning without a GPU, in a child process of its own: hipFFT 6.1 throws out of
/// `hipfftPlan1d` (the process aborts), 6.4 and 7.2 answer a status.
#[test]
fn planning_without_a_gpu() {
    let Some((h, f)) = loaded() else { return };
    if std::env::var_os(PLAN_CHILD).is_some() {
        let mut plan = std::ptr::null_mut();
        // SAFETY: a valid out-pointer; a 256-point C2C transform.
        let r =
            unsafe { h.hipfftPlan1d(&mut plan, 256, hip_sys::hipfft::hipfftType_t::HIPFFT_C2C, 1) };
        println!("planned: {:?}", r.unwrap().name());
        return;
    }
    let out = hip_run()
        .command(test_executable(), &[])
        .args(["--exact", "planning_without_a_gpu", "--nocapture"])
        .env(PLAN_CHILD, "1")
        .output()
        .expect("the test binary starts");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    match f.plan_without_gpu {
        Err(()) => {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                out.status.signal(),
                Some(6),
                "hipFFT {} aborts: {text}",
                f.release
            );
            // A C++ exception (rocFFT's "hipGetDevice failed") reaching Rust's frames.
            assert!(text.contains("foreign exception"), "{text}");
        }
        Ok(name) => {
            assert!(out.status.success(), "{text}");
            assert!(text.contains(&format!("planned: Some({name:?})")), "{text}");
        }
    }
}

#[test]
fn an_explicit_library_that_does_not_load_is_the_only_one_tried() {
    rocm::an_explicit_library_that_does_not_load_is_the_only_one_tried(
        ID,
        LIBRARY_ENV,
        "/nonexistent/libhipfft.so.0",
    );
}
