// cuda-as-hip: NVRTC's implicit environment on hiprtc. Our NVRTC puts `#include
// <__cuda_as_hip/nvrtc.h>` before every source it hands to hiprtc (after `__CUDA_ARCH__`, which
// it defines from `-arch`). NVRTC compiles with these macros, types and intrinsics built in;
// hiprtc lacks them or spells them differently.
#pragma once

#define __CUDACC__ 1
#define __CUDACC_RTC__ 1
#define __CUDACC_VER_MAJOR__ 12
#define __CUDACC_VER_MINOR__ 9
#define __CUDACC_VER_BUILD__ 86
#define __CUDA_AS_HIP__ 1
// NVIDIA's NVRTC 12.9 defines these with no #include (measured: README, "NVRTC's implicit
// environment"); CCCL checks CUDART_VERSION (runtime_types.h) against __CUDACC_VER_*.
#define __CUDART_API_VERSION CUDART_VERSION
#define __CUDA_API_VER_MAJOR__ __CUDACC_VER_MAJOR__
#define __CUDA_API_VER_MINOR__ __CUDACC_VER_MINOR__
#define __CUDACC_VER__ "__CUDACC_VER__ is no longer supported.  Use __CUDACC_VER_MAJOR__, __CUDACC_VER_MINOR__, and __CUDACC_VER_BUILD__ instead."
#ifndef NULL
#define NULL 0
#endif
#define __CUDART_API_PTDS(api) api
#define __CUDART_API_PTSZ(api) api
// Calling-convention and export markers of CUDA's headers: nothing on the device.
#define CUDARTAPI
#define CUDARTAPI_CDECL
#define CUDART_CB
#define CUDART_DEVICE __device__
#define _CRTIMP
#define __cdecl
#define __export__
#define __import__
#define __specialization_static
#define __thread__ __thread
#define __no_return__ __attribute__((noreturn))
// clang 15 (hiprtc 5.7+) knows __noinline__ as a keyword; CUDA spells it as a macro.
#ifndef __noinline__
#define __noinline__ __attribute__((noinline))
#endif
// nvcc's own attributes: annotations that steer NVIDIA's compiler only (register limits, inline
// hints, builtin markers) expand to nothing; `__grid_constant__` parameters are read-only, as
// every kernel parameter is on AMD; thread-block clusters have no AMD counterpart.
#define __annotate__(a)
#define __location__(a)
#define __device_builtin__
#define __cudart_builtin__
#define __device_builtin_surface_type__
#define __device_builtin_texture_type__
#define __nv_pure__
#define __inline_hint__
#define __grid_constant__
#define __maxnreg__(a)
#define __local_maxnreg__(a)
#define __block_size__(...)
#define __cluster_dims__(...)
#define __builtin_align__(a) __attribute__((aligned(a)))
#define __CUDA_ARCH_HAS_FEATURE__(feature) 0
#define __CUDA_HAS_ARCH_SPECIFIC(n) 0
#define __CUDA_HAS_ARCH_FAMILY_SPECIFIC(n) 0
#define __cudaGet_threadIdx() threadIdx
#define __cudaGet_blockIdx() blockIdx
#define __cudaGet_blockDim() blockDim
#define __cudaGet_gridDim() gridDim
#define __cudaGet_warpSize() warpSize
// The include guards of the headers NVRTC builds in: a source that tests one sees them included.
#define __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_API_H__
#define __COMMON_FUNCTIONS_H__
#define __DEVICE_ATOMIC_FUNCTIONS_H__
#define __DEVICE_DOUBLE_FUNCTIONS_H__
#define __DEVICE_FUNCTIONS_H__
#define __DEVICE_LAUNCH_PARAMETERS_H__
#define __DEVICE_TYPES_H__
#define __DRIVER_TYPES_H__
#define __HOST_CONFIG_H__
#define __HOST_DEFINES_H__
#define __LIBRARY_TYPES_H__
#define __MATH_FUNCTIONS_H__
#define __SM_30_INTRINSICS_H__
#define __SM_32_INTRINSICS_H__
#define __SM_35_ATOMIC_FUNCTIONS_H__
#define __SM_35_INTRINSICS_H__
#define __SM_80_RT_H__
#define __SM_90_RT_H__
#define __SM_100_RT_H__
#define __SURFACE_INDIRECT_FUNCTIONS_H__
#define __SURFACE_TYPES_H__
#define __TEXTURE_INDIRECT_FUNCTIONS_H__
#define __TEXTURE_TYPES_H__
#define __VECTOR_FUNCTIONS_H__
#define __VECTOR_TYPES_H__

// NVRTC builds std::initializer_list in (--builtin-initializer-list): sources that see
// __CUDACC_RTC__ use it without an include.
#if __has_include(<initializer_list>)
#include <initializer_list>
#endif

// Fixed-width integers and ptrdiff_t in the global namespace, as NVRTC declares them. hiprtc
// declares some (with its own choice of `long long` for 64 bits): repeat a typedef only with the
// type it already has, so these stay compatible with it.
typedef signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
#if HIP_VERSION_MAJOR >= 7
// hiprtc 7 keeps its 64-bit types in a namespace of its own.
typedef __hip_internal::int64_t int64_t;
typedef __hip_internal::uint64_t uint64_t;
#endif
typedef __PTRDIFF_TYPE__ ptrdiff_t;
// What clock() counts in (glibc's type, as NVRTC's), and C's variable arguments.
typedef long clock_t;
typedef __builtin_va_list va_list;
#define va_start(ap, param) __builtin_va_start(ap, param)
#define va_end(ap) __builtin_va_end(ap)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_copy(dest, src) __builtin_va_copy(dest, src)
typedef __SIZE_TYPE__ size_t;

#ifndef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
// CUDA's device assert stops the kernel; AMD's trap does the same.
#define assert(e) ((e) ? (void)0 : __builtin_trap())
#endif
#endif

// <math.h>'s constants, which CUDA sources see through CUDA's headers.
#ifndef INFINITY
#define INFINITY __builtin_huge_valf()
#endif
#ifndef NAN
#define NAN __builtin_nanf("")
#endif
#ifndef HUGE_VALF
#define HUGE_VALF __builtin_huge_valf()
#endif
#ifndef HUGE_VAL
#define HUGE_VAL __builtin_huge_val()
#endif

#include <__cuda_as_hip/warp.h>
#include <__cuda_as_hip/intrinsics.h>
#include <__cuda_as_hip/address_space.h>
#include <__cuda_as_hip/runtime_types.h>
#include <__cuda_as_hip/textures.h>

// clang before 20 (hiprtc 5.x): the <cmath> wrapper's mixed-type templates (min, max, fmin, pow …)
// classify each argument's type by an overload call outside SFINAE, a hard error for a type that
// converts to several arithmetic types, as HIP's __half does, even where overload resolution
// would pick the source's own `min(half, half)` (CuPy's KD-tree kernels). clang 20 made that test
// SFINAE (llvm-project pull request 101341): __half is then no number type to those templates,
// and NVIDIA's NVRTC has no such templates at all. Earlier clang is told the same here.
#if __clang_major__ < 20
namespace __hip {
template <> struct __numeric_type<__half> {
    typedef void type;
    static const bool value = false;
};
} // namespace __hip
#endif

// hiprtc's prelude is in (it needs these): from here on the source sees what NVIDIA's NVRTC
// shows it (README, "NVRTC's implicit environment"). Not hiprtc: a CUDA source that tests
// __HIPCC__ & co. takes its CUDA path everywhere (CuPy's headers test __HIPCC_RTC__ in one place
// and __HIPCC__ in another). Not clang or GCC with libstdc++: libcu++ (CCCL) then takes its NVRTC
// path, which needs no host C++ library; on its clang path it includes libstdc++'s <iterator> &
// co., which clash with the std:: parts hiprtc builds in. Nor the host's: hiprtc's auxiliary
// target is x86-64 Linux, NVRTC names no host. No HIP or libstdc++ header is included after this
// point.
#undef __HIPCC__
#undef __HIPCC_RTC__
#undef __HIP__
#undef __HIP_PLATFORM_AMD__
#undef __HIP_PLATFORM_HCC__
#undef __HIP_DEVICE_COMPILE__
#undef __clang__
#undef __clang_major__
#undef __clang_minor__
#undef __clang_patchlevel__
#undef __clang_version__
#undef __GNUC__
#undef __GNUC_MINOR__
#undef __GNUC_PATCHLEVEL__
#undef __GNUG__
#undef __GLIBCXX__
#undef __x86_64__
#undef __linux__

// libcu++ on its NVRTC path uses NVRTC's type-trait builtins; clang before 16 (hiprtc 5.x) lacks
// this one: libcu++'s own fallback.
#if !__has_builtin(__is_nothrow_destructible)
#define _LIBCUDACXX_USE_IS_NOTHROW_DESTRUCTIBLE_FALLBACK
#endif

// libcu++'s __half / __nv_bfloat16 support (numeric_limits, cmath, complex) is written against
// CUDA's own classes (`__half_raw{0x7bffu}` with an unsigned short first member, __half →
// __nv_bfloat16 conversions); the types hiprtc builds in are HIP's. libcu++ leaves them out.
#ifndef CCCL_DISABLE_FP16_SUPPORT
#define CCCL_DISABLE_FP16_SUPPORT
#endif
#ifndef CCCL_DISABLE_BF16_SUPPORT
#define CCCL_DISABLE_BF16_SUPPORT
#endif

// NVRTC's front end accepts literal operators declared without a space (`operator""h`), as
// libcu++'s <cuda/std/chrono> has them on its NVRTC path; clang 17+ refuses them by default.
#pragma clang diagnostic ignored "-Wreserved-user-defined-literal"
