// cuda-as-hip: <cooperative_groups/reduce.h>: cg::reduce over a tile, by xor-shuffle butterfly.
#pragma once
#include <cooperative_groups.h>

namespace cooperative_groups {

template <class T> struct plus { __device__ T operator()(T a, T b) const { return a + b; } };
template <class T> struct less { __device__ T operator()(T a, T b) const { return b < a ? b : a; } };
template <class T> struct greater { __device__ T operator()(T a, T b) const { return a < b ? b : a; } };
template <class T> struct bit_and { __device__ T operator()(T a, T b) const { return a & b; } };
template <class T> struct bit_or { __device__ T operator()(T a, T b) const { return a | b; } };
template <class T> struct bit_xor { __device__ T operator()(T a, T b) const { return a ^ b; } };

template <unsigned N, class T, class Op>
__device__ T reduce(const thread_block_tile<N>& g, T v, Op op) {
    for (unsigned d = N / 2; d > 0; d /= 2) v = op(v, g.shfl_xor(v, (int)d));
    return v;
}

}  // namespace cooperative_groups
