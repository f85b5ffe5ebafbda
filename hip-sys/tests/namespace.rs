//! `CUDA_AS_HIP_HIP_NAMESPACE=1` (the GPU loopback's isolation; ARCHITECTURE.md, "Testing without
//! an AMD GPU") on each HIP runtime of this run: the runtime, its hiprtc and comgr open in one
//! linker namespace of their own, with their own copies of the libraries they need, and work there;
//! the namespace is named in the environment for the process's other copies of hip-sys.
//! One test in this binary: the variable is read when HIP first loads.

use hip_sys::{hipError_t, hiprtcResult, NAMESPACE_ENV, NAMESPACE_ID_ENV};
use test_support::hip_run;

/// How many copies of the C library the process has loaded, over every linker namespace: each
/// copy maps its file from offset 0 once.
fn c_libraries() -> usize {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("/proc/self/maps");
    maps.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|f| f.len() == 6 && f[2] == "00000000" && f[5].ends_with("/libc.so.6"))
        .count()
}

#[test]
fn the_runtime_hiprtc_and_comgr_open_in_a_namespace_of_their_own() {
    std::env::set_var(NAMESPACE_ENV, "1");
    let (before, f) = (c_libraries(), hip_run().facts);
    let hip = hip_sys::hip().unwrap_or_else(|e| panic!("no HIP runtime (scripts/setup.sh): {e}"));
    assert_eq!(hip.version().encoded() as i32, f.encoded);
    let namespace = hip_sys::namespace().expect("HIP opened in a namespace of its own");
    assert!(namespace > 0, "namespace {namespace}");
    // Named for the other libraries of the process, each with its own copy of hip-sys.
    let id = std::env::var(NAMESPACE_ID_ENV).expect("the namespace named in the environment");
    assert_eq!(id, format!("{}:{namespace}", std::process::id()));
    assert_eq!(
        c_libraries(),
        before + 1,
        "the namespace has its own C library"
    );
    let mut driver = 0;
    assert_eq!(
        unsafe { hip.hipDriverGetVersion(&mut driver) }.unwrap(),
        hipError_t::hipSuccess
    );
    assert_eq!(driver, f.encoded);
    let (mut major, mut minor) = (0, 0);
    assert_eq!(
        unsafe { hip.hiprtcVersion(&mut major, &mut minor) }.unwrap(),
        hiprtcResult::HIPRTC_SUCCESS
    );
    let comgr = hip_sys::comgr::comgr().unwrap_or_else(|e| panic!("no comgr: {e}"));
    assert!(comgr.version().0 >= 2, "comgr {:?}", comgr.version());
    assert_eq!(
        hip_sys::namespace(),
        Some(namespace),
        "one namespace for all"
    );
    assert_eq!(c_libraries(), before + 1);
}
