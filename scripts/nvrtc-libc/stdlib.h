// <stdlib.h> for NVIDIA's NVRTC, which has none; CUDA's cuda.h includes it (candle-kernels' cast.cu
// includes cuda.h below sm_80). Used only by scripts/ptx-corpus.sh (beside stdint.h, which says why).
#pragma once
#include <cuda/std/cstdlib>
