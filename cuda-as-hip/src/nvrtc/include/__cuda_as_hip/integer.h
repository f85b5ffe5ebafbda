// cuda-as-hip: CUDA's integer intrinsics HIP lacks: the SIMD-within-a-word set (__v*2 on two
// 16-bit lanes, __v*4 on four 8-bit lanes), byte swaps and CUDA's legacy integer names. Plain
// C++ only: the same text is compiled by hiprtc (through <__cuda_as_hip/intrinsics.h>) and, in the
// GPU suite, by NVIDIA's NVRTC beside CUDA's own functions, its oracle (tests/gpu/tests/kernels.rs).
//
// Templates with an unused parameter: where a HIP version declares its own function of the same
// signature, overload resolution picks HIP's; arguments convert as they do for CUDA's.
#pragma once
#ifndef __CAH_HD
#define __CAH_HD __host__ __device__
#endif

// Lane `x` (the low Bits bits) read as a signed value.
template <unsigned Bits> __CAH_HD inline int __cah_signed(unsigned x) {
    return (int)(x << (32 - Bits)) >> (32 - Bits);
}
// Each Bits-wide lane of a and b through op(x, y, sx, sy) (unsigned and signed lane values);
// the low Bits bits of each result make the lane of the answer.
template <unsigned Bits, class Op> __CAH_HD inline unsigned __cah_lanes(unsigned a, unsigned b, Op op) {
    unsigned r = 0, m = (1u << Bits) - 1u;
    for (unsigned s = 0; s < 32; s += Bits) {
        unsigned x = (a >> s) & m, y = (b >> s) & m;
        r |= ((unsigned)op(x, y, __cah_signed<Bits>(x), __cah_signed<Bits>(y)) & m) << s;
    }
    return r;
}
template <unsigned Bits> __CAH_HD inline int __cah_clamp_signed(int v) {
    const int hi = (1 << (Bits - 1)) - 1, lo = -(1 << (Bits - 1));
    return v < lo ? lo : v > hi ? hi : v;
}
template <unsigned Bits> __CAH_HD inline int __cah_clamp_unsigned(int v) {
    const int hi = (1 << Bits) - 1;
    return v < 0 ? 0 : v > hi ? hi : v;
}

// One lane-wise function in both widths: NAME2 (16-bit lanes) and NAME4 (8-bit lanes). In EXPR:
// x, y the lanes unsigned, sx, sy signed, B the lane width, ONES a lane of all ones.
#define __CAH_SIMD(name, expr)                                                                     \
    template <class = void> __CAH_HD inline unsigned name##2(unsigned a, unsigned b) {            \
        return __cah_lanes<16>(a, b, [](unsigned x, unsigned y, int sx, int sy) -> int {          \
            const unsigned B = 16, ONES = 0xffffu; (void)x, (void)y, (void)sx, (void)sy, (void)B, (void)ONES; \
            return (int)(expr);                                                                    \
        });                                                                                        \
    }                                                                                              \
    template <class = void> __CAH_HD inline unsigned name##4(unsigned a, unsigned b) {            \
        return __cah_lanes<8>(a, b, [](unsigned x, unsigned y, int sx, int sy) -> int {           \
            const unsigned B = 8, ONES = 0xffu; (void)x, (void)y, (void)sx, (void)sy, (void)B, (void)ONES; \
            return (int)(expr);                                                                    \
        });                                                                                        \
    }
#define __CAH_SAT_S(v) (B == 16 ? __cah_clamp_signed<16>(v) : __cah_clamp_signed<8>(v))
#define __CAH_SAT_U(v) (B == 16 ? __cah_clamp_unsigned<16>(v) : __cah_clamp_unsigned<8>(v))
// Arithmetic: wrapping, signed-saturating (ss), unsigned-saturating (us).
__CAH_SIMD(__vadd, x + y)
__CAH_SIMD(__vaddss, __CAH_SAT_S(sx + sy))
__CAH_SIMD(__vaddus, __CAH_SAT_U((int)(x + y)))
__CAH_SIMD(__vsub, x - y)
__CAH_SIMD(__vsubss, __CAH_SAT_S(sx - sy))
__CAH_SIMD(__vsubus, __CAH_SAT_U((int)x - (int)y))
__CAH_SIMD(__vabsdiffs, sx > sy ? sx - sy : sy - sx)
__CAH_SIMD(__vabsdiffu, x > y ? x - y : y - x)
// Averages: rounded half away from zero (avgs; as NVIDIA's GPUs compute it), half up (avgu),
// truncated (hadd); in a wider type, so never overflowing.
__CAH_SIMD(__vavgs, sx + sy < 0 ? (sx + sy) >> 1 : (sx + sy + 1) >> 1)
__CAH_SIMD(__vavgu, (x + y + 1) >> 1)
__CAH_SIMD(__vhaddu, (x + y) >> 1)
__CAH_SIMD(__vmaxs, sx > sy ? sx : sy)
__CAH_SIMD(__vmaxu, x > y ? x : y)
__CAH_SIMD(__vmins, sx < sy ? sx : sy)
__CAH_SIMD(__vminu, x < y ? x : y)
// Comparisons: vcmp gives a lane of ones where true, vset gives 1.
#define __CAH_SIMD_CMP(stem, cond)                                                                 \
    __CAH_SIMD(__vcmp##stem, (cond) ? ONES : 0u)                                                   \
    __CAH_SIMD(__vset##stem, (cond) ? 1u : 0u)
__CAH_SIMD_CMP(eq, x == y)
__CAH_SIMD_CMP(ne, x != y)
__CAH_SIMD_CMP(ges, sx >= sy)
__CAH_SIMD_CMP(geu, x >= y)
__CAH_SIMD_CMP(gts, sx > sy)
__CAH_SIMD_CMP(gtu, x > y)
__CAH_SIMD_CMP(les, sx <= sy)
__CAH_SIMD_CMP(leu, x <= y)
__CAH_SIMD_CMP(lts, sx < sy)
__CAH_SIMD_CMP(ltu, x < y)
#undef __CAH_SIMD_CMP
// One-operand forms (the second lane is ignored).
__CAH_SIMD(__cah_vabs, sx < 0 ? -sx : sx)
__CAH_SIMD(__cah_vabsss, __CAH_SAT_S(sx < 0 ? -sx : sx))
__CAH_SIMD(__cah_vneg, -sx)
__CAH_SIMD(__cah_vnegss, __CAH_SAT_S(-sx))
#undef __CAH_SAT_S
#undef __CAH_SAT_U
#undef __CAH_SIMD
#define __CAH_SIMD_UNARY(name, impl)                                                               \
    template <class = void> __CAH_HD inline unsigned name(unsigned a) { return impl(a, 0u); }
__CAH_SIMD_UNARY(__vabs2, __cah_vabs2)
__CAH_SIMD_UNARY(__vabs4, __cah_vabs4)
__CAH_SIMD_UNARY(__vabsss2, __cah_vabsss2)
__CAH_SIMD_UNARY(__vabsss4, __cah_vabsss4)
__CAH_SIMD_UNARY(__vneg2, __cah_vneg2)
__CAH_SIMD_UNARY(__vneg4, __cah_vneg4)
__CAH_SIMD_UNARY(__vnegss2, __cah_vnegss2)
__CAH_SIMD_UNARY(__vnegss4, __cah_vnegss4)
#undef __CAH_SIMD_UNARY
// Sums of absolute differences over the lanes.
template <unsigned Bits> __CAH_HD inline unsigned __cah_lane_sum(unsigned d) {
    unsigned sum = 0;
    for (unsigned s = 0; s < 32; s += Bits) sum += (d >> s) & ((1u << Bits) - 1u);
    return sum;
}
template <class = void> __CAH_HD inline unsigned __vsads2(unsigned a, unsigned b) { return __cah_lane_sum<16>(__vabsdiffs2(a, b)); }
template <class = void> __CAH_HD inline unsigned __vsads4(unsigned a, unsigned b) { return __cah_lane_sum<8>(__vabsdiffs4(a, b)); }
template <class = void> __CAH_HD inline unsigned __vsadu2(unsigned a, unsigned b) { return __cah_lane_sum<16>(__vabsdiffu2(a, b)); }
template <class = void> __CAH_HD inline unsigned __vsadu4(unsigned a, unsigned b) { return __cah_lane_sum<8>(__vabsdiffu4(a, b)); }

// Dot products of 4 bytes / 2 halves accumulated into c (sm_61): signed with int c, unsigned
// with unsigned c.
template <class = void> __CAH_HD inline int __dp4a(int a, int b, int c) {
    for (unsigned s = 0; s < 32; s += 8)
        c += __cah_signed<8>((unsigned)a >> s) * __cah_signed<8>((unsigned)b >> s);
    return c;
}
template <class = void> __CAH_HD inline unsigned __dp4a(unsigned a, unsigned b, unsigned c) {
    for (unsigned s = 0; s < 32; s += 8) c += ((a >> s) & 0xffu) * ((b >> s) & 0xffu);
    return c;
}

// Byte swaps.
template <class = void> __CAH_HD inline unsigned short __nv_bswap16(unsigned short x) {
    return (unsigned short)((x >> 8) | (x << 8));
}
template <class = void> __CAH_HD inline unsigned __nv_bswap32(unsigned x) {
    return (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
}
template <class = void> __CAH_HD inline unsigned long long __nv_bswap64(unsigned long long x) {
    return ((unsigned long long)__nv_bswap32((unsigned)x) << 32) | __nv_bswap32((unsigned)(x >> 32));
}

// The high 64 bits of a 64 × 64-bit product, from 32-bit limbs; the signed one corrected from the
// unsigned one (a negative factor adds 2^64 times the other).
__CAH_HD inline unsigned long long __cah_umul64hi(unsigned long long a, unsigned long long b) {
    unsigned long long a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    unsigned long long p01 = a0 * b1, p10 = a1 * b0;
    unsigned long long mid = ((a0 * b0) >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    return a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

// CUDA's legacy integer names (device_functions.h), as CUDA defines them: 24-bit products of the
// low 24 bits, high halves of products, min / max.
template <class = void> __CAH_HD inline int mul24(int a, int b) { return __cah_signed<24>((unsigned)a) * __cah_signed<24>((unsigned)b); }
template <class = void> __CAH_HD inline unsigned umul24(unsigned a, unsigned b) { return (a & 0xffffffu) * (b & 0xffffffu); }
template <class = void> __CAH_HD inline int mulhi(int a, int b) { return (int)(((long long)a * b) >> 32); }
template <class = void> __CAH_HD inline unsigned mulhi(unsigned a, unsigned b) {
    return (unsigned)(((unsigned long long)a * b) >> 32);
}
template <class = void> __CAH_HD inline long long mul64hi(long long a, long long b) {
    unsigned long long ua = (unsigned long long)a, ub = (unsigned long long)b;
    return (long long)(__cah_umul64hi(ua, ub) - (a < 0 ? ub : 0) - (b < 0 ? ua : 0));
}
template <class = void> __CAH_HD inline unsigned long long mul64hi(unsigned long long a, unsigned long long b) {
    return __cah_umul64hi(a, b);
}
template <class = void> __CAH_HD inline unsigned umin(unsigned a, unsigned b) { return a < b ? a : b; }
template <class = void> __CAH_HD inline unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }
template <class = void> __CAH_HD inline long long llmin(long long a, long long b) { return a < b ? a : b; }
template <class = void> __CAH_HD inline long long llmax(long long a, long long b) { return a > b ? a : b; }
template <class = void> __CAH_HD inline unsigned long long ullmin(unsigned long long a, unsigned long long b) { return a < b ? a : b; }
template <class = void> __CAH_HD inline unsigned long long ullmax(unsigned long long a, unsigned long long b) { return a > b ? a : b; }

// Hopper's DPX family (device_functions.h; HIP has none): the max / min of two or three values,
// an add (wrapping) then a max / min, `_relu` (a negative result becomes 0), on 32-bit integers
// or on each 16-bit half (`_s16x2` / `_u16x2`); `__vibmax` / `__vibmin` also say whether `a` won
// (a >= b, a <= b). Each half goes through op(x, y, z) as the lane type T.
template <class T, class Op> __CAH_HD inline unsigned __cah_halves(unsigned a, unsigned b, unsigned c, Op op) {
    unsigned r = 0;
    for (unsigned s = 0; s < 32; s += 16) {
        unsigned x = (a >> s) & 0xffffu, y = (b >> s) & 0xffffu, z = (c >> s) & 0xffffu;
        T tx = (T)x, ty = (T)y, tz = (T)z;
        if (T(-1) < T(0)) tx = (T)__cah_signed<16>(x), ty = (T)__cah_signed<16>(y), tz = (T)__cah_signed<16>(z);
        r |= ((unsigned)op(tx, ty, tz) & 0xffffu) << s;
    }
    return r;
}
template <class T> __CAH_HD inline T __cah_max(T a, T b) { return a > b ? a : b; }
template <class T> __CAH_HD inline T __cah_min(T a, T b) { return a < b ? a : b; }
template <class T> __CAH_HD inline T __cah_relu(T v) { return v < 0 ? 0 : v; }
// a + b wrapping in T's width (a signed overflow is no undefined behaviour here).
template <class T> __CAH_HD inline T __cah_add(T a, T b) { return (T)((unsigned)a + (unsigned)b); }
template <class T> __CAH_HD inline T __cah_add16(T a, T b) { return (T)__cah_signed<16>((unsigned)a + (unsigned)b); }
template <> __CAH_HD inline unsigned __cah_add16(unsigned a, unsigned b) { return (a + b) & 0xffffu; }

#define __CAH_DPX32(name, T, expr) \
    template <class = void> __CAH_HD inline T name(const T a, const T b, const T c) { return expr; }
#define __CAH_DPX16(name, T, expr) \
    template <class = void> __CAH_HD inline unsigned name(const unsigned a, const unsigned b, const unsigned c) { \
        return __cah_halves<T>(a, b, c, [](T a, T b, T c) { return expr; }); }
#define __CAH_DPX_ALL(stem, expr) \
    __CAH_DPX32(stem##_s32, int, expr) __CAH_DPX32(stem##_u32, unsigned, expr) \
    __CAH_DPX16(stem##_s16x2, int, expr) __CAH_DPX16(stem##_u16x2, unsigned, expr)
// expr32 for the 32-bit form, expr16 for the halves (an add wraps in 16 bits there).
#define __CAH_DPX_RELU(stem, expr32, expr16) \
    __CAH_DPX32(stem##_s32_relu, int, __cah_relu(expr32)) __CAH_DPX16(stem##_s16x2_relu, int, __cah_relu(expr16))
__CAH_DPX_ALL(__vimax3, __cah_max(__cah_max(a, b), c))
__CAH_DPX_ALL(__vimin3, __cah_min(__cah_min(a, b), c))
__CAH_DPX_RELU(__vimax3, __cah_max(__cah_max(a, b), c), __cah_max(__cah_max(a, b), c))
__CAH_DPX_RELU(__vimin3, __cah_min(__cah_min(a, b), c), __cah_min(__cah_min(a, b), c))
__CAH_DPX32(__viaddmax_s32, int, __cah_max(__cah_add(a, b), c))
__CAH_DPX32(__viaddmax_u32, unsigned, __cah_max(a + b, c))
__CAH_DPX16(__viaddmax_s16x2, int, __cah_max(__cah_add16(a, b), c))
__CAH_DPX16(__viaddmax_u16x2, unsigned, __cah_max(__cah_add16(a, b), c))
__CAH_DPX32(__viaddmin_s32, int, __cah_min(__cah_add(a, b), c))
__CAH_DPX32(__viaddmin_u32, unsigned, __cah_min(a + b, c))
__CAH_DPX16(__viaddmin_s16x2, int, __cah_min(__cah_add16(a, b), c))
__CAH_DPX16(__viaddmin_u16x2, unsigned, __cah_min(__cah_add16(a, b), c))
__CAH_DPX_RELU(__viaddmax, __cah_max(__cah_add(a, b), c), __cah_max(__cah_add16(a, b), c))
__CAH_DPX_RELU(__viaddmin, __cah_min(__cah_add(a, b), c), __cah_min(__cah_add16(a, b), c))
#undef __CAH_DPX_RELU
#undef __CAH_DPX_ALL
#undef __CAH_DPX16
#undef __CAH_DPX32

template <class = void> __CAH_HD inline int __vimax_s32_relu(const int a, const int b) { return __cah_relu(__cah_max(a, b)); }
template <class = void> __CAH_HD inline int __vimin_s32_relu(const int a, const int b) { return __cah_relu(__cah_min(a, b)); }
template <class = void> __CAH_HD inline unsigned __vimax_s16x2_relu(const unsigned a, const unsigned b) {
    return __cah_halves<int>(a, b, 0, [](int a, int b, int) { return __cah_relu(__cah_max(a, b)); });
}
template <class = void> __CAH_HD inline unsigned __vimin_s16x2_relu(const unsigned a, const unsigned b) {
    return __cah_halves<int>(a, b, 0, [](int a, int b, int) { return __cah_relu(__cah_min(a, b)); });
}

// max / min with the comparison's outcome: per value, or per half (high, low).
#define __CAH_DPX_PICK(name, T, op, cmp) \
    template <class = void> __CAH_HD inline T name(const T a, const T b, bool *const pred) { \
        *pred = a cmp b; return op(a, b); }
#define __CAH_DPX_PICK16(name, T, op, cmp) \
    template <class = void> __CAH_HD inline unsigned name(const unsigned a, const unsigned b, bool *const pred_hi, bool *const pred_lo) { \
        unsigned won = __cah_halves<T>(a, b, 0, [](T a, T b, T) { return a cmp b ? 1 : 0; }); \
        *pred_hi = (won >> 16) & 1u; *pred_lo = won & 1u; \
        return __cah_halves<T>(a, b, 0, [](T a, T b, T) { return op(a, b); }); }
__CAH_DPX_PICK(__vibmax_s32, int, __cah_max, >=)
__CAH_DPX_PICK(__vibmax_u32, unsigned, __cah_max, >=)
__CAH_DPX_PICK(__vibmin_s32, int, __cah_min, <=)
__CAH_DPX_PICK(__vibmin_u32, unsigned, __cah_min, <=)
__CAH_DPX_PICK16(__vibmax_s16x2, int, __cah_max, >=)
__CAH_DPX_PICK16(__vibmax_u16x2, unsigned, __cah_max, >=)
__CAH_DPX_PICK16(__vibmin_s16x2, int, __cah_min, <=)
__CAH_DPX_PICK16(__vibmin_u16x2, unsigned, __cah_min, <=)
#undef __CAH_DPX_PICK16
#undef __CAH_DPX_PICK
