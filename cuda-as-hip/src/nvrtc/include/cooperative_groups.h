// cuda-as-hip: <cooperative_groups.h> on hiprtc: thread blocks, tiles of at most one 32-lane CUDA
// warp, coalesced groups, built on this layer's warp intrinsics (see the wavefront rule in
// <__cuda_as_hip/warp.h>). HIP's own cooperative groups are not part of hiprtc 5.x. A grid-wide
// sync is ockl's grid barrier (what HIP's own grid_group::sync() calls), which needs a
// cooperative launch (cuLaunchCooperativeKernel / cudaLaunchCooperativeKernel), as CUDA's does.
#pragma once

// hiprtc 5.7 and later build HIP's own cooperative groups in, under the same namespace, with HIP's
// 64-lane rules: CUDA sources that name `cooperative_groups` get this header's instead.
#define cooperative_groups __cah_cooperative_groups

namespace cooperative_groups {

struct thread_block {
    __device__ static unsigned thread_rank() {
        return threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    }
    __device__ static unsigned size() { return blockDim.x * blockDim.y * blockDim.z; }
    __device__ static unsigned num_threads() { return size(); }
    __device__ static void sync() { __syncthreads(); }
    __device__ static dim3 group_index() { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
    __device__ static dim3 thread_index() { return dim3(threadIdx.x, threadIdx.y, threadIdx.z); }
    __device__ static dim3 group_dim() { return dim3(blockDim.x, blockDim.y, blockDim.z); }
    __device__ static dim3 dim_threads() { return group_dim(); }
};
typedef thread_block thread_group;
__device__ inline thread_block this_thread_block() { return {}; }

// A tile of N threads (N a power of two, at most 32) inside one CUDA warp.
template <unsigned N> struct thread_block_tile {
    static_assert(N >= 1 && N <= 32 && (N & (N - 1)) == 0,
                  "cuda-as-hip: tiles are powers of two up to one 32-lane warp");
    __device__ static unsigned thread_rank() { return thread_block::thread_rank() % N; }
    __device__ static constexpr unsigned size() { return N; }
    __device__ static constexpr unsigned num_threads() { return N; }
    __device__ static unsigned meta_group_rank() { return thread_block::thread_rank() / N; }
    __device__ static unsigned meta_group_size() { return (thread_block::size() + N - 1) / N; }
    __device__ static void sync() { __syncwarp(); }
    // This tile's lanes as bits of the caller's 32-lane warp.
    __device__ static unsigned lanes() {
        return (N == 32 ? 0xffffffffu : ((1u << N) - 1u)) << (__cah_warp_lane() / N * N);
    }
    template <class T> __device__ T shfl(T v, int src) const { return __shfl_sync(lanes(), v, src, N); }
    template <class T> __device__ T shfl_up(T v, unsigned d) const { return __shfl_up_sync(lanes(), v, d, N); }
    template <class T> __device__ T shfl_down(T v, unsigned d) const { return __shfl_down_sync(lanes(), v, d, N); }
    template <class T> __device__ T shfl_xor(T v, int m) const { return __shfl_xor_sync(lanes(), v, m, N); }
    __device__ unsigned ballot(int p) const {
        return __ballot_sync(lanes(), p) >> (__cah_warp_lane() / N * N);
    }
    __device__ int any(int p) const { return __any_sync(lanes(), p); }
    __device__ int all(int p) const { return __all_sync(lanes(), p); }
    template <class T> __device__ unsigned match_any(T v) const {
        return __match_any_sync(lanes(), v) >> (__cah_warp_lane() / N * N);
    }
};
template <unsigned N, class Parent> __device__ thread_block_tile<N> tiled_partition(const Parent&) {
    return {};
}

// The threads of the caller's warp that are active at this point.
struct coalesced_group {
    unsigned mask;
    __device__ unsigned size() const { return __builtin_popcount(mask); }
    __device__ unsigned num_threads() const { return size(); }
    __device__ unsigned thread_rank() const {
        return __builtin_popcount(mask & ((1u << __cah_warp_lane()) - 1u));
    }
    __device__ void sync() const { __syncwarp(mask); }
    __device__ unsigned ballot(int p) const { return __ballot_sync(mask, p); }
    __device__ int any(int p) const { return __any_sync(mask, p); }
    __device__ int all(int p) const { return __all_sync(mask, p); }
    // Rank r of the group is the r-th set bit of the mask.
    __device__ unsigned lane_of(unsigned rank) const {
        unsigned m = mask;
        for (unsigned i = 0; i < rank; ++i) m &= m - 1;
        return __builtin_ctz(m);
    }
    template <class T> __device__ T shfl(T v, unsigned rank) const {
        return __shfl_sync(mask, v, (int)lane_of(rank));
    }
};
__device__ inline coalesced_group coalesced_threads() { return {__activemask()}; }

// ockl's (AMD's device library, which hiprtc links), as HIP's device_library_decls.h declares them.
extern "C" __device__ __attribute__((const)) int __ockl_grid_is_valid(void);
extern "C" __device__ __attribute__((convergent)) void __ockl_grid_sync(void);

struct grid_group {
    __device__ static unsigned long long thread_rank() {
        unsigned long long block = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * (unsigned long long)blockIdx.z);
        return block * thread_block::size() + thread_block::thread_rank();
    }
    __device__ static unsigned long long size() {
        return (unsigned long long)gridDim.x * gridDim.y * gridDim.z * thread_block::size();
    }
    __device__ static unsigned long long num_threads() { return size(); }
    // Whether the grid was launched cooperatively, so that sync() can wait for all of it.
    __device__ static bool is_valid() { return __ockl_grid_is_valid() != 0; }
    __device__ static void sync() { __ockl_grid_sync(); }
    __device__ static dim3 group_dim() { return dim3(gridDim.x, gridDim.y, gridDim.z); }
    __device__ static dim3 dim_blocks() { return group_dim(); }
    __device__ static dim3 block_index() { return dim3(blockIdx.x, blockIdx.y, blockIdx.z); }
};
__device__ inline grid_group this_grid() { return {}; }

template <class Group> __device__ inline void sync(const Group& g) { g.sync(); }

}  // namespace cooperative_groups
