//! The SONAME programs linked with `-lnvrtc` record: `libnvrtc.so.12`. The GPU loopback build sets
//! `CUDA_AS_HIP_LIBNVRTC_SONAME=libnvrtc.so`: there the HIP-on-NVIDIA library needs NVIDIA's
//! `libnvrtc.so.12`, and the shim must not answer to that name (DESIGN.md).
fn main() {
    println!("cargo:rerun-if-env-changed=CUDA_AS_HIP_LIBNVRTC_SONAME");
    let soname =
        std::env::var("CUDA_AS_HIP_LIBNVRTC_SONAME").unwrap_or_else(|_| "libnvrtc.so.12".into());
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
}
