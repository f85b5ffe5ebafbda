//! hipBLASLt as each HIP runtime of this run ships beside it (a sysroot's 7.1.1 / 7.2.4 beside HIP
//! 6.4.3 / 7.2.4; Debian has none for HIP 5): found beside that runtime, its release read from its
//! file's name and its binding table chosen, and what it does without a GPU — it ends the process
//! when asked for a handle, which is why cuda-as-hip never lets `cublasLtCreate` reach it without
//! one.

use hip_sys::hipblaslt::{hipblaslt, Bindings, Hipblaslt, ID, LIBRARY_ENV};

mod rocm;

use test_support::{hip_run, test_executable};

/// This run's hipBLASLt and its release (`None` where the runtime has none beside it).
fn loaded() -> Option<(&'static Hipblaslt, &'static &'static str)> {
    let facts = hip_run().facts.hipblaslt_release.as_ref();
    rocm::loaded(
        hipblaslt(),
        facts,
        ("hipBLASLt", "libhipblaslt", LIBRARY_ENV),
    )
}

#[test]
fn the_release_beside_the_runtime_chooses_its_table() {
    let Some((l, release)) = loaded() else { return };
    let known = Bindings::ALL.contains(&l.bindings());
    let mut parts = release.split('.').map(|p| p.parse().unwrap());
    let mut next = || parts.next().unwrap();
    let reported = (next(), next(), next());
    rocm::the_release_chooses_its_table(l.library(), (reported, release), l.bindings(), known);
}

/// Set in the child that asks for a handle (see below).
const CREATE_CHILD: &str = "CUDA_AS_HIP_TEST_HIPBLASLT_CREATE";

/// `hipblasLtCreate` without a GPU, in a child process of its own: hipBLASLt 7.1 and 7.2 end
/// the process there (`exit`, nothing after the call runs).
#[test]
fn creating_a_handle_without_a_gpu_ends_the_process() {
    let Some((h, _)) = loaded() else { return };
    if std::env::var_os(CREATE_CHILD).is_some() {
        let mut handle = std::ptr::null_mut();
        // SAFETY: a valid out-pointer.
        let r = unsafe { h.hipblasLtCreate(&mut handle) };
        println!("created: {:?}", r.unwrap().name());
        return;
    }
    let out = hip_run()
        .command(test_executable(), &[])
        .args([
            "--exact",
            "creating_a_handle_without_a_gpu_ends_the_process",
            "--nocapture",
        ])
        .env(CREATE_CHILD, "1")
        .output()
        .expect("the test binary starts");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("created:"), "hipBLASLt returned: {text}");
    assert!(!out.status.success(), "{:?}: {text}", out.status);
}

/// Its descriptors are made and read without a GPU, in its own numbers (HIPBLAS_OP_T 112).
#[test]
fn descriptors_without_a_gpu() {
    let Some((h, _)) = loaded() else { return };
    use hip_sys::hipblaslt::*;
    let mut desc = std::ptr::null_mut();
    let (t, mut back, mut written) = (hipblasOperation_t::HIPBLAS_OP_T.0, 0u32, 0usize);
    let transa = hipblasLtMatmulDescAttributes_t::HIPBLASLT_MATMUL_DESC_TRANSA;
    // SAFETY: valid out-pointers and 4-byte values; the descriptor made is destroyed once.
    unsafe {
        let compute = hipblasComputeType_t::HIPBLAS_COMPUTE_32F;
        let made = h.hipblasLtMatmulDescCreate(&mut desc, compute, hipDataType::HIP_R_32F);
        assert_eq!(made.unwrap().0, 0);
        assert!(!desc.is_null());
        let set = h.hipblasLtMatmulDescSetAttribute(desc, transa, (&t as *const u32).cast(), 4);
        assert_eq!(set.unwrap().0, 0);
        let buf = (&mut back as *mut u32).cast();
        let got = h.hipblasLtMatmulDescGetAttribute(desc, transa, buf, 4, &mut written);
        assert_eq!(got.unwrap().0, 0);
        assert_eq!((back, written), (t, 4));
        assert_eq!(h.hipblasLtMatmulDescDestroy(desc).unwrap().0, 0);
    }
}

#[test]
fn an_explicit_library_that_does_not_load_is_the_only_one_tried() {
    rocm::an_explicit_library_that_does_not_load_is_the_only_one_tried(
        ID,
        LIBRARY_ENV,
        "/nonexistent/libhipblaslt.so.1",
    );
}
