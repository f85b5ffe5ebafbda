// cuda-as-hip: <cuComplex.h>: CUDA's complex numbers as float2 / double2, as CUDA defines them.
#pragma once

typedef float2 cuFloatComplex;
typedef double2 cuDoubleComplex;
typedef cuFloatComplex cuComplex;

#define __CAH_COMPLEX(T, N, S, sqrtfn)                                                             \
    __host__ __device__ inline T cuCreal##S(cu##N x) { return x.x; }                                  \
    __host__ __device__ inline T cuCimag##S(cu##N x) { return x.y; }                                  \
    __host__ __device__ inline cu##N make_cu##N##_(T r, T i) { cu##N c; c.x = r; c.y = i; return c; }      \
    __host__ __device__ inline cu##N cuConj##S(cu##N x) { return make_cu##N##_(x.x, -x.y); }              \
    __host__ __device__ inline cu##N cuCadd##S(cu##N a, cu##N b) { return make_cu##N##_(a.x + b.x, a.y + b.y); } \
    __host__ __device__ inline cu##N cuCsub##S(cu##N a, cu##N b) { return make_cu##N##_(a.x - b.x, a.y - b.y); } \
    __host__ __device__ inline cu##N cuCmul##S(cu##N a, cu##N b) {                                            \
        return make_cu##N##_(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);                        \
    }                                                                                              \
    __host__ __device__ inline T cuCabs##S(cu##N x) { return sqrtfn(x.x * x.x + x.y * x.y); }          \
    /* scaled like CUDA's, so large operands do not overflow */                                    \
    __host__ __device__ inline cu##N cuCdiv##S(cu##N a, cu##N b) {                                            \
        T s = (b.x < 0 ? -b.x : b.x) + (b.y < 0 ? -b.y : b.y);                                     \
        T ar = a.x / s, ai = a.y / s, br = b.x / s, bi = b.y / s, q = br * br + bi * bi;           \
        return make_cu##N##_((ar * br + ai * bi) / q, (ai * br - ar * bi) / q);                    \
    }                                                                                              \
    __host__ __device__ inline cu##N cuCfma##S(cu##N a, cu##N b, cu##N d) { return cuCadd##S(cuCmul##S(a, b), d); }
__CAH_COMPLEX(float, FloatComplex, f, __builtin_sqrtf)
__CAH_COMPLEX(double, DoubleComplex, , __builtin_sqrt)
#undef __CAH_COMPLEX
__host__ __device__ inline cuFloatComplex make_cuFloatComplex(float r, float i) { return make_cuFloatComplex_(r, i); }
__host__ __device__ inline cuDoubleComplex make_cuDoubleComplex(double r, double i) { return make_cuDoubleComplex_(r, i); }
__host__ __device__ inline cuComplex make_cuComplex(float r, float i) { return make_cuFloatComplex_(r, i); }
__host__ __device__ inline cuDoubleComplex cuComplexFloatToDouble(cuFloatComplex c) {
    return make_cuDoubleComplex_(c.x, c.y);
}
__host__ __device__ inline cuFloatComplex cuComplexDoubleToFloat(cuDoubleComplex c) {
    return make_cuFloatComplex_((float)c.x, (float)c.y);
}
