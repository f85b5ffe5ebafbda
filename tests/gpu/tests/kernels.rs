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

/// The lanes a CUDA SIMD function works on: each byte of the result from an edge byte (0, 1,
/// 0x7f, 0x80, 0x81, 0xfe, 0xff) picked by `i`'s base-7 digits, or pseudo-random past `N / 2`.
fn simd_input(i: usize, salt: u64) -> u32 {
    const EDGES: [u32; 7] = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff];
    if i < N / 2 {
        let d = i * 31 + salt as usize;
        (0..4).fold(0, |v, k| v | EDGES[(d / 7usize.pow(k)) % 7] << (8 * k))
    } else {
        let mut x = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ salt;
        x ^= x >> 29;
        (x.wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 32) as u32
    }
}

/// (what is compared, CUDA's expression, ours) over `unsigned x, y`.
fn integer_cases() -> Vec<(String, String, String)> {
    let binary = [
        "add", "addss", "addus", "sub", "subss", "subus", "absdiffs", "absdiffu", "avgs", "avgu",
        "haddu", "maxs", "maxu", "mins", "minu", "sads", "sadu",
    ];
    let compare = [
        "eq", "ne", "ges", "geu", "gts", "gtu", "les", "leu", "lts", "ltu",
    ];
    let unary = ["abs", "absss", "neg", "negss"];
    let mut cases = Vec::new();
    for width in ["2", "4"] {
        let stems = binary.iter().map(|s| s.to_string()).chain(
            compare
                .iter()
                .flat_map(|c| [format!("cmp{c}"), format!("set{c}")]),
        );
        for f in stems.map(|s| format!("__v{s}{width}")) {
            cases.push((f.clone(), format!("{f}(x, y)"), format!("ours::{f}(x, y)")));
        }
        for f in unary.iter().map(|s| format!("__v{s}{width}")) {
            cases.push((f.clone(), format!("{f}(x)"), format!("ours::{f}(x)")));
        }
    }
    let pairs = [
        (
            "__dp4a signed",
            "__dp4a((int)x, (int)y, (int)x)",
            "ours::__dp4a((int)x, (int)y, (int)x)",
        ),
        (
            "__dp4a unsigned",
            "__dp4a(x, y, x)",
            "ours::__dp4a(x, y, x)",
        ),
        (
            "__nv_bswap16",
            "__nv_bswap16((unsigned short)x)",
            "ours::__nv_bswap16((unsigned short)x)",
        ),
        ("__nv_bswap32", "__nv_bswap32(x)", "ours::__nv_bswap32(x)"),
        ("__nv_bswap64", "__nv_bswap64(xy)", "ours::__nv_bswap64(xy)"),
        (
            "mul24",
            "__mul24((int)x, (int)y)",
            "ours::mul24((int)x, (int)y)",
        ),
        ("umul24", "__umul24(x, y)", "ours::umul24(x, y)"),
        (
            "mulhi signed",
            "__mulhi((int)x, (int)y)",
            "ours::mulhi((int)x, (int)y)",
        ),
        ("mulhi unsigned", "__umulhi(x, y)", "ours::mulhi(x, y)"),
        (
            "mul64hi signed",
            "__mul64hi((long long)xy, (long long)yx)",
            "ours::mul64hi((long long)xy, (long long)yx)",
        ),
        (
            "mul64hi unsigned",
            "__umul64hi(xy, yx)",
            "ours::mul64hi(xy, yx)",
        ),
        ("umin", "min(x, y)", "ours::umin(x, y)"),
        ("umax", "max(x, y)", "ours::umax(x, y)"),
        (
            "llmin",
            "min((long long)xy, (long long)yx)",
            "ours::llmin((long long)xy, (long long)yx)",
        ),
        ("ullmax", "max(xy, yx)", "ours::ullmax(xy, yx)"),
    ];
    cases.extend(
        pairs
            .iter()
            .map(|&(l, c, o)| (l.to_string(), c.to_string(), o.to_string())),
    );
    cases.extend(dpx_cases());
    cases
}

/// Hopper's DPX family over `x`, `y` and `z` (a third input made from both): signed forms take
/// `(int)` for 32-bit values; `__vibmax` / `__vibmin` compare their predicates too (`PICK1` /
/// `PICK2` fold them into the high bits, defined in the kernel's source).
fn dpx_cases() -> Vec<(String, String, String)> {
    let mut cases = Vec::new();
    let mut add = |f: String, args: String| {
        cases.push((
            f.clone(),
            format!("{f}({args})"),
            format!("ours::{f}({args})"),
        ));
    };
    for stem in ["__vimax3", "__vimin3", "__viaddmax", "__viaddmin"] {
        for (ty, args) in [
            ("s32", "(int)x, (int)y, (int)z"),
            ("u32", "x, y, z"),
            ("s16x2", "x, y, z"),
            ("u16x2", "x, y, z"),
            ("s32_relu", "(int)x, (int)y, (int)z"),
            ("s16x2_relu", "x, y, z"),
        ] {
            add(format!("{stem}_{ty}"), args.to_string());
        }
    }
    for (f, args) in [
        ("__vimax_s32_relu", "(int)x, (int)y"),
        ("__vimin_s32_relu", "(int)x, (int)y"),
        ("__vimax_s16x2_relu", "x, y"),
        ("__vimin_s16x2_relu", "x, y"),
    ] {
        add(f.to_string(), args.to_string());
    }
    for pick in ["__vibmax", "__vibmin"] {
        for (ty, args) in [("s32", "(int)x, (int)y"), ("u32", "x, y")] {
            let f = format!("{pick}_{ty}");
            cases.push((
                f.clone(),
                format!("PICK1({f}, {args})"),
                format!("PICK1(ours::{f}, {args})"),
            ));
        }
        for ty in ["s16x2", "u16x2"] {
            let f = format!("{pick}_{ty}");
            cases.push((
                f.clone(),
                format!("PICK2({f}, x, y)"),
                format!("PICK2(ours::{f}, x, y)"),
            ));
        }
    }
    cases
}

/// A DPX max / min with its predicate(s) as one value: the result, the predicates above it.
const PICKS: &str = "#define PICK1(f, a, b) ([&] { bool p; unsigned r = (unsigned)f(a, b, &p); \\
    return ((unsigned long long)p << 32) | r; }())\n\
#define PICK2(f, a, b) ([&] { bool h, l; unsigned r = f(a, b, &h, &l); \\
    return ((unsigned long long)h << 33) | ((unsigned long long)l << 32) | r; }())\n";

/// CUDA's SIMD-in-word and integer intrinsics run on the GPU (NVIDIA's own, through the loopback)
/// beside this project's `__cuda_as_hip/integer.h`, compiled into the same kernel in a namespace of
/// its own: NVIDIA's hardware is the oracle for what AMD GPUs get from that header.
#[test]
fn integer_intrinsics_of_our_header_match_nvidias() {
    let header = include_str!("../../../cuda-as-hip/src/nvrtc/include/__cuda_as_hip/integer.h")
        .replace("#pragma once", "");
    let cases = integer_cases();
    let checks: String = cases
        .iter()
        .enumerate()
        .map(|(k, (_, cuda, ours))| {
            format!("    if ((unsigned long long)({cuda}) != (unsigned long long)({ours})) atomicAdd(&bad[{k}], 1u);\n")
        })
        .collect();
    let source = format!(
        "#define __CAH_HD __host__ __device__\nnamespace ours {{\n{header}\n}}\n{PICKS}\
         extern \"C\" __global__ void integer_ops(const unsigned* a, const unsigned* b, unsigned* bad) {{\n\
         \x20   int i = blockIdx.x * blockDim.x + threadIdx.x;\n\
         \x20   unsigned x = a[i], y = b[i], z = x * 2654435761u ^ (y >> 3);\n\
         \x20   unsigned long long xy = ((unsigned long long)x << 32) | y, yx = ((unsigned long long)y << 32) | x;\n\
         {checks}}}\n"
    );
    let a: Vec<u32> = (0..N).map(|i| simd_input(i, 0)).collect();
    let b: Vec<u32> = (0..N).map(|i| simd_input(i, 11)).collect();
    let mut bufs = [upload(&a), upload(&b), upload(&vec![0u32; cases.len()])];
    run(&source, c"integer_ops", &mut bufs);
    let bad = download::<u32>(bufs[2], cases.len());
    let wrong: Vec<String> = cases
        .iter()
        .zip(&bad)
        .filter(|(_, &n)| n > 0)
        .map(|((label, _, _), n)| format!("{label}: {n} of {N} inputs"))
        .collect();
    println!(
        "{} integer intrinsics compared on {N} inputs each",
        cases.len()
    );
    assert!(wrong.is_empty(), "differ from CUDA's: {wrong:?}");
}
