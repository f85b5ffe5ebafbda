//! The SONAME programs linked with `-lcudart` record: `libcudart.so.12`. (The GPU loopback's
//! HIP-on-NVIDIA library uses CUDA 11.8's `libcudart.so.11.0`: no clash with this name.)
fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libcudart.so.12");
}
