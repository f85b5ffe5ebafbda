// cuda-as-hip: CUDA device functions hiprtc lacks or spells differently.
//
// Functions some HIP versions declare themselves are templates here: where a HIP version has its
// own (non-template) function of that name and signature, overload resolution picks HIP's.
#pragma once
#include <__cuda_as_hip/integer.h>

__device__ inline void __trap() { __builtin_trap(); }

// CUDA sleeps about `ns` nanoseconds; AMD's s_sleep takes a constant of 64 clocks: sleep in steps.
template <class U = unsigned> __device__ inline void __nanosleep(U ns) {
    for (U i = 0; i < ns / 64 + 1; ++i) __builtin_amdgcn_s_sleep(1);
}

// Block-scoped atomics: device scope is a superset of block scope, so HIP's plain atomics serve.
#define atomicAdd_block atomicAdd
#define atomicSub_block atomicSub
#define atomicExch_block atomicExch
#define atomicMin_block atomicMin
#define atomicMax_block atomicMax
#define atomicInc_block atomicInc
#define atomicDec_block atomicDec
#define atomicCAS_block atomicCAS
#define atomicAnd_block atomicAnd
#define atomicOr_block atomicOr
#define atomicXor_block atomicXor

// atomicMax / atomicMin on signed 64-bit integers (sm_35+), as a compare-and-swap loop.
template <class T, class Better>
__device__ inline T __cah_atomic_pick(T* p, T v, Better better) {
    unsigned long long* u = (unsigned long long*)p;
    unsigned long long old = *u, assumed;
    do {
        assumed = old;
        if (!better(v, (T)assumed)) break;
        old = atomicCAS(u, assumed, (unsigned long long)v);
    } while (old != assumed);
    return (T)old;
}
template <class T = long long> __device__ inline long long atomicMax(long long* p, T v) {
    return __cah_atomic_pick<long long>(p, v, [](long long a, long long b) { return a > b; });
}
template <class T = long long> __device__ inline long long atomicMin(long long* p, T v) {
    return __cah_atomic_pick<long long>(p, v, [](long long a, long long b) { return a < b; });
}

// CUDA's atomicMax / atomicMin take integers only; CUDA sources that need float or double ones
// define them themselves (CuPy's atomics.cuh does), which would clash with the float and double
// overloads hiprtc builds in. The CUDA names are CUDA's overload set, each forwarding to HIP's.
#define __CAH_ATOMIC_INTEGERS(op)                                                                  \
    __device__ inline int __cah_##op(int* p, int v) { return op(p, v); }                           \
    __device__ inline unsigned int __cah_##op(unsigned int* p, unsigned int v) { return op(p, v); } \
    __device__ inline unsigned long long __cah_##op(unsigned long long* p, unsigned long long v) { \
        return op(p, v);                                                                           \
    }                                                                                              \
    __device__ inline long long __cah_##op(long long* p, long long v) { return op(p, v); }
__CAH_ATOMIC_INTEGERS(atomicMax)
__CAH_ATOMIC_INTEGERS(atomicMin)
#undef __CAH_ATOMIC_INTEGERS
#define atomicMax __cah_atomicMax
#define atomicMin __cah_atomicMin

// 16-bit compare-and-swap (sm_70): a 32-bit CAS on the aligned word holding it.
template <class T = unsigned short>
__device__ inline unsigned short atomicCAS(unsigned short* p, T compare, unsigned short value) {
    unsigned* word = (unsigned*)((__UINTPTR_TYPE__)p & ~(__UINTPTR_TYPE__)3);
    unsigned shift = ((__UINTPTR_TYPE__)p & 2) ? 16u : 0u, old = *word, assumed;
    do {
        assumed = old;
        unsigned short current = (unsigned short)(assumed >> shift);
        if (current != (unsigned short)compare) return current;
        old = atomicCAS(word, assumed, (assumed & ~(0xffffu << shift)) | ((unsigned)value << shift));
    } while (old != assumed);
    return (unsigned short)compare;
}

// CUDA's integer min/max overloads (unsigned, 64-bit, mixed signedness: the unsigned type wins, as
// in CUDA's math_functions.hpp). hiprtc has min/max of int, float and double only, so a call such
// as min(unsigned, unsigned) is ambiguous there. Templates: HIP's own, where a version has them, win.
#define __CAH_MINMAX(R, A, B)                                                                       \
    template <class = void> __device__ inline R min(A a, B b) { return (R)a < (R)b ? (R)a : (R)b; } \
    template <class = void> __device__ inline R max(A a, B b) { return (R)a > (R)b ? (R)a : (R)b; }
__CAH_MINMAX(unsigned, unsigned, unsigned)
__CAH_MINMAX(unsigned, int, unsigned)
__CAH_MINMAX(unsigned, unsigned, int)
__CAH_MINMAX(long, long, long)
__CAH_MINMAX(unsigned long, unsigned long, unsigned long)
__CAH_MINMAX(long long, long long, long long)
__CAH_MINMAX(unsigned long long, unsigned long long, unsigned long long)
__CAH_MINMAX(unsigned long long, long long, unsigned long long)
__CAH_MINMAX(unsigned long long, unsigned long long, long long)
__CAH_MINMAX(double, float, double)
__CAH_MINMAX(double, double, float)
#undef __CAH_MINMAX

// The long double forms of the classification functions (long double is double on AMD GPUs).
template <class = void> __device__ inline int __isnanl(long double x) { return __builtin_isnan(x); }
template <class = void> __device__ inline int __isinfl(long double x) { return __builtin_isinf(x); }
template <class = void> __device__ inline int __finitel(long double x) { return __builtin_isfinite(x); }
template <class = void> __device__ inline int __signbitl(long double x) { return __builtin_signbit(x); }

// Cache-hinted stores and the last-use load: the hints change where data is cached, not what a
// thread reads or writes; AMD GPUs get a plain store / load.
template <class T> __device__ inline void __stcg(T* p, T v) { *p = v; }
template <class T> __device__ inline void __stcs(T* p, T v) { *p = v; }
template <class T> __device__ inline void __stwb(T* p, T v) { *p = v; }
template <class T> __device__ inline void __stwt(T* p, T v) { *p = v; }
template <class T> __device__ inline T __ldlu(const T* p) { return *p; }

// CUDA's legacy float names (device_functions.h).
template <class = void> __device__ inline int float_as_int(float x) { return __builtin_bit_cast(int, x); }
template <class = void> __device__ inline unsigned float_as_uint(float x) { return __builtin_bit_cast(unsigned, x); }
template <class = void> __device__ inline float int_as_float(int x) { return __builtin_bit_cast(float, x); }
template <class = void> __device__ inline float uint_as_float(unsigned x) { return __builtin_bit_cast(float, x); }
template <class = void> __device__ inline int float2int(float x) { return __float2int_rz(x); }
template <class = void> __device__ inline float int2float(int x) { return (float)x; }
template <class = void> __device__ inline float uint2float(unsigned x) { return (float)x; }
template <class = void> __device__ inline float saturate(float x) { return __saturatef(x); }
template <class = void> __device__ inline float fdivide(float a, float b) { return __fdividef(a, b); }
