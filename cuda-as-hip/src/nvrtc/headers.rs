//! CUDA's device-side header names, served to hiprtc the way NVRTC serves its own `cuda_fp16.h`:
//! as headers of the program, so they win over any include path the caller passes (a CUDA
//! toolkit's `include/` among them, whose headers clash with HIP's types). Each is this project's
//! own small header (`include/`): HIP's names under CUDA's, plus what HIP lacks. Headers HIP has no
//! counterpart for fail the compile with an `#error` naming the header and what to use instead.

/// The header every program starts with: NVRTC's predefined macros, implicit declarations and
/// CUDA-signature intrinsics.
pub const ENVIRONMENT: &str = "__cuda_as_hip/nvrtc.h";

/// Our own headers: (name a source includes, text).
const OWN: &[(&str, &str)] = &[
    (ENVIRONMENT, include_str!("include/__cuda_as_hip/nvrtc.h")),
    (
        "__cuda_as_hip/warp.h",
        include_str!("include/__cuda_as_hip/warp.h"),
    ),
    (
        "__cuda_as_hip/intrinsics.h",
        include_str!("include/__cuda_as_hip/intrinsics.h"),
    ),
    (
        "__cuda_as_hip/address_space.h",
        include_str!("include/__cuda_as_hip/address_space.h"),
    ),
    (
        "__cuda_as_hip/runtime_types.h",
        include_str!("include/__cuda_as_hip/runtime_types.h"),
    ),
    (
        "__cuda_as_hip/textures.h",
        include_str!("include/__cuda_as_hip/textures.h"),
    ),
    (
        "__cuda_as_hip/integer.h",
        include_str!("include/__cuda_as_hip/integer.h"),
    ),
    ("cuda_fp16.h", include_str!("include/cuda_fp16.h")),
    ("cuda_bf16.h", include_str!("include/cuda_bf16.h")),
    ("cuComplex.h", include_str!("include/cuComplex.h")),
    ("math_constants.h", include_str!("include/math_constants.h")),
    (
        "cooperative_groups.h",
        include_str!("include/cooperative_groups.h"),
    ),
    (
        "cooperative_groups/reduce.h",
        include_str!("include/cooperative_groups/reduce.h"),
    ),
    ("cuda_fp8.h", include_str!("include/cuda_fp8.h")),
    ("mma.h", include_str!("include/mma.h")),
    ("cuda_pipeline.h", include_str!("include/cuda_pipeline.h")),
    (
        "cuda_pipeline_primitives.h",
        include_str!("include/cuda_pipeline_primitives.h"),
    ),
    (
        "cooperative_groups/scan.h",
        include_str!("include/cooperative_groups/scan.h"),
    ),
    (
        "cooperative_groups/memcpy_async.h",
        include_str!("include/cooperative_groups/memcpy_async.h"),
    ),
    (
        "__cuda_as_hip/fp8.h",
        include_str!("include/__cuda_as_hip/fp8.h"),
    ),
    ("math.h", include_str!("include/math.h")),
    ("stdint.h", include_str!("include/stdint.h")),
    ("cstdint", include_str!("include/stdint.h")),
    ("cmath", include_str!("include/math.h")),
];

/// Headers whose declarations hiprtc builds in (vector types, `threadIdx`, the math library,
/// `printf`, fences, atomics): served as empty headers so the include resolves to nothing more.
const BUILT_IN: &[&str] = &[
    "cuda_runtime.h",
    "cuda_runtime_api.h",
    "cuda.h",
    "cuda_fp16.hpp",
    "cuda_bf16.hpp",
    "vector_types.h",
    "vector_functions.h",
    "device_types.h",
    "builtin_types.h",
    "driver_types.h",
    "device_launch_parameters.h",
    "device_functions.h",
    "device_atomic_functions.h",
    "math_functions.h",
    "cuda_device_runtime_api.h",
    "sm_20_atomic_functions.h",
    "sm_20_intrinsics.h",
    "sm_30_intrinsics.h",
    "sm_32_atomic_functions.h",
    "sm_32_intrinsics.h",
    "sm_35_atomic_functions.h",
    "sm_35_intrinsics.h",
    "sm_60_atomic_functions.h",
    "sm_61_intrinsics.h",
    "stdio.h",
    "cstdio",
    "stdlib.h",
    "cstdlib",
    "assert.h",
    "cassert",
    "stddef.h",
    "cstddef",
    // NVRTC has no host C++ library: libstdc++'s feature-test macros would announce std:: types
    // (std::basic_string_view …) that libcu++ then refers to and hiprtc cannot compile.
    "version",
    "ciso646",
];

/// Headers HIP has no hiprtc counterpart for, and what to do instead.
const MISSING: &[(&str, &str)] = &[
    ("cuda_fp6.h", "CUDA's fp6 types have no HIP counterpart under hiprtc"),
    ("cuda_fp4.h", "CUDA's fp4 types have no HIP counterpart under hiprtc"),
    ("curand_kernel.h", "cuRAND's device API is not available through hiprtc; use rocRAND/hipRAND built with hipcc, or a counter-based hash in the kernel"),
    ("curand.h", "cuRAND is a host library; use hipRAND"),
    ("cub/cub.cuh", "CUB is not available through hiprtc; use hipCUB built with hipcc, or cooperative_groups::reduce"),
    ("cub/block/block_reduce.cuh", "CUB is not available through hiprtc; use hipCUB built with hipcc, or cooperative_groups::reduce"),
    ("cub/block/block_scan.cuh", "CUB is not available through hiprtc; use hipCUB built with hipcc"),
    ("cub/warp/warp_reduce.cuh", "CUB is not available through hiprtc; use cooperative_groups::reduce or __reduce_*_sync"),
    ("cuda_awbarrier.h", "arrive/wait barriers have no hiprtc counterpart; use __syncthreads"),
    ("cuda/barrier", "libcu++'s cuda::barrier (asynchronous arrive/wait and memcpy_async) is NVIDIA PTX; use __syncthreads"),
    ("cuda/pipeline", "libcu++'s cuda::pipeline (memcpy_async) is NVIDIA PTX; copy through registers"),
    ("cuda/std/barrier", "libcu++'s barrier is built on its atomics, which are NVIDIA PTX (inline asm); use __syncthreads"),
    ("cuda/atomic", "libcu++'s device atomics are NVIDIA PTX (inline asm); use atomicAdd & co."),
    ("cuda/std/atomic", "libcu++'s device atomics are NVIDIA PTX (inline asm); use atomicAdd & co."),
    ("cuda/latch", "libcu++'s latch is built on its atomics, which are NVIDIA PTX (inline asm)"),
    ("cuda/std/latch", "libcu++'s latch is built on its atomics, which are NVIDIA PTX (inline asm)"),
    ("cuda/semaphore", "libcu++'s semaphores are built on its atomics, which are NVIDIA PTX (inline asm)"),
    ("cuda/std/semaphore", "libcu++'s semaphores are built on its atomics, which are NVIDIA PTX (inline asm)"),
];

use super::hipify;

/// CUDA library headers (cuBLAS, cuRAND, CUB, cuDNN …) whose HIP counterpart, by hipify's table,
/// is a library built with hipcc, which hiprtc cannot reach: (CUDA name, HIP name).
fn library_headers() -> impl Iterator<Item = (&'static str, &'static str)> {
    hipify::HIPIFY_HEADERS
        .iter()
        .copied()
        .filter(|&(cuda, hip)| {
            cuda.starts_with("cu")
                && !hip.is_empty()
                && !hip.starts_with("hip/")
                && !MISSING.iter().any(|&(n, _)| n == cuda)
        })
}

/// Every header served to hiprtc, as (include name, text).
pub fn served() -> Vec<(&'static str, String)> {
    let own = OWN.iter().map(|&(n, t)| (n, t.to_string()));
    let built_in = BUILT_IN.iter().map(|&n| {
        (
            n,
            format!("// cuda-as-hip: hiprtc builds in what <{n}> declares\n#pragma once\n"),
        )
    });
    let missing = MISSING
        .iter()
        .map(|&(n, why)| (n, format!("#error \"cuda-as-hip: <{n}>: {why}\"\n")));
    let library = library_headers().map(|(n, hip)| {
        (n, format!("#error \"cuda-as-hip: <{n}> is a CUDA library header; its HIP counterpart <{hip}> is built with hipcc and is not available to kernels compiled through NVRTC\"\n"))
    });
    own.chain(built_in).chain(missing).chain(library).collect()
}

/// The text put before a source: `__CUDA_ARCH__` for the `-arch` asked for, the environment
/// header, and (with `-default-device`) unannotated functions compiled for the device as well;
/// then a `#line` so diagnostics name the source by the name given to `nvrtcCreateProgram`.
pub fn prologue(cuda_arch: u32, default_device: bool, name: &str) -> String {
    let mut p = format!("#define __CUDA_ARCH__ {cuda_arch}\n#include <{ENVIRONMENT}>\n");
    if default_device {
        // NVRTC's -default-device makes unannotated functions __device__; clang's pragma makes
        // them __host__ __device__, which a kernel may call just the same.
        p.push_str("#pragma clang force_cuda_host_device begin\n");
    }
    let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
    p.push_str(&format!("#line 1 \"{quoted}\"\n"));
    p
}

/// The text put after a source: closes what [`prologue`] opened.
pub fn epilogue(default_device: bool) -> &'static str {
    if default_device {
        "\n#pragma clang force_cuda_host_device end\n"
    } else {
        "\n"
    }
}
