#!/usr/bin/env bash
# The GPU suite (run by hand; CI has no GPU). Two halves:
#
#   bash scripts/gpu-suite.sh build      on this machine (Rust toolchain, network): builds into
#                                        gpu/build/ the HIP-on-NVIDIA loopback object, cuda-as-hip's
#                                        libraries laid out for loopback use, the examples, the GPU
#                                        test binaries (tests/gpu, the NULL-argument sweep), and
#                                        cudarc 0.19.10's own lib tests (with its f16 feature) and
#                                        multi-GPU example (unmodified), and the PTX round trip's
#                                        bundle (tests/ptx-roundtrip: the corpus' PTX and its round
#                                        trip through the translator's NVPTX target and llc-15).
#   bash scripts/gpu-suite.sh slim       gpu/slim: the part of gpu/build the Python suites need, small
#                                        enough to carry with their wheels in one device call
#   bash scripts/gpu-suite.sh refresh FROM TO [TEST...]
#                                        TO: the package FROM (gpu/build, gpu/slim …) with this
#                                        checkout's libraries (both layouts), loopback objects, the
#                                        NULL sweep, the round trip's runner and the tests/gpu
#                                        binaries named rebuilt (minutes,
#                                        where `build` takes a quarter of an hour)
#   bash scripts/gpu-suite.sh run OUT [SUITE...]
#                                        on an NVIDIA machine (driver, NVRTC, g++): links the
#                                        loopback libamdhip64.so, runs everything (or the suites
#                                        named, without benchmarks), writes full logs to OUT and
#                                        prints one table last. Two-GPU suites run where nvidia-smi
#                                        lists two GPUs; elsewhere the table says they were skipped.
#                                        GPU_SUITE_SKIP="NAME..." leaves those suites out (a call
#                                        of the device tool runs 10 minutes at most);
#                                        PTX_ROUNDTRIP_FILES=FIRST:END and PTX_ROUNDTRIP_JOBS=N
#                                        reach the round trip (a slice, files side by side).
#
# The loopback (ARCHITECTURE.md, "Testing without an AMD GPU"): gpu/loopback/hip_on_nvidia.cpp, generated
# by aliasgen from HIP 5.2.3's nvidia_detail headers, compiled with CUDA 11.8's headers, symbols
# renamed exp_X → X, plus the hand-written gpu/loopback/capture_graph.cpp (stream capture and graphs,
# which HIP 5.2.3's NVIDIA layer defines only for nvcc), linked against CUDA 11.8's cudart and the
# machine's libcuda / libnvrtc.
# Recursion hazard: the loopback calls NVIDIA's cu*/nvrtc*, which cuda-as-hip also exports. Three
# guards: the shim's libraries carry the SONAMEs libcuda.so / libnvrtc.so (not .so.1 / .so.12),
# so the loopback's DT_NEEDED entries resolve to NVIDIA's; the loopback has a DT_RPATH (searched
# before LD_LIBRARY_PATH) to NVIDIA's directories; and HIP is opened with RTLD_DEEPBIND
# (CUDA_AS_HIP_HIP_DEEPBIND=1), so its references bind inside its own dependencies.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
B=${GPU_SUITE_BUILD:-gpu/build} # GPU_SUITE_BUILD: build elsewhere (then move it here) while a run uses this one

# loopback_objects DIR: the loopback's two objects — the generated wrappers (hip_on_nvidia.o, each
# exp_NAME renamed NAME) and the hand-written part (capture_graph.o: capture, graphs, host functions,
# driver-style arrays, texture objects, 2-D copies and pointer attributes, which HIP 5.2.3's NVIDIA
# layer lacks or numbers differently; the file's header says why and how).
loopback_objects() {
  local in=.cache/inputs cxx=(g++ -c -fPIC -O2 -std=c++17 -w -D__HIP_PLATFORM_NVIDIA__)
  cxx+=(-I"$in/hip-5.2.3/usr/include" -I"$in/cuda-11.8/include")
  "${cxx[@]}" gpu/loopback/hip_on_nvidia.cpp -o "$1/hip_on_nvidia.tmp.o"
  objcopy --redefine-syms=gpu/loopback/redefine-syms.txt "$1/hip_on_nvidia.tmp.o" "$1/hip_on_nvidia.o"
  rm "$1/hip_on_nvidia.tmp.o"
  "${cxx[@]}" gpu/loopback/capture_graph.cpp -o "$1/capture_graph.o"
}

# real_layout DIR: the shim's libraries as a user installs them, with the `cuda-as-hip` runner.
real_layout() {
  bash scripts/lay-out.sh "$1" >/dev/null
  cargo build -q --release -p cuda-as-hip-cli
  cp target/release/cuda-as-hip "$1/"
}

# gpu_test_binaries BIN [--test NAME]...: the tests/gpu targets named, as BIN/gpu-NAME, and the
# NULL-argument sweep of cabi/libcuda, as BIN/null-sweep.
gpu_test_binaries() {
  local bin=$1 name exe
  shift
  [[ $# -eq 0 ]] || test_binaries -p gpu-tests --features gpu "$@" |
    while read -r name exe; do cp "$exe" "$bin/gpu-$name"; done
  test_binaries -p cuda-as-hip-libcuda --test null_sweep | while read -r name exe; do cp "$exe" "$bin/null-sweep"; done
}

# package FROM TO PACKED: TO made of FROM's loopback objects, CUDA 12.9 bundle, cudart and
# cuda-python examples, and PACKED's bin, lib and lib-real packed (PACKED is removed).
package() {
  rm -rf "$2" && mkdir -p "$2"
  cp -r "$1"/{cuda-12.9.tar.xz,*.o,cudart} "$2/"
  [[ ! -d $1/cuda-python-examples ]] || cp -r "$1/cuda-python-examples" "$2/"
  XZ_OPT='-9 -T2' tar -C "$3" -cJf "$2/bin-lib.tar.xz" bin lib lib-real
  rm -rf "$3"
  du -sh "$2"
}

build() {
  bash scripts/setup.sh >/dev/null
  rm -rf "$B" && mkdir -p "$B"/{lib,bin,cudart}
  local in=.cache/inputs
  loopback_objects "$B"
  cp "$in/cuda-11.8/lib/libcudart.so.11.0" "$B/cudart/"
  # CUDA's own headers for the kernel tests: on the loopback, hiprtc is NVIDIA's NVRTC. Packed (the
  # device tool carries 64 MiB); the run unpacks them.
  local tmp
  tmp=$(mktemp -d)
  cp -r "$in/cuda-12.9/include" "$tmp/cuda-include"
  cp -r "$in/cuda-12.9-cccl/include"/. "$tmp/cuda-include/" # nv/target, which cooperative_groups.h needs
  # CUDA 12.9's NVRTC, for cudarc's tests: its f16 test asks for compute_53, which the CUDA 13 of a
  # current machine has dropped, and cudarc is built for CUDA 12.8's API.
  unzip -q -o -j "$in"/wheels/nvidia_cuda_nvrtc_cu12-12.9.*.whl -d "$tmp/nvrtc-12.9" \
    nvidia/cuda_nvrtc/lib/libnvrtc.so.12 nvidia/cuda_nvrtc/lib/libnvrtc-builtins.so.12.9
  ln -s libnvrtc.so.12 "$tmp/nvrtc-12.9/libnvrtc.so" # the first name cudarc tries
  XZ_OPT=-T2 tar -C "$tmp" -cJf "$B/cuda-12.9.tar.xz" cuda-include nvrtc-12.9
  rm -rf "$tmp"
  bash scripts/lay-out.sh --loopback "$B/lib" >/dev/null
  cargo build -q --release --example vector_add --example hip_probe --example gpu_bench
  cp target/release/examples/{vector_add,hip_probe,gpu_bench} "$B/bin/"
  cargo build -q --release -p dropin --no-default-features --features real --examples
  cp target/release/examples/{cudarc_client,cudarc_workload} "$B/bin/"
  gpu_test_binaries "$B/bin" --test '*'
  # cudarc 0.19.10's own lib tests, from crates.io, unmodified.
  local src
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/cudarc-0.19.10 | head -1)
  # Built outside this workspace (its Cargo.toml is used as published).
  local work=${XDG_CACHE_HOME:-$HOME/.cache}/cuda-as-hip/cudarc-0.19.10
  rm -rf "$work/src" && mkdir -p "$work" && cp -r "$src" "$work/src"
  # f16: cudarc's half-precision tests; curand / cublas / cublaslt / nccl / cufft: its cuRAND, cuBLAS,
  # cuBLASLt, NCCL and cuFFT tests (the hipRAND, hipBLAS, hipBLASLt and hipFFT loopbacks; NVIDIA's
  # NCCL in RCCL's place).
  local features=std,driver,nvrtc,curand,cublas,cublaslt,nccl,cufft,cusolver,cusparse,f16,fallback-dynamic-loading,cuda-12080 exe
  exe=$(cd "$work/src" && CARGO_TARGET_DIR=$work/target test_binaries --lib --no-default-features -F $features |
    cut -d' ' -f2)
  cp "$exe" "$B/bin/cudarc-lib-tests"
  # cudarc's multi-GPU example, unmodified.
  (cd "$work/src" && CARGO_TARGET_DIR=$work/target cargo build -q --release --example 13-copy-multi-gpu \
    --no-default-features -F $features)
  cp "$work/target/release/examples/13-copy-multi-gpu" "$B/bin/cudarc-13-copy-multi-gpu"
  ptx_roundtrip_bundle
  hiprand_on_nvidia
  hipblas_on_nvidia
  hipfft_on_nvidia
  hipsolver_on_nvidia
  hipsparse_on_nvidia
  # hipBLASLt on NVIDIA's cuBLASLt, for the cublaslt suite: hipBLASLt has no NVIDIA backend, so this
  # loopback is ours, hand-written (its header says what it covers), always built; compiled against
  # cuBLASLt 12.9's headers, linked there against the machine's libcublasLt.
  g++ -c -fPIC -O2 -std=c++17 -Wall -I"$in/cublas-12.9/include" -I"$in/cuda-12.9/include" \
    -I"$in/cuda-12.9-cccl/include" gpu/loopback/hipblaslt_on_cublaslt.cpp -o "$B/hipblaslt_on_nvidia.o"
  strip "$B"/bin/* 2>/dev/null || true
  python_stacks
  # The binaries and libraries packed too (the device tool carries 64 MiB; they compress 3 to 1).
  XZ_OPT=-T2 tar -C "$B" -cJf "$B/bin-lib.tar.xz" bin lib lib-real && rm -rf "$B/bin" "$B/lib" "$B/lib-real"
  du -sh "$B"
}

# The Python stacks' GPU suites (cuda-python, CuPy; README "Verified on GPU"): cuda-as-hip's libraries
# under CUDA's own names with the `cuda-as-hip` runner beside them (lib-real: what a user installs;
# the loopback then runs on NVIDIA's libraries renamed, gpu/loopback/rename_nvidia.py); NVIDIA's
# cuda-python example programs of the 12.x API (CUDA_PYTHON_EXAMPLES: cuda-python's
# cuda_bindings/examples as of cuda-bindings 12.9; never committed); and the packages for the GPU
# machine's python3 (GPU_PYTHON, 3.12), which together exceed what one device call carries, in
# three parts each carried by a call of its own before the suites run (the machine keeps what a
# call carried while it stays warm): gpu/carry/cupy (the cuda-bindings 12.9.4 and cuda-pathfinder
# wheels, and cupy-cuda12x 14.2.0 but its CUB and thrust modules), gpu/carry/cupy-cub and
# gpu/carry/cupy-thrust.
python_stacks() {
  real_layout "$B/lib-real"
  if [[ -n ${CUDA_PYTHON_EXAMPLES:-} ]]; then
    cp -r "$CUDA_PYTHON_EXAMPLES" "$B/cuda-python-examples"
  fi
  local c=gpu/carry py=${GPU_PYTHON:-3.12} tmp get=(python3 -m pip download -q --no-deps
    --only-binary=:all: --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64)
  rm -rf "$c" && mkdir -p "$c"/{cupy/wheels,cupy-cub,cupy-thrust}
  "${get[@]}" --python-version "$py" -d "$c/cupy/wheels" cuda-bindings==12.9.4 cuda-pathfinder==1.9.1
  tmp=$(mktemp -d)
  "${get[@]}" --python-version "$py" -d "$tmp" cupy-cuda12x==14.2.0
  (cd "$tmp" && unzip -q cupy_cuda12x-*.whl && rm cupy_cuda12x-*.whl)
  local part to=$PWD/$c
  for part in cub thrust; do
    (cd "$tmp" && XZ_OPT='-9 -T2' tar -cJf "$to/cupy-$part/cupy-$part.tar.xz" cupy/cuda/"$part".cpython-*.so)
  done
  XZ_OPT='-9 -T2' tar -C "$tmp" -cJf "$c/cupy/cupy.tar.xz" --exclude='cupy/cuda/cub.cpython-*.so' \
    --exclude='cupy/cuda/thrust.cpython-*.so' .
  rm -rf "$tmp"
}

# The PTX translator's round trip (issue 18; tests/ptx-roundtrip): its runner, and its bundle packed
# (PTX compresses well; the IR stays here), made here by the translator crate `ptx` (feature
# `translator` of tests/ptx-roundtrip), llc-15 and NVIDIA's ptxas.
ptx_roundtrip_bundle() {
  cargo build -q --release -p ptx-roundtrip --bin ptx-roundtrip
  cp target/release/ptx-roundtrip "$B/bin/"
  cargo build -q --release -p ptx-roundtrip --features translator --bin ptx-roundtrip-prepare
  local work=target/ptx-roundtrip-bundle
  rm -rf "$work"
  target/release/ptx-roundtrip-prepare .cache/ptx-corpus "$work" opt-15 llc-15 .cache/corpus/ptxas-12.9/ptxas
  XZ_OPT=-T2 tar -C "$work" --exclude='*.ll' -cJf "$B/ptx-roundtrip.tar.xz" .
}

# hipRAND on NVIDIA's cuRAND, for the curand suite (issue 19): AMD's own NVIDIA backend of hipRAND
# (`library/src/nvidia_detail/hiprand.cpp`), compiled here like the HIP loopback and linked there
# against the machine's libcurand.so.10. Its source is AMD's and is never committed: HIPRAND_SOURCE
# names a checkout of github.com/ROCm/hipRAND (built from tag rocm-6.2.0; not yet run); without it the suite is
# built without this loopback and its row says so. The header CMake would generate
# (`hiprand_version.h`) is written here.
hiprand_on_nvidia() {
  [[ -n ${HIPRAND_SOURCE:-} ]] || { echo "gpu-suite: HIPRAND_SOURCE unset: no hipRAND loopback (curand suite skipped)" >&2; return 0; }
  local in=.cache/inputs inc
  inc=$(mktemp -d)
  mkdir -p "$inc/hiprand"
  cp "$HIPRAND_SOURCE"/library/include/hiprand/*.h "$inc/hiprand/"
  sed 's/@hiprand_VERSION_NUMBER@/201100/' "$HIPRAND_SOURCE/library/include/hiprand/hiprand_version.h.in" >"$inc/hiprand/hiprand_version.h"
  g++ -c -fPIC -O2 -std=c++17 -w -D__HIP_PLATFORM_NVIDIA__ -I"$inc" -I"$in/curand-12.9-include" \
    -I"$in/hip-5.2.3/usr/include" -I"$in/cuda-11.8/include" \
    "$HIPRAND_SOURCE/library/src/nvidia_detail/hiprand.cpp" -o "$B/hiprand_on_nvidia.o"
  rm -rf "$inc"
}

# hipBLAS on NVIDIA's cuBLAS, for the cublas suite (issue 19): AMD's own NVIDIA backend of hipBLAS
# (`library/src/nvidia_detail/hipblas.cpp`, one file), compiled here against cuBLAS 12.9's headers
# and HIP 5.7.1's NVIDIA layer (whose `hip/library_types.h` includes itself where it means CUDA's:
# `-include library_types.h` supplies CUDA's first), linked there against the machine's libcublas.
# HIPBLAS_SOURCE names a checkout of github.com/ROCm/hipBLAS (compiled here from its last commit,
# 2024-10, hipBLAS 2.3: it exports 6.x's `_v2` functions, so hip-sys binds it with 6.4.4's table; not
# yet run); without it the suite is built without this loopback and its row says so. The headers
# CMake would generate (`hipblas-version.h`, `hipblas-export.h`) are written here.
# `__HIP_PLATFORM_SOLVER__` compiles its LU / QR / least-squares functions too (`getrf`, `getrs`,
# `geqrf`, `gels` and their batched forms), as AMD's builds on rocSOLVER have them: CuPy's
# `slogdet` calls `cublasDgetrfBatched`.
hipblas_on_nvidia() {
  [[ -n ${HIPBLAS_SOURCE:-} ]] || { echo "gpu-suite: HIPBLAS_SOURCE unset: no hipBLAS loopback (cublas suite skipped)" >&2; return 0; }
  local in=.cache/inputs inc
  inc=$(mktemp -d)
  sed 's/@hipblas_VERSION_MAJOR@/2/; s/@hipblas_VERSION_MINOR@/3/g; s/@hipblas_VERSION_PATCH@/0/; s/@hipblas_VERSION_TWEAK@/0/' \
    "$HIPBLAS_SOURCE/library/include/hipblas-version.h.in" >"$inc/hipblas-version.h"
  printf '#pragma once\n#define HIPBLAS_EXPORT __attribute__((visibility("default")))\n' >"$inc/hipblas-export.h"
  g++ -c -fPIC -O2 -std=c++17 -w -D__HIP_PLATFORM_NVIDIA__ -D__HIP_PLATFORM_SOLVER__ -include library_types.h -I"$inc" \
    -I"$HIPBLAS_SOURCE/library/include" -I"$HIPBLAS_SOURCE/library/src/include" -I"$in/hipblas-6.4.4/usr/include" \
    -I"$in/cublas-12.9/include" -I"$in/hip-5.7.1/usr/include" -I"$in/cuda-11.8/include" \
    "$HIPBLAS_SOURCE/library/src/nvidia_detail/hipblas.cpp" -o "$B/hipblas_on_nvidia.o"
  rm -rf "$inc"
}

# hipFFT on NVIDIA's cuFFT, for the cufft suite (issue 19): AMD's own NVIDIA backend of hipFFT
# (`library/src/nvidia_detail/hipfft.cpp`), compiled here against cuFFT 11.4's headers and HIP 5.7.1's
# NVIDIA layer, linked there against the machine's libcufft. HIPFFT_SOURCE names a checkout of
# github.com/ROCm/hipFFT (compiled here from its last commit, hipFFT 1.0.22; not yet run); without it
# the suite is built without this loopback and its row says so. The headers CMake would generate
# (`hipfft-version.h`, `hipfft-export.h`) are written here. hipFFT on NVIDIA numbers its plans as
# cuFFT does (`int`), where hip-sys binds AMD's pointer: the number travels in the pointer's low 32
# bits, as the x86-64 calling convention passes an int.
hipfft_on_nvidia() {
  [[ -n ${HIPFFT_SOURCE:-} ]] || { echo "gpu-suite: HIPFFT_SOURCE unset: no hipFFT loopback (cufft suite skipped)" >&2; return 0; }
  local in=.cache/inputs inc
  inc=$(mktemp -d)
  sed 's/@hipfft_VERSION_MAJOR@/1/; s/@hipfft_VERSION_MINOR@/0/; s/@hipfft_VERSION_PATCH@/22/; s/@hipfft_VERSION_TWEAK@//' \
    "$HIPFFT_SOURCE/library/include/hipfft/hipfft-version.h.in" >"$inc/hipfft-version.h"
  printf '#pragma once\n#define HIPFFT_EXPORT __attribute__((visibility("default")))\n' >"$inc/hipfft-export.h"
  g++ -c -fPIC -O2 -std=c++17 -w -D__HIP_PLATFORM_NVIDIA__ -I"$inc" -I"$HIPFFT_SOURCE/library/include" \
    -I"$in/cufft-11.4/include" -I"$in/hip-5.7.1/usr/include" -I"$in/cuda-11.8/include" \
    "$HIPFFT_SOURCE/library/src/nvidia_detail/hipfft.cpp" -o "$B/hipfft_on_nvidia.o"
  rm -rf "$inc"
}

# hipSOLVER on NVIDIA's cuSOLVER, for the cusolver suite (issue 19): AMD's own NVIDIA backend of
# hipSOLVER (`library/src/nvidia_detail/*.cpp`, with `library/src/common/*.cpp`, which gives the
# `hipsolverDn*` names), compiled here against cuSOLVER 11.7's, cuSPARSE's and cuBLAS's headers and
# HIP 5.7.1's NVIDIA layer into one relocatable object, linked there against the machine's
# libcusolver, libcusparse and libcublas. HIPSOLVER_SOURCE names a checkout of
# github.com/ROCm/hipSOLVER (compiled here from its last commit, hipSOLVER 3.x; not yet run). The
# headers CMake would generate (`hipsolver-version.h`, `hipsolver-export.h`) are written here.
hipsolver_on_nvidia() {
  [[ -n ${HIPSOLVER_SOURCE:-} ]] || { echo "gpu-suite: HIPSOLVER_SOURCE unset: no hipSOLVER loopback (cusolver suite skipped)" >&2; return 0; }
  local in=.cache/inputs inc src=$HIPSOLVER_SOURCE/library f objs=()
  inc=$(mktemp -d)
  mkdir -p "$inc/internal"
  sed 's/@hipsolver_VERSION_MAJOR@/3/; s/@hipsolver_VERSION_MINOR@/0/; s/@hipsolver_VERSION_PATCH@/0/; s/@hipsolver_VERSION_TWEAK@//' \
    "$src/include/internal/hipsolver-version.h.in" >"$inc/internal/hipsolver-version.h"
  printf '#pragma once\n#define HIPSOLVER_EXPORT __attribute__((visibility("default")))\n#define HIPSOLVER_DEPRECATED_X(x)\n' \
    >"$inc/internal/hipsolver-export.h"
  for f in "$src"/src/nvidia_detail/*.cpp "$src"/src/common/*.cpp; do
    g++ -c -fPIC -O2 -std=c++17 -w -D__HIP_PLATFORM_NVIDIA__ -I"$inc" -I"$src/include" -I"$src/src/include" \
      -I"$in/cusolver-11.7/include" -I"$in/cusparse-12.5/include" -I"$in/cublas-12.9/include" \
      -I"$in/hip-5.7.1/usr/include" -I"$in/cuda-11.8/include" "$f" -o "$inc/$(basename "$f").o"
    objs+=("$inc/$(basename "$f").o")
  done
  ld -r -o "$B/hipsolver_on_nvidia.o" "${objs[@]}"
  rm -rf "$inc"
}

# hipSPARSE on NVIDIA's cuSPARSE, for the cusparse suite (issue 19): AMD's own NVIDIA backend of
# hipSPARSE (`library/src/nvidia_detail/hipsparse.cpp`), compiled here against cuSPARSE 12.5's headers,
# HIP 5.7.1's NVIDIA layer and CUDA 12.9's runtime headers (with CUDA 11.8's it takes its CUDA 11 paths,
# which call functions cuSPARSE 12 removed), linked there against the machine's libcusparse.
# HIPSPARSE_SOURCE names a checkout of github.com/ROCm/hipSPARSE (compiled here from its last commit;
# not yet run). The headers CMake would generate (`hipsparse-version.h`, `hipsparse-export.h`) are
# written here.
hipsparse_on_nvidia() {
  [[ -n ${HIPSPARSE_SOURCE:-} ]] || { echo "gpu-suite: HIPSPARSE_SOURCE unset: no hipSPARSE loopback (cusparse suite skipped)" >&2; return 0; }
  local in=.cache/inputs inc src=$HIPSPARSE_SOURCE/library
  inc=$(mktemp -d)
  sed 's/@hipsparse_VERSION_MAJOR@/3/; s/@hipsparse_VERSION_MINOR@/0/; s/@hipsparse_VERSION_PATCH@/0/; s/@hipsparse_VERSION_TWEAK@//' \
    "$src/include/hipsparse-version.h.in" >"$inc/hipsparse-version.h"
  printf '#pragma once\n#define HIPSPARSE_EXPORT __attribute__((visibility("default")))\n#define HIPSPARSE_DEPRECATED\n#define HIPSPARSE_DEPRECATED_MSG(x)\n' \
    >"$inc/hipsparse-export.h"
  g++ -c -fPIC -O2 -std=c++17 -w -D__HIP_PLATFORM_NVIDIA__ -I"$inc" -I"$src/include" -I"$in/cusparse-12.5/include" \
    -I"$in/hip-5.7.1/usr/include" -I"$in/cuda-12.9/include" -I"$in/cuda-12.9-cccl/include" \
    "$src/src/nvidia_detail/hipsparse.cpp" -o "$B/hipsparse_on_nvidia.o"
  rm -rf "$inc"
}

# test_binaries CARGO-TEST-ARGS...: builds test targets (release) and prints "NAME PATH" for each.
test_binaries() {
  cargo test -q --release --no-run --message-format=json "$@" 2>/dev/null | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable"): print(m["target"]["name"], m["executable"])'
}

# counts LOG: "passed failed ignored" summed over libtest's result lines.
counts() {
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i } }
       END { printf "%d %d %d", p, f, g }' "$1"
}

# loopback DIR NVRTC-DIR: links DIR/libamdhip64.so, the loopback on the NVRTC of NVRTC-DIR.
loopback() {
  local w=$PWD/$B dir=$1 nvrtc=$2 cuda
  cuda=$(dirname "$(ldconfig -p | awk '/libcuda.so.1 / { print $NF; exit }')")
  mkdir -p "$dir"
  g++ -shared -o "$dir/libamdhip64.so" "$w/hip_on_nvidia.o" "$w/capture_graph.o" -L"$w/cudart" -l:libcudart.so.11.0 \
    -L"$cuda" -l:libcuda.so.1 -L"$nvrtc" -l:"$(basename "$(ls "$nvrtc"/libnvrtc.so.* | head -1)")" \
    -Wl,--disable-new-dtags -Wl,-rpath,"$w/cudart:$cuda:$nvrtc"
}

# library_loopback OUT SONAME OBJECT LIBRARY...: a ROCm library's loopback OUT (named SONAME), linked
# from OBJECT against NVIDIA's LIBRARY files (found by their paths; RPATH to their directories, not
# RUNPATH, so LD_LIBRARY_PATH cannot swap them). Fails, linking nothing, where `build` made no
# OBJECT or the machine lacks a LIBRARY (an empty path): the suite's row then says it was skipped.
library_loopback() {
  local out=$1 soname=$2 object=$3 lib args=() dirs=()
  shift 3
  [[ -f $object ]] || return 1
  for lib in "$@"; do
    [[ -n $lib ]] || return 1
    args+=(-L"$(dirname "$lib")" -l:"$(basename "$lib")")
    dirs+=("$(dirname "$lib")")
  done
  local IFS=:
  g++ -shared -o "$out" "$object" "${args[@]}" -Wl,-soname,"$soname" -Wl,--disable-new-dtags \
    -Wl,-rpath,"${dirs[*]}" || { echo "gpu-suite: linking $out failed" >&2; exit 1; }
}

# with_cuda_headers COMMAND...: runs COMMAND where /usr/include also holds CUDA 12.9's headers
# (cudarc's f16 test passes --include-path=/usr/include): an overlay in a mount namespace of its
# own, so the machine's /usr/include is left as it was.
with_cuda_headers() {
  unshare -m bash -c 'mount -t overlay overlay -o lowerdir="$0":/usr/include /usr/include && exec "$@"' \
    "$PWD/$B/cuda-include" "$@"
}

run() {
  local out=${1:?usage: gpu-suite.sh run OUT [SUITE...]}
  shift
  local only=" $* " # suites named after OUT: only those run (and no benchmarks); none named: all
  mkdir -p "$out"
  local w=$PWD/$B nvrtc
  nvrtc=$(dirname "$(ls /usr/local/cuda/lib64/libnvrtc.so* /usr/lib/x86_64-linux-gnu/libnvrtc.so* 2>/dev/null | head -1)")
  tar -C "$w" -xJf "$w/cuda-12.9.tar.xz"
  tar -C "$w" -xJf "$w/bin-lib.tar.xz"
  loopback "$w/hip" "$nvrtc"
  local curand=""
  curand=$(ls /usr/local/cuda/lib64/libcurand.so.10 2>/dev/null || find /usr /opt -name libcurand.so.10 2>/dev/null | head -1) || true
  # Each loopback beside the loopback's libamdhip64.so, where hip-sys looks for its library first.
  library_loopback "$w/hip/libhiprand.so" libhiprand.so.1 "$w/hiprand_on_nvidia.o" "$curand" || true
  local cublas=""
  cublas=$(ls /usr/local/cuda/lib64/libcublas.so.1[23] 2>/dev/null ||
    find /usr /opt -name 'libcublas.so.1[23]' 2>/dev/null | sort | head -1) || true
  cublas=${cublas%%$'\n'*}
  library_loopback "$w/hip/libhipblas.so" libhipblas.so.2 "$w/hipblas_on_nvidia.o" "$cublas" || true
  local cufft=""
  cufft=$(ls /usr/local/cuda/lib64/libcufft.so.1[12] 2>/dev/null ||
    find /usr /opt /root -name 'libcufft.so.1[12]' 2>/dev/null | sort | head -1) || true
  cufft=${cufft%%$'\n'*}
  library_loopback "$w/hip/libhipfft.so" libhipfft.so.0 "$w/hipfft_on_nvidia.o" "$cufft" || true
  # hipSOLVER's NVIDIA backend needs cuSOLVER, cuSPARSE and cuBLAS (CUDA 12's or 13's names).
  local cusolver="" cusparse=""
  cusolver=$(find /usr /opt /root -name 'libcusolver.so.1[12]' 2>/dev/null | sort | head -1) || true
  cusparse=$(find /usr /opt /root -name 'libcusparse.so.12' 2>/dev/null | sort | head -1) || true
  library_loopback "$w/hip/libhipsolver.so" libhipsolver.so.1 "$w/hipsolver_on_nvidia.o" "$cusolver" "$cusparse" \
    "$cublas" || true
  # hipSPARSE named as 7.x's file (its major version is how hip-sys tells 7.x from 6.4, whose ABI
  # this source has too).
  if library_loopback "$w/hip/libhipsparse.so.4" libhipsparse.so.4 "$w/hipsparse_on_nvidia.o" "$cusparse"; then
    ln -sf libhipsparse.so.4 "$w/hip/libhipsparse.so"
  fi
  # cuBLASLt, for the hipBLASLt loopback (CUDA 12's or 13's; a CUDA 13 wheel keeps it under
  # site-packages/nvidia/cu13/lib).
  local cublaslt=""
  cublaslt=$(ls /usr/local/cuda/lib64/libcublasLt.so.1[23] 2>/dev/null ||
    find /usr /opt /root -name 'libcublasLt.so.1[23]' 2>/dev/null | sort | head -1) || true
  cublaslt=${cublaslt%%$'\n'*}
  # hipBLASLt named as hipBLASLt 1.2's file (ROCm 7.2's, whose ABI the loopback has): hip-sys reads
  # the release from the real file's name, found through the two names it opens.
  if library_loopback "$w/hip/libhipblaslt.so.1.2" libhipblaslt.so.1 "$w/hipblaslt_on_nvidia.o" "$cublaslt"; then
    ln -sf libhipblaslt.so.1.2 "$w/hip/libhipblaslt.so.1"
    ln -sf libhipblaslt.so.1.2 "$w/hip/libhipblaslt.so"
  fi
  # NCCL: RCCL keeps NCCL's names, so NVIDIA's own libnccl.so.2 stands in for RCCL behind the shim
  # (CUDA_AS_HIP_RCCL_LIBRARY; opened with RTLD_DEEPBIND like HIP).
  local nccl=""
  nccl=$(find /usr /opt /root -name libnccl.so.2 2>/dev/null | sort | head -1) || true
  # cudarc looks for libnccl.so and libcublas.so(.12) / libcublasLt.so(.12), never libnccl.so.2 or
  # CUDA 13's .so.13: natively it finds NVIDIA's through links of those names.
  mkdir -p "$w/native-names"
  [[ -z $nccl ]] || ln -sf "$nccl" "$w/native-names/libnccl.so"
  [[ -z $cublas ]] || ln -sf "$cublas" "$w/native-names/libcublas.so"
  [[ -z $cublaslt ]] || ln -sf "$cublaslt" "$w/native-names/libcublasLt.so"
  # A second loopback on CUDA 12.9's NVRTC, for cudarc's tests (see build).
  loopback "$w/hip-nvrtc-12.9" "$w/nvrtc-12.9"
  # warn (unless CUDA_AS_HIP_LOG says otherwise): each call the shim cannot serve says why, in the logs.
  export CUDA_AS_HIP_HIP_LIBRARY=$w/hip/libamdhip64.so CUDA_AS_HIP_HIP_DEEPBIND=1 CUDA_AS_HIP_LOG=${CUDA_AS_HIP_LOG:-warn}
  nvidia-smi --query-gpu=name,driver_version --format=csv,noheader >"$out/gpu.txt" 2>&1 || true
  local rows=()
  wanted() { # NAME: the suite runs in this call
    [[ ($only == "  " || $only == *" $1 "*) && " ${GPU_SUITE_SKIP:-} " != *" $1 "* ]]
  }
  suite() { # NAME COMMAND...: runs, logs, adds a table row from libtest's counts or the exit code
    local name=$1; shift
    wanted "$name" || return 0
    local rc=0
    "$@" >"$out/$name.log" 2>&1 || rc=$?
    local c
    c=$(counts "$out/$name.log")
    if [[ $c == "0 0 0" ]]; then c=$([[ $rc == 0 ]] && echo "1 0 0" || echo "0 1 0"); fi
    rows+=("$name $c $rc")
  }
  each() { # COMMAND... (ending in a test binary): each test in a process of its own (a crash, or an
    # error a CUDA context keeps, fails one test, not the ones after it)
    local t o rc=0
    for t in $("$@" --list 2>/dev/null | sed -n 's/: test$//p'); do
      o=$("$@" --exact "$t" --nocapture 2>&1) || rc=1
      echo "$o"
      grep -q '^test result:' <<<"$o" || echo "test result: FAILED. 0 passed; 1 failed; 0 ignored ($t died)"
    done
    return $rc
  }
  native() { env -u CUDA_AS_HIP_HIP_LIBRARY -u CUDA_AS_HIP_HIP_DEEPBIND "$@"; }
  # library_suite NAME ROCM NVIDIA: the CUDA library NAME's GPU test (bin/gpu-NAME) through the shim
  # on the ROCm library's loopback (hip/libROCM.so, found beside the loopback's HIP), against
  # NVIDIA's library NVIDIA called directly; skipped where `build` made no such loopback.
  library_suite() {
    if [[ -f $w/hip/lib$2.so ]]; then
      suite "$1" env "CUDA_AS_HIP_TEST_NVIDIA_${1^^}=$3" "$w/bin/gpu-$1" --test-threads=1 --nocapture
    else
      rows+=("$1(skipped:no-$2-loopback) 0 0 0 -")
    fi
  }
  local site=$w/site tests=$PWD/tests/gpu/python
  python_site() { # the packages carried so far (gpu/carry: see python_stacks) into $site
    local part
    [[ -d $site/cuda/bindings || ! -d gpu/carry/cupy ]] ||
      python3 -m pip install -q --no-index --no-deps --no-compile --target "$site" gpu/carry/cupy/wheels/*.whl
    for part in gpu/carry/*/*.tar.xz; do
      [[ ! -f $part || -f $site/.${part##*/} ]] || { tar -C "$site" -xJf "$part" && touch "$site/.${part##*/}"; }
    done
    mkdir -p "$w/cuda-home" && ln -sfn "$w/cuda-include" "$w/cuda-home/include" # CUDA_HOME's headers
    # and the machine's libNVVM and libdevice, which numba-cuda finds under CUDA_HOME/nvvm.
    local libdevice
    libdevice=$(find /usr/local /opt /usr/lib -path '*/nvvm/libdevice/libdevice.10.bc' 2>/dev/null | head -1) || true
    [[ -z $libdevice ]] || ln -sfn "$(dirname "$(dirname "$libdevice")")" "$w/cuda-home/nvvm"
  }
  # native_python SITE ARGS...: the machine's python3 with SITE first on its path, on NVIDIA's driver
  # and CUDA 12.9's NVRTC. shim_python SITE ARGS...: the same through cuda-as-hip's runner.
  native_python() {
    timeout 300 env -u CUDA_AS_HIP_HIP_LIBRARY -u CUDA_AS_HIP_HIP_DEEPBIND PYTHONPATH="$1" \
      CUDA_HOME="$w/cuda-home" LD_LIBRARY_PATH="$w/nvrtc-12.9" python3 "${@:2}"
  }
  # The loopback behind lib-real: NVIDIA's libraries renamed (gpu/loopback/rename_nvidia.py), or,
  # with GPU_SUITE_ISOLATION=namespace, opened in a linker namespace of their own (static TLS to
  # spare: libraries opened into a second namespace take theirs from it; ARCHITECTURE.md says why
  # the renamed libraries replaced it).
  local isolation=()
  if [[ ${GPU_SUITE_ISOLATION:-renamed} == namespace ]]; then
    isolation=(-u CUDA_AS_HIP_HIP_DEEPBIND CUDA_AS_HIP_HIP_NAMESPACE=1 ${nccl:+CUDA_AS_HIP_RCCL_LIBRARY="$nccl"}
      GLIBC_TUNABLES=glibc.rtld.optional_static_tls=65536)
  elif wanted cuda-python-examples || wanted cupy || wanted cupy-sort || wanted numba; then
    local renamed_nccl
    renamed_nccl=$(python3 gpu/loopback/rename_nvidia.py "$w/hip" "$w/hip-renamed" $nccl)
    isolation=(CUDA_AS_HIP_HIP_LIBRARY="$w/hip-renamed/libamdhip64.so" LD_LIBRARY_PATH="$w/hip-renamed"
      ${renamed_nccl:+CUDA_AS_HIP_RCCL_LIBRARY="$renamed_nccl"})
  fi
  # A crash's native frames (library and offset) beside Python's (gpu/loopback/segv_trace.c).
  gcc -shared -fPIC -O1 -o "$w/segv_trace.so" gpu/loopback/segv_trace.c
  shim_python() {
    timeout 300 env "${isolation[@]}" PYTHONFAULTHANDLER=1 LD_PRELOAD="$w/segv_trace.so" \
      PYTHONPATH="$1" CUDA_HOME="$w/cuda-home" "$w/lib-real/cuda-as-hip" run --preload -- python3 "${@:2}"
  }
  ours() { # LOG: the shim run resolved libcuda.so.1, and every CUDA library it loaded, to lib-real
    # (NULs read as spaces: after cuda-python's jit_program example Python prints them between words)
    local bad lines
    lines=$(tr '\0' ' ' <"$1" | grep -a '^library ')
    bad=$(awk -v d="$w/lib-real/" '$1 == "library" && $3 != "not-loaded" && index($3, d) != 1' <<<"$lines")
    grep -q "^library libcuda.so.1 $w/lib-real/" <<<"$lines" && [[ -z $bad ]] && return 0
    echo "not cuda-as-hip's libraries in $1: ${bad:-no libcuda.so.1 of lib-real}"
    return 1
  }
  cuda_python_examples() { # each of NVIDIA's cuda-python examples natively, then through the shim
    local e n p=0 f=0 g=0
    mkdir -p "$out/cuda-python"
    for e in "$w"/cuda-python-examples/*/*_test.py; do
      n=$(basename "$e" .py)
      if ! native_python "$site" "$tests/run_example.py" "$e" >"$out/cuda-python/$n.native.log" 2>&1; then
        echo "$n: fails natively (ignored)" && g=$((g + 1)) && continue
      fi
      if shim_python "$site" "$tests/run_example.py" "$e" >"$out/cuda-python/$n.shim.log" 2>&1 &&
        ours "$out/cuda-python/$n.shim.log"; then
        echo "$n: passes natively and through the shim" && p=$((p + 1))
      else
        echo "$n: FAILS through the shim (cuda-python/$n.shim.log)" && f=$((f + 1))
      fi
    done
    echo "test result: $( ((f)) && echo FAILED || echo ok). $p passed; $f failed; $g ignored"
    ((f == 0))
  }
  native_integrity() { native python3 "$tests/capture_integrity.py" >"$out/integrity_nvidia.txt"; }
  compared() { # NAME NATIVE-SITE SCRIPT ARGS...: tests/gpu/python/SCRIPT natively (NATIVE-SITE first
    # on the path: "" for the machine's own packages) and through the shim, results compared
    local n=$1 native_site=$2 script=$3
    shift 3
    native_python "$native_site" "$tests/$script" "$out/$n.native.npz" "$@" >"$out/$n.native.log" 2>&1 || true
    shim_python "$site" "$tests/$script" "$out/$n.shim.npz" "$@" >"$out/$n.shim.log" 2>&1 || true
    ours "$out/$n.shim.log" && python3 "$tests/compare_results.py" "$out/$n.native.npz" "$out/$n.shim.npz"
  }
  local gpus
  gpus=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ' || true)
  # One row per suite; add a suite with one more line.
  suite hip_probe "$w/bin/hip_probe" --gpu-architecture=compute_80 # NVRTC's option: HIP on NVIDIA
  suite vector_add "$w/bin/vector_add"
  suite gpu-tests "$w/bin/gpu-gpu" --test-threads=1 --nocapture
  suite runtime "$w/bin/gpu-runtime" --test-threads=1 --nocapture
  suite kernels env CUDA_AS_HIP_TEST_CUDA_INCLUDE="$w/cuda-include" "$w/bin/gpu-kernels" --test-threads=1 --nocapture
  suite graphs "$w/bin/gpu-graphs" --test-threads=1 --nocapture
  suite concurrency "$w/bin/gpu-concurrency" --nocapture
  suite stale-handles each "$w/bin/gpu-stale_handles"
  suite export-tables each "$w/bin/gpu-export_tables"
  # NVIDIA's driver's own integrity-check answers (cuda-as-hip/tests/fixtures/integrity_nvidia.txt).
  suite integrity native_integrity
  library_suite curand hiprand "$curand"
  library_suite cublas hipblas "$cublas"
  library_suite cufft hipfft "$cufft"
  library_suite cusolver hipsolver "$cusolver"
  # cuSOLVERMg: the shim's, on the hipSOLVER loopback, against NVIDIA's libcusolverMg.
  local cusolvermg=""
  cusolvermg=$(find /usr /opt /root -name 'libcusolverMg.so.1[12]' 2>/dev/null | sort | head -1) || true
  library_suite cusolvermg hipsolver "$cusolvermg"
  library_suite cusparse hipsparse "$cusparse"
  library_suite cublaslt hipblaslt "$cublaslt"
  # The NULL-argument sweep in three slices, each within a device call's time (each child loads the
  # NVIDIA library behind its family's loopback): null-sweep-driver, -blas, -solvers.
  null_sweep() { # SLICE LIBRARIES
    suite "null-sweep-$1" env CUDA_AS_HIP_SWEEP_DEVICE=1 CUDA_AS_HIP_SWEEP_LIB_DIR="$w/lib" \
      CUDA_AS_HIP_SWEEP_LIBRARIES="$2" "$w/bin/null-sweep" --nocapture
  }
  null_sweep driver cuda,nvrtc,nvJitLink
  null_sweep blas curand,cublas,cublasLt,nccl,cufft
  null_sweep solvers cusolver,cusolverMg,cusparse
  if ((gpus >= 2)); then
    suite multi-gpu "$w/bin/gpu-multi_gpu" --test-threads=1 --nocapture
    suite cudarc-13-native native "$w/bin/cudarc-13-copy-multi-gpu"
    suite cudarc-13-via-shim env LD_LIBRARY_PATH="$w/lib" "$w/bin/cudarc-13-copy-multi-gpu"
  else
    rows+=("multi-gpu(skipped:${gpus}-GPU) 0 0 0 -") # the two-GPU tests and cudarc's 13-copy-multi-gpu
  fi
  suite cudarc-client env LD_LIBRARY_PATH="$w/lib" "$w/bin/cudarc_client"
  # cudarc's lib tests on CUDA 12.9's NVRTC, natively and through the shim (its 2 timing tests may fail).
  # Its cuRAND, cuBLAS, cuBLASLt, NCCL, cuFFT, cuSOLVER and cuSPARSE tests: natively on NVIDIA's
  # libraries, through the shim on the loopbacks and NVIDIA's NCCL.
  suite cudarc-native each with_cuda_headers env -u CUDA_AS_HIP_HIP_LIBRARY -u CUDA_AS_HIP_HIP_DEEPBIND \
    LD_LIBRARY_PATH="$w/nvrtc-12.9${curand:+:$(dirname "$curand")}${cublas:+:$(dirname "$cublas")}${cublaslt:+:$(dirname "$cublaslt")}${cufft:+:$(dirname "$cufft")}${cusolver:+:$(dirname "$cusolver")}${nccl:+:$(dirname "$nccl")}:$w/native-names" \
    "$w/bin/cudarc-lib-tests"
  suite cudarc-via-shim each with_cuda_headers env LD_LIBRARY_PATH="$w/lib" \
    CUDA_AS_HIP_HIP_LIBRARY="$w/hip-nvrtc-12.9/libamdhip64.so" CUDA_AS_HIP_HIPRAND_LIBRARY="$w/hip/libhiprand.so" \
    CUDA_AS_HIP_HIPBLAS_LIBRARY="$w/hip/libhipblas.so" CUDA_AS_HIP_HIPFFT_LIBRARY="$w/hip/libhipfft.so" \
    CUDA_AS_HIP_HIPSOLVER_LIBRARY="$w/hip/libhipsolver.so" CUDA_AS_HIP_HIPSPARSE_LIBRARY="$w/hip/libhipsparse.so" \
    CUDA_AS_HIP_HIPBLASLT_LIBRARY="$w/hip/libhipblaslt.so" \
    ${nccl:+CUDA_AS_HIP_RCCL_LIBRARY="$nccl"} \
    "$w/bin/cudarc-lib-tests"
  # The Python stacks natively and through cuda-as-hip's libraries under CUDA's own names
  # (lib-real, `cuda-as-hip run --preload`), the loopback on NVIDIA's libraries renamed.
  # CuPy natively is the machine's own build of the same release (cupy-cuda13x 14.2.0).
  if wanted cuda-python-examples || wanted cupy || wanted cupy-sort || wanted numba; then
    python_site
  fi
  suite cuda-python-examples cuda_python_examples
  suite cupy compared cupy "" cupy_gpu.py core libraries
  suite cupy-sort compared cupy-sort "" cupy_gpu.py sort
  suite numba compared numba "$site" numba_gpu.py
  # The PTX translator's round trip, on NVIDIA's own driver (never through the shim).
  if wanted ptx-roundtrip; then
    mkdir -p "$w/ptx-roundtrip" && tar -C "$w/ptx-roundtrip" -xJf "$w/ptx-roundtrip.tar.xz"
  fi
  suite ptx-roundtrip native env CUDA_CACHE_DISABLE=1 "$w/bin/ptx-roundtrip" run "$w/ptx-roundtrip" "$out/ptx-roundtrip"
  # Which cudarc tests pass natively but not through the shim (and the reverse).
  diff <(grep -sE '^test .* ok$' "$out/cudarc-native.log" | sort) \
    <(grep -sE '^test .* ok$' "$out/cudarc-via-shim.log" | sort) >"$out/cudarc-diff.txt" || true
  if [[ $only == "  " ]]; then
    benchmarks "$w" "$out" >"$out/bench.md" 2>"$out/bench.log" || echo "benchmarks failed: see $out/bench.log" >>"$out/bench.md"
    echo
    echo "Benchmarks (pairs measured alternately):"
    cat "$out/bench.md"
  fi
  echo
  echo "GPU: $(cat "$out/gpu.txt")   HIP: 5.2.3 loopback on CUDA 11.8 cudart   logs: $out"
  printf '| %-24s | %6s | %6s | %7s | %4s |\n|---|---:|---:|---:|---:|\n' suite passed failed ignored exit
  for r in "${rows[@]}"; do
    read -r n p f g rc <<<"$r"
    printf '| %-24s | %6s | %6s | %7s | %4s |\n' "$n" "$p" "$f" "$g" "$rc"
  done | tee "$out/table.md"
}

# benchmarks W OUT: launch latency and copy throughput (gpu_bench; with the hipBLAS loopback also
# 4096² GEMMs against NVIDIA's cuBLAS), and a cudarc workload natively against through the shim, 7
# alternating pairs; a markdown table on stdout.
benchmarks() {
  local w=$1 out=$2 ratios=() native shim
  if [[ -f $w/hip/libhipblas.so && -n ${cublas:-} ]]; then
    # With the hipBLAS loopback: 4096² GEMMs through the shim against NVIDIA's libcublas too.
    CUDA_AS_HIP_BENCH_NVIDIA_CUBLAS="$cublas" CUDA_AS_HIP_HIPBLAS_LIBRARY="$w/hip/libhipblas.so" "$w/bin/gpu_bench"
  else
    "$w/bin/gpu_bench"
  fi
  for _ in 1 2 3 4 5 6 7; do
    native=$(env -u CUDA_AS_HIP_HIP_LIBRARY -u CUDA_AS_HIP_HIP_DEEPBIND "$w/bin/cudarc_workload")
    shim=$(LD_LIBRARY_PATH="$w/lib" "$w/bin/cudarc_workload")
    echo "cudarc workload: native $native ms, shim $shim ms" >>"$out/bench.log"
    ratios+=("$(awk -v s="$shim" -v n="$native" 'BEGIN { printf "%.3f %.1f %.1f", s / n, s, n }')")
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1; s += $2; n += $3 }
    END { printf "| cudarc workload, 2000 launches + 40 copies of 4 MiB (shim / native) | %.3f | %.3f–%.3f | %.1f ms | %.1f ms (native) |\n", r[int((NR + 1) / 2)], r[1], r[NR], s / NR, n / NR }'
}

# slim: gpu/slim from gpu/build, small enough for device calls: the loopback objects, CUDA 12.9's
# NVRTC and headers, the shim's libraries (both layouts), hip_probe, the driver, export-table and
# kernel tests, the round trip's runner and cuda-python's examples (44 MB) — what hip_probe,
# gpu-tests, kernels, export-tables, integrity, cuda-python-examples, numba and CuPy (gpu/carry)
# need. With the repository (12 MB) it
# leaves no room for the Python wheels (gpu/carry/cupy/wheels, 12 MB) in the same call: carry those
# in the next call while the machine is warm (paths a call does not name stay there). Then:
# GPU_SUITE_BUILD=gpu/slim bash scripts/gpu-suite.sh run OUT hip_probe gpu-tests kernels export-tables integrity
# GPU_SUITE_BUILD=gpu/slim bash scripts/gpu-suite.sh run OUT cuda-python-examples numba
slim() {
  local tmp
  tmp=$(mktemp -d)
  tar -C "$tmp" -xJf "$B/bin-lib.tar.xz" lib lib-real bin/hip_probe bin/gpu-gpu bin/gpu-export_tables bin/gpu-kernels bin/ptx-roundtrip
  package "$B" gpu/slim "$tmp"
}

refresh() {
  local from=$1 to=$2 tmp name tests=()
  shift 2
  tmp=$(mktemp -d)
  tar -C "$tmp" -xJf "$from/bin-lib.tar.xz"
  rm -rf "$tmp/lib" "$tmp/lib-real"
  bash scripts/lay-out.sh --loopback "$tmp/lib" >/dev/null
  real_layout "$tmp/lib-real"
  for name in "$@"; do tests+=(--test "$name"); done
  gpu_test_binaries "$tmp/bin" "${tests[@]}"
  cargo build -q --release -p ptx-roundtrip --bin ptx-roundtrip # the round trip's runner too
  cp target/release/ptx-roundtrip "$tmp/bin/"
  strip "$tmp"/bin/* 2>/dev/null || true
  package "$from" "$to" "$tmp"
  loopback_objects "$to"
}

case ${1:-} in
  build) build ;;
  slim) slim ;;
  refresh) shift; refresh "$@" ;;
  run) shift; run "$@" ;;
  *) echo "usage: scripts/gpu-suite.sh build | slim | refresh FROM TO [TEST...] | run OUT [SUITE...]" >&2; exit 2 ;;
esac
