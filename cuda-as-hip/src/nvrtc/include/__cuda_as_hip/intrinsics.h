// cuda-as-hip: CUDA device functions hiprtc lacks or spells differently.
//
// Functions some HIP versions declare themselves are templates here: where a HIP version has its
// own (non-template) function of that name and signature, overload resolution picks HIP's.
#pragma once

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

// SIMD within a word: 4 bytes or 2 halves of an unsigned, each lane on its own.
template <unsigned Bits, class Op> __device__ inline unsigned __cah_simd(unsigned a, unsigned b, Op op) {
    unsigned r = 0, m = (1u << Bits) - 1u;
    for (unsigned s = 0; s < 32; s += Bits) r |= (op((a >> s) & m, (b >> s) & m) & m) << s;
    return r;
}
template <unsigned Bits> __device__ inline int __cah_signed(unsigned x) {
    return (int)(x << (32 - Bits)) >> (32 - Bits);
}
#define __CAH_SIMD(name, bits, expr)                                                               \
    template <class U = unsigned> __device__ inline unsigned name(U a, U b) {                      \
        return __cah_simd<bits>(a, b, [](unsigned x, unsigned y) -> unsigned { return expr; });    \
    }
__CAH_SIMD(__vadd4, 8, x + y)
__CAH_SIMD(__vsub4, 8, x - y)
__CAH_SIMD(__vadd2, 16, x + y)
__CAH_SIMD(__vsub2, 16, x - y)
__CAH_SIMD(__vabsdiffu4, 8, x > y ? x - y : y - x)
__CAH_SIMD(__vabsdiffu2, 16, x > y ? x - y : y - x)
__CAH_SIMD(__vmaxu4, 8, x > y ? x : y)
__CAH_SIMD(__vminu4, 8, x < y ? x : y)
__CAH_SIMD(__vmaxu2, 16, x > y ? x : y)
__CAH_SIMD(__vminu2, 16, x < y ? x : y)
__CAH_SIMD(__vcmpeq4, 8, x == y ? 0xffu : 0u)
__CAH_SIMD(__vcmpeq2, 16, x == y ? 0xffffu : 0u)
__CAH_SIMD(__vcmpne4, 8, x != y ? 0xffu : 0u)
__CAH_SIMD(__vcmpgtu4, 8, x > y ? 0xffu : 0u)
__CAH_SIMD(__vcmpltu4, 8, x < y ? 0xffu : 0u)
__CAH_SIMD(__vavgu4, 8, (x + y + 1) >> 1)
__CAH_SIMD(__vmaxs4, 8, (unsigned)(__cah_signed<8>(x) > __cah_signed<8>(y) ? x : y))
__CAH_SIMD(__vmins4, 8, (unsigned)(__cah_signed<8>(x) < __cah_signed<8>(y) ? x : y))
__CAH_SIMD(__vmaxs2, 16, (unsigned)(__cah_signed<16>(x) > __cah_signed<16>(y) ? x : y))
__CAH_SIMD(__vmins2, 16, (unsigned)(__cah_signed<16>(x) < __cah_signed<16>(y) ? x : y))
#undef __CAH_SIMD

// Dot products of 4 bytes / 2 halves accumulated into c (sm_61).
template <class A = int> __device__ inline int __dp4a(A a, A b, int c) {
    for (unsigned s = 0; s < 32; s += 8) c += __cah_signed<8>((unsigned)a >> s) * __cah_signed<8>((unsigned)b >> s);
    return c;
}
template <class A = unsigned> __device__ inline unsigned __dp4a(A a, A b, unsigned c) {
    for (unsigned s = 0; s < 32; s += 8) c += (((unsigned)a >> s) & 0xffu) * (((unsigned)b >> s) & 0xffu);
    return c;
}

// 16-bit compare-and-swap (sm_70): a 32-bit CAS on the aligned word holding it.
template <class T = unsigned short>
__device__ inline unsigned short atomicCAS(unsigned short* p, T compare, unsigned short value) {
    unsigned* word = (unsigned*)((uintptr_t)p & ~(uintptr_t)3);
    unsigned shift = ((uintptr_t)p & 2) ? 16u : 0u, old = *word, assumed;
    do {
        assumed = old;
        unsigned short current = (unsigned short)(assumed >> shift);
        if (current != (unsigned short)compare) return current;
        old = atomicCAS(word, assumed, (assumed & ~(0xffffu << shift)) | ((unsigned)value << shift));
    } while (old != assumed);
    return (unsigned short)compare;
}

// Saturating signed byte arithmetic (sm_30's SIMD-in-word set).
template <class T> __device__ inline int __cah_saturate(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
#define __CAH_SIMD_S8(name, expr)                                                                  \
    template <class U = unsigned> __device__ inline unsigned name(U a, U b) {                      \
        return __cah_simd<8>(a, b, [](unsigned x, unsigned y) -> unsigned {                        \
            int sx = __cah_signed<8>(x), sy = __cah_signed<8>(y);                                  \
            return (unsigned)__cah_saturate<int>(expr, -128, 127);                                 \
        });                                                                                        \
    }
__CAH_SIMD_S8(__vaddss4, sx + sy)
__CAH_SIMD_S8(__vsubss4, sx - sy)
__CAH_SIMD_S8(__vabsdiffs4, sx > sy ? sx - sy : sy - sx)
#undef __CAH_SIMD_S8

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
