#!/usr/bin/env bash
# Benchmark, not a test: instructions per call added by cuda-as-hip, counted by callgrind on the
# real HIP 5.2.3 runtime without a GPU (every call below takes HIP's no-device path, which is what
# runs here). For each function: its instructions outside the HIP runtime per call through the Rust
# API (`driver::sys`) and through the C ABI library (dlsym'd libcuda.so), minus the same for the HIP
# call made directly (examples/percall.rs; scripts/callgrind-ours.py does the accounting).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build -q --release --example percall -p cuda-as-hip-examples
cargo build -q --release -p cuda-as-hip-libcuda
out=$(mktemp)
valgrind --tool=callgrind --collect-atstart=no --toggle-collect='percall::main::m_*' \
  --callgrind-out-file="$out" target/release/examples/percall target/release/libcuda.so >/dev/null 2>&1
N=$(grep -oE '^const N: u32 = [0-9_]+' examples/percall.rs | grep -oE '[0-9_]+$' | tr -d _)
echo "Instructions per call outside the HIP runtime, $N calls each (HIP 5.2.3, no GPU):"
echo
echo "| function | HIP direct (loop) | Rust API | added | C ABI | added |"
echo "|---|---:|---:|---:|---:|---:|"
python3 scripts/callgrind-ours.py "$out" "$N" | awk '
  { v[$1, $2] = $3; names[$1] = 1 }
  END {
    for (n in names) printf "| %s | %.0f | %.0f | %+.0f | %.0f | %+.0f |\n", n, v[n, "hip"], v[n, "rust"], v[n, "rust"] - v[n, "hip"], v[n, "cabi"], v[n, "cabi"] - v[n, "hip"]
  }' | sort
rm -f "$out"
