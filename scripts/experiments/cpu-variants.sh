#!/usr/bin/env bash
# How far the default model's picks move with the CPU variant of llama.cpp (docs/engine.md#the-cpu-variant):
# the same items scored by a build for another variant (default avx2) beside this machine's own
# build, then the picks compared method by method.
#
#   bash scripts/experiments/cpu-variants.sh [--variant avx2] [--model NAME] [--output docs/results/cpu-variants]
#        [--data DIR] [--sample N]
#
# The other variant's llama.cpp goes to its own cache folder and its consensus to .build-<variant>;
# this machine's set-up and build stay as they are. Scores of the two variants never share a cache
# entry (the engine string, part of the key, names the variant).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/experiments/task-source.sh

variant=avx2 model=qwen2.5-coder-1.5b output=docs/results/cpu-variants data=../shared/data/benchmarks sample=100
while [[ $# -gt 0 ]]; do
    case $1 in
        --variant) variant=$2; shift 2 ;;
        --model) model=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --sample) sample=$2; shift 2 ;;
        *) echo "cpu-variants: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
cache="${CONSENSUS_CACHE:-$HOME/.cache/consensus}"
native=${CONSENSUS:-.build/release/consensus}
[[ -x $native ]] || { echo "cpu-variants: build first: swift build -c release --product consensus" >&2; exit 2; }
pc="$cache/llama.cpp-b11434-static-$variant/lib/pkgconfig"
# With PKG_CONFIG_PATH naming the variant's folder, set-up leaves the system's pkg-config link alone.
PKG_CONFIG_PATH="$pc" CONSENSUS_LLAMA_VARIANT="$variant" bash scripts/setup.sh
PKG_CONFIG_PATH="$pc" swift build -c release --product consensus --scratch-path ".build-$variant" >&2
other=".build-$variant/release/consensus"

for build in native "$variant"; do
    binary=$native
    [[ $build == "$variant" ]] && binary=$other
    for task in mmlu arc_challenge; do
        task_source "$task" "$data"
        echo "cpu-variants: $build $task" >&2
        # The seeded sample of the formatting comparison: this machine's own scores are cached.
        "$binary" eval "${source[@]}" --model "$model" --sample "$sample" --seed 0 --output "$output/$build/$task" >/dev/null
    done
done
python3 scripts/experiments/cpu_variants_report.py "$output" native "$variant"
