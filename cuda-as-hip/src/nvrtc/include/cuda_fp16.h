// cuda-as-hip: <cuda_fp16.h> on hiprtc. hiprtc builds HIP's __half / __half2 in, with most of
// CUDA's functions under CUDA's names; these are the ones it lacks.
#pragma once

typedef __half half;
typedef __half2 half2;

// Templates: a HIP version that declares its own (non-template) wins overload resolution.
template <class H = __half> __device__ inline __half __hmax(H a, H b) {
    return __hgt(a, b) || __hisnan(b) ? a : b;
}
template <class H = __half> __device__ inline __half __hmin(H a, H b) {
    return __hlt(a, b) || __hisnan(b) ? a : b;
}
// The _nan forms return NaN when either input is NaN.
template <class H = __half> __device__ inline __half __hmax_nan(H a, H b) {
    return __hisnan(a) ? a : __hisnan(b) ? b : __hmax(a, b);
}
template <class H = __half> __device__ inline __half __hmin_nan(H a, H b) {
    return __hisnan(a) ? a : __hisnan(b) ? b : __hmin(a, b);
}
template <class H = __half2> __device__ inline __half2 __hmax2(H a, H b) {
    return __halves2half2(__hmax(__low2half(a), __low2half(b)), __hmax(__high2half(a), __high2half(b)));
}
template <class H = __half2> __device__ inline __half2 __hmin2(H a, H b) {
    return __halves2half2(__hmin(__low2half(a), __low2half(b)), __hmin(__high2half(a), __high2half(b)));
}

// The rounding-explicit forms (CUDA: never contracted into an fma); HIP 6 and later have them.
#define __CAH_HALF_RN(name, op, H)                                                                  \
    template <class T = H> __device__ inline H name(T a, T b) { return op(a, b); }
__CAH_HALF_RN(__hadd_rn, __hadd, __half)
__CAH_HALF_RN(__hsub_rn, __hsub, __half)
__CAH_HALF_RN(__hmul_rn, __hmul, __half)
__CAH_HALF_RN(__hadd2_rn, __hadd2, __half2)
__CAH_HALF_RN(__hsub2_rn, __hsub2, __half2)
__CAH_HALF_RN(__hmul2_rn, __hmul2, __half2)
#undef __CAH_HALF_RN

// 16-bit atomic add (sm_70), by compare-and-swap on the value's bits.
template <class H = __half> __device__ inline __half atomicAdd(__half* p, H v) {
    unsigned short* bits = (unsigned short*)p;
    unsigned short old = *bits, assumed;
    do {
        assumed = old;
        __half sum = __hadd(__ushort_as_half(assumed), v);
        old = atomicCAS(bits, assumed, __half_as_ushort(sum));
    } while (old != assumed);
    return __ushort_as_half(old);
}
