//! The SONAME programs linked with `-lcuda` record: `libcuda.so.1`. The GPU loopback build sets
//! `CUDA_AS_HIP_LIBCUDA_SONAME=libcuda.so` instead: there the HIP-on-NVIDIA library's cudart opens
//! NVIDIA's `libcuda.so.1`, and the shim must not answer to that name (DESIGN.md).
fn main() {
    println!("cargo:rerun-if-env-changed=CUDA_AS_HIP_LIBCUDA_SONAME");
    let soname =
        std::env::var("CUDA_AS_HIP_LIBCUDA_SONAME").unwrap_or_else(|_| "libcuda.so.1".into());
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
}
