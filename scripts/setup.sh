#!/usr/bin/env bash
# Prepare a Debian bookworm machine for building and testing cuda-as-hip.
#   a. system packages (HIP 5.2.3 runtime = test runtime, clang, valgrind, ...)
#   b. HIP headers 5.2.3/5.7.1/6.4.3/7.2.4, hipify-perl 7.2.4 and HIP 6/7 runtime
#      libraries, hipRAND (with rocRAND) headers 5.3.3/5.7.1/6.4.3/7.2.4 and runtime libraries,
#      from Debian via a PRIVATE apt sources list (machine apt state untouched)
#   c. CUDA 12.9 headers from PyPI wheels (cuRAND's in curand-12.9-include)
#   f. the PTX corpus (scripts/ptx-corpus.sh, issue 18) in .cache/ptx-corpus
# Everything fetched lands in the git-ignored .cache/inputs/ and is never committed.
# Idempotent: each input has a .stamp file; a second run only checks stamps.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

IN=.cache/inputs
export DEBIAN_FRONTEND=noninteractive
as_root() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }
stamped() { [[ -f $1/.stamp ]]; }

grep -qxF '/.cache' .gitignore 2>/dev/null || echo '/.cache' >>.gitignore

# --- a. system packages -------------------------------------------------------------
# clang-15 / llvm-15: the PTX corpus' clang part and the GPU round trip's llc-15 (nvptx64).
# libhiprand1: hipRAND 5.3.3 (with rocRAND's librocrand1), cuRAND's counterpart beside HIP 5.2.3;
# libhipsparse0: hipSPARSE 5.3.3 (with rocSPARSE's librocsparse0), cuSPARSE's.
pkgs=(libamdhip64-5 libamdhip64-dev hipcc clang libclang-dev gcc g++ binutils valgrind unzip clang-15 llvm-15
  libhiprand1 libhipsparse0)
python3 -m pip --version >/dev/null 2>&1 || pkgs+=(python3-pip)
missing=()
for p in "${pkgs[@]}"; do
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  # Unreachable third-party sources on some machines only warn; install fails loudly if needed.
  as_root apt-get update -q || echo "setup: warning: apt-get update reported errors" >&2
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- b. Debian packages through a private apt configuration -------------------------
APT="$PWD/$IN/apt"
apt_opts=(
  -oDir::Etc::SourceList="$APT/sources.list" -oDir::Etc::SourceParts=/dev/null
  -oDir::State::Lists="$APT/lists" -oDir::Cache="$APT/cache" -q
  -oDir::Cache::pkgcache=pkgcache.bin # Docker images disable it: every apt-cache call re-parses
)
((EUID == 0)) && apt_opts+=(-oAPT::Sandbox::User=root) # no _apt sandbox for our dirs
apt_ready=
private_apt_update() {
  [[ -n $apt_ready ]] && return
  mkdir -p "$APT"/{lists/partial,cache/archives/partial}
  local suite
  for suite in bookworm trixie sid experimental; do
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg target=Packages]" \
      "http://deb.debian.org/debian $suite main"
  done >"$APT/sources.list"
  apt-get "${apt_opts[@]}" update >/dev/null
  apt_ready=1
}

# Newest version of package $1 whose upstream version is $2 (any Debian revision),
# so a new Debian upload of the same upstream release does not break setup.
resolve() {
  apt-cache "${apt_opts[@]}" madison "$1" |
    awk -F' *[|] *' -v up="$2" 'index($2, up) == 1 && substr($2, length(up) + 1, 1) ~ /[-+~]/ { print $2; exit }'
}

# fetch DIR UPSTREAM PKG...: download each PKG at version UPSTREAM (PKG=OTHER: at OTHER) and
# dpkg -x all into DIR.
fetch_debs() {
  local dir=$1 up=$2; shift 2
  stamped "$dir" && return
  private_apt_update
  local debs="$IN/debs" specs=() p v
  for p in "$@"; do
    [[ $p == *=* ]] && v=$(resolve "${p%%=*}" "${p#*=}") || v=$(resolve "$p" "$up")
    p=${p%%=*}
    [[ -n $v ]] || { echo "setup: no $p $up in bookworm/trixie/sid/experimental" >&2; exit 1; }
    specs+=("$p=$v")
  done
  mkdir -p "$debs"
  (cd "$debs" && apt-get "${apt_opts[@]}" download "${specs[@]}" >/dev/null)
  rm -rf "$dir" "$dir.tmp"
  for p in "${specs[@]}"; do
    dpkg -x "$debs/${p%%=*}_${p#*=}"_*.deb "$dir.tmp"
  done
  printf '%s\n' "${specs[@]}" >"$dir.tmp/.stamp"
  mv "$dir.tmp" "$dir"
}

hip_versions=(5.2.3 5.7.1 6.4.3 7.2.4)
for v in "${hip_versions[@]}"; do
  fetch_debs "$IN/hip-$v" "$v" libamdhip64-dev
  [[ -f $IN/hip-$v/usr/include/hip/hip_runtime_api.h ]]
done
fetch_debs "$IN/hipify-perl-7.2.4" 7.2.4 hipify-perl
[[ -x $IN/hipify-perl-7.2.4/usr/bin/hipify-perl ]]

# HIP runtimes 5.7.1 / 6.4.3 / 7.2.4 need glibc >= 2.38 (bookworm has 2.36): each gets a private
# sysroot, the whole dependency closure of its runtime packages (libc6 and its loader included)
# resolved from an EMPTY dpkg status against one suite and unpacked with dpkg -x. Programs run in
# it through its own loader (scripts/on-hip.sh). The unversioned libamdhip64.so link, which
# libhiprtc.so.N dlopens, comes from the same version's libamdhip64-dev (fetched above).
# Kernels compiled by hiprtc include standard headers: each sysroot also holds its suite's C/C++
# headers (libstdc++-N-dev of the suite's g++, with libc6-dev) and clang's resource headers, as the
# host has them for HIP 5.2.3, so comgr never reads the host's (scripts/on-hip.sh points it there).

# unpack_deb DEB DIR: dpkg -x, without rocBLAS's Tensile kernels (rocblas/VERSION/library: 0.9–4 GB of GPU
# code objects per release, read when a handle first runs a GEMM on a GPU; loading rocBLAS, and
# everything CI asks of it, never reads them).
unpack_deb() {
  dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards --exclude='./usr/lib/*/rocblas/*/library/*' \
    --exclude='./usr/lib/*/hipblaslt/library/*'
}

# suite_version PKG SUITE: PKG's version in SUITE.
suite_version() {
  apt-cache "${apt_opts[@]}" madison "$1" | awk -F' *[|] *' -v s=" $2/" 'index($3, s) { print $2; exit }'
}

# sysroot VERSION DEFAULT PKG[/SUITE]...: the closure of PKG... (each at SUITE's version where
# given) with every other package at suite DEFAULT's version; the first PKG must be HIP VERSION.
sysroot() {
  local version=$1 default=$2 dir="$IN/sysroot-$1"; shift 2
  local request="request: $default $*"
  [[ -f $dir/.stamp && $(head -n1 "$dir/.stamp") == "$request" ]] && return
  private_apt_update
  local empty="$IN/apt/empty-status" wanted=() closure specs p v gxx
  for p in "$@"; do
    [[ $p == */* ]] || { wanted+=("$p"); continue; }
    # name/suite in apt-get would take the dependencies from that suite too: pin the version only.
    v=$(suite_version "${p%/*}" "${p#*/}")
    [[ -n $v ]] || { echo "setup: no ${p%/*} in ${p#*/}" >&2; exit 1; }
    wanted+=("${p%/*}=$v")
  done
  # The C++ standard library headers of the suite's default g++ (g++-N depends on libstdc++-N-dev).
  gxx=$(apt-cache "${apt_opts[@]}" show "g++=$(suite_version g++ "$default")" |
    awk '/^Depends:/ { if (match($0, /g[+][+]-[0-9]+/)) print substr($0, RSTART + 4, RLENGTH - 4); exit }')
  [[ -n $gxx ]] || { echo "setup: no g++ in $default" >&2; exit 1; }
  wanted+=("libstdc++-$gxx-dev")
  : >"$empty"
  # Exact name=version of every package the runtime needs on a bare system (no recommends).
  closure=$(apt-get "${apt_opts[@]}" -oDir::State::status="$empty" -oAPT::Default-Release="$default" \
    -oDebug::NoLocking=1 --no-install-recommends -s install "${wanted[@]}" 2>&1 |
    awk '$1 == "Inst" { sub(/^[(]/, "", $3); print $2 "=" $3 } /^E:/ { print }') || true
  mapfile -t specs <<<"$closure"
  [[ " ${specs[*]}" == *" ${1%%/*}=$version"[-+~]* && $closure != *E:* ]] || {
    printf 'setup: cannot resolve HIP %s (%s) in %s:\n%s\n' "$version" "${wanted[*]}" "$default" "$closure" >&2
    exit 1
  }
  echo "setup: sysroot for HIP $version: ${#specs[@]} packages from $default"
  local debs="$IN/debs"
  mkdir -p "$debs"
  (cd "$debs" && apt-get "${apt_opts[@]}" download "${specs[@]}" >/dev/null)
  # Unpacked beside it under a name of its own (another setup may be building the same one).
  local tmp old
  tmp=$(mktemp -d "$dir.tmp.XXXXXX")
  for p in "${specs[@]}"; do
    v=${p#*=}
    unpack_deb "$debs/${p%%=*}_${v//:/%3a}"_*.deb "$tmp"
  done
  local lib="$tmp/usr/lib/x86_64-linux-gnu"
  cp -P "$IN/hip-$version/usr/lib/x86_64-linux-gnu/libamdhip64.so" "$lib/"
  [[ -e $lib/libamdhip64.so && -x $lib/ld-linux-x86-64.so.2 && -d $tmp/usr/include/c++/$gxx ]] ||
    { echo "setup: sysroot for HIP $version lacks libamdhip64.so, its loader or C++ headers" >&2; exit 1; }
  printf '%s\n' "$request" "${specs[@]}" >"$tmp/.stamp"
  chmod 755 "$tmp"
  # Swapped in whole: a rebuilt sysroot replaces an older one that a running test may be reading.
  if [[ -d $dir ]]; then
    old=$(mktemp -d "$dir.old.XXXXXX")
    mv "$dir" "$old/"
  fi
  if ! mv -T "$tmp" "$dir" 2>/dev/null; then
    rm -rf "$tmp" # another setup swapped in the same sysroot first
    [[ $(head -n1 "$dir/.stamp") == "$request" ]] || { echo "setup: cannot replace $dir" >&2; exit 1; }
  fi
  [[ -z ${old:-} ]] || rm -rf "$old"
}
# trixie's comgr2 (LLVM 17) does not depend on clang's resource headers but reads them.
# libhiprand1 (hipRAND, with its librocrand1) is each suite's own release (checked below).
# libhipblasN (hipBLAS, with rocBLAS and rocSOLVER) is the suite's release: trixie's 5.5.1, sid's
# 6.4.4 (checked below; bookworm, beside HIP 5.2.3, has none). librccl1 (RCCL, NCCL's counterpart):
# trixie's 5.4.3 is built for HIP 5; sid has none for HIP 6. libhipfft0 (hipFFT, with rocFFT):
# trixie's 6.1.2 is built for HIP 5.7, sid's 6.4.3 for HIP 6. libhipsolver0 (hipSOLVER, with rocSOLVER,
# which hipBLAS brings already beside 5.7.1 and 7.2.4): trixie's 5.5.1, sid's 6.4.1. libhipsparseN
# (hipSPARSE, with rocSPARSE): trixie's 5.7.1, sid's 6.4.3. libhipblaslt1 (hipBLASLt, cuBLASLt's
# counterpart): sid's 7.1.1 is built for HIP 6; trixie has none. The GPU kernels of rocBLAS and
# hipBLASLt (GBs) are left out: loading the libraries and their no-GPU answers need none.
sysroot 5.7.1 trixie libamdhip64-5 libclang-common-17-dev libhiprand1 libhipblas0 librccl1 libhipfft0 libhipsolver0 \
  libhipsparse0
sysroot 6.4.3 sid libamdhip64-6 libhiprtc6 libhiprand1 libhipblas2 libhipfft0 libhipsolver0 libhipsparse1 libhipblaslt1
# sid plus experimental's HIP 7.2.4, which needs experimental's hsa-runtime and comgr (sid's lack
# symbols it uses), and experimental's hipRAND 7.2.4 (which needs its rocRAND: sid's is 6.4.3) and
# hipBLAS 7.2.4 (with its rocBLAS, rocSOLVER and roctx), RCCL 7.2.4 (with its rocm-smi), hipFFT
# 7.2.4 (with its rocFFT), hipSOLVER 7.2.4 (libhipsolver1), hipSPARSE 7.2.4 (with its rocSPARSE) and
# hipBLASLt 7.2.4.
x=experimental
sysroot 7.2.4 sid libamdhip64-7/$x libhiprtc7/$x libhsa-runtime64-1/$x libamd-comgr3/$x libhiprand1/$x librocrand1/$x \
  libhipblas3/$x librocblas5/$x librocsolver0/$x libroctx64-4/$x librccl1/$x librocm-smi64-7/$x libhipfft0/$x librocfft0/$x \
  libhipsolver1/$x libhipsparse4/$x librocsparse1/$x libhipblaslt1/$x

# version_beside HIP PKG: the version of package PKG (a sed pattern: comgr's name carries its ABI)
# beside HIP runtime HIP: installed on the host for 5.2.3, in its sysroot (its .stamp) for the others.
version_beside() {
  if [[ $1 == 5.2.3 ]]; then
    dpkg-query -W -f='${db:Status-Status} ${Package}=${Version}\n' | sed -n "s/^installed $2=//p"
  else
    sed -n "s/^$2=//p" "$IN/sysroot-$1/.stamp"
  fi
}

# comgr's header (libamd-comgr-dev) of the comgr each HIP runtime loads, for aliasgen's comgr
# bindings: bookworm's 5.2.3 beside the host's HIP 5.2.3, and in each sysroot the release of its
# libamd-comgrN (checked here: a sysroot moving to another comgr fails setup until aliasgen binds
# that release too).
declare -A comgr_of=([5.2.3]=5.2.3 [5.7.1]=6.0 [6.4.3]=7.0.2 [7.2.4]=7.2.4)
for v in "${hip_versions[@]}"; do
  c=${comgr_of[$v]}
  loaded=$(version_beside "$v" 'libamd-comgr[0-9]*')
  [[ $loaded == "$c"[-+~]* ]] ||
    { echo "setup: HIP $v loads comgr ${loaded:-(none)}, not $c: update comgr_of here and in aliasgen" >&2; exit 1; }
  fetch_debs "$IN/comgr-$c" "$c" libamd-comgr-dev
  [[ -f $IN/comgr-$c/usr/include/amd_comgr.h || -f $IN/comgr-$c/usr/include/amd_comgr/amd_comgr.h ]]
done

# C stand-ins for the C++ standard headers that ROCm libraries' C headers include outside
# `#ifdef __cplusplus` (hipFFT's hipfftXt.h: <cstddef>), for parsing them as C here and in aliasgen.
mkdir -p "$IN/c-stand-ins"
echo '#include <stddef.h>' >"$IN/c-stand-ins/cstddef"

# rocm_headers LABEL OF RUNTIME-PKG HEADER PRELUDE DEV-PKG...: a CUDA library's counterpart beside
# each HIP runtime (issue 19). Associative array OF names its release beside each HIP version
# (none: that runtime must have none), which must be the release of RUNTIME-PKG (a sed pattern)
# beside the runtime (a. and the sysroots above); its headers (each DEV-PKG at that release;
# DEV-PKG=@ARRAY: at ARRAY's version for the release, left out where ARRAY has none) go to
# $IN/LABEL-RELEASE for aliasgen, and HEADER must parse there as C (AMD platform) after PRELUDE —
# as C++17 where ROCM_HEADER_LANG=c++ (hipBLASLt's, whose structs have default member initialisers).
rocm_headers() {
  local label=$1 runtime_pkg=$3 header=$4 prelude=$5 lang=${ROCM_HEADER_LANG:-c} std=c11 v r loaded p pkgs
  [[ $lang == c++ ]] && std=c++17
  local -n of=$2
  shift 5
  for v in "${hip_versions[@]}"; do
    r=${of[$v]:-}
    loaded=$(version_beside "$v" "$runtime_pkg")
    [[ -z $r && -z $loaded || $loaded == "$r"[-+~]* ]] ||
      { echo "setup: HIP $v has $label ${loaded:-(none)}, not ${r:-(none)}: update ${!of} here and in aliasgen" >&2; exit 1; }
    [[ -n $r ]] || continue
    pkgs=()
    for p in "$@"; do
      if [[ $p == *=@* ]]; then
        local -n at=${p#*=@}
        [[ -z ${at[$r]:-} ]] || pkgs+=("${p%%=*}=${at[$r]}")
      else
        pkgs+=("$p")
      fi
    done
    fetch_debs "$IN/$label-$r" "$r" "${pkgs[@]}"
    [[ -f $IN/$label-$r/usr/include/$header ]]
    [[ -f $IN/$label-$r/.parsed ]] && continue
    printf '%s\n#include <%s>\n' "$prelude" "$header" |
      clang -fsyntax-only -x "$lang" -std="$std" -D__HIP_PLATFORM_AMD__ -I"$IN/$label-$r/usr/include" -I"$IN/hip-$v/usr/include" \
        -isystem "$IN/c-stand-ins" -
    touch "$IN/$label-$r/.parsed"
  done
}

# hipRAND (cuRAND's counterpart) with rocRAND's librocrand-dev, which hiprand.h includes. Its
# headers are C only with two stand-ins (C++ and HIP need none): hiprand.h and rocrand.h typedef
# HIP's __half, which HIP defines for C++ only (a 16-bit float: C sees its bits), and hipRAND
# 5.3.3's hiprand_hcc.h names the struct rocrand_generator_base_type without `struct`.
declare -A hiprand_of=([5.2.3]=5.3.3 [5.7.1]=5.7.1 [6.4.3]=6.4.3 [7.2.4]=7.2.4)
rocm_headers hiprand hiprand_of libhiprand1 hiprand/hiprand.h \
  $'#define __half unsigned short\ntypedef struct rocrand_generator_base_type rocrand_generator_base_type;' \
  libhiprand-dev librocrand-dev

# hipBLAS (cuBLAS's counterpart; none beside HIP 5.2.3), from 6.x with libhipblas-common-dev,
# Debian's newest beside it.
declare -A hipblas_of=([5.7.1]=5.5.1 [6.4.3]=6.4.4 [7.2.4]=7.2.4)
declare -A hipblas_common_of=([6.4.4]=7.1.0 [7.2.4]=7.2.4)
rocm_headers hipblas hipblas_of 'libhipblas[0-9]*' hipblas/hipblas.h '' libhipblas-dev libhipblas-common-dev=@hipblas_common_of

# RCCL (NCCL's counterpart; it keeps NCCL's names).
declare -A rccl_of=([5.7.1]=5.4.3 [7.2.4]=7.2.4)
rocm_headers rccl rccl_of librccl1 rccl/rccl.h '' librccl-dev

# hipFFT (cuFFT's counterpart; none beside HIP 5.2.3): hipfft.h and hipfftXt.h, which includes it.
declare -A hipfft_of=([5.7.1]=6.1.2 [6.4.3]=6.4.3 [7.2.4]=7.2.4)
rocm_headers hipfft hipfft_of libhipfft0 hipfft/hipfftXt.h '' libhipfft-dev

# hipSOLVER (cuSOLVER's counterpart; none beside HIP 5.2.3).
declare -A hipsolver_of=([5.7.1]=5.5.1 [6.4.3]=6.4.1 [7.2.4]=7.2.4)
rocm_headers hipsolver hipsolver_of 'libhipsolver[0-9]*' hipsolver/hipsolver.h '' libhipsolver-dev

# hipSPARSE (cuSPARSE's counterpart), beside every HIP runtime.
declare -A hipsparse_of=([5.2.3]=5.3.3 [5.7.1]=5.7.1 [6.4.3]=6.4.3 [7.2.4]=7.2.4)
rocm_headers hipsparse hipsparse_of 'libhipsparse[0-9]*' hipsparse/hipsparse.h '' libhipsparse-dev

# hipBLASLt (cuBLASLt's counterpart; none beside HIP 5.x): a C++ header (its C API in extern "C"),
# with libhipblas-common-dev's types.
declare -A hipblaslt_of=([6.4.3]=7.1.1 [7.2.4]=7.2.4)
declare -A hipblaslt_common_of=([7.1.1]=7.1.0 [7.2.4]=7.2.4)
ROCM_HEADER_LANG=c++ rocm_headers hipblaslt hipblaslt_of libhipblaslt1 hipblaslt/hipblaslt.h '' libhipblaslt-dev \
  libhipblas-common-dev=@hipblaslt_common_of

# Each HIP header tree must parse on its own as C (AMD platform), as aliasgen will see it.
for v in "${hip_versions[@]}"; do
  [[ -f $IN/hip-$v/.parsed ]] && continue
  printf '#include <hip/hip_runtime_api.h>\n#include <hip/hiprtc.h>\n' |
    clang -fsyntax-only -x c -D__HIP_PLATFORM_AMD__ -I"$IN/hip-$v/usr/include" -
  touch "$IN/hip-$v/.parsed"
done

# --- c. CUDA 12.9 headers from PyPI ---------------------------------------------------
CUDA="$IN/cuda-12.9"
NVRTC=12.9.86 # newest nvidia-cuda-nvrtc-cu12 12.9.x
if ! stamped "$CUDA"; then
  # runtime: cuda.h, driver_types.h, cuda_runtime_api.h; nvrtc: nvrtc.h;
  # profiler-api: cudaProfiler.h; nvcc: crt/host_defines.h & co, which the runtime headers include.
  wheels=(nvidia-cuda-runtime-cu12==12.9.79 "nvidia-cuda-nvrtc-cu12==$NVRTC"
    nvidia-cuda-profiler-api-cu12==12.9.79 nvidia-cuda-nvcc-cu12==12.9.86)
  python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
    -d "$IN/wheels" "${wheels[@]}"
  rm -rf "$CUDA" "$CUDA.tmp" && mkdir -p "$CUDA.tmp/include" "$CUDA.tmp/unz"
  for w in "${wheels[@]}"; do
    name=${w%%==*} ver=${w#*==}
    unzip -q -o "$IN/wheels/${name//-/_}-$ver"-*.whl 'nvidia/*/include/*' -d "$CUDA.tmp/unz"
  done
  for d in "$CUDA.tmp"/unz/nvidia/*/include; do cp -r "$d"/. "$CUDA.tmp/include/"; done
  rm -rf "$CUDA.tmp/unz"
  printf '#include <cuda.h>\n#include <cudaProfiler.h>\n#include <nvrtc.h>\n#include <cuda_runtime_api.h>\n' |
    gcc -fsyntax-only -x c -I"$CUDA.tmp/include" -
  printf '%s\n' "${wheels[@]}" >"$CUDA.tmp/.stamp"
  mv "$CUDA.tmp" "$CUDA"
fi

# NVIDIA's NVRTC itself (runs on the CPU): aliasgen measures NVRTC's implicit environment with it.
NVRTC_LIB="$IN/nvrtc-12.9"
if ! stamped "$NVRTC_LIB"; then
  rm -rf "$NVRTC_LIB" "$NVRTC_LIB.tmp"
  unzip -q -o "$IN/wheels/nvidia_cuda_nvrtc_cu12-$NVRTC"-*.whl 'nvidia/cuda_nvrtc/lib/*' -d "$NVRTC_LIB.tmp"
  echo "nvidia-cuda-nvrtc-cu12==$NVRTC" >"$NVRTC_LIB.tmp/.stamp"
  mv "$NVRTC_LIB.tmp" "$NVRTC_LIB"
fi

# --- d. CUDA 11.8 for the GPU loopback (HIP 5.2's nvidia_detail headers target it) ---------------
# headers (runtime, nvcc's crt/, profiler, nvrtc) and libcudart.so.11.0, which the loopback links.
CUDA11="$IN/cuda-11.8"
if ! stamped "$CUDA11"; then
  wheels=(nvidia-cuda-runtime-cu11==11.8.89 nvidia-cuda-nvcc-cu11==11.8.89 nvidia-cuda-profiler-api-cu11==11.8.86
    nvidia-cuda-nvrtc-cu11==11.8.89)
  python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
    -d "$IN/wheels" "${wheels[@]}"
  rm -rf "$CUDA11" "$CUDA11.tmp" && mkdir -p "$CUDA11.tmp/include" "$CUDA11.tmp/lib" "$CUDA11.tmp/unz"
  for w in "${wheels[@]}"; do
    name=${w%%==*} ver=${w#*==}
    unzip -q -o "$IN/wheels/${name//-/_}-$ver"-*.whl 'nvidia/*/include/*' 'nvidia/cuda_runtime/lib/libcudart.so*' -d "$CUDA11.tmp/unz" 2>/dev/null ||
      unzip -q -o "$IN/wheels/${name//-/_}-$ver"-*.whl 'nvidia/*/include/*' -d "$CUDA11.tmp/unz"
  done
  for d in "$CUDA11.tmp"/unz/nvidia/*/include; do cp -r "$d"/. "$CUDA11.tmp/include/"; done
  cp "$CUDA11.tmp"/unz/nvidia/cuda_runtime/lib/libcudart.so.11.0 "$CUDA11.tmp/lib/"
  rm -rf "$CUDA11.tmp/unz"
  printf '%s\n' "${wheels[@]}" >"$CUDA11.tmp/.stamp"
  mv "$CUDA11.tmp" "$CUDA11"
fi

# --- d2. CUDA 12.9's CCCL headers (nv/target, cuda/std) for the GPU suite's kernel tests, in which
# NVIDIA's NVRTC behind the loopback compiles CUDA's own cooperative_groups.h -------------------
CCCL="$IN/cuda-12.9-cccl"
if ! stamped "$CCCL"; then
  wheel=nvidia-cuda-cccl-cu12==12.9.27
  python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
    -d "$IN/wheels" "$wheel"
  rm -rf "$CCCL" "$CCCL.tmp" && mkdir -p "$CCCL.tmp/unz"
  unzip -q -o "$IN/wheels/nvidia_cuda_cccl_cu12-12.9.27"-*.whl 'nvidia/cuda_cccl/include/*' -d "$CCCL.tmp/unz"
  mv "$CCCL.tmp/unz/nvidia/cuda_cccl/include" "$CCCL.tmp/include" && rm -rf "$CCCL.tmp/unz"
  echo "$wheel" >"$CCCL.tmp/.stamp"
  mv "$CCCL.tmp" "$CCCL"
fi

# --- d3. NVIDIA's own libcudart.so.12 and libnvrtc.so.12 (the same wheels as c.), whose export
# lists (names and symbol versions) the export audits compare ours with -------------------------
NVLIBS="$IN/nvidia-libs-12.9"
if ! stamped "$NVLIBS"; then
  rm -rf "$NVLIBS" "$NVLIBS.tmp" && mkdir -p "$NVLIBS.tmp/unz"
  unzip -q -o "$IN/wheels/nvidia_cuda_runtime_cu12-12.9.79"-*.whl 'nvidia/cuda_runtime/lib/libcudart.so.12' -d "$NVLIBS.tmp/unz"
  unzip -q -o "$IN/wheels/nvidia_cuda_nvrtc_cu12-$NVRTC"-*.whl 'nvidia/cuda_nvrtc/lib/libnvrtc.so.12' -d "$NVLIBS.tmp/unz"
  mv "$NVLIBS.tmp"/unz/nvidia/*/lib/lib*.so.12 "$NVLIBS.tmp/" && rm -rf "$NVLIBS.tmp/unz"
  printf '%s\n' nvidia-cuda-runtime-cu12==12.9.79 "nvidia-cuda-nvrtc-cu12==$NVRTC" >"$NVLIBS.tmp/.stamp"
  mv "$NVLIBS.tmp" "$NVLIBS"
fi

# --- d4. OpenGL, EGL and VDPAU headers (bookworm), which CUDA's cuda_gl_interop.h,
# cuda_egl_interop.h and cuda_vdpau_interop.h include: aliasgen reads those three with them -----
INTEROP="$IN/interop-headers"
if ! stamped "$INTEROP"; then
  private_apt_update
  specs=()
  for p in libgl-dev libegl-dev libvdpau-dev; do specs+=("$p=$(suite_version "$p" bookworm)"); done
  mkdir -p "$IN/debs"
  (cd "$IN/debs" && apt-get "${apt_opts[@]}" download "${specs[@]}" >/dev/null)
  rm -rf "$INTEROP" "$INTEROP.tmp"
  for p in "${specs[@]}"; do dpkg -x "$IN/debs/${p%%=*}_${p#*=}"_*.deb "$INTEROP.tmp"; done
  printf '%s\n' "${specs[@]}" >"$INTEROP.tmp/.stamp"
  mv "$INTEROP.tmp" "$INTEROP"
fi

# --- d5. A real NVIDIA driver's libcuda.so.1 (bookworm non-free libcuda1; its own private apt
# state, so the main one stays main-only), whose export list the libcuda audit compares ours with --
LIBCUDA="$IN/libcuda1"
if ! stamped "$LIBCUDA"; then
  NF="$PWD/$IN/apt-nonfree" # apt reads relative Dir:: paths from /
  mkdir -p "$NF"/{lists/partial,cache/archives/partial}
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg target=Packages]" \
    "http://deb.debian.org/debian bookworm non-free" >"$NF/sources.list"
  nf_opts=("${apt_opts[@]}" -oDir::Etc::SourceList="$NF/sources.list" -oDir::State::Lists="$NF/lists"
    -oDir::Cache="$NF/cache")
  apt-get "${nf_opts[@]}" update >/dev/null
  v=$(apt-cache "${nf_opts[@]}" madison libcuda1 | awk -F' *[|] *' '{ print $2; exit }')
  [[ -n $v ]] || { echo "setup: no libcuda1 in bookworm non-free" >&2; exit 1; }
  (cd "$IN/debs" && apt-get "${nf_opts[@]}" download "libcuda1=$v" >/dev/null)
  rm -rf "$LIBCUDA" "$LIBCUDA.tmp"
  dpkg -x "$IN/debs/libcuda1_${v//:/%3a}"_*.deb "$LIBCUDA.tmp"
  echo "libcuda1=$v" >"$LIBCUDA.tmp/.stamp"
  mv "$LIBCUDA.tmp" "$LIBCUDA"
fi

# --- d6. NVIDIA fat binaries as NVIDIA's tools write them, for the fat binary reader's test:
# libcurand of CUDA 12.9 (SASS for each GPU generation, LZ4-compressed PTX for the newest) and of
# CUDA 13 (zstd-compressed PTX) -----------------------------------------------------------------
# wheel_unzip DIR WHEEL PLATFORM MEMBER[:SUBDIR]...: downloads WHEEL (pip's NAME==VERSION) for
# PLATFORM into $IN/wheels and unzips each MEMBER (a pattern; its folders dropped) into a fresh
# DIR.tmp (or its SUBDIR); `wheel_file WHEEL` names the file. The caller checks DIR.tmp, then
# `seal DIR WHEEL` stamps it and moves it into place.
wheel_file() { local name=${1%%==*} ver=${1#*==}; ls "$IN/wheels/${name//-/_}-$ver"-*.whl; }
wheel_unzip() {
  local dir=$1 wheel=$2 platform=$3 m file
  shift 3
  python3 -m pip download -q --no-deps --only-binary=:all: --platform "$platform" -d "$IN/wheels" "$wheel"
  file=$(wheel_file "$wheel")
  rm -rf "$dir" "$dir.tmp" && mkdir -p "$dir.tmp"
  for m in "$@"; do
    [[ $m == *:* ]] || m+=:
    unzip -q -o -j "$file" "${m%%:*}" -d "$dir.tmp/${m#*:}"
  done
}
seal() { echo "$2" >"$1.tmp/.stamp" && mv "$1.tmp" "$1"; }
# keep_exports DIR LIB: DIR.tmp/LIB's exports as `nm -D` lists them (LIB.exports, for the C ABI
# tests' audits) in place of LIB itself.
keep_exports() {
  nm -D --defined-only "$1.tmp/$2" | cut -d' ' -f2- | sort >"$1.tmp/$2.exports"
  rm "$1.tmp/$2"
}

# headers_and_exports DIR WHEEL PLATFORM HEADERS LIBS CHECK INCLUDE-DIR...: once (again when a LIB's
# exports are missing), from WHEEL (not kept), the headers matching HEADERS into DIR/include and the
# exports of each of LIBS (space-separated; not the libraries: `keep_exports`);
# CHECK (C source: the `#include`s aliasgen will read) must parse as C there, with INCLUDE-DIRs.
headers_and_exports() {
  local dir=$1 wheel=$2 platform=$3 headers=$4 libs check=$6 d l missing=0 includes=()
  read -ra libs <<<"$5"
  shift 6
  for l in "${libs[@]}"; do [[ -f $dir/$(basename "$l").exports ]] || missing=1; done
  stamped "$dir" && ((missing == 0)) && return
  wheel_unzip "$dir" "$wheel" "$platform" "$headers:include" "${libs[@]}"
  for l in "${libs[@]}"; do keep_exports "$dir" "$(basename "$l")"; done
  rm "$(wheel_file "$wheel")"
  for d in "$@"; do includes+=(-I"$d"); done
  printf '%s\n' "$check" | clang -fsyntax-only -x c -std=c11 -I"$dir.tmp/include" "${includes[@]}" -
  seal "$dir" "$wheel"
}

# fatbin_lib DIR WHEEL PATH: PATH (a library in WHEEL) into DIR.
fatbin_lib() {
  stamped "$IN/$1" && return
  wheel_unzip "$IN/$1" "$2" manylinux_2_27_x86_64 "$3"
  seal "$IN/$1" "$2"
}
fatbin_lib curand-12.9 nvidia-curand-cu12==10.3.10.19 nvidia/curand/lib/libcurand.so.10
fatbin_lib curand-13 nvidia-curand==10.4.5.25 nvidia/cu13/lib/libcurand.so.10

# --- d6b. cuRAND 12.9's headers (curand.h & co, from d6's libcurand 12.9 wheel), which aliasgen reads
# with CUDA 12.9's (curand.h includes cuda_runtime.h) ------------------------------------------------
CURAND_INC="$IN/curand-12.9-include"
if ! stamped "$CURAND_INC"; then
  wheel=$(cat "$IN/curand-12.9/.stamp")
  name=${wheel%%==*} ver=${wheel#*==}
  rm -rf "$CURAND_INC" "$CURAND_INC.tmp" && mkdir -p "$CURAND_INC.tmp"
  unzip -q -o -j "$IN/wheels/${name//-/_}-$ver"-*.whl 'nvidia/curand/include/*.h' -d "$CURAND_INC.tmp"
  printf '#include <curand.h>\n' | clang -fsyntax-only -x c -std=c11 -I"$CURAND_INC.tmp" -I"$CUDA/include" -
  echo "$wheel" >"$CURAND_INC.tmp/.stamp"
  mv "$CURAND_INC.tmp" "$CURAND_INC"
fi

# --- d6c. cuBLAS 12.9 (nvidia-cublas-cu12): its headers, which aliasgen reads with CUDA 12.9's and
# CCCL's (cuda_fp16.h includes <nv/target>), and NVIDIA's libcublas.so.12, whose exports and symbol
# versions the C ABI tests compare ours with, and the exports of its libcublasLt.so.12 (750 MB, not
# kept). The 581 MB wheel is not kept.
CUBLAS="$IN/cublas-12.9"
if ! stamped "$CUBLAS" || [[ ! -f $CUBLAS/lib/libcublasLt.so.12.exports ]]; then
  wheel=nvidia-cublas-cu12==12.9.1.4
  wheel_unzip "$CUBLAS" $wheel manylinux_2_27_x86_64 'nvidia/cublas/include/*.h:include' nvidia/cublas/lib/libcublas.so.12:lib \
    nvidia/cublas/lib/libcublasLt.so.12:lib
  rm "$(wheel_file $wheel)"
  keep_exports "$CUBLAS" lib/libcublasLt.so.12
  printf '#include <cublas_v2.h>\n' | clang -fsyntax-only -x c -std=c11 -I"$CUBLAS.tmp/include" \
    -I"$CUDA/include" -I"$CCCL/include" -
  seal "$CUBLAS" $wheel
fi

# --- d6d. NCCL 2.27.7 (nvidia-nccl-cu12): nccl.h, which aliasgen reads, and the exports of NVIDIA's
# libnccl.so.2 as `nm -D` lists them (the C ABI test's audit). The 323 MB wheel and the 430 MB
# library are not kept.
NCCL="$IN/nccl-2.27.7"
headers_and_exports "$NCCL" nvidia-nccl-cu12==2.27.7 manylinux2014_x86_64 nvidia/nccl/include/nccl.h \
  nvidia/nccl/lib/libnccl.so.2 '#include <nccl.h>' "$CUDA/include" "$CCCL/include"

# --- d6e. cuFFT 11.4 of CUDA 12.9 (nvidia-cufft-cu12): cufft.h and cufftXt.h (with cudalibxt.h),
# which aliasgen reads, and the exports of NVIDIA's libcufft.so.11 as `nm -D` lists them, with
# their symbol versions (the C ABI test's audit). The 201 MB wheel and the 292 MB library are not
# kept.
CUFFT="$IN/cufft-11.4"
headers_and_exports "$CUFFT" nvidia-cufft-cu12==11.4.1.4 manylinux2014_x86_64 'nvidia/cufft/include/*.h' \
  nvidia/cufft/lib/libcufft.so.11 '#include <cufftXt.h>' "$CUDA/include" "$CCCL/include"

# --- d6f. cuSOLVER 11.7 of CUDA 12.9 (nvidia-cusolver-cu12): cusolverDn.h, cusolverSp.h,
# cusolverRf.h, cusolverMg.h and cusolver_common.h, which aliasgen reads (with cuBLAS's headers, which
# cusolverDn.h includes, and cuSPARSE's cusparse.h, which cusolverSp.h includes: nvidia-cusparse-cu12
# 12.5 of CUDA 12.9), and the exports of NVIDIA's libcusolver.so.11, libcusolverMg.so.11 and
# libcusparse.so.12 as `nm -D` lists them (the C ABI tests' audits). The wheels (338 and 366 MB) and
# the libraries are not kept.
CUSOLVER="$IN/cusolver-11.7"
headers_and_exports "$CUSOLVER" nvidia-cusolver-cu12==11.7.5.82 manylinux_2_27_x86_64 \
  'nvidia/cusolver/include/cusolver[DSRM_]*.h' \
  'nvidia/cusolver/lib/libcusolver.so.11 nvidia/cusolver/lib/libcusolverMg.so.11' \
  $'#include <cusolverDn.h>\n#include <cusolverRf.h>\n#include <cusolverMg.h>' "$CUBLAS/include" "$CUDA/include" "$CCCL/include"
CUSPARSE="$IN/cusparse-12.5"
headers_and_exports "$CUSPARSE" nvidia-cusparse-cu12==12.5.10.65 manylinux2014_x86_64 'nvidia/cusparse/include/*.h' \
  nvidia/cusparse/lib/libcusparse.so.12 '#include <cusparse.h>' "$CUDA/include" "$CCCL/include"
printf '#include <cusolverSp.h>\n' | clang -fsyntax-only -x c -std=c11 -I"$CUSOLVER/include" -I"$CUSPARSE/include" \
  -I"$CUBLAS/include" -I"$CUDA/include" -I"$CCCL/include" -

# --- d6g. nvJitLink 12.9 (nvidia-nvjitlink-cu12): nvJitLink.h, which aliasgen reads with the driver's
# headers, and the exports of NVIDIA's libnvJitLink.so.12 (every release's versioned names: the C ABI
# test's audit). cuda-pathfinder loads it before cuSOLVER and cuSPARSE, NVIDIA's builds of which
# need it; cuda.core links with it. The 40 MB wheel and the 96 MB library are not kept.
NVJITLINK="$IN/nvjitlink-12.9"
headers_and_exports "$NVJITLINK" nvidia-nvjitlink-cu12==12.9.86 manylinux2014_x86_64 \
  nvidia/nvjitlink/include/nvJitLink.h nvidia/nvjitlink/lib/libnvJitLink.so.12 '#include <nvJitLink.h>'
# NVIDIA's libnvJitLink.so.12 itself (96 MB, from the same wheel), which this layer's nvJitLink asks
# to make LTO-IR into PTX (cuda-as-hip/src/jit/nvidia_lto.rs): the numba-cuda LTO-IR test's.
NVJITLINK_LIB="$IN/nvjitlink-12.9-lib"
if ! stamped "$NVJITLINK_LIB"; then
  wheel_unzip "$NVJITLINK_LIB" nvidia-nvjitlink-cu12==12.9.86 manylinux2014_x86_64 nvidia/nvjitlink/lib/libnvJitLink.so.12
  rm "$(wheel_file nvidia-nvjitlink-cu12==12.9.86)"
  seal "$NVJITLINK_LIB" nvidia-nvjitlink-cu12==12.9.86
fi

# --- d7. CuPy 14.2 (cupy-cuda12x from PyPI) in a virtual environment of its own, with NVIDIA's
# runtime and NVRTC wheels (CPU-only version queries), for its bundled CCCL (libcu++, thrust, CUB:
# cupy/_core/include/cupy/_cccl) and the kernels it generates (scripts/cupy_kernels.py; CUDA_PATH
# points CuPy at CUDA 12.9's headers) --------------------------------------------------------------
CUPY="$(realpath "$IN")/cupy-14.2"
if ! stamped "$CUPY"; then
  rm -rf "$CUPY" && mkdir -p "$CUPY"
  python3 -m venv "$CUPY/venv"
  "$CUPY/venv/bin/python" -m pip install -q cupy-cuda12x==14.2.0 \
    "$IN"/wheels/nvidia_cuda_runtime_cu12-12.9.79-*.whl "$IN"/wheels/nvidia_cuda_nvrtc_cu12-"$NVRTC"-*.whl
  ln -s "$("$CUPY/venv/bin/python" -c 'import cupy, os; print(os.path.dirname(cupy.__file__))')/_core/include/cupy/_cccl" "$CUPY/cccl"
  CUDA_PATH="$(realpath "$CUDA")" "$CUPY/venv/bin/python" scripts/cupy_kernels.py "$CUPY/kernels"
  echo "cupy-cuda12x==14.2.0" >"$CUPY/.stamp"
fi

# --- d8. the Python stacks' own virtual environment (cabi/runner/tests/python_stacks.rs; CuPy's is
# d7's): NVIDIA's cuda-python (cuda-bindings, cuda-core) and numba-cuda from PyPI, with libNVVM
# (nvidia-cuda-nvcc-cu12, setup.sh's wheel) but no NVIDIA NVRTC or runtime wheel: numba-cuda opens
# NVRTC by its path in that wheel when it is installed, which no library path or preload redirects
PYSTACKS="$(realpath "$IN")/python-stacks"
pystacks_pkgs=(cuda-bindings==12.9.10 cuda-core==0.7.0 numba==0.61.2 numba-cuda==0.20.1 llvmlite==0.44.0
  numpy==2.2.6 nvidia-cuda-nvcc-cu12==12.9.86)
if [[ ! -f $PYSTACKS/.stamp || $(cat "$PYSTACKS/.stamp") != "${pystacks_pkgs[*]}" ]]; then
  rm -rf "$PYSTACKS" && mkdir -p "$PYSTACKS"
  python3 -m venv "$PYSTACKS/venv"
  "$PYSTACKS/venv/bin/python" -m pip install -q --disable-pip-version-check --find-links "$IN/wheels" "${pystacks_pkgs[@]}"
  echo "${pystacks_pkgs[*]}" >"$PYSTACKS/.stamp"
fi

# --- f. the PTX corpus (issue 18; stamped per part, fast when built) ---------------------
bash scripts/ptx-corpus.sh

# --- e. summary -------------------------------------------------------------------------
comgrs=()
hiprands=()
for v in "${hip_versions[@]}"; do comgrs+=("${comgr_of[$v]}") hiprands+=("${hiprand_of[$v]}"); done
echo "inputs ready: hip ${hip_versions[*]}, comgr ${comgrs[*]}, hipify-perl 7.2.4, cuda 12.9 (nvrtc $NVRTC)," \
  "cuda 11.8 (loopback), hip runtime sysroots 5.7.1 6.4.3 7.2.4, NVIDIA's libcudart/libnvrtc 12.9," \
  "GL/EGL/VDPAU headers, $(cat "$LIBCUDA/.stamp"), libcurand 12.9 and 13 (fat binaries), curand 12.9 headers," \
  "hiprand ${hiprands[*]} (headers; libhiprand1 on the host and in each sysroot)," \
  "hipblas ${hipblas_of[*]} (headers; libhipblasN in the sysroots), cublas 12.9 (headers, libcublas.so.12)," \
  "rccl ${rccl_of[*]} (headers; librccl1 in the sysroots), nccl 2.27.7 (nccl.h, libnccl.so.2's exports)," \
  "hipfft ${hipfft_of[*]} (headers; libhipfft0 in the sysroots), cufft 11.4 (headers, libcufft.so.11's exports)," \
  "hipsolver ${hipsolver_of[*]} (headers; libhipsolverN in the sysroots), cusolver 11.7 and cusparse 12.5 (headers, exports)," \
  "hipsparse ${hipsparse_of[*]} (headers; libhipsparseN on the host and in the sysroots)," \
  "hipblaslt ${hipblaslt_of[*]} (headers; libhipblaslt1 in the sysroots), nvjitlink 12.9 (nvJitLink.h, libnvJitLink.so.12's exports, and the library)," \
  "CuPy 14.2 and its kernels, cuda-python 12.9 and numba-cuda 0.20 (in $IN)"
