// cuda-as-hip: <cuda_bf16.h> on hiprtc: CUDA's bfloat16 types and functions, computed in float
// (bfloat16 is the upper half of an IEEE float). HIP's own bfloat16 type is named differently in
// each version (hip_bfloat16, __hip_bfloat16) and absent from hiprtc 5.x, so this one is ours.
#pragma once
#include <cuda_fp16.h>

struct __nv_bfloat16_raw { unsigned short x; };
struct __nv_bfloat162_raw { unsigned short x, y; };

struct __nv_bfloat16 {
    unsigned short __x;
    __nv_bfloat16() = default;
    __host__ __device__ __nv_bfloat16(__nv_bfloat16_raw r) : __x(r.x) {}
    __host__ __device__ __nv_bfloat16(float f) : __x(__cah_float_to_bf16(f)) {}
    __host__ __device__ __nv_bfloat16(double f) : __x(__cah_float_to_bf16((float)f)) {}
    // CUDA 12's integer constructors.
    __host__ __device__ __nv_bfloat16(short i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ __nv_bfloat16(unsigned short i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ __nv_bfloat16(int i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ __nv_bfloat16(unsigned i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ __nv_bfloat16(long i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ __nv_bfloat16(unsigned long i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ __nv_bfloat16(long long i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ __nv_bfloat16(unsigned long long i) : __x(__cah_float_to_bf16((float)i)) {}
    __host__ __device__ operator float() const { return __cah_bf16_to_float(__x); }
    __host__ __device__ operator __nv_bfloat16_raw() const { return {__x}; }
    // Round to nearest even; a NaN stays a (quiet) NaN.
    __host__ __device__ static unsigned short __cah_float_to_bf16(float f) {
        unsigned u = __builtin_bit_cast(unsigned, f);
        if ((u & 0x7fffffffu) > 0x7f800000u) return (unsigned short)((u >> 16) | 0x40u);
        return (unsigned short)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
    }
    __host__ __device__ static float __cah_bf16_to_float(unsigned short x) {
        return __builtin_bit_cast(float, (unsigned)x << 16);
    }
};
struct __nv_bfloat162 {
    __nv_bfloat16 x, y;
    __nv_bfloat162() = default;
    __host__ __device__ __nv_bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) : x(a), y(b) {}
};
typedef __nv_bfloat16 nv_bfloat16;
typedef __nv_bfloat162 nv_bfloat162;

#define __CAH_BF16(name, expr) \
    __host__ __device__ inline __nv_bfloat16 name(__nv_bfloat16 a, __nv_bfloat16 b) { return expr; }
__CAH_BF16(__hadd, (float)a + (float)b)
__CAH_BF16(__hsub, (float)a - (float)b)
__CAH_BF16(__hmul, (float)a * (float)b)
__CAH_BF16(__hdiv, (float)a / (float)b)
__CAH_BF16(__hmax, fmaxf(a, b))
__CAH_BF16(__hmin, fminf(a, b))
__CAH_BF16(__hmax_nan, __builtin_isnan((float)a) || __builtin_isnan((float)b) ? __builtin_nanf("") : fmaxf(a, b))
__CAH_BF16(__hmin_nan, __builtin_isnan((float)a) || __builtin_isnan((float)b) ? __builtin_nanf("") : fminf(a, b))
#undef __CAH_BF16
__host__ __device__ inline __nv_bfloat16 __hfma(__nv_bfloat16 a, __nv_bfloat16 b, __nv_bfloat16 c) {
    return fmaf(a, b, c);
}
__host__ __device__ inline __nv_bfloat16 __hneg(__nv_bfloat16 a) { return -(float)a; }
__host__ __device__ inline __nv_bfloat16 __habs(__nv_bfloat16 a) { return fabsf(a); }
__host__ __device__ inline bool __hisnan(__nv_bfloat16 a) { return __builtin_isnan((float)a); }
__host__ __device__ inline bool __heq(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a == (float)b; }
__host__ __device__ inline bool __hlt(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a < (float)b; }
__host__ __device__ inline bool __hgt(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a > (float)b; }

__host__ __device__ inline __nv_bfloat16 __float2bfloat16(float f) { return f; }
__host__ __device__ inline __nv_bfloat16 __float2bfloat16_rn(float f) { return f; }
__host__ __device__ inline __nv_bfloat16 __double2bfloat16(double f) { return (float)f; }
__host__ __device__ inline float __bfloat162float(__nv_bfloat16 b) { return b; }
__host__ __device__ inline unsigned short __bfloat16_as_ushort(__nv_bfloat16 b) { return b.__x; }
__host__ __device__ inline __nv_bfloat16 __ushort_as_bfloat16(unsigned short x) { return __nv_bfloat16_raw{x}; }
__host__ __device__ inline __nv_bfloat16 __half2bfloat16(__half h) { return __half2float(h); }
__host__ __device__ inline __nv_bfloat162 __floats2bfloat162_rn(float a, float b) { return {a, b}; }
__host__ __device__ inline __nv_bfloat162 __float2bfloat162_rn(float a) { return {a, a}; }
__host__ __device__ inline __nv_bfloat162 __halves2bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return {a, b}; }
__host__ __device__ inline __nv_bfloat162 make_bfloat162(__nv_bfloat16 a, __nv_bfloat16 b) { return {a, b}; }
__host__ __device__ inline __nv_bfloat16 __low2bfloat16(__nv_bfloat162 v) { return v.x; }
__host__ __device__ inline __nv_bfloat16 __high2bfloat16(__nv_bfloat162 v) { return v.y; }
__host__ __device__ inline __nv_bfloat162 __low2bfloat162(__nv_bfloat162 v) { return {v.x, v.x}; }
__host__ __device__ inline __nv_bfloat162 __high2bfloat162(__nv_bfloat162 v) { return {v.y, v.y}; }
__host__ __device__ inline __nv_bfloat162 __lows2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return {a.x, b.x}; }
__host__ __device__ inline __nv_bfloat162 __highs2bfloat162(__nv_bfloat162 a, __nv_bfloat162 b) { return {a.y, b.y}; }
__host__ __device__ inline __nv_bfloat162 __lowhigh2highlow(__nv_bfloat162 v) { return {v.y, v.x}; }
__host__ __device__ inline __nv_bfloat162 __bfloat162bfloat162(__nv_bfloat16 a) { return {a, a}; }
__host__ __device__ inline __nv_bfloat162 __float22bfloat162_rn(float2 f) { return {f.x, f.y}; }
__host__ __device__ inline float2 __bfloat1622float2(__nv_bfloat162 v) { return make_float2(v.x, v.y); }
__host__ __device__ inline short __bfloat16_as_short(__nv_bfloat16 b) { return (short)b.__x; }
__host__ __device__ inline __nv_bfloat16 __short_as_bfloat16(short x) { return __nv_bfloat16_raw{(unsigned short)x}; }

// The rounding-explicit forms (CUDA: never contracted into an fma): bfloat16 arithmetic is done
// in float and rounded once, as above.
#define __CAH_BF16_RN(name, op) \
    __host__ __device__ inline __nv_bfloat16 name(__nv_bfloat16 a, __nv_bfloat16 b) { return op(a, b); }
__CAH_BF16_RN(__hadd_rn, __hadd)
__CAH_BF16_RN(__hsub_rn, __hsub)
__CAH_BF16_RN(__hmul_rn, __hmul)
#undef __CAH_BF16_RN

// Two lanes at a time: each lane by its one-lane function.
#define __CAH_BF162_BINARY(name, one)                                                              \
    __host__ __device__ inline __nv_bfloat162 name(__nv_bfloat162 a, __nv_bfloat162 b) {           \
        return {one(a.x, b.x), one(a.y, b.y)};                                                     \
    }
__CAH_BF162_BINARY(__hadd2, __hadd)
__CAH_BF162_BINARY(__hsub2, __hsub)
__CAH_BF162_BINARY(__hmul2, __hmul)
__CAH_BF162_BINARY(__h2div, __hdiv)
__CAH_BF162_BINARY(__hadd2_rn, __hadd)
__CAH_BF162_BINARY(__hsub2_rn, __hsub)
__CAH_BF162_BINARY(__hmul2_rn, __hmul)
__CAH_BF162_BINARY(__hmax2, __hmax)
__CAH_BF162_BINARY(__hmin2, __hmin)
__CAH_BF162_BINARY(__hmax2_nan, __hmax_nan)
__CAH_BF162_BINARY(__hmin2_nan, __hmin_nan)
#undef __CAH_BF162_BINARY
__host__ __device__ inline __nv_bfloat162 __hfma2(__nv_bfloat162 a, __nv_bfloat162 b, __nv_bfloat162 c) {
    return {__hfma(a.x, b.x, c.x), __hfma(a.y, b.y, c.y)};
}
__host__ __device__ inline __nv_bfloat162 __hneg2(__nv_bfloat162 a) { return {__hneg(a.x), __hneg(a.y)}; }
__host__ __device__ inline __nv_bfloat162 __habs2(__nv_bfloat162 a) { return {__habs(a.x), __habs(a.y)}; }

#define __CAH_BF16_OP(op)                                                                          \
    __host__ __device__ inline __nv_bfloat16 operator op(__nv_bfloat16 a, __nv_bfloat16 b) {       \
        return (float)a op (float)b;                                                               \
    }                                                                                              \
    __host__ __device__ inline __nv_bfloat16& operator op##=(__nv_bfloat16& a, __nv_bfloat16 b) { \
        return a = (float)a op (float)b;                                                           \
    }
__CAH_BF16_OP(+)
__CAH_BF16_OP(-)
__CAH_BF16_OP(*)
__CAH_BF16_OP(/)
#undef __CAH_BF16_OP
__host__ __device__ inline __nv_bfloat16 operator-(__nv_bfloat16 a) { return -(float)a; }
#define __CAH_BF162_OP(op)                                                                         \
    __host__ __device__ inline __nv_bfloat162 operator op(__nv_bfloat162 a, __nv_bfloat162 b) {    \
        return {a.x op b.x, a.y op b.y};                                                           \
    }                                                                                              \
    __host__ __device__ inline __nv_bfloat162& operator op##=(__nv_bfloat162& a, __nv_bfloat162 b) { \
        return a = a op b;                                                                         \
    }
__CAH_BF162_OP(+)
__CAH_BF162_OP(-)
__CAH_BF162_OP(*)
__CAH_BF162_OP(/)
#undef __CAH_BF162_OP

// Math on bfloat16, computed in float by HIP's device math library.
#define __CAH_BF16_MATH(name, fn) \
    __host__ __device__ inline __nv_bfloat16 name(__nv_bfloat16 a) { return fn((float)a); }
__CAH_BF16_MATH(hsqrt, sqrtf)
__CAH_BF16_MATH(hrsqrt, 1.0f / sqrtf)
__CAH_BF16_MATH(hrcp, 1.0f /)
__CAH_BF16_MATH(hexp, expf)
__CAH_BF16_MATH(hexp2, exp2f)
__CAH_BF16_MATH(hlog, logf)
__CAH_BF16_MATH(hlog2, log2f)
__CAH_BF16_MATH(hlog10, log10f)
__CAH_BF16_MATH(hsin, sinf)
__CAH_BF16_MATH(hcos, cosf)
__CAH_BF16_MATH(hceil, ceilf)
__CAH_BF16_MATH(hfloor, floorf)
__CAH_BF16_MATH(htrunc, truncf)
__CAH_BF16_MATH(hrint, rintf)
#undef __CAH_BF16_MATH
__host__ __device__ inline __nv_bfloat16 hexp10(__nv_bfloat16 a) { return powf(10.0f, a); }
#define __CAH_BF162_MATH(name, one) \
    __host__ __device__ inline __nv_bfloat162 name(__nv_bfloat162 a) { return {one(a.x), one(a.y)}; }
__CAH_BF162_MATH(h2sqrt, hsqrt)
__CAH_BF162_MATH(h2rsqrt, hrsqrt)
__CAH_BF162_MATH(h2rcp, hrcp)
__CAH_BF162_MATH(h2exp, hexp)
__CAH_BF162_MATH(h2exp2, hexp2)
__CAH_BF162_MATH(h2exp10, hexp10)
__CAH_BF162_MATH(h2log, hlog)
__CAH_BF162_MATH(h2log2, hlog2)
__CAH_BF162_MATH(h2log10, hlog10)
__CAH_BF162_MATH(h2sin, hsin)
__CAH_BF162_MATH(h2cos, hcos)
__CAH_BF162_MATH(h2ceil, hceil)
__CAH_BF162_MATH(h2floor, hfloor)
__CAH_BF162_MATH(h2trunc, htrunc)
__CAH_BF162_MATH(h2rint, hrint)
#undef __CAH_BF162_MATH
__host__ __device__ inline bool __hge(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a >= (float)b; }
__host__ __device__ inline bool __hle(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a <= (float)b; }
__host__ __device__ inline bool __hne(__nv_bfloat16 a, __nv_bfloat16 b) { return (float)a != (float)b; }
__host__ __device__ inline int __hisinf(__nv_bfloat16 a) {
    float f = a;
    return __builtin_isinf(f) ? (f > 0 ? 1 : -1) : 0;
}

// bfloat16 atomic add (sm_80), by compare-and-swap on the value's bits.
__device__ inline __nv_bfloat16 atomicAdd(__nv_bfloat16* p, __nv_bfloat16 v) {
    unsigned short* bits = (unsigned short*)p;
    unsigned short old = *bits, assumed;
    do {
        assumed = old;
        old = atomicCAS(bits, assumed, __bfloat16_as_ushort(__ushort_as_bfloat16(assumed) + v));
    } while (old != assumed);
    return __ushort_as_bfloat16(old);
}

// Conversions with CUDA's rounding suffixes: _rn nearest even, _rz toward zero, _rd down, _ru up.
enum __cah_round { __CAH_RN, __CAH_RZ, __CAH_RD, __CAH_RU };
// float → bfloat16 in a rounding mode: the upper 16 bits, moved one step away from zero where
// the mode and the dropped bits ask for it. NaN stays a (quiet) NaN.
__host__ __device__ inline __nv_bfloat16 __cah_bf16_round(float f, __cah_round mode) {
    unsigned u = __builtin_bit_cast(unsigned, f);
    if (mode == __CAH_RN || (u & 0x7fffffffu) > 0x7f800000u) return f;
    bool negative = u >> 31, dropped = (u & 0xffffu) != 0;
    bool away = dropped && ((mode == __CAH_RU && !negative) || (mode == __CAH_RD && negative));
    return __nv_bfloat16_raw{(unsigned short)((u >> 16) + (away ? 1u : 0u))};
}
// An integer as the float that rounds to bfloat16 as the integer would: exact below 2^24; above,
// its top 24 bits with the lowest set when any bit below was dropped (a sticky bit far below
// bfloat16's 8 significant bits, so one rounding gives the integer's correctly rounded value).
__host__ __device__ inline float __cah_int_as_float(unsigned long long m, bool negative) {
    int shift = m >> 24 ? 40 - __builtin_clzll(m) : 0;
    unsigned long long top = m >> shift, sticky = (m & ((1ull << shift) - 1)) != 0;
    float f = (float)(top | sticky) * __builtin_bit_cast(float, (unsigned)(127 + shift) << 23);
    return negative ? -f : f;
}
#define __CAH_BF16_FROM(name, T, suffix, mode)                                                      \
    __host__ __device__ inline __nv_bfloat16 name##suffix(T v) {                                   \
        bool negative = v < 0;                                                                     \
        unsigned long long m = negative ? 0ull - (unsigned long long)v : (unsigned long long)v;    \
        return __cah_bf16_round(__cah_int_as_float(m, negative), mode);                            \
    }
#define __CAH_BF16_FROM_ALL(name, T)                                                               \
    __CAH_BF16_FROM(name, T, _rz, __CAH_RZ)                                                        \
    __CAH_BF16_FROM(name, T, _rd, __CAH_RD)                                                        \
    __CAH_BF16_FROM(name, T, _ru, __CAH_RU)
__CAH_BF16_FROM(__int2bfloat16, int, _rn, __CAH_RN)
__CAH_BF16_FROM_ALL(__int2bfloat16, int)
__CAH_BF16_FROM(__short2bfloat16, short, _rn, __CAH_RN)
__CAH_BF16_FROM_ALL(__short2bfloat16, short)
__CAH_BF16_FROM(__ushort2bfloat16, unsigned short, _rn, __CAH_RN)
__CAH_BF16_FROM_ALL(__ushort2bfloat16, unsigned short)
__CAH_BF16_FROM(__uint2bfloat16, unsigned, _rn, __CAH_RN)
__CAH_BF16_FROM_ALL(__uint2bfloat16, unsigned)
__CAH_BF16_FROM(__ll2bfloat16, long long, _rn, __CAH_RN)
__CAH_BF16_FROM_ALL(__ll2bfloat16, long long)
__CAH_BF16_FROM(__ull2bfloat16, unsigned long long, _rn, __CAH_RN)
__CAH_BF16_FROM_ALL(__ull2bfloat16, unsigned long long)
#undef __CAH_BF16_FROM_ALL
#undef __CAH_BF16_FROM
__host__ __device__ inline __nv_bfloat16 __float2bfloat16_rz(float f) { return __cah_bf16_round(f, __CAH_RZ); }
__host__ __device__ inline __nv_bfloat16 __float2bfloat16_rd(float f) { return __cah_bf16_round(f, __CAH_RD); }
__host__ __device__ inline __nv_bfloat16 __float2bfloat16_ru(float f) { return __cah_bf16_round(f, __CAH_RU); }

// bfloat16 → integer in a rounding mode (CUDA: NaN gives 0, out-of-range values saturate). The
// value is exact in float; rounded there, compared in double (exact for every bound).
template <class T> __host__ __device__ inline T __cah_bf16_to_int(__nv_bfloat16 b, __cah_round mode, T lo, T hi) {
    float f = b;
    if (__builtin_isnan(f)) return 0;
    f = mode == __CAH_RN ? __builtin_rintf(f) : mode == __CAH_RZ ? __builtin_truncf(f)
      : mode == __CAH_RD ? __builtin_floorf(f) : __builtin_ceilf(f);
    return (double)f <= (double)lo ? lo : (double)f >= (double)hi ? hi : (T)f;
}
#define __CAH_BF16_TO(name, T, lo, hi)                                                             \
    __host__ __device__ inline T name##_rn(__nv_bfloat16 b) { return __cah_bf16_to_int<T>(b, __CAH_RN, lo, hi); } \
    __host__ __device__ inline T name##_rd(__nv_bfloat16 b) { return __cah_bf16_to_int<T>(b, __CAH_RD, lo, hi); } \
    __host__ __device__ inline T name##_ru(__nv_bfloat16 b) { return __cah_bf16_to_int<T>(b, __CAH_RU, lo, hi); } \
    __CAH_BF16_TO_RZ(name, T, lo, hi)
#define __CAH_BF16_TO_RZ(name, T, lo, hi) \
    __host__ __device__ inline T name##_rz(__nv_bfloat16 b) { return __cah_bf16_to_int<T>(b, __CAH_RZ, lo, hi); }
__CAH_BF16_TO(__bfloat162int, int, -__INT_MAX__ - 1, __INT_MAX__)
__CAH_BF16_TO(__bfloat162uint, unsigned, 0u, ~0u)
__CAH_BF16_TO(__bfloat162short, short, -__SHRT_MAX__ - 1, __SHRT_MAX__)
__CAH_BF16_TO(__bfloat162ushort, unsigned short, 0, 0xffff)
__CAH_BF16_TO(__bfloat162ll, long long, -__LONG_LONG_MAX__ - 1, __LONG_LONG_MAX__)
__CAH_BF16_TO(__bfloat162ull, unsigned long long, 0ull, ~0ull)
__CAH_BF16_TO_RZ(__bfloat162char, signed char, -128, 127)
__CAH_BF16_TO_RZ(__bfloat162uchar, unsigned char, 0, 255)
#undef __CAH_BF16_TO
#undef __CAH_BF16_TO_RZ
