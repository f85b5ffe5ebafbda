// cuda-as-hip: <mma.h> (nvcuda::wmma) on hiprtc: CUDA's warp matrix fragments, loads, stores and
// multiply-accumulate, computed lane by lane. AMD GPUs have no instruction with these fragments,
// and which lane holds which element of a WMMA fragment is unspecified in CUDA (only the element
// counts are CUDA's, `num_elements`), so the layout is this header's — the one the PTX
// translator gives `wmma` (ptx/src/lower/wmma.rs): a lane holds part of one row of A or of an
// accumulator, or part of one column of B; with R rows (columns) and E elements a lane, lane L of
// the 32-lane CUDA warp holds row (column) L mod R, positions ((L div R)·E + e) mod its length
// (half multiplicands, 16 elements a lane as in CUDA, hold copies). `mma_sync` computes each D
// element as C plus the products in k order (one fused multiply-add each, in float for half,
// bf16 and tf32, whose products are exact there; 64-bit integers for 8-bit ones), reading A's row
// and B's column from the lanes that hold them (__cah_read_lane; the wavefront rule of warp.h).
// Shapes: m16n16k16, m32n8k16, m8n32k16 (half, __nv_bfloat16, signed / unsigned char),
// m16n16k8 (precision::tf32), m8n8k4 (double). The 4-bit and 1-bit experimental types are absent.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
enum layout_t { mem_row_major, mem_col_major };
namespace precision {
struct tf32 {};
}

namespace __cah {
template <class A, class B> struct same { static constexpr bool value = false; };
template <class A> struct same<A, A> { static constexpr bool value = true; };

// What a fragment of element type T stores, and the type its products are summed in.
template <class T> struct element { using storage = T; using sum = float; };
template <> struct element<precision::tf32> { using storage = float; using sum = float; };
template <> struct element<double> { using storage = double; using sum = double; };
template <> struct element<signed char> { using storage = signed char; using sum = long long; };
template <> struct element<unsigned char> { using storage = unsigned char; using sum = long long; };
template <> struct element<int> { using storage = int; using sum = long long; };

// The matrix a fragment holds, and whether a lane holds part of a column (B) or of a row.
template <class Use, int M, int N, int K> struct matrix;
template <int M, int N, int K> struct matrix<matrix_a, M, N, K> {
    static constexpr int rows = M, cols = K;
    static constexpr bool by_column = false;
};
template <int M, int N, int K> struct matrix<matrix_b, M, N, K> {
    static constexpr int rows = K, cols = N;
    static constexpr bool by_column = true;
};
template <int M, int N, int K> struct matrix<accumulator, M, N, K> {
    static constexpr int rows = M, cols = N;
    static constexpr bool by_column = false;
};

template <int M, int N, int K> struct shape_known {
    static constexpr bool value = (M == 16 && N == 16 && K == 16) || (M == 32 && N == 8 && K == 16) ||
                                  (M == 8 && N == 32 && K == 16) || (M == 16 && N == 16 && K == 8) ||
                                  (M == 8 && N == 8 && K == 4);
};

// CUDA's element counts: half multiplicands 16 on every shape, else the matrix's elements / 32.
template <class Use, int M, int N, int K, class T> struct count {
    static constexpr int value = !same<Use, accumulator>::value && same<T, __half>::value
                                     ? 16
                                     : matrix<Use, M, N, K>::rows * matrix<Use, M, N, K>::cols / 32;
};
}  // namespace __cah

template <class Use, int m, int n, int k, class T, class Layout = void> class fragment {
    static_assert(__cah::shape_known<m, n, k>::value,
                  "cuda-as-hip <mma.h>: WMMA shapes are m16n16k16, m32n8k16, m8n32k16, m16n16k8 "
                  "(precision::tf32) and m8n8k4 (double)");

  public:
    using element_type = T;
    using storage_element_type = typename __cah::element<T>::storage;
    enum { num_elements = __cah::count<Use, m, n, k, T>::value };
    storage_element_type x[num_elements];
};

namespace __cah {
// Row and column of element `e` of the calling lane's fragment.
template <class Use, int M, int N, int K, class T>
__device__ inline void position(int e, int &row, int &col) {
    using X = matrix<Use, M, N, K>;
    constexpr int lines = X::by_column ? X::cols : X::rows;
    constexpr int length = X::by_column ? X::rows : X::cols;
    const int lane = (int)__cah_warp_lane();
    const int line = lane % lines;
    const int at = ((lane / lines) * count<Use, M, N, K, T>::value + e) % length;
    row = X::by_column ? at : line;
    col = X::by_column ? line : at;
}

// Where in memory element `e` of the calling lane's fragment is: row-major or column-major, the
// leading dimension `ldm` apart.
template <class Use, int M, int N, int K, class T>
__device__ inline unsigned index(int e, bool row_major, unsigned ldm) {
    int row, col;
    position<Use, M, N, K, T>(e, row, col);
    return row_major ? (unsigned)row * ldm + (unsigned)col : (unsigned)col * ldm + (unsigned)row;
}

// An element as a term of the sum: tf32's low 13 bits are not part of its value.
template <class T, class S, class V> __device__ inline S term(V v) {
    if (same<T, precision::tf32>::value) {
        float f = (float)v;
        unsigned u;
        __builtin_memcpy(&u, &f, 4);
        u &= 0xffffe000u;
        __builtin_memcpy(&f, &u, 4);
        return (S)f;
    }
    return (S)(float)v;
}
template <> __device__ inline double term<double, double, double>(double v) { return v; }
template <> __device__ inline long long term<signed char, long long, signed char>(signed char v) { return v; }
template <> __device__ inline long long term<unsigned char, long long, unsigned char>(unsigned char v) {
    return v;
}
template <> __device__ inline long long term<int, long long, int>(int v) { return v; }

__device__ inline float multiply_add(float a, float b, float s) { return __builtin_fmaf(a, b, s); }
__device__ inline double multiply_add(double a, double b, double s) { return __builtin_fma(a, b, s); }
__device__ inline long long multiply_add(long long a, long long b, long long s) { return s + a * b; }

// A sum as D's element: rounded once; `satf`: infinities to the largest finite value and NaN to
// 0 (floating point), clamped to int's range (integers; otherwise they wrap).
template <class D> struct result {
    __device__ static D of(float s, bool satf) {
        const float big = same<D, __half>::value ? 65504.0f : 3.402823466e38f;
        if (satf) s = s != s ? 0.0f : s > big ? big : s < -big ? -big : s;
        return (D)s;
    }
};
template <> struct result<double> {
    __device__ static double of(double s, bool) { return s; }
};
template <> struct result<int> {
    __device__ static int of(long long s, bool satf) {
        if (satf) s = s > 2147483647ll ? 2147483647ll : s < -2147483648ll ? -2147483648ll : s;
        return (int)(unsigned)(unsigned long long)s;
    }
};
}  // namespace __cah

template <class Use, int m, int n, int k, class T, class Layout, class V>
__device__ inline void fill_fragment(fragment<Use, m, n, k, T, Layout> &f, const V &v) {
    using S = typename fragment<Use, m, n, k, T, Layout>::storage_element_type;
    for (int i = 0; i < fragment<Use, m, n, k, T, Layout>::num_elements; ++i) f.x[i] = (S)v;
}

// A multiplicand: its layout is part of its type.
template <class Use, int m, int n, int k, class T, class Layout, class P>
__device__ inline void load_matrix_sync(fragment<Use, m, n, k, T, Layout> &f, const P *p, unsigned ldm) {
    static_assert(!__cah::same<Layout, void>::value,
                  "cuda-as-hip <mma.h>: an accumulator's load_matrix_sync takes a layout_t");
    for (int e = 0; e < fragment<Use, m, n, k, T, Layout>::num_elements; ++e)
        f.x[e] = p[__cah::index<Use, m, n, k, T>(e, __cah::same<Layout, row_major>::value, ldm)];
}

template <int m, int n, int k, class T, class P>
__device__ inline void load_matrix_sync(fragment<accumulator, m, n, k, T> &f, const P *p, unsigned ldm,
                                        layout_t layout) {
    for (int e = 0; e < fragment<accumulator, m, n, k, T>::num_elements; ++e)
        f.x[e] = p[__cah::index<accumulator, m, n, k, T>(e, layout == mem_row_major, ldm)];
}

template <int m, int n, int k, class T, class P>
__device__ inline void store_matrix_sync(P *p, const fragment<accumulator, m, n, k, T> &f, unsigned ldm,
                                         layout_t layout) {
    for (int e = 0; e < fragment<accumulator, m, n, k, T>::num_elements; ++e)
        p[__cah::index<accumulator, m, n, k, T>(e, layout == mem_row_major, ldm)] = f.x[e];
}

template <int m, int n, int k, class TA, class LA, class TB, class LB, class TC, class TD>
__device__ inline void mma_sync(fragment<accumulator, m, n, k, TD> &d, const fragment<matrix_a, m, n, k, TA, LA> &a,
                                const fragment<matrix_b, m, n, k, TB, LB> &b,
                                const fragment<accumulator, m, n, k, TC> &c, bool satf = false) {
    static_assert(__cah::same<TA, TB>::value, "cuda-as-hip <mma.h>: A and B of one element type");
    using Sum = typename __cah::element<TA>::sum;
    constexpr int ea = fragment<matrix_a, m, n, k, TA, LA>::num_elements;
    constexpr int eb = fragment<matrix_b, m, n, k, TB, LB>::num_elements;
    constexpr int ed = fragment<accumulator, m, n, k, TD>::num_elements;
    const unsigned base = __cah_warp_base();
    const int lane = (int)__cah_warp_lane(), row = lane % m, first = (lane / m) * ed;
    // A's row, position q from element q mod E of lane row + m·(q div E).
    Sum a_row[k];
    for (int q = 0; q < k; ++q)
        a_row[q] = __cah::term<TA, Sum>(__cah_read_lane(a.x[q % ea], base + (unsigned)(row + m * (q / ea))));
    for (int e = 0; e < ed; ++e) {
        const int col = first + e;
        Sum s = __cah::term<TC, Sum>(c.x[e]);
        for (int q = 0; q < k; ++q) {
            Sum bv = __cah::term<TB, Sum>(__cah_read_lane(b.x[q % eb], base + (unsigned)(col + n * (q / eb))));
            s = __cah::multiply_add(a_row[q], bv, s);
        }
        d.x[e] = __cah::result<typename __cah::element<TD>::storage>::of(s, satf);
    }
}

// CUDA's rounding of a float to tf32: to nearest, ties away from zero (cvt.rna.tf32.f32).
__device__ inline float __float_to_tf32(float in) {
    unsigned u;
    __builtin_memcpy(&u, &in, 4);
    if ((u & 0x7f800000u) == 0x7f800000u) return in;
    u = (u + 0x1000u) & 0xffffe000u;
    float out;
    __builtin_memcpy(&out, &u, 4);
    return out;
}

}  // namespace wmma
}  // namespace nvcuda
