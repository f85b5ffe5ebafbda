// cuda-as-hip: <cooperative_groups/scan.h>: cg::inclusive_scan and cg::exclusive_scan over a tile,
// by shuffles up (Hillis-Steele: after the step of distance d each thread holds the combination
// of the 2d values ending at its own, in rank order, so an operator need not commute).
#pragma once
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>

namespace cooperative_groups {

template <unsigned N, class T, class Op>
__device__ T inclusive_scan(const thread_block_tile<N> &g, T v, Op op) {
    for (unsigned d = 1; d < N; d *= 2) {
        T before = g.shfl_up(v, d);
        if (g.thread_rank() >= d) v = op(before, v);
    }
    return v;
}
template <unsigned N, class T> __device__ T inclusive_scan(const thread_block_tile<N> &g, T v) {
    return inclusive_scan(g, v, plus<T>());
}

// As CUDA's: the inclusive scan of the thread before; T{} for the first.
template <unsigned N, class T, class Op>
__device__ T exclusive_scan(const thread_block_tile<N> &g, T v, Op op) {
    T before = g.shfl_up(inclusive_scan(g, v, op), 1);
    return g.thread_rank() == 0 ? T{} : before;
}
template <unsigned N, class T> __device__ T exclusive_scan(const thread_block_tile<N> &g, T v) {
    return exclusive_scan(g, v, plus<T>());
}

}  // namespace cooperative_groups
