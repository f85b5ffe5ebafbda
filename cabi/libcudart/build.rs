//! `libcudart.so.12`, every export versioned `libcudart.so.12` as NVIDIA's: a program linked
//! against NVIDIA's library asks for `cudaMalloc@libcudart.so.12`. (The GPU loopback's
//! HIP-on-NVIDIA library uses CUDA 11.8's `libcudart.so.11.0`: no clash with this name.)
include!("../soname.rs");

fn main() {
    link_as("CUDA_AS_HIP_LIBCUDART_SONAME", "libcudart.so.12", true);
}
