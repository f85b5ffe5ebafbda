//! The SONAME programs linked with `-lnvrtc` record: `libnvrtc.so.12`.
fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libnvrtc.so.12");
}
