// cuda-as-hip: fp8 encoding and decoding, CUDA's E4M3 (bias 7, no infinities, NaN S.1111.111,
// largest 448) and E5M2 (bias 15, IEEE-like). Only builtins and plain C++: the same text is
// compiled by hiprtc (through <cuda_fp8.h>) and by the host compiler in this project's tests.
#pragma once
#ifndef __CAH_HD
#define __CAH_HD __host__ __device__
#endif
#ifdef __CUDA_ARCH__
// AMD's device library (ocml) has these; the compiler's builtins would be unresolved calls.
#define __CAH_LDEXPF ldexpf
#define __CAH_FREXPF frexpf
#else
#define __CAH_LDEXPF __builtin_ldexpf
#define __CAH_FREXPF __builtin_frexpf
#endif

// One fp8 format: exponent bits E, mantissa bits M, bias B; its NaN and largest finite codes.
struct __cah_fp8_format { int e, m, bias; unsigned char nan, max_finite, overflow; };
#define __CAH_E4M3 __cah_fp8_format{4, 3, 7, 0x7f, 0x7e, 0x7f}
#define __CAH_E5M2 __cah_fp8_format{5, 2, 15, 0x7f, 0x7b, 0x7c}

// float → fp8, rounded to nearest even; beyond the largest finite value: that value when
// `saturate`, else the format's overflow code (NaN for E4M3, infinity for E5M2).
__CAH_HD inline unsigned char __cah_float_to_fp8(float x, __cah_fp8_format f, bool saturate) {
    if (__builtin_isnan(x)) return f.nan;
    unsigned char sign = __builtin_signbit(x) ? 0x80 : 0;
    float a = __builtin_fabsf(x);
    int k;
    __CAH_FREXPF(a, &k);
    int exp = k - 1;  // a in [2^exp, 2^(exp+1))
    unsigned code;
    if (a == 0.0f) {
        code = 0;
    } else if (__builtin_isinf(a)) {
        code = 0x100;
    } else if (exp + f.bias < 1) {  // subnormal: units of 2^(1 - bias - m)
        code = (unsigned)__builtin_rintf(__CAH_LDEXPF(a, f.bias - 1 + f.m));
    } else if (exp + f.bias > (1 << f.e)) {  // far beyond the format (and infinity)
        code = 0x100;
    } else {  // normal: the mantissa rounded, a carry moves into the exponent
        unsigned q = (unsigned)__builtin_rintf(__CAH_LDEXPF(a, f.m - exp));
        code = ((unsigned)(exp + f.bias) << f.m) + (q - (1u << f.m));
    }
    if (code > f.max_finite) return sign | (saturate ? f.max_finite : f.overflow);
    return sign | (unsigned char)code;
}

__CAH_HD inline float __cah_fp8_to_float(unsigned char c, __cah_fp8_format f) {
    int e = (c >> f.m) & ((1 << f.e) - 1), m = c & ((1 << f.m) - 1);
    float sign = (c & 0x80) ? -1.0f : 1.0f;
    if (f.e == 4 && e == 15 && m == 7) return __builtin_nanf("");
    if (f.e == 5 && e == 31) return m == 0 ? sign * __builtin_huge_valf() : __builtin_nanf("");
    if (e == 0) return sign * __CAH_LDEXPF((float)m, 1 - f.bias - f.m);
    return sign * __CAH_LDEXPF((float)(m + (1 << f.m)), e - f.bias - f.m);
}
