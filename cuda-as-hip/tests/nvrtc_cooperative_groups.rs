//! Our NVRTC's cooperative groups beyond blocks and tiles (cuda-as-hip/src/nvrtc/include):
//! `<cooperative_groups/scan.h>` — a kernel scanning over tiles compiles through this HIP
//! version's hiprtc for wave64 and wave32, and the header, built for the host with threads
//! standing in for a tile's lanes, gives CUDA's inclusive and exclusive scans (T{} first) for every
//! tile size, with an operator that does not commute — and a grid's `sync()`, which compiles to
//! AMD's grid barrier (a cooperative launch's).

mod nvrtc_common;

const KERNEL: &str = r#"
#include <cooperative_groups.h>
#include <cooperative_groups/scan.h>
namespace cg = cooperative_groups;

extern "C" __global__ void scans(const int *in, int *out, float *f) {
    auto block = cg::this_thread_block();
    auto warp = cg::tiled_partition<32>(block);
    auto quad = cg::tiled_partition<4>(block);
    int i = block.thread_rank();
    out[i] = cg::inclusive_scan(warp, in[i]) + cg::exclusive_scan(quad, in[i], cg::greater<int>());
    f[i] = cg::exclusive_scan(warp, f[i]);
}
"#;

#[test]
fn a_scanning_kernel_compiles_for_wave64_and_wave32() {
    nvrtc_common::compile_for(KERNEL, &["gfx90a", "gfx1030"], &["scans"]);
}

/// A grid-wide sync between two phases, as CUDA's programming guide writes it.
const GRID_SYNC: &str = r#"
#include <cooperative_groups.h>
namespace cg = cooperative_groups;
extern "C" __global__ void two_phases(float *data, unsigned long long *ranks) {
    cg::grid_group grid = cg::this_grid();
    unsigned long long i = grid.thread_rank();
    data[i] *= 2;
    if (!grid.is_valid()) return;
    grid.sync();
    cg::sync(grid);
    ranks[i] = data[(i + 1) % grid.size()] + grid.group_dim().x + grid.block_index().x;
}
"#;

#[test]
fn a_grid_sync_compiles_to_the_grid_barrier() {
    let arches = ["gfx90a", "gfx1030"];
    let codes = nvrtc_common::compile_for(GRID_SYNC, &arches, &["two_phases"]);
    for (arch, code) in arches.iter().zip(codes) {
        let code = &test_support::disassembled(&code, arch)["two_phases"];
        assert!(
            code.contains("ds_gws_barrier"),
            "{arch}: no ds_gws_barrier in the code:\n{code}"
        );
    }
}

/// A tile of the host: N threads, `shfl_up` through shared memory between two barriers.
const HOST: &str = r#"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <thread>
#define __device__
static pthread_barrier_t barrier;
static thread_local unsigned rank;
static long long exchange[32];
namespace cooperative_groups {
template <unsigned N> struct thread_block_tile {
    unsigned thread_rank() const { return rank; }
    template <class T> T shfl_up(T v, unsigned d) const {
        memcpy(&exchange[rank], &v, sizeof v);
        pthread_barrier_wait(&barrier);
        T r;
        memcpy(&r, &exchange[rank >= d ? rank - d : rank], sizeof r);
        pthread_barrier_wait(&barrier);
        return r;
    }
};
}
#include <cooperative_groups/scan.h>
namespace cg = cooperative_groups;
// Associative, not commutative: composing affine maps x -> a·x + b (mod p), the earlier first.
struct affine { int a, b; };
const long long p = 1000003;
struct then {
    affine operator()(affine f, affine g) const {
        return {(int)((long long)f.a * g.a % p), (int)(((long long)g.a * f.b + g.b) % p)};
    }
};
int bad = 0;
template <unsigned N> void check() {
    long long in[N], inc[N], exc[N];
    affine maps[N], composed[N], composed_before[N];
    for (unsigned i = 0; i < N; i++) {
        in[i] = (i * 7 + 3) % 10;
        maps[i] = {(int)(i * 5 + 2), (int)(i * 3 + 1)};
    }
    pthread_barrier_init(&barrier, 0, N);
    std::thread t[N];
    for (unsigned r = 0; r < N; r++)
        t[r] = std::thread([&, r] {
            rank = r;
            cg::thread_block_tile<N> g;
            inc[r] = cg::inclusive_scan(g, in[r]);
            exc[r] = cg::exclusive_scan(g, in[r]);
            composed[r] = cg::inclusive_scan(g, maps[r], then());
            composed_before[r] = cg::exclusive_scan(g, maps[r], then());
        });
    for (auto &x : t) x.join();
    pthread_barrier_destroy(&barrier);
    long long sum = 0;
    affine all = {1, 0};
    for (unsigned i = 0; i < N; i++) {
        long long prev_sum = sum;
        affine prev = all;
        sum += in[i];
        all = then()(all, maps[i]);
        bool first = i == 0;
        bool ok = inc[i] == sum && exc[i] == (first ? 0 : prev_sum) && composed[i].a == all.a &&
                  composed[i].b == all.b && composed_before[i].a == (first ? 0 : prev.a) &&
                  composed_before[i].b == (first ? 0 : prev.b);
        if (!ok && bad++ < 5) printf("FAIL N=%u rank %u: %lld %lld\n", N, i, inc[i], exc[i]);
    }
}
int main() {
    check<1>(); check<2>(); check<4>(); check<8>(); check<16>(); check<32>();
    puts(bad ? "FAIL" : "ok");
    return 0;
}
"#;

#[test]
fn the_header_scans_as_cuda_on_the_host() {
    let headers = [
        (
            "cooperative_groups/scan.h",
            include_str!("../src/nvrtc/include/cooperative_groups/scan.h"),
        ),
        (
            "cooperative_groups/reduce.h",
            include_str!("../src/nvrtc/include/cooperative_groups/reduce.h"),
        ),
        ("cooperative_groups.h", "#pragma once\n"),
    ];
    nvrtc_common::run_headers_on_host("scan", &headers, HOST);
}
