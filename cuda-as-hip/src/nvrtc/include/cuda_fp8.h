// cuda-as-hip: <cuda_fp8.h> on hiprtc: CUDA's fp8 types and conversions (E4M3, E5M2), through
// float. HIP's own fp8 header (6.2 and later) names its types differently; these are CUDA's.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include <__cuda_as_hip/fp8.h>

typedef unsigned char __nv_fp8_storage_t;
typedef unsigned short __nv_fp8x2_storage_t;
enum __nv_saturation_t { __NV_NOSAT, __NV_SATFINITE };
enum __nv_fp8_interpretation_t { __NV_E4M3, __NV_E5M2 };

__host__ __device__ inline __cah_fp8_format __cah_fp8_of(__nv_fp8_interpretation_t i) {
    return i == __NV_E4M3 ? __CAH_E4M3 : __CAH_E5M2;
}
__host__ __device__ inline __nv_fp8_storage_t __nv_cvt_float_to_fp8(float x, __nv_saturation_t s,
                                                                     __nv_fp8_interpretation_t i) {
    return __cah_float_to_fp8(x, __cah_fp8_of(i), s == __NV_SATFINITE);
}
__host__ __device__ inline __nv_fp8_storage_t __nv_cvt_double_to_fp8(double x, __nv_saturation_t s,
                                                                      __nv_fp8_interpretation_t i) {
    return __nv_cvt_float_to_fp8((float)x, s, i);
}
__host__ __device__ inline __nv_fp8_storage_t __nv_cvt_halfraw_to_fp8(__half_raw x, __nv_saturation_t s,
                                                                       __nv_fp8_interpretation_t i) {
    return __nv_cvt_float_to_fp8(__half2float(__half(x)), s, i);
}
__host__ __device__ inline __nv_fp8_storage_t __nv_cvt_bfloat16raw_to_fp8(__nv_bfloat16_raw x, __nv_saturation_t s,
                                                                           __nv_fp8_interpretation_t i) {
    return __nv_cvt_float_to_fp8(__nv_bfloat16(x), s, i);
}
__host__ __device__ inline __half_raw __nv_cvt_fp8_to_halfraw(__nv_fp8_storage_t x, __nv_fp8_interpretation_t i) {
    return __half_raw(__float2half(__cah_fp8_to_float(x, __cah_fp8_of(i))));
}

// Two values at a time: the first (.x) in the low byte, as CUDA packs them.
__host__ __device__ inline __nv_fp8x2_storage_t __cah_fp8x2(float lo, float hi, __nv_saturation_t s,
                                                             __nv_fp8_interpretation_t i) {
    return (__nv_fp8x2_storage_t)(__nv_cvt_float_to_fp8(lo, s, i) | (__nv_cvt_float_to_fp8(hi, s, i) << 8));
}
__host__ __device__ inline __nv_fp8x2_storage_t __nv_cvt_float2_to_fp8x2(float2 x, __nv_saturation_t s,
                                                                          __nv_fp8_interpretation_t i) {
    return __cah_fp8x2(x.x, x.y, s, i);
}
__host__ __device__ inline __nv_fp8x2_storage_t __nv_cvt_double2_to_fp8x2(double2 x, __nv_saturation_t s,
                                                                           __nv_fp8_interpretation_t i) {
    return __cah_fp8x2((float)x.x, (float)x.y, s, i);
}
__host__ __device__ inline __nv_fp8x2_storage_t __nv_cvt_halfraw2_to_fp8x2(__half2_raw x, __nv_saturation_t s,
                                                                            __nv_fp8_interpretation_t i) {
    __half2 h(x);
    return __cah_fp8x2(__low2float(h), __high2float(h), s, i);
}
__host__ __device__ inline __nv_fp8x2_storage_t __nv_cvt_bfloat16raw2_to_fp8x2(__nv_bfloat162_raw x,
                                                                                __nv_saturation_t s,
                                                                                __nv_fp8_interpretation_t i) {
    return __cah_fp8x2(__nv_bfloat16(__nv_bfloat16_raw{x.x}), __nv_bfloat16(__nv_bfloat16_raw{x.y}), s, i);
}
__host__ __device__ inline __half2_raw __nv_cvt_fp8x2_to_halfraw2(__nv_fp8x2_storage_t x, __nv_fp8_interpretation_t i) {
    float lo = __cah_fp8_to_float((unsigned char)x, __cah_fp8_of(i));
    float hi = __cah_fp8_to_float((unsigned char)(x >> 8), __cah_fp8_of(i));
    return __half2_raw(__floats2half2_rn(lo, hi));
}

#define __CAH_FP8_TYPE(T, I)                                                                        \
    struct T {                                                                                      \
        __nv_fp8_storage_t __x;                                                                     \
        T() = default;                                                                              \
        __host__ __device__ explicit T(float f) : __x(__nv_cvt_float_to_fp8(f, __NV_SATFINITE, I)) {} \
        __host__ __device__ explicit T(double f) : __x(__nv_cvt_double_to_fp8(f, __NV_SATFINITE, I)) {} \
        __host__ __device__ explicit T(__half h) : __x(__nv_cvt_float_to_fp8(__half2float(h), __NV_SATFINITE, I)) {} \
        __host__ __device__ explicit T(__nv_bfloat16 b) : __x(__nv_cvt_float_to_fp8(b, __NV_SATFINITE, I)) {} \
        __host__ __device__ explicit T(int v) : __x(__nv_cvt_float_to_fp8((float)v, __NV_SATFINITE, I)) {} \
        __host__ __device__ explicit operator float() const { return __cah_fp8_to_float(__x, __cah_fp8_of(I)); } \
        __host__ __device__ explicit operator __half() const { return __float2half((float)*this); } \
        __host__ __device__ explicit operator __nv_bfloat16() const { return (float)*this; }        \
    };
__CAH_FP8_TYPE(__nv_fp8_e4m3, __NV_E4M3)
__CAH_FP8_TYPE(__nv_fp8_e5m2, __NV_E5M2)
#undef __CAH_FP8_TYPE
