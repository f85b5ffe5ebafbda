//! CUDA's asynchronous copies from our NVRTC — `<cuda_pipeline_primitives.h>`, `<cuda_pipeline.h>`
//! and `<cooperative_groups/memcpy_async.h>`, which copy at once (cuda-as-hip/src/nvrtc/include):
//! kernels using each compile through this HIP version's hiprtc, and the headers built for the
//! host copy what CUDA's would (zero fill, padding, a group's share of the bytes, the rest).

mod nvrtc_common;

/// The programming guide's patterns: primitives with zero fill, the experimental pipeline with
/// its array form, a thread block's memcpy_async and wait.
const KERNELS: &str = r#"
#include <cuda_pipeline.h>
#include <cooperative_groups.h>
#include <cooperative_groups/memcpy_async.h>
namespace cg = cooperative_groups;

extern "C" __global__ void primitives(const int4 *in, int4 *out) {
    __shared__ int4 tile[256];
    __pipeline_memcpy_async(&tile[threadIdx.x], &in[threadIdx.x], sizeof(int4), threadIdx.x % 2 ? 4 : 0);
    __pipeline_commit();
    __pipeline_wait_prior(0);
    __syncthreads();
    out[threadIdx.x] = tile[255 - threadIdx.x];
}

extern "C" __global__ void experimental_pipeline(const float *in, float *out) {
    __shared__ float tile[1024];
    nvcuda::experimental::pipeline pipe;
    nvcuda::experimental::memcpy_async(tile[threadIdx.x], in[threadIdx.x], pipe);
    nvcuda::experimental::memcpy_async(nvcuda::experimental::segment<4>(tile + 256 + 4 * threadIdx.x),
                                       nvcuda::experimental::segment<2>(in + 2 * threadIdx.x), pipe);
    size_t batch = pipe.commit();
    pipe.wait(batch);
    pipe.wait_prior<0>();
    __syncthreads();
    out[threadIdx.x] = tile[threadIdx.x] + tile[256 + threadIdx.x];
}

extern "C" __global__ void group_copy(const double *in, double *out, int n) {
    extern __shared__ double shared[];
    cg::thread_block block = cg::this_thread_block();
    cg::memcpy_async(block, shared, in, sizeof(double) * n);
    cg::wait(block);
    cg::memcpy_async(block, shared + n, (size_t)n, in, (size_t)n / 2);
    cg::wait_prior<0>(block);
    out[block.thread_rank()] = shared[block.thread_rank()] + shared[n + block.thread_rank()];
}
"#;

#[test]
fn asynchronous_copy_kernels_compile() {
    let kernels = ["primitives", "experimental_pipeline", "group_copy"];
    nvrtc_common::compile_for(KERNELS, &["gfx90a"], &kernels);
}

/// The headers on the host: `__device__` is nothing; a group is 8 threads with a barrier.
const HOST: &str = r#"
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <thread>
#define __device__
#include <cuda_pipeline.h>
#include <cooperative_groups/memcpy_async.h>
static pthread_barrier_t barrier;
static thread_local unsigned rank;
struct group {
    unsigned thread_rank() const { return rank; }
    unsigned size() const { return 8; }
    void sync() const { pthread_barrier_wait(&barrier); }
};
int bad = 0;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); bad++; } } while (0)

int main() {
    unsigned char src[16], dst[16];
    for (int i = 0; i < 16; i++) src[i] = (unsigned char)(i + 1);
    memset(dst, 0xee, sizeof dst);
    __pipeline_memcpy_async(dst, src, 16, 5);
    __pipeline_commit();
    __pipeline_wait_prior(0);
    for (int i = 0; i < 16; i++) CHECK(dst[i] == (i < 11 ? i + 1 : 0));
    memset(dst, 0xee, sizeof dst);
    __pipeline_memcpy_async(dst, src, 8);
    for (int i = 0; i < 16; i++) CHECK(dst[i] == (i < 8 ? i + 1 : 0xee));

    nvcuda::experimental::pipeline pipe;
    double a = 2.5, b = 0;
    nvcuda::experimental::memcpy_async(b, a, pipe);
    CHECK(pipe.commit() == 0 && pipe.commit() == 1 && b == 2.5);
    int from[2] = {7, 8}, to[4] = {1, 1, 1, 1};
    nvcuda::experimental::memcpy_async(nvcuda::experimental::segment<4>(to), nvcuda::experimental::segment<2>(from), pipe);
    pipe.wait_prior<0>();
    CHECK(to[0] == 7 && to[1] == 8 && to[2] == 0 && to[3] == 0);

    // A group of 8 copies 103 ints' bytes plus 2 more bytes, then 30 of 40 ints by count.
    static int in[128], out[128], out2[128];
    for (int i = 0; i < 128; i++) in[i] = 1000 + i;
    memset(out, 0, sizeof out);
    memset(out2, 0, sizeof out2);
    pthread_barrier_init(&barrier, 0, 8);
    std::thread t[8];
    for (unsigned r = 0; r < 8; r++)
        t[r] = std::thread([r] {
            rank = r;
            group g;
            cooperative_groups::memcpy_async(g, out, in, 103 * sizeof(int) + 2);
            cooperative_groups::wait(g);
            cooperative_groups::memcpy_async(g, out2, (size_t)40, in, (size_t)30);
            cooperative_groups::wait_prior<0>(g);
        });
    for (auto &x : t) x.join();
    for (int i = 0; i < 103; i++) CHECK(out[i] == 1000 + i);
    CHECK((out[103] & 0xffff) == ((1000 + 103) & 0xffff) && (out[103] >> 16) == 0 && out[104] == 0);
    for (int i = 0; i < 40; i++) CHECK(out2[i] == (i < 30 ? 1000 + i : 0));
    puts(bad ? "FAIL" : "ok");
    return 0;
}
"#;

#[test]
fn the_headers_copy_what_cuda_copies_on_the_host() {
    let headers = [
        (
            "cuda_pipeline.h",
            include_str!("../src/nvrtc/include/cuda_pipeline.h"),
        ),
        (
            "cuda_pipeline_primitives.h",
            include_str!("../src/nvrtc/include/cuda_pipeline_primitives.h"),
        ),
        (
            "cooperative_groups/memcpy_async.h",
            include_str!("../src/nvrtc/include/cooperative_groups/memcpy_async.h"),
        ),
        ("cooperative_groups.h", "#pragma once\n"),
    ];
    nvrtc_common::run_headers_on_host("async", &headers, HOST);
}
