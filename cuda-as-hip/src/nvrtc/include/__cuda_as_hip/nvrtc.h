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
typedef __SIZE_TYPE__ size_t;
typedef __INTPTR_TYPE__ intptr_t;
typedef __UINTPTR_TYPE__ uintptr_t;

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
