// cuda-as-hip: CUDA's warp intrinsics with CUDA's signatures (32-bit lane masks).
//
// The wavefront rule. A CUDA warp is 32 lanes. On wave32 GPUs (RDNA) one wavefront is one CUDA
// warp. On wave64 GPUs (CDNA: gfx90a, gfx942) each 64-lane wavefront runs as TWO CUDA warps, lanes
// 0-31 and 32-63: `warpSize` is 32; a shuffle reads only lanes of the caller's own 32-lane half
// (width at most 32); `__ballot_sync`, `__activemask`, `__match_*_sync` return the 32 bits of that
// half; bit i of a mask names lane i of that half; `__syncwarp` waits for the whole wavefront
// (both halves, a superset of what CUDA asks). So the 32-bit full mask 0xffffffff means "my 32-lane
// CUDA warp", and CUDA code written for 32-lane warps gives CUDA's results on both.
//
// Each function has its own name (`__cah_*`) and the CUDA name is a macro for it: HIP 7 declares
// `*_sync` templates of its own that insist on 64-bit masks, and a macro wins over any of them.
#pragma once

// Lane of the caller in its wavefront, and in its 32-lane CUDA warp.
__device__ inline unsigned __cah_wave_lane() { return __lane_id(); }
__device__ inline unsigned __cah_warp_lane() { return __lane_id() & 31u; }
// Lane 0 of the caller's CUDA warp, as a wavefront lane.
__device__ inline unsigned __cah_warp_base() { return __lane_id() & ~31u; }

// The caller's 32 bits of a wavefront-wide ballot.
__device__ inline unsigned __cah_warp_bits(unsigned long long wave) {
    return (unsigned)(wave >> __cah_warp_base());
}

// Any type, any size: read `v` from wavefront lane `src`, 32 bits at a time (ds_bpermute).
template <class T> __device__ inline T __cah_read_lane(T v, unsigned src) {
    constexpr unsigned words = (sizeof(T) + 3) / 4;
    int w[words] = {};
    __builtin_memcpy(w, &v, sizeof(T));
    for (unsigned i = 0; i < words; ++i) w[i] = __builtin_amdgcn_ds_bpermute((int)(src << 2), w[i]);
    T r;
    __builtin_memcpy(&r, w, sizeof(T));
    return r;
}

// Width: CUDA's is a power of two up to 32; anything larger is the whole 32-lane warp.
__device__ inline unsigned __cah_width(int width) {
    return (width <= 0 || width > 32) ? 32u : (unsigned)width;
}

template <class T> __device__ inline T __cah_shfl_sync(unsigned, T v, int src, int width = 32) {
    unsigned w = __cah_width(width), lane = __cah_wave_lane();
    return __cah_read_lane(v, (lane & ~(w - 1)) + ((unsigned)src & (w - 1)));
}
template <class T> __device__ inline T __cah_shfl_up_sync(unsigned, T v, unsigned delta, int width = 32) {
    unsigned w = __cah_width(width), lane = __cah_wave_lane();
    return __cah_read_lane(v, (lane & (w - 1)) >= delta ? lane - delta : lane);
}
template <class T> __device__ inline T __cah_shfl_down_sync(unsigned, T v, unsigned delta, int width = 32) {
    unsigned w = __cah_width(width), lane = __cah_wave_lane();
    return __cah_read_lane(v, (lane & (w - 1)) + delta < w ? lane + delta : lane);
}
// As CUDA: a lane may read from an earlier segment of `width` lanes, not from a later one (it
// gets its own value). The xor stays inside the caller's 32-lane CUDA warp.
template <class T> __device__ inline T __cah_shfl_xor_sync(unsigned, T v, int mask, int width = 32) {
    unsigned w = __cah_width(width), lane = __cah_wave_lane(), to = lane ^ ((unsigned)mask & 31u);
    return __cah_read_lane(v, to < (lane & ~(w - 1)) + w ? to : lane);
}

__device__ inline unsigned __cah_activemask() { return __cah_warp_bits(__ballot(1)); }
__device__ inline unsigned __cah_ballot_sync(unsigned mask, int pred) {
    return __cah_warp_bits(__ballot(pred)) & mask;
}
__device__ inline int __cah_any_sync(unsigned mask, int pred) { return __cah_ballot_sync(mask, pred) != 0; }
__device__ inline int __cah_all_sync(unsigned mask, int pred) {
    return __cah_ballot_sync(mask, pred) == (mask & __cah_activemask());
}
__device__ inline int __cah_uni_sync(unsigned mask, int pred) {
    unsigned yes = __cah_ballot_sync(mask, pred);
    return yes == 0 || yes == (mask & __cah_activemask());
}

// A wavefront is in lockstep: a wavefront barrier with memory ordering among its lanes.
__device__ inline void __cah_syncwarp(unsigned = 0xffffffffu) {
    __builtin_amdgcn_fence(__ATOMIC_RELEASE, "wavefront");
    __builtin_amdgcn_wave_barrier();
    __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "wavefront");
}

// Lanes of `mask` (in the caller's CUDA warp) whose `v` equals the caller's.
template <class T> __device__ inline unsigned __cah_match_any_sync(unsigned mask, T v) {
    unsigned same = 0, base = __cah_warp_base();
    for (unsigned i = 0; i < 32; ++i) {
        T other = __cah_read_lane(v, base + i);
        if (other == v) same |= 1u << i;
    }
    return same & mask & __cah_activemask();
}
template <class T> __device__ inline unsigned __cah_match_all_sync(unsigned mask, T v, int* pred) {
    unsigned same = __cah_match_any_sync(mask, v), all = mask & __cah_activemask();
    *pred = same == all;
    return same == all ? all : 0u;
}

// __reduce_*_sync (sm_80): the lanes of `mask` combined, every lane gets the result.
template <class T, class Op> __device__ inline T __cah_reduce(unsigned mask, T v, Op op) {
    unsigned live = mask & __cah_activemask(), base = __cah_warp_base();
    T acc = v;
    bool first = true;
    for (unsigned i = 0; i < 32; ++i) {
        T other = __cah_read_lane(v, base + i);
        if (live >> i & 1u) { acc = first ? other : op(acc, other); first = false; }
    }
    return acc;
}
struct __cah_add { template <class T> __device__ T operator()(T a, T b) const { return a + b; } };
struct __cah_min { template <class T> __device__ T operator()(T a, T b) const { return b < a ? b : a; } };
struct __cah_max { template <class T> __device__ T operator()(T a, T b) const { return a < b ? b : a; } };
struct __cah_and { template <class T> __device__ T operator()(T a, T b) const { return a & b; } };
struct __cah_or { template <class T> __device__ T operator()(T a, T b) const { return a | b; } };
struct __cah_xor { template <class T> __device__ T operator()(T a, T b) const { return a ^ b; } };
__device__ inline unsigned __cah_reduce_add_sync(unsigned m, unsigned v) { return __cah_reduce(m, v, __cah_add()); }
__device__ inline int __cah_reduce_add_sync(unsigned m, int v) { return __cah_reduce(m, v, __cah_add()); }
__device__ inline unsigned __cah_reduce_min_sync(unsigned m, unsigned v) { return __cah_reduce(m, v, __cah_min()); }
__device__ inline int __cah_reduce_min_sync(unsigned m, int v) { return __cah_reduce(m, v, __cah_min()); }
__device__ inline unsigned __cah_reduce_max_sync(unsigned m, unsigned v) { return __cah_reduce(m, v, __cah_max()); }
__device__ inline int __cah_reduce_max_sync(unsigned m, int v) { return __cah_reduce(m, v, __cah_max()); }
__device__ inline unsigned __cah_reduce_and_sync(unsigned m, unsigned v) { return __cah_reduce(m, v, __cah_and()); }
__device__ inline unsigned __cah_reduce_or_sync(unsigned m, unsigned v) { return __cah_reduce(m, v, __cah_or()); }
__device__ inline unsigned __cah_reduce_xor_sync(unsigned m, unsigned v) { return __cah_reduce(m, v, __cah_xor()); }

#define __shfl_sync __cah_shfl_sync
#define __shfl_up_sync __cah_shfl_up_sync
#define __shfl_down_sync __cah_shfl_down_sync
#define __shfl_xor_sync __cah_shfl_xor_sync
#define __ballot_sync __cah_ballot_sync
#define __any_sync __cah_any_sync
#define __all_sync __cah_all_sync
#define __uni_sync __cah_uni_sync
#define __activemask __cah_activemask
#define __syncwarp __cah_syncwarp
#define __match_any_sync __cah_match_any_sync
#define __match_all_sync __cah_match_all_sync
#define __reduce_add_sync __cah_reduce_add_sync
#define __reduce_min_sync __cah_reduce_min_sync
#define __reduce_max_sync __cah_reduce_max_sync
#define __reduce_and_sync __cah_reduce_and_sync
#define __reduce_or_sync __cah_reduce_or_sync
#define __reduce_xor_sync __cah_reduce_xor_sync
// CUDA's warpSize is 32 on every GPU (see the wavefront rule above).
#define warpSize 32
