// cuda-as-hip: <cuda_pipeline_primitives.h> on hiprtc: CUDA's asynchronous global → shared copies
// (sm_80's cp.async) done at once. A copy may complete any time before the wait that covers it,
// so completing it as it is issued is one of the orders CUDA allows; committing and waiting have
// nothing left to do, and other threads see the copy after the barrier they need on NVIDIA too.
// `__pipeline_arrive_on` (an mbarrier arrival) is not provided.
#pragma once

// `size_and_align` bytes (4, 8 or 16) at `dst_shared`: the first `size_and_align - zfill` from
// `src_global`, the last `zfill` zero.
__device__ inline void __pipeline_memcpy_async(void *__restrict__ dst_shared, const void *__restrict__ src_global,
                                               size_t size_and_align, size_t zfill = 0) {
    unsigned char *d = (unsigned char *)dst_shared;
    const unsigned char *s = (const unsigned char *)src_global;
    const size_t copied = zfill < size_and_align ? size_and_align - zfill : 0;
    for (size_t i = 0; i < size_and_align; ++i) d[i] = i < copied ? s[i] : 0;
}
__device__ inline void __pipeline_commit() {}
__device__ inline void __pipeline_wait_prior(size_t) {}
