#!/usr/bin/env bash
# The PTX corpus (issue 18): real PTX from real compilers, for the PTX translator's tests and the GPU
# round trip. Built from registries only (crates.io sources, PyPI wheels, Debian's clang) into
# .cache/ptx-corpus/ (never committed); run by scripts/setup.sh. Each part is rebuilt only when its
# stamp (a hash of the scripts and inputs that make it) changes, and swapped in whole:
#   nvrtc/        NVIDIA's NVRTC 12.9 (PyPI) on the NVRTC corpus' sources and dfdx's kernels
#                 (scripts/corpus-sources.sh: cudarc 0.19.10, candle-kernels 0.9.1, dfdx 0.13.0) for
#                 compute_80, one .ptx per source;
#                 nvrtc/compute_{52,70,90}/ the same for other targets, but candle's two largest files
#   numba/        numba-cuda's numba.cuda.compile_ptx (PyPI; libNVVM 12.9 from nvidia-cuda-nvcc-cu12, on
#                 the CPU) on typical kernels and numba-cuda's own documentation examples (scripts/ptx_numba.py)
#   clang/        Debian's clang-15 in CUDA mode (device only) on the same sources, sm_80, with CUDA
#                 11.8's headers and libdevice (PyPI), the newest its CUDA wrappers accept
#   manifest.jsonl  every PTX file: file, origin, source, compiler, arch, options
#   census.txt      every distinct opcode spelling, with counts per origin (scripts/ptx_corpus.py census)
#   README.md       what is there
# Usage: scripts/ptx-corpus.sh (needs scripts/setup.sh's inputs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=.cache/ptx-corpus
in=.cache/inputs
mkdir -p "$out"
common=(scripts/ptx-corpus.sh scripts/ptx_corpus.py scripts/corpus.py scripts/corpus-sources.sh)
key() { cat "${common[@]}" "$@" | sha256sum | cut -c1-16; }
fresh() { [[ -f $out/$1/.stamp && $(cat "$out/$1/.stamp") == "$2" ]]; }
# install PART KEY DIR: DIR/PART becomes $out/PART, stamped (replacing an older one whole).
install() {
  echo "$2" >"$3/$1/.stamp"
  rm -rf "$out/$1.old" && { [[ ! -d $out/$1 ]] || mv "$out/$1" "$out/$1.old"; }
  mv "$3/$1" "$out/$1" && rm -rf "$out/$1.old" "$3"
  python3 scripts/ptx_corpus.py index "$out" # the README announces each part as soon as it is in
}
sources_ready=
sources() { [[ -n $sources_ready ]] || bash scripts/corpus-sources.sh; sources_ready=1; }
inputs=.cache/corpus/inputs-ptx.jsonl
# The include path every NVRTC and clang compile gets: CUDA 12.9's headers, CCCL's, and
# scripts/nvrtc-libc (the <stdint.h> / <cmath> NVRTC lacks; NVRTC only).
export CORPUS_INCLUDE=$PWD/$in/cuda-12.9/include:$PWD/$in/cuda-12.9-cccl/include

k=$(key scripts/nvrtc-libc/*)
if ! fresh nvrtc "$k"; then
  sources
  tmp=$(mktemp -d "$out/.nvrtc.XXXXXX")
  lib=.cache/corpus/nvrtc-12.9/nvidia/cuda_nvrtc/lib/libnvrtc.so.12
  CORPUS_INCLUDE=$CORPUS_INCLUDE:$PWD/scripts/nvrtc-libc python3 scripts/ptx_corpus.py nvrtc "$lib" "$tmp" nvrtc compute_80 <"$inputs"
  for arch in compute_52 compute_70 compute_90; do
    grep -v -e '"src/quantized.cu"' -e '"src/binary.cu"' "$inputs" |
      CORPUS_INCLUDE=$CORPUS_INCLUDE:$PWD/scripts/nvrtc-libc python3 scripts/ptx_corpus.py nvrtc "$lib" "$tmp" "nvrtc/$arch" "$arch"
  done
  install nvrtc "$k" "$tmp"
fi
# numba-cuda in a virtual environment of its own (PyPI; the NVIDIA wheels are setup.sh's, in
# $in/wheels); pytest and filecheck because numba-cuda's test helpers, which its documentation
# examples import, import them.
venv=$in/numba-venv
numba_pkgs=(numba==0.61.2 numba-cuda==0.20.1 llvmlite==0.44.0 numpy==2.2.6 pytest==9.2.0 filecheck==1.0.6
  nvidia-cuda-nvcc-cu12==12.9.86 nvidia-cuda-nvrtc-cu12==12.9.86 nvidia-cuda-runtime-cu12==12.9.79)
if [[ ! -f $venv/.stamp || $(cat "$venv/.stamp") != "${numba_pkgs[*]}" ]]; then
  rm -rf "$venv" && python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --find-links "$in/wheels" "${numba_pkgs[@]}"
  echo "${numba_pkgs[*]}" >"$venv/.stamp"
fi
k=$(key scripts/ptx_numba.py "$venv/.stamp")
if ! fresh numba "$k"; then
  tmp=$(mktemp -d "$out/.numba.XXXXXX")
  # ctypes bindings: numba-cuda then needs no cuda-bindings package (and no GPU to compile).
  NUMBA_CUDA_USE_NVIDIA_BINDING=0 "$venv/bin/python" scripts/ptx_numba.py "$tmp" numba
  install numba "$k" "$tmp"
fi

k=$(key scripts/clang-cuda/*)
if ! fresh clang "$k"; then
  sources
  tmp=$(mktemp -d "$out/.clang.XXXXXX")
  libdevice=.cache/corpus/libdevice-11.8
  [[ -f $libdevice/libdevice.10.bc ]] || unzip -q -o -j "$in"/wheels/nvidia_cuda_nvcc_cu11-11.8.89-*.whl \
    nvidia/cuda_nvcc/nvvm/libdevice/libdevice.10.bc -d "$libdevice"
  python3 scripts/ptx_corpus.py clang clang-15 "$in/cuda-11.8/include" "$libdevice/libdevice.10.bc" "$tmp" clang sm_80 <"$inputs"
  install clang "$k" "$tmp"
fi

# NVIDIA's ptxas (PyPI nvidia-cuda-nvcc-cu12, runs on the CPU): tests/ptx-roundtrip checks the PTX it
# generates and the GPU bundle's round-tripped PTX with it.
ptxas=.cache/corpus/ptxas-12.9
[[ -x $ptxas/ptxas ]] || unzip -q -o -j "$in"/wheels/nvidia_cuda_nvcc_cu12-12.9.86-*.whl nvidia/cuda_nvcc/bin/ptxas -d "$ptxas"

[[ -f $out/README.md ]] || python3 scripts/ptx_corpus.py index "$out"
