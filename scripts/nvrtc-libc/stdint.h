// <stdint.h> for NVIDIA's NVRTC, which has none (glibc's does not compile under it: gnu/stubs-32.h).
// candle-kernels includes it; nvcc builds candle against glibc. Used only by scripts/ptx-corpus.sh.
#pragma once
#include <cuda/std/cstdint>
using cuda::std::int16_t;
using cuda::std::int32_t;
using cuda::std::int64_t;
using cuda::std::int8_t;
using cuda::std::intptr_t;
using cuda::std::uint16_t;
using cuda::std::uint32_t;
using cuda::std::uint64_t;
using cuda::std::uint8_t;
using cuda::std::uintptr_t;
