//! `libcuda.so.1`, unversioned as NVIDIA's driver is; the GPU loopback's layout sets
//! `CUDA_AS_HIP_LIBCUDA_SONAME=libcuda.so` (the HIP-on-NVIDIA library's cudart opens NVIDIA's
//! `libcuda.so.1`).
include!("../soname.rs");

fn main() {
    link_as("CUDA_AS_HIP_LIBCUDA_SONAME", "libcuda.so.1", false);
}
