// cuda-as-hip: CUDA's address-space queries and conversions on AMD GPUs. CUDA's state spaces map
// to AMDGPU address spaces: global 1, shared 3 (LDS), constant 4, local 5 (private); a generic
// (flat) pointer tells shared and private apart from the rest by its aperture. Global and constant
// memory share one aperture, so there is no __isConstant / __isGridConstant: a pointer to a
// __constant__ variable counts as global.
#pragma once

#define __CAH_AS(n) __attribute__((address_space(n)))

static __device__ inline unsigned int __isShared(const void* p) {
  return __builtin_amdgcn_is_shared(p);
}
static __device__ inline unsigned int __isLocal(const void* p) {
  return __builtin_amdgcn_is_private(p);
}
static __device__ inline unsigned int __isGlobal(const void* p) {
  return !__isShared(p) && !__isLocal(p);
}

// generic ↔ space: the space's own address, as CUDA's `cvta` gives it (shared and local are
// 32-bit offsets; global and constant addresses are the generic ones).
#define __CAH_CVTA(space, n)                                                      \
  static __device__ inline __SIZE_TYPE__ __cvta_generic_to_##space(const void* p) { \
    return (__SIZE_TYPE__)(const __CAH_AS(n) char*)p;                            \
  }                                                                             \
  static __device__ inline void* __cvta_##space##_to_generic(__SIZE_TYPE__ a) {   \
    return (void*)(__CAH_AS(n) char*)a;                                          \
  }
__CAH_CVTA(global, 1)
__CAH_CVTA(shared, 3)
__CAH_CVTA(constant, 4)
__CAH_CVTA(grid_constant, 4)
__CAH_CVTA(local, 5)
#undef __CAH_CVTA
#undef __CAH_AS
