#!/usr/bin/env bash
# The whole test suite, on a fresh Debian bookworm machine: installs what it needs
# (scripts/setup.sh), checks formatting, lints, generated-code drift, then runs every test
# against the real HIP runtime (HIP 5.2.3, no GPU). Ends with one summary line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
export CARGO_TERM_COLOR=never

step() { echo "== $*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q -p gpu-tests --features gpu --all-targets -- -D warnings # built, not run: no GPU in CI

step "aliasgen check (generated code matches the headers)"
cargo run -q -p aliasgen -- check

step "drop-in crate against the real cudarc 0.19.10 (its cuda-as-hip build is part of the workspace)"
cargo build -q -p dropin --no-default-features --features real --examples

step "C ABI libraries (the C-program tests load them)"
cargo build -q -p cuda-as-hip-libcuda -p cuda-as-hip-libnvrtc -p cuda-as-hip-libcudart

step "cargo test"
log=$(mktemp)
set +e
cargo test --workspace --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE '^test result: .* ([0-9]+) passed' "$log" | grep -oE '[0-9]+ passed' | awk '{s += $1} END {print s + 0}')
failed=$(grep -oE '^test result: .* ([0-9]+) failed' "$log" | grep -oE '[0-9]+ failed' | awk '{s += $1} END {print s + 0}')
ignored=$(grep -oE '[0-9]+ ignored' "$log" | awk '{s += $1} END {print s + 0}')
rm -f "$log"
echo "$passed passed, $failed failed, $ignored skipped"
exit "$status"
