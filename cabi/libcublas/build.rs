//! `libcublas.so.12`, every export versioned `libcublas.so.12` as NVIDIA's; the GPU loopback's
//! layout sets `CUDA_AS_HIP_LIBCUBLAS_SONAME=libcublas.so` (hipBLAS's NVIDIA backend needs
//! NVIDIA's `libcublas.so.12`).
include!("../soname.rs");

fn main() {
    link_as("CUDA_AS_HIP_LIBCUBLAS_SONAME", "libcublas.so.12", true);
}
