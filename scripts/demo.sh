#!/usr/bin/env bash
# The main demo, on a fresh Debian bookworm machine: fetch the real inputs, regenerate every
# binding with aliasgen, probe the HIP runtime, then run examples/vector_add.rs — plain CUDA
# driver + NVRTC code on HIP. Without an AMD GPU the kernel still compiles to an AMD code object,
# and the demo stops with a "no HIP device" message and exit status 2.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
echo "== aliasgen generate"
cargo run -q -p aliasgen -- generate
echo "== hip_probe"
cargo run -q --example hip_probe || true
echo "== vector_add"
cargo run -q --example vector_add
