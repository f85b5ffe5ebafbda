#!/usr/bin/env bash
# The whole test suite, on a fresh Debian bookworm machine: installs what it needs
# (scripts/setup.sh), checks formatting, lints, generated-code drift, then runs every test binary
# against each real HIP runtime (5.2.3, 5.7.1, 6.4.3, 7.2.4; no GPU). Ends with a line per HIP
# version and one summary line for all of them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
export CARGO_TERM_COLOR=never
# comgr 3.x (HIP 7) caches what it compiles in ~/.cache/comgr by default: the tests leave nothing
# behind, and each of their compiles is a real one.
export AMD_COMGR_CACHE=0

step() { echo "== $*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q -p gpu-tests --features gpu --all-targets -- -D warnings # built, not run: no GPU in CI
cargo clippy -q -p ptx-roundtrip --features translator --all-targets -- -D warnings # the GPU round trip's bundle builder

step "aliasgen check (generated code matches the headers)"
cargo run -q -p aliasgen -- check

step "drop-in crate against the real cudarc 0.19.10 (its cuda-as-hip build is part of the workspace)"
cargo build -q -p dropin --no-default-features --features real --examples

step "C ABI libraries (the C-program tests load them; cabi/libraries.txt lists them)"
cargo build -q $(grep -v '^#' cabi/libraries.txt | while read -r package _; do echo "-p $package"; done)

# Every test binary is built once and then run once per HIP runtime, through scripts/on-hip.sh
# (cargo's runner): the host's 5.2.3, and 5.7.1 / 6.4.3 / 7.2.4 in their sysroots. The tests read
# which one they run on and assert that version's behaviour.
hip_versions=(5.2.3 5.7.1 6.4.3 7.2.4)
runner_key=target.x86_64-unknown-linux-gnu.runner
tests=(cargo test --workspace --exclude ptx --exclude ptx-roundtrip --lib --bins --tests --no-fail-fast)
# The PTX translator and the GPU round trip's host side load no HIP: their tests run once.
hip_free=(cargo test -p ptx -p ptx-roundtrip --lib --bins --tests --no-fail-fast)

step "build the tests (once)"
"${tests[@]}" --no-run -q
"${hip_free[@]}" --no-run -q

# counts LOG: "PASSED FAILED SKIPPED" summed over LOG's test results; a test binary that ran but
# printed no result (it crashed) counts as one failure.
counts() {
  awk '/^test result:/ { results++
         for (i = 2; i <= NF; i++) {
           if ($i ~ /^passed/) p += $(i - 1); if ($i ~ /^failed/) f += $(i - 1)
           if ($i ~ /^ignored/) s += $(i - 1) } }
       /^ +Running / { ran++ }
       END { crashed = ran - results; if (crashed < 0) crashed = 0
             print p + 0, f + crashed, s + 0 }' "$1"
}

status=0 passed=0 failed=0 skipped=0 summaries=()
# The tests' temporary files go to a directory of their own, which must be empty afterwards.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# run LABEL COMMAND...: runs a test command, logs it, adds its counts.
run_tests() {
  local label=$1 log p f s rc
  shift
  log=$(mktemp)
  set +e
  TMPDIR=$scratch "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  ((rc == 0)) || status=$rc
  read -r p f s < <(counts "$log")
  rm -f "$log"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  summaries+=("$label: $p passed, $f failed, $s skipped")
}

for v in "${hip_versions[@]}"; do
  step "tests against HIP $v"
  run_tests "HIP $v" "${tests[@]}" --config "$runner_key=['bash','$PWD/scripts/on-hip.sh','$v']"
done
step "the PTX translator and the round trip's host side (no HIP runtime)"
run_tests "no HIP" "${hip_free[@]}"
step "doc tests (no HIP runtime)"
run_tests "doc tests" cargo test --workspace --doc --no-fail-fast

left=$(find "$scratch" -mindepth 1 -maxdepth 1)
if [[ -n $left ]]; then
  echo "tests left temporary files behind (each test must remove what it creates):"
  echo "$left"
  failed=$((failed + 1)) status=1
fi
# README.md's per-version table records the last run: say when this run differs from it.
for line in "${summaries[@]}"; do
  [[ $line =~ ^HIP\ ([0-9.]+):\ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]] || continue
  v=${BASH_REMATCH[1]} row="| ${BASH_REMATCH[2]} | ${BASH_REMATCH[3]} | ${BASH_REMATCH[4]} |"
  grep -E "^[|] $v [|]" README.md | grep -qF "$row" ||
    echo "note: README.md's row for HIP $v differs from this run ($row): update it"
done
printf '%s\n' "${summaries[@]}"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
