#!/usr/bin/env bash
# The main demo, on a fresh Debian bookworm machine: fetch the real inputs, regenerate every
# binding with aliasgen, then probe the HIP runtime (version, devices, a kernel compiled to an
# AMD code object). Without an AMD GPU the probe says why there is no device and exits 2.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
echo "== aliasgen generate"
cargo run -q -p aliasgen -- generate
echo "== hip_probe"
cargo run -q --example hip_probe
