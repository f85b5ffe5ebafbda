#!/usr/bin/env bash
# Benchmark, not a test: cold start — dlopen of cuda-as-hip's libcuda.so to the return of the first
# cuInit, against dlopen of libamdhip64 to the return of the first hipInit, on the real HIP 5.2.3
# runtime without a GPU. RUNS (default 15) fresh processes of each, alternating; prints medians and
# the spread (min–max) in microseconds, and the added median.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build -q --release --example coldstart -p cuda-as-hip-examples
cargo build -q --release -p cuda-as-hip-libcuda
RUNS=${RUNS:-15}
bin=target/release/examples/coldstart
shim=() hip=()
for _ in $(seq "$RUNS"); do
  hip+=("$($bin hip | cut -d' ' -f1)")
  shim+=("$($bin shim target/release/libcuda.so | cut -d' ' -f1)")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%d %d %d", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
read -r hm hlo hhi <<<"$(stats "${hip[@]}")"
read -r sm slo shi <<<"$(stats "${shim[@]}")"
echo "| path | median µs | min–max µs |"
echo "|---|---:|---:|"
echo "| dlopen libamdhip64 → hipInit | $hm | $hlo–$hhi |"
echo "| dlopen libcuda.so (cuda-as-hip) → cuInit | $sm | $slo–$shi |"
echo "| added by cuda-as-hip | $((sm - hm)) | |"
