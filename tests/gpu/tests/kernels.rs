//! CUDA C++ kernels that use CUDA's headers and warp intrinsics (`--features gpu`): fp16, bf16 and
//! warp reductions give CUDA's numbers. On an AMD GPU they go through this project's CUDA headers
//! and intrinsics on hiprtc (the wavefront rule: a 32-lane CUDA warp, also on wave64); through the
//! HIP loopback on NVIDIA, hiprtc is NVIDIA's NVRTC, which needs CUDA's include directory:
//! `CUDA_AS_HIP_TEST_CUDA_INCLUDE` (default: the CUDA 12.9 headers setup.sh fetches).

use cuda_as_hip::driver::sys::*;
use gpu_tests::{alloc, context, function, module_with, ok};
use std::ffi::c_void;
use std::ptr::null_mut;

const N: usize = 4096;

fn include_option() -> String {
    let dir = std::env::var("CUDA_AS_HIP_TEST_CUDA_INCLUDE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../.cache/inputs/cuda-12.9/include"
        )
        .into()
    });
    format!("--include-path={dir}")
}

/// Copies `values` to a new device buffer.
fn upload<T>(values: &[T]) -> CUdeviceptr {
    let d = alloc::<T>(values.len());
    ok(unsafe { cuMemcpyHtoD_v2(d, values.as_ptr().cast(), std::mem::size_of_val(values)) });
    d
}

fn download<T: Default + Clone>(d: CUdeviceptr, n: usize) -> Vec<T> {
    let mut out = vec![T::default(); n];
    ok(unsafe { cuMemcpyDtoH_v2(out.as_mut_ptr().cast(), d, n * size_of::<T>()) });
    out
}

/// Runs `kernel` of `source` over N threads (blocks of 256) with device-pointer arguments.
fn run(source: &str, kernel: &std::ffi::CStr, buffers: &mut [CUdeviceptr]) {
    context();
    let include = include_option();
    let m = module_with(source, &["--gpu-architecture=compute_80", &include]);
    let f = function(m, kernel);
    let mut params: Vec<*mut c_void> = buffers
        .iter_mut()
        .map(|b| (b as *mut CUdeviceptr).cast())
        .collect();
    ok(unsafe {
        cuLaunchKernel(
            f,
            (N / 256) as u32,
            1,
            1,
            256,
            1,
            1,
            0,
            null_mut(),
            params.as_mut_ptr(),
            null_mut(),
        )
    });
    ok(unsafe { cuCtxSynchronize() });
}

/// IEEE half bits of a small integer-valued float (exact in half).
fn half_bits(v: f32) -> u16 {
    let b = v.to_bits();
    let exp = ((b >> 23) & 0xff) as i32 - 127 + 15;
    if v == 0.0 {
        return 0;
    }
    (((b >> 16) & 0x8000) | ((exp as u32) << 10) | ((b >> 13) & 0x3ff)) as u16
}

#[test]
fn fp16_arithmetic_through_cuda_fp16_h() {
    let source = r#"
#include <cuda_fp16.h>
extern "C" __global__ void half_ops(const __half* a, const __half* b, float* sum, float* big) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    sum[i] = __half2float(__hadd(a[i], b[i]));
    big[i] = __half2float(__hmax_nan(a[i], b[i]));
}
"#;
    let a: Vec<u16> = (0..N).map(|i| half_bits((i % 100) as f32)).collect();
    let b: Vec<u16> = (0..N).map(|i| half_bits((i % 7) as f32 * 2.0)).collect();
    let mut bufs = [upload(&a), upload(&b), alloc::<f32>(N), alloc::<f32>(N)];
    run(source, c"half_ops", &mut bufs);
    let (sum, big) = (download::<f32>(bufs[2], N), download::<f32>(bufs[3], N));
    for i in 0..N {
        let (x, y) = ((i % 100) as f32, (i % 7) as f32 * 2.0);
        assert_eq!(sum[i], x + y, "sum at {i}");
        assert_eq!(big[i], x.max(y), "max at {i}");
    }
}

/// float → bfloat16 → float, rounded to nearest even, as CUDA's __float2bfloat16 does.
fn bf16_round(v: f32) -> f32 {
    let u = v.to_bits();
    f32::from_bits(((u + 0x7fff + ((u >> 16) & 1)) >> 16) << 16)
}

#[test]
fn bf16_arithmetic_through_cuda_bf16_h() {
    let source = r#"
#include <cuda_bf16.h>
extern "C" __global__ void bf16_ops(const float* x, float* rounded, float* product) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    __nv_bfloat16 b = __float2bfloat16(x[i]);
    rounded[i] = __bfloat162float(b);
    product[i] = __bfloat162float(__hmul(b, __float2bfloat16(2.0f)));
}
"#;
    let x: Vec<f32> = (0..N).map(|i| 1.0 + i as f32 / 3.0).collect();
    let mut bufs = [upload(&x), alloc::<f32>(N), alloc::<f32>(N)];
    run(source, c"bf16_ops", &mut bufs);
    let (rounded, product) = (download::<f32>(bufs[1], N), download::<f32>(bufs[2], N));
    for i in 0..N {
        assert_eq!(rounded[i], bf16_round(x[i]), "rounding at {i}");
        assert_eq!(product[i], bf16_round(x[i]) * 2.0, "product at {i}");
    }
}

#[test]
fn warp_reductions_use_32_lane_cuda_warps() {
    let source = r#"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;
extern "C" __global__ void warp_sums(const int* x, int* shfl, int* groups, unsigned* ballots) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int v = x[i];
    for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffff, v, o);
    auto warp = cg::tiled_partition<32>(cg::this_thread_block());
    int g = cg::reduce(warp, x[i], cg::plus<int>());
    unsigned odd = __ballot_sync(0xffffffff, x[i] & 1);
    if ((threadIdx.x & 31) == 0) {
        shfl[i / 32] = v;
        ballots[i / 32] = odd;
    }
    groups[i] = g;
}
"#;
    let x: Vec<i32> = (0..N as i32).map(|i| i * 7 % 101).collect();
    let warps = N / 32;
    let mut bufs = [
        upload(&x),
        alloc::<i32>(warps),
        alloc::<i32>(N),
        alloc::<u32>(warps),
    ];
    run(source, c"warp_sums", &mut bufs);
    let (shfl, groups, ballots) = (
        download::<i32>(bufs[1], warps),
        download::<i32>(bufs[2], N),
        download::<u32>(bufs[3], warps),
    );
    for w in 0..warps {
        let lanes = &x[w * 32..w * 32 + 32];
        let sum: i32 = lanes.iter().sum();
        assert_eq!(shfl[w], sum, "__shfl_down_sync sum of warp {w}");
        assert!(
            groups[w * 32..w * 32 + 32].iter().all(|&g| g == sum),
            "cg::reduce of warp {w}"
        );
        let odd = lanes
            .iter()
            .enumerate()
            .fold(0u32, |m, (l, v)| m | (((v & 1) as u32) << l));
        assert_eq!(ballots[w], odd, "__ballot_sync of warp {w}");
    }
}
