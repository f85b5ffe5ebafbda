#!/usr/bin/env bash
# on-hip.sh VERSION PROGRAM [ARGS...]: runs PROGRAM (a dynamically linked ELF executable, built here)
# against the real HIP runtime VERSION, without a GPU.
#   5.2.3                the host's own (Debian bookworm's libamdhip64-5): PROGRAM runs unchanged.
#   5.7.1, 6.4.3, 7.2.4  the sysroot scripts/setup.sh unpacked in .cache/inputs/sysroot-VERSION
#                        (they need glibc >= 2.38): PROGRAM runs under the sysroot's own loader
#                        with the sysroot's libraries first.
# Also a cargo runner: CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER="bash scripts/on-hip.sh 6.4.3".
#
# Environment given to PROGRAM (and inherited by what it starts) for a sysroot:
#   CUDA_AS_HIP_HIP_LIBRARY  the sysroot's libamdhip64.so (libhiprtc.so.N is found beside it)
#   CUDA_AS_HIP_SYSROOT      the sysroot: tests start their HIP-loading children through it
#                            (a child started normally gets the host's loader and glibc)
#   CUDA_AS_HIP_TEST_HIP     VERSION (also for 5.2.3): the runtime tests must find loaded
# and, so that hiprtc kernels see the sysroot's headers (clang's resource headers, libstdc++, glibc)
# where a real system of that suite has them, never the host's:
#   LLVM_PATH                comgr's LLVM prefix: its clang resource directory (and, from HIP 6,
#                            the install directory clang looks for GCC's C++ headers beside)
#   HIPRTC_COMPILE_OPTIONS_APPEND=--sysroot=SYSROOT   (hiprtc >= 6 appends it to every compile):
#                            GCC installation, /usr/include and its multiarch directory
#   CPLUS_INCLUDE_PATH       (5.7.1, whose hiprtc has no such variable and whose comgr finds GCC
#                            from an empty install directory) the sysroot's C++ and C header
#                            directories in GCC's order; the host's stay last in clang's compiled-in
#                            list, reached only for a header the sysroot lacks
# Not LD_LIBRARY_PATH: a host program started with it would load the sysroot's glibc and fail.
set -euo pipefail

usage() { echo "usage: scripts/on-hip.sh 5.2.3|5.7.1|6.4.3|7.2.4 PROGRAM [ARGS...]" >&2; exit 2; }
(($# >= 2)) || usage
version=$1 program=$2
shift 2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

case $version in
5.2.3)
  unset CUDA_AS_HIP_SYSROOT
  export CUDA_AS_HIP_TEST_HIP=$version
  exec "$program" "$@"
  ;;
5.7.1 | 6.4.3 | 7.2.4) ;;
*) usage ;;
esac

sysroot="$root/.cache/inputs/sysroot-$version"
lib="$sysroot/usr/lib/x86_64-linux-gnu"
[[ -f $sysroot/.stamp && -x $lib/ld-linux-x86-64.so.2 ]] ||
  { echo "on-hip.sh: no sysroot for HIP $version at $sysroot: run scripts/setup.sh" >&2; exit 1; }
# The loader runs ELF files only: resolve a bare name through PATH as a shell would.
if [[ $program != */* ]]; then
  found=$(type -P "$program") || { echo "on-hip.sh: $program: not found" >&2; exit 127; }
  program=$found
fi

export CUDA_AS_HIP_HIP_LIBRARY="$lib/libamdhip64.so"
export CUDA_AS_HIP_SYSROOT="$sysroot"
export CUDA_AS_HIP_TEST_HIP=$version
export LLVM_PATH="$sysroot/usr"
if [[ $version == 5.* ]]; then
  inc="$sysroot/usr/include" gcc=$(ls "$sysroot/usr/include/c++")
  export CPLUS_INCLUDE_PATH="$inc/c++/$gcc:$inc/x86_64-linux-gnu/c++/$gcc:$inc/c++/$gcc/backward:$inc/x86_64-linux-gnu:$inc"
else
  export HIPRTC_COMPILE_OPTIONS_APPEND="--sysroot=$sysroot"
fi
exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$program" "$@"
