//! `libnvrtc.so.12`, every export versioned `libnvrtc.so.12` as NVIDIA's
//! (`nvrtcCompileProgram@@libnvrtc.so.12`); the GPU loopback's layout sets
//! `CUDA_AS_HIP_LIBNVRTC_SONAME=libnvrtc.so` (the HIP-on-NVIDIA library needs NVIDIA's
//! `libnvrtc.so.12`).
include!("../soname.rs");

fn main() {
    link_as("CUDA_AS_HIP_LIBNVRTC_SONAME", "libnvrtc.so.12", true);
}
