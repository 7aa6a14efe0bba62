#!/usr/bin/env bash
# Chat against plain prompts (docs/models.md#chat-or-plain-prompts-each-models-default-formatting):
# every task of the comparison on each model, scored both ways on the same seeded sample, then a
# λ_G × λ_D grid solved over the cached scores (no rescoring), then the report.
#
#   bash scripts/experiments/formatting.sh [--models smollm2-135m,…] [--tasks arc_easy,…]
#        [--sample N] [--seed S] [--data DIR] [--output docs/results/formatting]
#
# Each run resumes through the score cache: a stopped comparison continues where it stopped. The
# per-item files (samples.jsonl) stay in the output folder for formatting_report.py, which reads
# them for the diagnostics and the cross-validated λ grid; they are not committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/experiments/task-source.sh

models=smollm2-135m,qwen2.5-coder-0.5b,qwen2.5-coder-1.5b
tasks=arc_easy,arc_challenge,hhh,truthfulqa_mc1,truthfulqa_mc2,mmlu,race_middle,race_high
sample=100 seed=0 data=../shared/data/benchmarks output=docs/results/formatting
while [[ $# -gt 0 ]]; do
    case $1 in
        --models) models=$2; shift 2 ;;
        --tasks) tasks=$2; shift 2 ;;
        --sample) sample=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        *) echo "formatting: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
grid=0.01,0.03,0.1,0.3,1
consensus=${CONSENSUS:-.build/release/consensus}  # CONSENSUS=PATH: a copy, so that a rebuild does not change it mid-run
[[ -x $consensus ]] || { echo "formatting: build first: swift build -c release --product consensus" >&2; exit 2; }

for model in ${models//,/ }; do
    for task in ${tasks//,/ }; do
        task_source "$task" "$data"
        for formatting in plain chat; do
            chat=()
            [[ $formatting == chat ]] && chat=(--apply-chat-template)
            out="$output/$model/$formatting/$task"
            echo "formatting: $model $formatting $task" >&2
            start=$(date +%s)
            "$consensus" eval "${source[@]}" --model "$model" --sample "$sample" --seed "$seed" "${chat[@]}" \
                --output "$out"
            echo "$model	$formatting	$task	$(($(date +%s) - start))" >>"$output/wall-times.tsv"
            # The grid, from the same cached scores: seconds.
            "$consensus" eval "${source[@]}" --model "$model" --sample "$sample" --seed "$seed" "${chat[@]}" \
                --lambda-generator "$grid" --lambda-discriminator "$grid" --output "$out/grid" >/dev/null
        done
    done
done
python3 scripts/experiments/formatting_report.py "$output"
