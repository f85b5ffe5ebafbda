#!/usr/bin/env bash
# The NVRTC corpus report and the kernel compile benchmark (BENCHMARKS.md, "Kernel compiles").
# Real, unmodified kernel sources from public packages (cudarc 0.19.10's examples and the CUDA
# sources its tests hand to NVRTC; candle-kernels 0.9.1's .cu files; the kernels CuPy 14.2
# generates, captured by scripts/cupy_kernels.py at setup time), each compiled by:
#   nvidia       NVIDIA's NVRTC 12.9 (PyPI nvidia-cuda-nvrtc-cu12; runs without a GPU)
#   nvidia-glibc the same, with glibc's include directories added (NVRTC has no <stdint.h>)
#   ours-HIP     our libnvrtc on that HIP's hiprtc, compile cache empty (first start)
#   warm-HIP     the same, a new process, cache filled by the run before (second start)
# Every run gets `--gpu-architecture=compute_80` and `-I` CUDA 12.9's include directory (PyPI
# nvidia-cuda-runtime-cu12), as a CUDA user's program passes it; ours must ignore its headers.
# CuPy's kernels get CuPy's own options instead (its include paths and bundled CCCL, -arch=sm_80,
# --device-as-default-execution-space) and its name expressions.
# HIP versions: bookworm's 5.2.3, plus each sysroot in .cache/inputs/sysroot-* (issue 12), run
# through scripts/on-hip.sh or the sysroot's own dynamic loader. Usage: scripts/corpus.sh [--release]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
profile=debug
[[ ${1:-} == --release ]] && profile=release

bash scripts/setup.sh >/dev/null
work=.cache/corpus
bash scripts/corpus-sources.sh
python3 scripts/corpus.py cupy .cache/inputs/cupy-14.2/kernels >>"$work/inputs.jsonl"
echo "corpus: $(wc -l <"$work/inputs.jsonl") distinct sources (cudarc 0.19.10, candle-kernels 0.9.1, cupy 14.2)"
nvidia=$work/nvrtc-12.9
flags=(); [[ $profile == release ]] && flags=(--release)
cargo build -q "${flags[@]}" -p cuda-as-hip-libnvrtc
ours=$PWD/target/$profile/libnvrtc.so

export CORPUS_INCLUDE=$PWD/.cache/inputs/cuda-12.9/include
out=$work/results
rm -rf "$out" && mkdir -p "$out"
python3 scripts/corpus.py compile "$nvidia/nvidia/cuda_nvrtc/lib/libnvrtc.so.12" "$out/nvidia.jsonl" <"$work/inputs.jsonl"
# NVRTC has no <stdint.h> / <math.h>: with glibc's include directories too, as some callers pass them.
CORPUS_INCLUDE=$CORPUS_INCLUDE:/usr/include:/usr/include/x86_64-linux-gnu \
  python3 scripts/corpus.py compile "$nvidia/nvidia/cuda_nvrtc/lib/libnvrtc.so.12" "$out/nvidia-glibc.jsonl" <"$work/inputs.jsonl"

run_ours() { # LABEL [RUNNER...]: cold then warm cache, each a new process
  local label=$1; shift
  local cache; cache=$(mktemp -d)
  for pass in ours warm; do
    CUDA_AS_HIP_CACHE_DIR=$cache CUDA_AS_HIP_OFFLOAD_ARCH=gfx90a \
      "${@:-$python}" scripts/corpus.py compile "$ours" "$out/$pass-$label.jsonl" <"$work/inputs.jsonl"
  done
  rm -rf "$cache"
}
python=$(python3 -c 'import sys; print(sys.executable)')
on_hip() { # VERSION PROGRAM...: scripts/on-hip.sh (issue 12) when there, else the sysroot's own loader
  local version=$1; shift
  if [[ -f scripts/on-hip.sh ]]; then
    bash scripts/on-hip.sh "$version" "$@"
  else
    local lib=.cache/inputs/sysroot-$version/usr/lib/x86_64-linux-gnu
    "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$@"
  fi
}
run_ours 5.2.3
for root in .cache/inputs/sysroot-*; do
  [[ -d $root ]] && run_ours "${root##*sysroot-}" on_hip "${root##*sysroot-}" "$python"
done
echo "library: $profile build of our libnvrtc; $(nproc) cores; $(date -u +%F)"
python3 scripts/corpus.py report "$out"/nvidia.jsonl "$out"/nvidia-glibc.jsonl "$out"/ours-*.jsonl "$out"/warm-*.jsonl
