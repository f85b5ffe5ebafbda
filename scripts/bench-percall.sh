#!/usr/bin/env bash
# Benchmark, not a test: instructions per call added by cuda-as-hip, counted by callgrind. For each
# function: its instructions outside the HIP runtime per call through the Rust API (`driver::sys`)
# and through the C ABI library (dlsym'd libcuda.so / libcudart.so), minus the same for the HIP call made directly
# (examples/percall.rs; scripts/callgrind-ours.py does the accounting).
#   error path:   the real HIP 5.2.3 runtime without a GPU, where every forwarded call fails (so each
#                 result goes through the error table) — the rows BENCHMARKS.md's targets are read on;
#   success path: scripts/percall-success-hip.c, a stand-in libamdhip64 whose functions answer
#                 hipSuccess, because the real runtime cannot succeed without a GPU; and two cuBLAS
#                 calls through libcublas.so on scripts/percall-success-hipblas.c, a stand-in hipBLAS
#                 answering success (the real one makes no handle without a GPU).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build -q --release --example percall -p cuda-as-hip-examples
cargo build -q --release -p cuda-as-hip-libcuda -p cuda-as-hip-libcudart -p cuda-as-hip-libcublas
N=$(grep -oE '^const N: u32 = [0-9_]+' examples/percall.rs | grep -oE '[0-9_]+$' | tr -d _)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -shared -fPIC -O2 -o "$work/libamdhip64.so.5" scripts/percall-success-hip.c
gcc -shared -fPIC -O2 -o "$work/libhipblas.so.3" scripts/percall-success-hipblas.c

# table TITLE [ENV…]: runs the benchmark under callgrind with ENV and prints a markdown table.
table() {
  local title=$1 out="$work/callgrind.out"
  shift
  env "$@" valgrind --tool=callgrind --collect-atstart=no --toggle-collect='percall::main::m_*' \
    --toggle-collect='percall::cublas_loops::m_*' \
    --callgrind-out-file="$out" target/release/examples/percall target/release/libcuda.so target/release/libcudart.so \
    target/release/libcublas.so >/dev/null 2>&1
  echo "$title, instructions per call outside the HIP runtime ($N calls each):"
  echo
  echo "| function | HIP direct (loop) | Rust API | added | C ABI | added |"
  echo "|---|---:|---:|---:|---:|---:|"
  python3 scripts/callgrind-ours.py "$out" "$N" | awk '
    { v[$1, $2] = $3; names[$1] = 1 }
    END {
      for (n in names) printf "| %s | %.0f | %.0f | %+.0f | %.0f | %+.0f |\n", n, v[n, "hip"], v[n, "rust"], v[n, "rust"] - v[n, "hip"], v[n, "cabi"], v[n, "cabi"] - v[n, "hip"]
    }' | sort
  echo
}

table "Error path (real HIP 5.2.3, no GPU)"
table "Success path (stand-in HIP answering hipSuccess; cuBLAS on a stand-in hipBLAS)" \
  LD_LIBRARY_PATH="$work" CUDA_AS_HIP_HIP_LIBRARY="$work/libamdhip64.so.5" \
  CUDA_AS_HIP_HIPBLAS_LIBRARY="$work/libhipblas.so.3" PERCALL_HIPBLAS="$work/libhipblas.so.3"
