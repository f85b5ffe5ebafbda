// cuda-as-hip: <cooperative_groups/memcpy_async.h> on hiprtc: a group's asynchronous copy done at
// once, each thread of the group copying every size()-th element from its rank on; `wait` and
// `wait_prior` then sync the group, after which every thread sees the whole copy (as on NVIDIA,
// where the copy completes at some point before the wait).
#pragma once
#include <cooperative_groups.h>

namespace cooperative_groups {
namespace __cah {
// `count` elements of U from src to dst, shared out among the group's threads.
template <class U, class G> __device__ inline void copy(const G &group, U *dst, const U *src, size_t count) {
    for (size_t i = group.thread_rank(); i < count; i += group.size()) dst[i] = src[i];
}
template <class T> struct unit { using type = T; };
template <> struct unit<void> { using type = unsigned char; };
template <> struct unit<const void> { using type = unsigned char; };
// `bytes` bytes: whole elements of T (bytes for void), then the bytes left over.
template <class T, class G> __device__ inline void copy_bytes(const G &group, T *dst, const T *src, size_t bytes) {
    using U = typename unit<T>::type;
    const size_t whole = bytes / sizeof(U);
    copy(group, (U *)dst, (const U *)src, whole);
    copy(group, (unsigned char *)dst + whole * sizeof(U), (const unsigned char *)src + whole * sizeof(U),
         bytes - whole * sizeof(U));
}
}  // namespace __cah

// `count` bytes (an integer, or cuda::aligned_size_t).
template <class G, class T, class Count>
__device__ inline void memcpy_async(const G &group, T *__restrict__ dst, const T *__restrict__ src, const Count &count) {
    __cah::copy_bytes(group, dst, src, (size_t)count);
}
// The first min(dst_count, src_count) elements.
template <class G, class T, class DstCount, class SrcCount>
__device__ inline void memcpy_async(const G &group, T *__restrict__ dst, const DstCount &dst_count,
                                    const T *__restrict__ src, const SrcCount &src_count) {
    const size_t n = (size_t)dst_count < (size_t)src_count ? (size_t)dst_count : (size_t)src_count;
    __cah::copy(group, dst, src, n);
}
template <unsigned Stage, class G> __device__ inline void wait_prior(const G &group) { group.sync(); }
template <class G> __device__ inline void wait(const G &group) { group.sync(); }

}  // namespace cooperative_groups
