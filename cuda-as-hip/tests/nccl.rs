//! NCCL on the RCCL beside this run's HIP runtime (a sysroot's 5.7.1 with RCCL 5.4.3, 7.2.4 with
//! 7.2.4; none beside 5.2.3 and 6.4.3), without a GPU: what each call answers, in NCCL's codes,
//! per release (`test_support::FACTS`).

use cuda_as_hip::nccl::sys::{self as sys, ncclResult_t as R};
use cuda_as_hip::raw;
use std::ffi::{c_int, CStr};
use test_support::{hip_run, RcclFacts};

fn rccl() -> Option<&'static RcclFacts> {
    hip_run().facts.rccl.as_ref()
}

#[test]
fn version_and_error_strings_are_nccls() {
    let mut v: c_int = 0;
    // SAFETY: valid out-pointers; a NULL one is what is tested.
    unsafe {
        assert_eq!(sys::ncclGetVersion(&mut v), R::ncclSuccess);
        assert_eq!(v, 22707);
        assert_eq!(sys::pncclGetVersion(&mut v), R::ncclSuccess);
        assert_eq!(
            sys::ncclGetVersion(std::ptr::null_mut()),
            R::ncclInvalidArgument
        );
        let text = |p: *const std::ffi::c_char| CStr::from_ptr(p).to_str().unwrap();
        assert_eq!(text(raw::ncclGetErrorString(0)), "no error");
        assert_eq!(
            text(raw::ncclGetErrorString(4)),
            "invalid argument (run with NCCL_DEBUG=WARN for details)"
        );
        assert_eq!(text(raw::pncclGetErrorString(99)), "unknown result code");
    }
}

#[test]
fn no_communicator_without_a_gpu() {
    let mut comm = std::ptr::null_mut();
    let mut id = unsafe { std::mem::zeroed() };
    // SAFETY: valid out-pointers.
    let (made, all) = unsafe {
        (
            sys::ncclGetUniqueId(&mut id),
            sys::ncclCommInitAll(&mut comm, 1, [0].as_ptr()),
        )
    };
    assert!(comm.is_null());
    match rccl() {
        Some(f) => {
            assert_eq!(format!("{made:?}"), f.unique_id_without_gpu);
            assert_eq!(all, R::ncclUnhandledCudaError);
        }
        // No RCCL to load: a system error, the log naming the package.
        None => assert_eq!([made, all], [R::ncclSystemError; 2]),
    }
}

/// A NULL communicator is NCCL's invalid argument, answered before RCCL (7.2 would ask HIP first
/// and answer ncclUnhandledCudaError), but destroying or aborting NULL succeeds, as in NCCL.
#[test]
fn a_null_communicator_is_an_invalid_argument() {
    let (mut count, null) = (0, std::ptr::null_mut());
    // SAFETY: NULL communicators, refused or checked by RCCL.
    let (counted, destroyed, aborted) = unsafe {
        (
            sys::ncclCommCount(null, &mut count),
            sys::ncclCommDestroy(null),
            sys::ncclCommAbort(null),
        )
    };
    assert_eq!(counted, R::ncclInvalidArgument);
    match rccl() {
        Some(_) => assert_eq!([destroyed, aborted], [R::ncclSuccess; 2]),
        None => assert_eq!([destroyed, aborted], [R::ncclSystemError; 2]),
    }
}

/// What a release lacks is an internal error (NCCL has no "not supported"), on a communicator
/// RCCL never sees.
#[test]
fn functions_a_release_lacks_are_internal_errors() {
    let (mut new, comm) = (std::ptr::null_mut(), std::ptr::NonNull::dangling().as_ptr());
    // SAFETY: refused before RCCL where it lacks the function; a NULL communicator elsewhere.
    let mut split =
        |comm| unsafe { sys::ncclCommSplit(comm, 0, 0, &mut new, std::ptr::null_mut()) };
    match rccl().map(|f| f.release) {
        // ncclCommSplit arrived with RCCL 6.
        Some("5.4.3") => assert_eq!(split(comm), R::ncclInternalError),
        _ => assert_eq!(split(std::ptr::null_mut()), R::ncclInvalidArgument),
    }
}
