//! `libcurand.so.10`, every export versioned `libcurand.so.10` as NVIDIA's; the GPU loopback's
//! layout sets `CUDA_AS_HIP_LIBCURAND_SONAME=libcurand.so` (hipRAND's NVIDIA backend needs
//! NVIDIA's `libcurand.so.10`).
include!("../soname.rs");

fn main() {
    link_as("CUDA_AS_HIP_LIBCURAND_SONAME", "libcurand.so.10", true);
}
