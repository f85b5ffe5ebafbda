#!/usr/bin/env bash
# Lays out the C ABI libraries in DIR as programs look for them:
#   libcuda.so, libcuda.so.1 (SONAME), libnvrtc.so, libnvrtc.so.12 (SONAME).
# Usage: scripts/lay-out.sh [--from TARGET_PROFILE_DIR] DIR   (default: target/release, built first)
# Then: LD_LIBRARY_PATH=DIR program   or   LD_PRELOAD=DIR/libcuda.so.1 program
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

from=""
if [[ ${1:-} == --from ]]; then
  from=$2
  shift 2
fi
dir=${1:?usage: scripts/lay-out.sh [--from TARGET_PROFILE_DIR] DIR}
if [[ -z $from ]]; then
  cargo build -q --release -p cuda-as-hip-libcuda -p cuda-as-hip-libnvrtc
  from=target/release
fi
mkdir -p "$dir"
for lib in libcuda.so:libcuda.so.1 libnvrtc.so:libnvrtc.so.12; do
  file=${lib%%:*} soname=${lib##*:}
  [[ -f $from/$file ]] || { echo "lay-out: $from/$file missing: build cuda-as-hip-libcuda / -libnvrtc first" >&2; exit 1; }
  cp -f "$from/$file" "$dir/$file"
  ln -sf "$file" "$dir/$soname"
done
echo "laid out in $dir: libcuda.so libcuda.so.1 libnvrtc.so libnvrtc.so.12"
