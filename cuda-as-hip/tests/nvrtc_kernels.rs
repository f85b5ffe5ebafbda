//! CUDA kernel sources through our NVRTC on the real hiprtc (bookworm's HIP 5.2.3, no GPU): CUDA's
//! header names, NVRTC's implicit environment, CUDA-signature intrinsics, name expressions, and
//! the clear errors for what HIP cannot compile. Each compile is checked in its AMD code object.

mod nvrtc_common;

use cuda_as_hip::nvrtc::sys::nvrtcResult;

/// A compiled program's code object, or its result and log.
fn build(source: &str, options: &[&str], headers: &[(&str, &str)]) -> Result<Vec<u8>, String> {
    build_named(source, options, headers, &[]).map(|(code, _)| code)
}

/// As [`build`], with name expressions: their lowered names come back beside the code object.
fn build_named(
    source: &str,
    options: &[&str],
    headers: &[(&str, &str)],
    names: &[&str],
) -> Result<(Vec<u8>, Vec<String>), String> {
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    let c = nvrtc_common::compile(source, "kernels.cu", options, headers, names);
    match c.result {
        nvrtcResult::NVRTC_SUCCESS => Ok((c.code, c.lowered)),
        r => Err(format!("{r:?}\n{}", c.log)),
    }
}

/// An AMD GPU code object (ELF, e_machine AMDGPU) holding every symbol of `symbols`.
fn assert_code_object(code: &[u8], symbols: &[&str]) {
    assert_eq!(&code[..4], b"\x7fELF");
    assert_eq!(
        u16::from_le_bytes([code[18], code[19]]),
        0xE0,
        "e_machine AMDGPU"
    );
    for s in symbols {
        assert!(
            code.windows(s.len()).any(|w| w == s.as_bytes()),
            "symbol {s} not in the code object"
        );
    }
}

fn compiles(source: &str, options: &[&str], symbols: &[&str]) {
    match build(source, options, &[]) {
        Ok(code) => assert_code_object(&code, symbols),
        Err(log) => panic!("did not compile:\n{log}"),
    }
}

fn fails_with(source: &str, options: &[&str], expected: &[&str]) -> String {
    let log = build(source, options, &[]).expect_err("compiled, but must not");
    for e in expected {
        assert!(log.contains(e), "log lacks `{e}`:\n{log}");
    }
    log
}

#[test]
fn nvrtc_environment_is_reproduced() {
    compiles(
        r#"
#if !defined(__CUDACC__) || !defined(__CUDACC_RTC__) || __CUDACC_VER_MAJOR__ != 12 || __CUDACC_VER_MINOR__ != 9
#error "NVRTC's macros are missing"
#endif
#if __CUDA_ARCH__ != 800
#error "__CUDA_ARCH__ is not 800"
#endif
static_assert(__cplusplus >= 201703L, "NVRTC's default language is C++17");
static_assert(CUDART_VERSION == 12090, "NVRTC 12.9 defines CUDART_VERSION");
// The runtime's enums and flags NVRTC declares, with CUDA's values (not HIP's).
static_assert(cudaErrorInvalidValue == 1 && cudaErrorMemoryAllocation == 2, "cudaError_t");
static_assert(cudaDevAttrMaxThreadsPerBlock == 1 && cudaStreamNonBlocking == 1, "CUDA's values");
#if defined(__HIPCC_RTC__) || defined(__HIP__) || defined(__clang__)
#error "hiprtc's own macros are visible"
#endif
extern "C" __global__ void environment(int* a, ::ptrdiff_t* d, ::size_t* s, ::clock_t* c) {
    assert(a != NULL);
    std::initializer_list<int> l = {1, 2};
    a[0] = (int)l.size();
}
"#,
        &["-arch=compute_80"],
        &["environment"],
    );
}

#[test]
fn cuda_headers_compile_under_their_cuda_names() {
    compiles(
        r#"
#include <cuda_runtime.h>
#include <cuda.h>
#include <cuda_runtime_api.h>
#include <vector_types.h>
#include <device_launch_parameters.h>
#include <sm_61_intrinsics.h>
#include <stdint.h>
#include "cuda_fp16.h"
#include <cuda_bf16.h>
#include <cuComplex.h>
#include <math_constants.h>
extern "C" __global__ void headers(__half* h, __nv_bfloat16* b, cuFloatComplex* c, float* f) {
    __half x = __hmax_nan(h[0], h[1]);
    h[2] = __hmin(x, __float2half(CUDART_PI_F));
    __nv_bfloat16 y = __float2bfloat16(f[0]) * b[1] + __hmax(b[2], b[3]);
    b[0] = hsqrt(y) + hexp(y) + hexp10(y) + hlog(y) + hsin(y) + hcos(y) + hrcp(y) + hfloor(y);
    __nv_bfloat162 pair = __floats2bfloat162_rn(1.f, 2.f);
    f[1] = __bfloat162float(__low2bfloat16(pair)) + __bfloat162float(__half2bfloat16(x));
    c[0] = cuCmulf(c[1], make_cuFloatComplex(1.f, -1.f));
    f[2] = cuCabsf(cuCdivf(c[0], c[1])) + CUDART_INF_F;
}
"#,
        &[],
        &["headers"],
    );
}

#[test]
fn cuda_fp8_h_compiles() {
    compiles(
        r#"
#include <cuda_fp8.h>
extern "C" __global__ void fp8(const float* in, __nv_fp8_e4m3* a, __nv_fp8_e5m2* b, float* out, __half* h) {
    a[0] = __nv_fp8_e4m3(in[0]);
    b[0] = __nv_fp8_e5m2(in[1]);
    out[0] = float(a[1]) + float(b[1]);
    __nv_fp8_storage_t s = __nv_cvt_float_to_fp8(in[2], __NV_SATFINITE, __NV_E4M3);
    h[0] = __half(__nv_cvt_fp8_to_halfraw(s, __NV_E4M3));
    h[1] = __half(a[2]);
}
"#,
        &[],
        &["fp8"],
    );
}

#[test]
fn cuda_header_names_win_over_a_cuda_toolkit_include_path() {
    let toolkit = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../.cache/inputs/cuda-12.9/include"
    );
    assert!(
        std::path::Path::new(toolkit).join("cuda_fp16.h").exists(),
        "setup.sh fetches CUDA's headers"
    );
    compiles(
        "#include <cuda_fp16.h>\n#include <cuda_bf16.h>\n#include <vector_types.h>\n\
         extern \"C\" __global__ void toolkit(__half* h) { h[0] = __hadd(h[0], h[1]); }",
        &["-I", toolkit, "--include-path=/usr/include"],
        &["toolkit"],
    );
}

#[test]
fn cooperative_groups_compile() {
    compiles(
        r#"
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;
extern "C" __global__ void groups(float* out, const float* in) {
    cg::thread_block block = cg::this_thread_block();
    cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
    float v = in[block.thread_rank()];
    v = cg::reduce(warp, v, cg::plus<float>());
    auto tile = cg::tiled_partition<8>(block);
    float w = tile.shfl_down(v, 1) + tile.shfl(v, 0) + (tile.any(v > 0) ? 1.f : 0.f);
    block.sync();
    cg::coalesced_group active = cg::coalesced_threads();
    if (warp.thread_rank() == 0) out[warp.meta_group_rank()] = v + w + active.size();
}
"#,
        &[],
        &["groups"],
    );
}

#[test]
fn warp_intrinsics_take_cuda_signatures() {
    compiles(
        r#"
#include <cuda_fp16.h>
#include <cuda_bf16.h>
struct pair { float a; int b; };
extern "C" __global__ void warp(float* f, int* i, double* d, long long* l, unsigned* u, __half* h, __nv_bfloat16* b) {
    float v = f[threadIdx.x];
    for (int o = 16; o > 0; o /= 2) v += __shfl_down_sync(0xffffffff, v, o);
    f[0] = v + __shfl_sync(0xffffffff, v, 0) + __shfl_up_sync(0xffffffff, v, 1) + __shfl_xor_sync(0xffffffffu, v, 1, 16);
    d[0] = __shfl_down_sync(0xffffffff, d[1], 1);
    l[0] = __shfl_xor_sync(0xffffffff, l[1], 2);
    h[0] = __shfl_down_sync(0xffffffff, h[1], 1);
    b[0] = __shfl_down_sync(0xffffffff, b[1], 1);
    pair p = {v, 1};
    p = __shfl_sync(0xffffffff, p, 3);
    unsigned active = __activemask();
    u[0] = __ballot_sync(active, v > 0) + __any_sync(0xffffffff, v > 0) + __all_sync(0xffffffff, v > 0) + __uni_sync(active, 1);
    int same;
    u[1] = __match_any_sync(0xffffffff, i[0]) + __match_all_sync(0xffffffff, l[2], &same) + same;
    u[2] = __reduce_add_sync(0xffffffff, u[3]) + __reduce_min_sync(0xffffffff, i[1]) + __reduce_max_sync(0xffffffff, u[4]) +
           __reduce_and_sync(0xffffffff, u[5]) + __reduce_or_sync(0xffffffff, u[6]) + __reduce_xor_sync(0xffffffff, u[7]);
    __syncwarp();
    __syncwarp(active);
    i[2] = warpSize + (int)p.b;
}
"#,
        &[],
        &["warp"],
    );
}

#[test]
fn other_intrinsics_compile() {
    compiles(
        r#"
extern "C" __global__ void intrinsics(const float* in, float* out, long long* m, unsigned* s, int* q) {
    out[0] = __ldg(in) + __ldg(&in[1]);
    atomicAdd_block(out, 1.0f);
    atomicAdd_system(out, 1.0f);
    atomicMax(m, 5ll);
    atomicMin(m + 1, -5ll);
    atomicMax_block(q, 3);
    s[0] = __vsub4(s[1], s[2]) + __vadd4(s[1], s[2]) + __vabsdiffu4(s[1], s[2]) + __vcmpeq4(s[1], s[2]) + __vmaxu2(s[1], s[2]);
    q[0] = __dp4a(q[1], q[2], q[3]);
    __nanosleep(100);
    if (q[4] < 0) __trap();
}
"#,
        &[],
        &["intrinsics"],
    );
}

/// The wavefront rule (README, <__cuda_as_hip/warp.h>): gfx90a runs 64-lane wavefronts, and a
/// kernel compiled for it still sees CUDA's 32-lane warp.
#[test]
fn wave64_code_sees_32_lane_cuda_warps() {
    let code = build(
        r#"
static_assert(warpSize == 32, "CUDA's warp is 32 lanes on every GPU");
extern "C" __global__ void wave(unsigned* out) {
    out[threadIdx.x] = __ballot_sync(0xffffffff, threadIdx.x & 1);
}
"#,
        &[],
        &[],
    )
    .unwrap();
    assert_code_object(&code, &["wave"]);
    // The code object's metadata (msgpack) records the wavefront the kernel runs in: 64.
    let key = b".wavefront_size";
    let at = code
        .windows(key.len())
        .position(|w| w == key)
        .expect("kernel metadata");
    assert_eq!(
        code[at + key.len()],
        64,
        "gfx90a kernels run in 64-lane wavefronts"
    );
}

#[test]
fn name_expressions_give_lowered_names_found_in_the_code_object() {
    let (code, lowered) = build_named(
        r#"
template <class T> __global__ void scale(T* x, T by) { x[threadIdx.x] *= by; }
__device__ int counter;
"#,
        &[],
        &[],
        &["scale<float>", "scale<double>", "&counter"],
    )
    .unwrap();
    assert_eq!(lowered[0], "_Z5scaleIfEvPT_S0_");
    assert_eq!(lowered[1], "_Z5scaleIdEvPT_S0_");
    assert_eq!(lowered[2], "counter");
    assert_code_object(
        &code,
        &lowered.iter().map(String::as_str).collect::<Vec<_>>(),
    );
}

/// NVIDIA's NVRTC lowers the entity the compiler resolves an expression to, however spelled:
/// through a typedef, without an inline namespace. hiprtc 5 compares
/// text with demangled names and misses the first two; ours lowers them from the code object there
/// (nvrtc/lowered.rs). The names expected are what HIP 7.2.4's hiprtc (comgr) lowers.
#[test]
fn name_expressions_lower_to_what_the_compiler_resolves() {
    let source = r#"
typedef float real;
namespace lib { inline namespace v2 { template <class T> struct pair { T a, b; }; } }
template <class T> __global__ void fill(T* x) { x[threadIdx.x] = T(); }
__device__ int counter;
__constant__ float table[4];
"#;
    let names = [
        ("fill<real>", "_Z4fillIfEvPT_"),
        ("fill<lib::pair<int>>", "_Z4fillIN3lib2v24pairIiEEEvPT_"),
        ("&counter", "counter"),
        ("&table", "table"),
    ];
    let expressions: Vec<&str> = names.iter().map(|(e, _)| *e).collect();
    let (code, lowered) = build_named(source, &[], &[], &expressions).unwrap();
    let expected: Vec<&str> = names.iter().map(|(_, l)| *l).collect();
    assert_eq!(lowered, expected);
    assert_code_object(&code, &expected);
}

/// A source's own `min(half, half)` is what its call picks, as on NVIDIA's NVRTC; clang before 20
/// (hiprtc 5) failed in its <cmath> wrapper's mixed-type `min` template instead (nvrtc.h).
#[test]
fn a_sources_own_half_min_is_called() {
    let source = r#"#include <cuda_fp16.h>
__device__ half min(half a, half b) { return __hlt(a, b) ? a : b; }
extern "C" __global__ void smaller(half* x) { x[0] = min(x[1], x[2]); }
"#;
    compiles(source, &[], &["smaller"]);
}

#[test]
fn program_headers_and_options_in_both_spellings() {
    let source = "#include \"config.h\"\nint twice(int x) { return 2 * x; }\n\
                  extern \"C\" __global__ void opts(int* x) { x[0] = twice(SCALE); }";
    let headers = [("config.h", "#define SCALE 3\n")];
    for options in [
        &[
            "-default-device",
            "-rdc",
            "true",
            "-std",
            "c++17",
            "--fmad",
            "false",
            "-arch",
            "sm_80",
        ][..],
        &[
            "--device-as-default-execution-space",
            "-rdc=true",
            "-std=c++17",
            "--fmad=false",
            "--gpu-architecture=compute_80",
        ],
    ] {
        let code =
            build(source, options, &headers).unwrap_or_else(|log| panic!("{options:?}:\n{log}"));
        assert_relocatable(&code, &["opts"]);
    }
}

/// What `-rdc=true` gives, per HIP version: hiprtc 5.2 a code object; 5.7 and later LLVM bitcode
/// for hiprtc's linker (`cuLinkAddData`), holding the kernel's name.
fn assert_relocatable(code: &[u8], symbols: &[&str]) {
    let v = hip_sys::hip().expect("HIP loads").version();
    if (v.major, v.minor) < (5, 7) {
        assert_code_object(code, symbols);
    } else {
        assert_eq!(
            &code[..4],
            b"BC\xC0\xDE",
            "LLVM bitcode on HIP {}.{}",
            v.major,
            v.minor
        );
        for s in symbols {
            assert!(
                code.windows(s.len()).any(|w| w == s.as_bytes()),
                "{s} not in the bitcode"
            );
        }
    }
}

/// Every NVRTC option that is mapped (not dropped) reaches hiprtc as something it accepts.
#[test]
fn every_mapped_option_is_accepted_by_hiprtc() {
    let source =
        "#include <pre.h>\nextern \"C\" __global__ void o(float* x) { x[0] = x[0] * x[1] + PRE; }";
    let headers = [("pre.h", "#define PRE 1.0f\n")];
    for option in [
        &["-use_fast_math"][..],
        &["--ftz=true"],
        &["-fmad=false"],
        &["--fmad", "true"],
        &["-G"],
        &["-lineinfo"],
        &["-w"],
        &["-Werror"],
        &["-U", "NDEBUG"],
        &["--define-macro=X=1"],
        &["--pre-include=pre.h"],
        &["-std=c++14"],
        &["-std=c++20"],
        &["--prec-div=false", "--prec-sqrt=false"],
        &["--dopt=on"],
        &["-dlto"],
        &["--extra-device-vectorization"],
        &["-maxrregcount=64"],
    ] {
        let code =
            build(source, option, &headers).unwrap_or_else(|log| panic!("{option:?}:\n{log}"));
        assert_code_object(&code, &["o"]);
    }
}

#[test]
fn unsupported_headers_fail_naming_the_header_and_the_way_out() {
    fails_with(
        "#include <cub/cub.cuh>\n__global__ void k() {}",
        &[],
        &["<cub/cub.cuh>", "hipCUB"],
    );
    fails_with(
        "#include <curand_kernel.h>\n__global__ void k() {}",
        &[],
        &["<curand_kernel.h>"],
    );
    fails_with(
        "#include <cuda/barrier>\n__global__ void k() {}",
        &[],
        &["libcu++"],
    );
    // CUDA library headers, from hipify's table: named with their HIP counterpart.
    fails_with(
        "#include <cublas_v2.h>\n__global__ void k() {}",
        &[],
        &["<cublas_v2.h>", "its HIP counterpart <", "hipcc"],
    );
}

#[test]
fn inline_ptx_fails_naming_the_statement() {
    fails_with(
        "extern \"C\" __global__ void k(unsigned* x) {\n  unsigned l;\n  asm volatile(\"mov.u32 %0, %%laneid;\" : \"=r\"(l));\n  x[0] = l;\n}",
        &[],
        &["kernels.cu(3): error: inline PTX", "mov.u32 %0, %%laneid;"],
    );
}

#[test]
fn logs_name_the_program_not_comgrs_temporary_file() {
    let log = fails_with(
        "__global__ void k() { undefined_thing(); }",
        &[],
        &["kernels.cu:1:", "undefined_thing"],
    );
    assert!(!log.contains("CompileSource"), "{log}");
}

#[test]
fn bad_options_are_invalid_option_with_a_reason() {
    let log = fails_with(
        "__global__ void k() {}",
        &["-arch=gfx90a"],
        &["NVRTC_ERROR_INVALID_OPTION", "compute_XX"],
    );
    assert!(log.contains("-arch=gfx90a"), "{log}");
    fails_with(
        "__global__ void k() {}",
        &["-std=c++98"],
        &["NVRTC_ERROR_INVALID_OPTION", "c++17"],
    );
}
