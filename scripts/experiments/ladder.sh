#!/usr/bin/env bash
# The model ladder: every multiple-choice task of ../shared/data/benchmarks on each named model,
# all six methods, the paper's cross-normalised initial policies beside plain ones (same scores).
#
#   bash scripts/experiments/ladder.sh [--models smollm2-135m,qwen2.5-coder-0.5b,qwen2.5-coder-1.5b]
#                          [--tasks arc_easy,…] [--output docs/results] [--data DIR]
#
# The default model and the 135M model run on every item; qwen2.5-coder-0.5b on a seeded sample
# of 300 items per task (`--sample 300 --seed 0`; HHH has 221, so all of them). Each run resumes
# through the score cache, so a stopped ladder continues where it stopped, and a finished one
# rewrites its results in seconds. Then scripts/experiments/ladder_report.py writes the table and the plot.
set -euo pipefail
cd "$(dirname "$0")/../.."

models=smollm2-135m,qwen2.5-coder-0.5b,qwen2.5-coder-1.5b
tasks=arc_easy,arc_challenge,hhh,truthfulqa_mc1,truthfulqa_mc2
output=docs/results data=../shared/data/benchmarks
while [[ $# -gt 0 ]]; do
    case $1 in
        --models) models=$2; shift 2 ;;
        --tasks) tasks=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        *) echo "ladder: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done

swift build -c release --product consensus >&2
consensus=.build/release/consensus
for model in ${models//,/ }; do
    selection=()
    [[ $model == qwen2.5-coder-0.5b ]] && selection=(--sample 300 --seed 0)
    for task in ${tasks//,/ }; do
        echo "ladder: $model $task" >&2
        "$consensus" eval --task "$task" --data "$data" --model "$model" "${selection[@]}" \
            --normalization cross,plain --output "$output/$model/$task"
        rm -f "$output/$model/$task/samples.jsonl"  # per-item files stay out of the repository
    done
done
python3 scripts/experiments/ladder_report.py "$output"
