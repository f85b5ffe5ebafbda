//! `libnvJitLink.so.12`, every export versioned `libnvJitLink.so.12` as NVIDIA's
//! (`__nvJitLinkCreate_12_9@@libnvJitLink.so.12`).
include!("../soname.rs");

fn main() {
    link_as(
        "CUDA_AS_HIP_LIBNVJITLINK_SONAME",
        "libnvJitLink.so.12",
        true,
    );
}
