//! RCCL as each HIP runtime of this run ships beside it (a sysroot's 5.7.1 with RCCL 5.4.3, 7.2.4
//! with RCCL 7.2.4; Debian has none beside 5.2.3 and 6.4.3): found beside that runtime, its
//! release read from the NCCL version it reports and its binding table chosen, and what it
//! answers without a GPU (`test_support::FACTS`).

use hip_sys::rccl::{rccl, Bindings, Rccl, ID, LIBRARY_ENV};

mod rocm;

use test_support::{hip_run, RcclFacts};

/// This run's RCCL and its facts (`None` where the runtime has none beside it).
fn loaded() -> Option<(&'static Rccl, &'static RcclFacts)> {
    let facts = hip_run().facts.rccl.as_ref();
    rocm::loaded(rccl(), facts, ("RCCL", "librccl", LIBRARY_ENV))
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let Some((l, f)) = loaded() else { return };
    let known = Bindings::ALL.contains(&l.bindings());
    rocm::the_release_chooses_its_table(
        l.library(),
        (f.nccl_version, f.release),
        l.bindings(),
        known,
    );
}

/// `$call` on the loaded release's own functions (RCCL numbers its status per release), its
/// answer by name.
macro_rules! by_name {
    ($r:expr, |$api:ident| $call:expr) => {
        match $r.bindings() {
            Bindings::V5_4_3 => {
                let $api = $r.v5_4_3();
                $call.unwrap().name()
            }
            Bindings::V7_2_4 => {
                let $api = $r.v7_2_4();
                $call.unwrap().name()
            }
        }
    };
}

#[test]
fn answers_without_a_gpu() {
    let Some((r, f)) = loaded() else { return };
    let mut id = hip_sys::rccl::ncclUniqueId { internal: [0; 128] };
    let mut comm = std::ptr::null_mut();
    // SAFETY: NULL out-pointers are what is being tested; RCCL checks them.
    unsafe {
        let null = by_name!(r, |api| api.ncclGetVersion(std::ptr::null_mut()));
        assert_eq!(null, Some("ncclInvalidArgument"));
        let made = by_name!(r, |api| api.ncclGetUniqueId(&mut id));
        assert_eq!(made, Some(f.unique_id_without_gpu));
        let all = by_name!(r, |api| api.ncclCommInitAll(&mut comm, 1, [0].as_ptr()));
        assert_eq!(all, Some("ncclUnhandledCudaError"));
        assert!(comm.is_null());
    }
}

#[test]
fn an_explicit_library_that_does_not_load_is_the_only_one_tried() {
    rocm::an_explicit_library_that_does_not_load_is_the_only_one_tried(
        ID,
        LIBRARY_ENV,
        "/nonexistent/librccl.so.1",
    );
}
