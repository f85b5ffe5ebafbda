#!/usr/bin/env bash
# Benchmark, not a test: loading PTX on the CPU (release build), per HIP version — the translator
# alone, the first load (translate + comgr -O3 + link, cache empty) and the second (cache hit), in
# ms (median of RUNS, default 3), on representative files of the PTX corpus (scripts/ptx-corpus.sh).
# comgr 3.x's own cache is turned off (AMD_COMGR_CACHE=0), so the first load is a real compile.
# PROFILE=dev measures a dev build instead (the translator is built at opt-level 2 there too; comgr's
# time, native code either way, dominates).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh >/dev/null
profile=${PROFILE:-release}
cargo build -q --profile "$profile" --example ptx_jit -p cuda-as-hip-examples
bin=target/$([[ $profile == dev ]] && echo debug || echo "$profile")/examples/ptx_jit
corpus=.cache/ptx-corpus
files=(
  "$corpus/nvrtc/cudarc-0.19.10__examples_sin.cu.ptx"
  "$corpus/nvrtc/candle-kernels-0.9.1__src_affine.cu.ptx"
  "$corpus/nvrtc/candle-kernels-0.9.1__src_reduce.cu.ptx"
  "$corpus/numba/doc_examples__test_matmul__fast_matmul_2.ptx"
  "$corpus/numba/typical__reduce_shared.ptx"
)
for f in "${files[@]}"; do [[ -f $f ]] || { echo "bench-ptx: $f: missing" >&2; exit 1; }; done
echo "| HIP | file | KiB | translate ms | first load ms | second load ms | first / second |"
echo "|---|---|---:|---:|---:|---:|---:|"
for v in ${HIP_VERSIONS:-5.2.3 5.7.1 6.4.3 7.2.4}; do
  AMD_COMGR_CACHE=0 bash scripts/on-hip.sh "$v" "$bin" gfx90a "${files[@]}" |
    sed "s/^| /| $v | /"
done
echo "(gfx90a; $profile build; $(nproc) cores; $(date -u +%F))"
