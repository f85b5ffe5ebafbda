#!/usr/bin/env bash
# Benchmark, not a test: clean-build time of our hip-sys and cuda-as-hip against cudarc 0.19.10
# (driver + nvrtc, dynamic loading, CUDA 12.8 bindings), debug and release,
# RUNS (default 2) alternating runs, each in a fresh target dir. Downloads are
# excluded (cargo fetch first, then --offline). Prints a markdown table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export CARGO_BUILD_JOBS=2 CARGO_TERM_QUIET=true
unset RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER CARGO_TARGET_DIR # no build caches
RUNS=${RUNS:-2}
WORK=$(mktemp -d /tmp/bench-build.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Throwaway crate depending on cudarc, with our workspace's [profile.*] settings
# so both sides build under the same profile options.
CUDARC="$WORK/cudarc-bench"
mkdir -p "$CUDARC/src" && : >"$CUDARC/src/lib.rs"
{
  cat <<'EOF'
[package]
name = "cudarc-bench"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
cudarc = { version = "=0.19.10", default-features = false, features = ["std", "driver", "nvrtc", "fallback-dynamic-loading", "cuda-12080"] }

[workspace]
EOF
  awk '/^\[/ { p = /^\[profile/ } p' Cargo.toml
} >"$CUDARC/Cargo.toml"

cargo fetch >/dev/null
cargo fetch --manifest-path "$CUDARC/Cargo.toml" >/dev/null

# build NAME PROFILE: clean build in a fresh target dir; prints seconds or "fail".
build() {
  local args=(--offline) t0 t1 dir="$WORK/target-$1-$2"
  [[ $2 == release ]] && args+=(--release)
  if [[ $1 == cudarc ]]; then args+=(--manifest-path "$CUDARC/Cargo.toml"); else args+=(-p "$1"); fi
  t0=$(date +%s.%N)
  if CARGO_TARGET_DIR="$dir" cargo build "${args[@]}" >"$WORK/log" 2>&1; then
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
  else
    echo "build of $1 ($2) failed:" >&2 && tail -5 "$WORK/log" >&2
    echo fail
  fi
  rm -rf "$dir"
}

declare -A T # T[crate/profile/run] = seconds
for run in $(seq "$RUNS"); do
  for profile in debug release; do
    for crate in hip-sys cuda-as-hip cudarc; do
      T[$crate/$profile/$run]=$(build "$crate" "$profile")
      echo "run $run: $crate $profile ${T[$crate/$profile/$run]} s" >&2
    done
  done
done

# mean CRATE PROFILE: mean over runs, empty if any run failed.
mean() {
  local r v=()
  for r in $(seq "$RUNS"); do v+=("${T[$1/$2/$r]}"); done
  printf '%s\n' "${v[@]}" | awk '/fail/ { bad = 1 } { s += $1 } END { if (!bad) printf "%.3f", s / NR }'
}

echo
echo "Clean build, CARGO_BUILD_JOBS=2, $(rustc --version), $(nproc) cores"
echo
header="| crate | profile |" rule="|---|---|"
for r in $(seq "$RUNS"); do header+=" run$r s |" rule+="---:|"; done
echo "$header ratio to cudarc |" && echo "$rule---:|"
for profile in debug release; do
  c=$(mean cudarc "$profile")
  for crate in hip-sys cuda-as-hip cudarc; do
    h=$(mean "$crate" "$profile")
    ratio=$(awk -v h="$h" -v c="$c" 'BEGIN { if (h != "" && c > 0) printf "%.2f", h / c; else print "n/a" }')
    row="| $crate | $profile |"
    for r in $(seq "$RUNS"); do row+=" ${T[$crate/$profile/$r]} |"; done
    [[ $crate == cudarc ]] && row+=" |" || row+=" $ratio |"
    echo "$row"
  done
done
