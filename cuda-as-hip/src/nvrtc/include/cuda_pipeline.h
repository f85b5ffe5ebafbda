// cuda-as-hip: <cuda_pipeline.h> on hiprtc: nvcuda::experimental::pipeline and its memcpy_async,
// with the copies done at once (see <cuda_pipeline_primitives.h>): a batch is complete when it is
// committed, so waiting for one returns at once.
#pragma once
#include <cuda_pipeline_primitives.h>

namespace nvcuda {
namespace experimental {

// `ptr` as a pointer to an array of N elements (what the array form of memcpy_async takes).
template <size_t N, class T> __device__ inline auto segment(T *ptr) -> T (*)[N] { return (T(*)[N])ptr; }

class pipeline {
  public:
    pipeline(const pipeline &) = delete;
    pipeline(pipeline &&) = delete;
    pipeline &operator=(const pipeline &) = delete;
    pipeline &operator=(pipeline &&) = delete;
    __device__ pipeline() : current_batch(0) {}
    // The batch just committed, counted from 0.
    __device__ size_t commit() { return current_batch++; }
    __device__ void commit_and_wait() { commit(); }
    __device__ void wait(size_t) {}
    template <unsigned N> __device__ void wait_prior() {}

  private:
    size_t current_batch;
};

template <class T> __device__ inline void memcpy_async(T &dst, const T &src, pipeline &) {
    if (__is_trivially_copyable(T))
        __builtin_memcpy((void *)&dst, (const void *)&src, sizeof(T));
    else
        dst = src;
}

// All of *src, and value-initialised elements after it up to the end of *dst.
template <class T, size_t DstN, size_t SrcN>
__device__ inline void memcpy_async(T (*dst)[DstN], const T (*src)[SrcN], pipeline &) {
    static_assert(sizeof(*dst) == 4 || sizeof(*dst) == 8 || sizeof(*dst) == 16, "Unsupported copy size.");
    static_assert(sizeof(*src) <= sizeof(*dst), "Source size must be less than or equal to destination size.");
    for (size_t i = 0; i < DstN; ++i) (*dst)[i] = i < SrcN ? (*src)[i] : T();
}

}  // namespace experimental
}  // namespace nvcuda
