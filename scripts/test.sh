#!/usr/bin/env bash
# The README's test command: installs what the tests need (scripts/setup.sh, cached), then runs
# every test of the package. Tests use the real models: the small one (SmolLM2-135M) where
# speed matters, the default one where the answer does. The remote engine and the gateway are
# then tested against a real vLLM (its CPU build, scripts/vllm.sh) serving the small model.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
stage() { printf 'test: %s (%d min %02d s in)\n' "$1" $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)) >&2; }
stage "set-up: llama.cpp and the models"
bash scripts/setup.sh --test-model
# vLLM's CPU build and the small model's Hugging Face copy, cached, made while the package builds.
vllm_dir="$(mktemp -d "${TMPDIR:-/tmp}/consensus-vllm.XXXXXX")"
bash scripts/vllm.sh model smollm2-135m >"$vllm_dir/install.log" 2>&1 &
vllm_install=$!
trap 'bash scripts/vllm.sh stop "$vllm_dir"; kill "$vllm_install" 2>/dev/null || true' EXIT
# Debian's chromium for the playground test, also while the package builds.
chromium_log="$vllm_dir/chromium.log"
if command -v chromium >/dev/null 2>&1; then chromium_install=""; else
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$chromium_log" 2>&1 &
  chromium_install=$!
fi
# Every package trait (Package.swift): the tests run `consensus serve`, `--engine` and `bench load`.
stage "building the package and its tests (every trait)"
swift build --build-tests --traits Full --explicit-target-dependency-import-check error
# One test at a time: the model tests each run llama.cpp on every core, and two at once
# oversubscribe the CPU (llama.cpp's threads spin at barriers), which slows both many-fold.
stage "the tests"
swift test --skip-build --no-parallel --traits Full --skip LiveVLLMTests
# The playground page in headless Chromium (scripts/playground-test.sh).
stage "the playground in headless Chromium"
if [ -n "$chromium_install" ] && ! wait "$chromium_install"; then
  cat "$chromium_log" >&2
  echo "test: Debian's chromium could not be installed (above); the playground test cannot run" >&2
  exit 1
fi
bash scripts/playground-test.sh
# The live vLLM suite: the server starts after the other tests, so that it does not share the CPU with them.
if ! wait "$vllm_install"; then
  cat "$vllm_dir/install.log" >&2
  echo "test: vLLM's CPU build could not be installed (above); the live vLLM tests cannot run" >&2
  exit 1
fi
# --enforce-eager: no torch compilation at start-up (the tests restart the server once).
export VLLM_EXTRA_ARGS=--enforce-eager
stage "the live vLLM tests"
bash scripts/vllm.sh start smollm2-135m "$vllm_dir" >/dev/null
CONSENSUS_VLLM_DIR="$vllm_dir" swift test --skip-build --no-parallel --traits Full --filter LiveVLLMTests
# The README's first command's build (default traits: no server, no remote engines) builds and answers.
stage "the default build and a downstream package"
bash scripts/check-default-build.sh
# A package that depends on this one through a tagged git URL builds and runs (no unsafe flags).
bash scripts/check-downstream.sh
stage "all passed"
