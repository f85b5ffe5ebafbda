#!/usr/bin/env bash
# The kernel sources both corpora compile (scripts/corpus.sh: NVRTC report; scripts/ptx-corpus.sh:
# PTX corpus) and NVIDIA's NVRTC 12.9, prepared under .cache/corpus:
#   inputs.jsonl   real, unmodified sources of cudarc 0.19.10 and candle-kernels 0.9.1, fetched
#                  through cargo (sources only: nothing is built), listed by scripts/corpus.py
#   inputs-ptx.jsonl  those and dfdx 0.13.0's kernels (its .cu files), for the PTX corpus only
#   nvrtc-12.9/    the nvidia-cuda-nvrtc-cu12 wheel scripts/setup.sh downloaded, unpacked
# Needs scripts/setup.sh's inputs; idempotent (cargo fetch is a no-op when the crates are there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=.cache/corpus
mkdir -p "$work/fetch/src"
cat >"$work/fetch/Cargo.toml" <<'TOML'
[package]
name = "corpus-fetch"
version = "0.0.0"
edition = "2021"
[dependencies]
cudarc = { version = "=0.19.10", default-features = false, features = ["std", "cuda-12080"] }
candle-kernels = "=0.9.1"
dfdx = { version = "=0.13.0", default-features = false }
[workspace]
TOML
touch "$work/fetch/src/lib.rs"
cargo fetch -q --manifest-path "$work/fetch/Cargo.toml"
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ | head -1)
python3 scripts/corpus.py list "$registry/cudarc-0.19.10" "$registry/candle-kernels-0.9.1" >"$work/inputs.jsonl.tmp"
mv "$work/inputs.jsonl.tmp" "$work/inputs.jsonl"
python3 scripts/corpus.py list "$registry/cudarc-0.19.10" "$registry/candle-kernels-0.9.1" "$registry/dfdx-0.13.0" \
  >"$work/inputs-ptx.jsonl.tmp"
mv "$work/inputs-ptx.jsonl.tmp" "$work/inputs-ptx.jsonl"

nvidia=$work/nvrtc-12.9
if [[ ! -e $nvidia/nvidia/cuda_nvrtc/lib/libnvrtc.so.12 ]]; then
  rm -rf "$nvidia.tmp" && mkdir -p "$nvidia.tmp"
  python3 -m zipfile -e .cache/inputs/wheels/nvidia_cuda_nvrtc_cu12-12.9.86-*.whl "$nvidia.tmp"
  rm -rf "$nvidia" && mv "$nvidia.tmp" "$nvidia"
fi
