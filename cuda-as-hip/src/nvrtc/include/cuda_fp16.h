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

// Two lanes compared into a mask: 0xffff in each lane where the comparison holds (the u forms
// also where either lane is NaN).
#define __CAH_HALF2_MASK(name, cmp, unordered)                                                     \
    template <class H = __half2> __device__ inline unsigned name(H a, H b) {                       \
        float ax = __low2float(a), ay = __high2float(a), bx = __low2float(b), by = __high2float(b); \
        bool lo = (ax cmp bx) || (unordered && (ax != ax || bx != bx));                            \
        bool hi = (ay cmp by) || (unordered && (ay != ay || by != by));                            \
        return (lo ? 0xffffu : 0u) | (hi ? 0xffff0000u : 0u);                                      \
    }
__CAH_HALF2_MASK(__heq2_mask, ==, false)
__CAH_HALF2_MASK(__hne2_mask, !=, false)
__CAH_HALF2_MASK(__hle2_mask, <=, false)
__CAH_HALF2_MASK(__hge2_mask, >=, false)
__CAH_HALF2_MASK(__hlt2_mask, <, false)
__CAH_HALF2_MASK(__hgt2_mask, >, false)
__CAH_HALF2_MASK(__hequ2_mask, ==, true)
__CAH_HALF2_MASK(__hneu2_mask, !=, true)
__CAH_HALF2_MASK(__hleu2_mask, <=, true)
__CAH_HALF2_MASK(__hgeu2_mask, >=, true)
__CAH_HALF2_MASK(__hltu2_mask, <, true)
__CAH_HALF2_MASK(__hgtu2_mask, >, true)
#undef __CAH_HALF2_MASK

template <class H = __half2> __device__ inline __half2 __hmax2_nan(H a, H b) {
    return __halves2half2(__hmax_nan(__low2half(a), __low2half(b)), __hmax_nan(__high2half(a), __high2half(b)));
}
template <class H = __half2> __device__ inline __half2 __hmin2_nan(H a, H b) {
    return __halves2half2(__hmin_nan(__low2half(a), __low2half(b)), __hmin_nan(__high2half(a), __high2half(b)));
}
// a * b + c with negative results made 0 (a NaN stays NaN).
template <class H = __half> __device__ inline __half __hfma_relu(H a, H b, H c) {
    float r = fmaf(__half2float(a), __half2float(b), __half2float(c));
    return __float2half(r < 0.0f ? 0.0f : r);
}
template <class H = __half2> __device__ inline __half2 __hfma2_relu(H a, H b, H c) {
    return __halves2half2(__hfma_relu(__low2half(a), __low2half(b), __low2half(c)),
                          __hfma_relu(__high2half(a), __high2half(b), __high2half(c)));
}
// Complex multiply-add of (real, imaginary) pairs: a * b + c.
template <class H = __half2> __device__ inline __half2 __hcmadd(H a, H b, H c) {
    float ar = __low2float(a), ai = __high2float(a), br = __low2float(b), bi = __high2float(b);
    return __floats2half2_rn(fmaf(ar, br, fmaf(-ai, bi, __low2float(c))),
                             fmaf(ar, bi, fmaf(ai, br, __high2float(c))));
}
// tanh, computed in float (the _approx forms are allowed to be less exact than this).
template <class H = __half> __device__ inline __half htanh(H a) { return __float2half(tanhf(__half2float(a))); }
template <class H = __half> __device__ inline __half htanh_approx(H a) { return htanh(a); }
template <class H = __half2> __device__ inline __half2 h2tanh(H a) {
    return __floats2half2_rn(tanhf(__low2float(a)), tanhf(__high2float(a)));
}
template <class H = __half2> __device__ inline __half2 h2tanh_approx(H a) { return h2tanh(a); }
// To 8-bit integers toward zero, saturated (NaN → 0).
template <class H = __half> __device__ inline signed char __half2char_rz(H a) {
    float f = __builtin_truncf(__half2float(a));
    return f != f ? 0 : f < -128.0f ? -128 : f > 127.0f ? 127 : (signed char)f;
}
template <class H = __half> __device__ inline unsigned char __half2uchar_rz(H a) {
    float f = __builtin_truncf(__half2float(a));
    return f != f ? 0 : f < 0.0f ? 0 : f > 255.0f ? 255 : (unsigned char)f;
}
// double → half in one rounding (through float would round twice).
template <class D = double> __device__ inline __half __double2half(D x) {
    __half_raw r;
    r.data = (_Float16)x;
    return r;
}
