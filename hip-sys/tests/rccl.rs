//! RCCL as each HIP runtime of this run ships beside it (a sysroot's 5.7.1 with RCCL 5.4.3, 7.2.4
//! with RCCL 7.2.4; Debian has none beside 5.2.3 and 6.4.3): found beside that runtime, its
//! release read from the NCCL version it reports and its binding table chosen, and what it
//! answers without a GPU (`test_support::FACTS`).

use hip_sys::rccl::{rccl, Bindings, Rccl, ID, LIBRARY_ENV};

mod rocm;

use test_support::{hip_run, RcclFacts};

/// This run's RCCL and its release, or `None` where the runtime has none beside it — then the
/// search must say so, naming what to install.
fn loaded() -> Option<(&'static Rccl, &'static RcclFacts)> {
    let facts = hip_run().facts;
    match (rccl(), &facts.rccl) {
        (Ok(r), Some(f)) => Some((r, f)),
        (Err(e), None) => {
            let text = e.to_string();
            assert!(text.contains("no RCCL library found"), "{text}");
            assert!(
                text.contains("librccl") && text.contains(LIBRARY_ENV),
                "{text}"
            );
            None
        }
        (Ok(r), None) => panic!("HIP {} has no RCCL, yet {r:?} loaded", facts.release),
        (Err(e), Some(f)) => {
            panic!("no RCCL {} (scripts/setup.sh installs it): {e}", f.release)
        }
    }
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let Some((r, f)) = loaded() else {
        return;
    };
    let lib = r.library();
    assert_eq!(lib.release().reported, f.nccl_version, "{lib:?}");
    assert_eq!(
        format!("{:?}", r.bindings()),
        format!("V{}", f.release.replace('.', "_"))
    );
    rocm::found_beside_the_runtime(lib);
    assert!(Bindings::ALL.contains(&r.bindings()));
}

#[test]
fn answers_without_a_gpu() {
    let Some((r, f)) = loaded() else { return };
    // SAFETY: NULL out-pointers are what is being tested; RCCL checks them.
    unsafe {
        let null = r.ncclGetVersion(std::ptr::null_mut()).unwrap();
        assert_eq!(null.name(), Some("ncclInvalidArgument"));
        let mut id = std::mem::zeroed();
        let made = r.ncclGetUniqueId(&mut id).unwrap();
        assert_eq!(made.name(), Some(f.unique_id_without_gpu));
        let mut comm = std::ptr::null_mut();
        let all = r.ncclCommInitAll(&mut comm, 1, [0].as_ptr()).unwrap();
        assert_eq!(all.name(), Some("ncclUnhandledCudaError"));
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
