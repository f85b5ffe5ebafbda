#!/usr/bin/env bash
# Lays out the C ABI libraries in DIR as programs look for them:
#   libcuda.so, libcuda.so.1 (SONAME), libnvrtc.so, libnvrtc.so.12 (SONAME),
#   libcudart.so, libcudart.so.12 (SONAME), libcurand.so, libcurand.so.10 (SONAME),
#   libcublas.so, libcublas.so.12 (SONAME), libnccl.so, libnccl.so.2 (SONAME).
# Usage: scripts/lay-out.sh [--from TARGET_PROFILE_DIR | --loopback] DIR
#   (default: build release into target/release first)
#   --loopback: libraries whose SONAMEs are libcuda.so / libnvrtc.so / libcurand.so / libcublas.so /
#   libnccl.so, and no .so.1 / .so.12 / .so.10 / .so.2 names in DIR, for the GPU loopback, whose
#   HIP-on-NVIDIA, hipRAND-on-NVIDIA and hipBLAS-on-NVIDIA libraries (and NVIDIA's NCCL, RCCL's
#   stand-in) must reach NVIDIA's own libcuda.so.1, libnvrtc.so.12, libcurand.so.10,
#   libcublas.so.12 and libnccl.so.2
#   (ARCHITECTURE.md); built into target/loopback. (libcudart keeps
#   its .so.12: the loopback's cudart is CUDA 11.8's libcudart.so.11.0.)
# Then: LD_LIBRARY_PATH=DIR program   or   LD_PRELOAD=DIR/libcuda.so.1 program
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

from="" loopback=0
case ${1:-} in
  --from) from=$2; shift 2 ;;
  --loopback) loopback=1; shift ;;
esac
dir=${1:?usage: scripts/lay-out.sh [--from TARGET_PROFILE_DIR | --loopback] DIR}
build=(cargo build -q --release -p cuda-as-hip-libcuda -p cuda-as-hip-libnvrtc -p cuda-as-hip-libcudart -p cuda-as-hip-libcurand -p cuda-as-hip-libcublas \
  -p cuda-as-hip-libnccl)
if ((loopback)); then
  CUDA_AS_HIP_LIBCUDA_SONAME=libcuda.so CUDA_AS_HIP_LIBNVRTC_SONAME=libnvrtc.so CUDA_AS_HIP_LIBCURAND_SONAME=libcurand.so \
    CUDA_AS_HIP_LIBCUBLAS_SONAME=libcublas.so \
    CUDA_AS_HIP_LIBNCCL_SONAME=libnccl.so \
    CARGO_TARGET_DIR=target/loopback "${build[@]}"
  from=target/loopback/release
elif [[ -z $from ]]; then
  "${build[@]}"
  from=target/release
fi
mkdir -p "$dir"
for lib in libcuda.so:libcuda.so.1 libnvrtc.so:libnvrtc.so.12 libcudart.so:libcudart.so.12 libcurand.so:libcurand.so.10 libcublas.so:libcublas.so.12 libnccl.so:libnccl.so.2; do
  file=${lib%%:*} soname=${lib##*:}
  [[ -f $from/$file ]] || { echo "lay-out: $from/$file missing: build cuda-as-hip-libcuda / -libnvrtc / -libcudart / -libcurand / -libcublas / -libnccl first" >&2; exit 1; }
  cp -f "$from/$file" "$dir/$file"
  if ((loopback)) && [[ $file != libcudart.so ]]; then
    rm -f "$dir/$soname"
  else
    ln -sf "$file" "$dir/$soname"
  fi
done
echo "laid out in $dir: $(cd "$dir" && ls | tr '\n' ' ')"
