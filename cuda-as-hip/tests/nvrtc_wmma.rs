//! CUDA's `<mma.h>` (nvcuda::wmma) from our NVRTC (`cuda-as-hip/src/nvrtc/include/mma.h`): WMMA
//! kernels in every shape and type compile through this HIP version's hiprtc for wave64 and
//! wave32, and the header's arithmetic, run by 32 host threads standing in for a warp (its
//! lane, lane reads and barrier), stores the exact C + A·B for every form in both layouts.

mod nvrtc_common;

use cuda_as_hip::nvrtc::sys::nvrtcResult;

/// One kernel per form, as CUDA's programming guide writes them: fragments loaded from global
/// memory, the multiply-accumulate, an element-wise step on the accumulator, the store.
const KERNELS: &str = r#"
#include <mma.h>
using namespace nvcuda;

template <int M, int N, int K, class TA, class LA, class TB, class LB, class TC, class MA, class MB, class MC>
__device__ void gemm(const MA *a, const MB *b, MC *c, int lda, int ldb, int ldc, wmma::layout_t lc) {
    wmma::fragment<wmma::matrix_a, M, N, K, TA, LA> fa;
    wmma::fragment<wmma::matrix_b, M, N, K, TB, LB> fb;
    wmma::fragment<wmma::accumulator, M, N, K, TC> acc;
    wmma::fill_fragment(acc, 0);
    wmma::load_matrix_sync(fa, a, lda);
    wmma::load_matrix_sync(fb, b, ldb);
    wmma::mma_sync(acc, fa, fb, acc);
    for (int i = 0; i < acc.num_elements; ++i) acc.x[i] = acc.x[i] + acc.x[i];
    wmma::store_matrix_sync(c, acc, ldc, lc);
}

extern "C" __global__ void gemm_half(const half *a, const half *b, float *c) {
    int tile = blockIdx.x * 256;
    gemm<16, 16, 16, half, wmma::row_major, half, wmma::col_major, float>(a + tile, b + tile, c + tile, 16, 16, 16, wmma::mem_row_major);
}
extern "C" __global__ void gemm_half_acc(const half *a, const half *b, half *c) {
    gemm<32, 8, 16, half, wmma::col_major, half, wmma::row_major, half>(a, b, c, 32, 8, 32, wmma::mem_col_major);
}
extern "C" __global__ void gemm_bf16(const __nv_bfloat16 *a, const __nv_bfloat16 *b, float *c) {
    gemm<8, 32, 16, __nv_bfloat16, wmma::row_major, __nv_bfloat16, wmma::row_major, float>(a, b, c, 16, 32, 32, wmma::mem_row_major);
}
extern "C" __global__ void gemm_tf32(const float *a, const float *b, float *c) {
    wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::col_major> fb;
    wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc;
    wmma::load_matrix_sync(fa, a, 8);
    wmma::load_matrix_sync(fb, b, 8);
    for (int i = 0; i < fa.num_elements; ++i) fa.x[i] = wmma::__float_to_tf32(fa.x[i]);
    wmma::load_matrix_sync(acc, c, 16, wmma::mem_col_major);
    wmma::mma_sync(acc, fa, fb, acc);
    wmma::store_matrix_sync(c, acc, 16, wmma::mem_col_major);
}
extern "C" __global__ void gemm_f64(const double *a, const double *b, double *c) {
    gemm<8, 8, 4, double, wmma::row_major, double, wmma::col_major, double>(a, b, c, 4, 4, 8, wmma::mem_row_major);
}
extern "C" __global__ void gemm_s8(const signed char *a, const signed char *b, int *c) {
    wmma::fragment<wmma::matrix_a, 16, 16, 16, signed char, wmma::row_major> fa;
    wmma::fragment<wmma::matrix_b, 16, 16, 16, signed char, wmma::col_major> fb;
    wmma::fragment<wmma::accumulator, 16, 16, 16, int> acc;
    wmma::load_matrix_sync(fa, a, 16);
    wmma::load_matrix_sync(fb, b, 16);
    wmma::load_matrix_sync(acc, c, 16, wmma::mem_row_major);
    wmma::mma_sync(acc, fa, fb, acc, true);
    wmma::store_matrix_sync(c, acc, 16, wmma::mem_row_major);
}
"#;

const NAMES: [&str; 6] = [
    "gemm_half",
    "gemm_half_acc",
    "gemm_bf16",
    "gemm_tf32",
    "gemm_f64",
    "gemm_s8",
];

#[test]
fn wmma_kernels_compile_for_wave64_and_wave32() {
    nvrtc_common::compile_for(KERNELS, &["gfx90a", "gfx1030"], &NAMES);
}

#[test]
fn an_unknown_shape_fails_naming_the_shapes() {
    std::env::set_var(cuda_as_hip::cache::ENABLE_ENV, "0");
    std::env::set_var(cuda_as_hip::OFFLOAD_ARCH_ENV, "gfx90a");
    let source = "#include <mma.h>\n__global__ void k() {\n\
        nvcuda::wmma::fragment<nvcuda::wmma::matrix_a, 8, 8, 32, signed char, nvcuda::wmma::row_major> f;\n\
        f.x[0] = 0;\n}\n";
    let c = nvrtc_common::compile(source, "shape.cu", &[], &[], &[]);
    assert_eq!(c.result, nvrtcResult::NVRTC_ERROR_COMPILATION, "{}", c.log);
    assert!(c.log.contains("WMMA shapes are m16n16k16"), "{}", c.log);
}

/// The host's stand-ins for what the header takes from hiprtc and warp.h: `__device__`, CUDA's
/// half and bf16 types, and the warp (32 threads: their lane, a lane read through shared memory
/// between two barriers).
const HOST_WARP: &str = r#"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <thread>
#include <type_traits>
#define __device__
static thread_local unsigned my_lane;
static pthread_barrier_t warp_barrier;
static unsigned char exchange[32][8];
unsigned __cah_warp_lane() { return my_lane; }
unsigned __cah_warp_base() { return 0; }
template <class T> T __cah_read_lane(T v, unsigned src) {
    memcpy(exchange[my_lane], &v, sizeof(T));
    pthread_barrier_wait(&warp_barrier);
    T r;
    memcpy(&r, exchange[src & 31], sizeof(T));
    pthread_barrier_wait(&warp_barrier);
    return r;
}
struct __half {
    _Float16 v;
    __half() = default;
    __half(float f) : v((_Float16)f) {}
    operator float() const { return (float)v; }
};
typedef __half half;
struct __nv_bfloat16 {
    uint16_t b;
    __nv_bfloat16() = default;
    __nv_bfloat16(float f) { uint32_t u; memcpy(&u, &f, 4); b = (uint16_t)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16); }
    operator float() const { uint32_t u = (uint32_t)b << 16; float f; memcpy(&f, &u, 4); return f; }
};
#include "mma.h"
template <class F> static void run_warp(F f) {
    std::thread t[32];
    pthread_barrier_init(&warp_barrier, 0, 32);
    for (unsigned l = 0; l < 32; l++) t[l] = std::thread([=] { my_lane = l; f(); });
    for (auto &x : t) x.join();
    pthread_barrier_destroy(&warp_barrier);
}
"#;

/// Each form: A, B and C in memory in their layouts (C filled instead of loaded where `fill`),
/// the warp's loads, multiply-accumulate and store, then every element of D against the exact
/// C + A·B (s32: clamped under `satf`, else wrapped), encoded as D's type.
const HOST_CHECKS: &str = r#"
using namespace nvcuda;
template <class A, class B> constexpr bool same_v = wmma::__cah::same<A, B>::value;
static double aval(int r, int k, bool uns) { return uns ? (r * 3 + k * 5) % 7 : (r * 3 + k * 5) % 7 - 3; }
static double bval(int k, int n, bool uns) { return uns ? (k * 2 + n * 7) % 5 : (k * 2 + n * 7) % 5 - 2; }
static double cval(int r, int n, bool big) { return big ? 2147483000.0 + (r % 16) * 40 + n : r - 2 * n; }
static long at(bool row_major, int ld, int r, int c) { return row_major ? (long)r * ld + c : (long)c * ld + r; }

template <int M, int N, int K, class TA, class LA, class TC, class TD>
static int check(const char *name, bool c_row, bool d_row, bool fill, bool satf, bool big) {
    using FA = wmma::fragment<wmma::matrix_a, M, N, K, TA, LA>;
    using LB = typename std::conditional<same_v<LA, wmma::row_major>, wmma::col_major, wmma::row_major>::type;
    using FB = wmma::fragment<wmma::matrix_b, M, N, K, TA, LB>;
    using FC = wmma::fragment<wmma::accumulator, M, N, K, TC>;
    using FD = wmma::fragment<wmma::accumulator, M, N, K, TD>;
    using SA = typename FA::storage_element_type;
    using SC = typename FC::storage_element_type;
    using SD = typename FD::storage_element_type;
    const bool uns = same_v<TA, unsigned char>, a_row = same_v<LA, wmma::row_major>, b_row = !a_row;
    static SA a[M * K], b[K * N];
    static SC c[M * N];
    static SD d[M * N];
    for (int r = 0; r < M; r++) for (int k = 0; k < K; k++) a[at(a_row, a_row ? K : M, r, k)] = (SA)aval(r, k, uns);
    for (int k = 0; k < K; k++) for (int n = 0; n < N; n++) b[at(b_row, b_row ? N : K, k, n)] = (SA)bval(k, n, uns);
    for (int r = 0; r < M; r++) for (int n = 0; n < N; n++) c[at(c_row, c_row ? N : M, r, n)] = (SC)cval(r, n, big);
    run_warp([&] {
        FA fa; FB fb; FC fc; FD fd;
        wmma::load_matrix_sync(fa, a, a_row ? K : M);
        wmma::load_matrix_sync(fb, b, b_row ? N : K);
        if (fill) wmma::fill_fragment(fc, 1);
        else wmma::load_matrix_sync(fc, c, c_row ? N : M, c_row ? wmma::mem_row_major : wmma::mem_col_major);
        wmma::mma_sync(fd, fa, fb, fc, satf);
        wmma::store_matrix_sync(d, fd, d_row ? N : M, d_row ? wmma::mem_row_major : wmma::mem_col_major);
    });
    int bad = 0;
    for (int r = 0; r < M; r++)
        for (int n = 0; n < N; n++) {
            double want = fill ? 1 : (double)(SC)cval(r, n, big);
            for (int k = 0; k < K; k++) want += aval(r, k, uns) * bval(k, n, uns);
            if (same_v<TD, int>) want = satf ? (want > 2147483647.0 ? 2147483647.0 : want) : (double)(int32_t)(uint32_t)(int64_t)want;
            double got = (double)d[at(d_row, d_row ? N : M, r, n)];
            if (got != (double)(SD)want && bad++ < 3) printf("FAIL %s row %d col %d: %g, wanted %g\n", name, r, n, got, want);
        }
    return bad;
}

int main() {
    using wmma::col_major;
    using wmma::row_major;
    int bad = 0;
    bad += check<16, 16, 16, half, row_major, float, float>("m16n16k16 half", true, true, false, false, false);
    bad += check<16, 16, 16, half, col_major, half, half>("m16n16k16 half acc", false, true, false, false, false);
    bad += check<32, 8, 16, half, row_major, half, float>("m32n8k16 half", true, false, false, false, false);
    bad += check<8, 32, 16, half, col_major, float, half>("m8n32k16 half", false, true, true, false, false);
    bad += check<16, 16, 16, __nv_bfloat16, row_major, float, float>("m16n16k16 bf16", true, true, false, false, false);
    bad += check<32, 8, 16, __nv_bfloat16, col_major, float, float>("m32n8k16 bf16", true, false, false, false, false);
    bad += check<8, 32, 16, __nv_bfloat16, row_major, float, float>("m8n32k16 bf16", false, false, false, false, false);
    bad += check<16, 16, 8, wmma::precision::tf32, row_major, float, float>("m16n16k8 tf32", true, false, false, false, false);
    bad += check<8, 8, 4, double, col_major, double, double>("m8n8k4 double", false, true, false, false, false);
    bad += check<16, 16, 16, signed char, row_major, int, int>("m16n16k16 s8", true, true, false, false, false);
    bad += check<32, 8, 16, unsigned char, row_major, int, int>("m32n8k16 u8 satf", true, true, false, true, true);
    bad += check<16, 16, 16, unsigned char, col_major, int, int>("m16n16k16 u8 wraps", false, true, false, false, true);
    bad += check<8, 32, 16, signed char, col_major, int, int>("m8n32k16 s8", true, false, true, false, false);
    // tf32 rounding: to nearest, ties away from zero; the low 13 bits dropped.
    float tie = 1.0f + 1.0f / 2048, below = 1.0f + 1.0f / 4096;
    if (wmma::__float_to_tf32(tie) != 1.0f + 1.0f / 1024 || wmma::__float_to_tf32(below) != 1.0f ||
        wmma::__float_to_tf32(-tie) != -(1.0f + 1.0f / 1024)) {
        puts("FAIL __float_to_tf32");
        bad++;
    }
    puts(bad ? "FAIL" : "ok");
    return 0;
}
"#;

#[test]
fn the_header_stores_c_plus_a_times_b_on_32_host_threads() {
    let headers = [
        ("mma.h", include_str!("../src/nvrtc/include/mma.h")),
        ("cuda_fp16.h", "#pragma once\n"),
        ("cuda_bf16.h", "#pragma once\n"),
    ];
    nvrtc_common::run_headers_on_host("wmma", &headers, &format!("{HOST_WARP}{HOST_CHECKS}"));
}
