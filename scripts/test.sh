#!/usr/bin/env bash
# The README's test command: installs what the tests need (scripts/setup.sh, cached), then runs
# every test of the package. Tests use the real models: the small one (SmolLM2-135M) where
# speed matters, the default one where the answer does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --test-model
# Every package trait (Package.swift): the tests run `consensus serve`, `--engine` and `bench load`.
swift build --build-tests --traits Full
# One test at a time: the model tests each run llama.cpp on every core, and two at once
# oversubscribe the CPU (llama.cpp's threads spin at barriers), which slows both many-fold.
swift test --skip-build --no-parallel --traits Full
# The README's first command's build (default traits: no server, no remote engines) builds and answers.
bash scripts/check-default-build.sh
# A package that depends on this one through a tagged git URL builds and runs (no unsafe flags).
bash scripts/check-downstream.sh
