#!/usr/bin/env bash
# Players from two models (docs/models.md#players-from-two-models): the generator's prompts on one
# model, the discriminator's on another (`--discriminator-model`), beside each model alone, all on
# the same seeded sample with plain prompts. Runs resume through the score cache, so a model
# alone costs nothing where the formatting comparison already scored its items.
#
#   bash scripts/experiments/players.sh [--pairs G:D,G:D] [--tasks arc_easy,…] [--sample N] [--seed S]
#        [--data DIR] [--output docs/results/players]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/experiments/task-source.sh

pairs=qwen2.5-coder-0.5b:qwen2.5-coder-1.5b,qwen2.5-coder-1.5b:qwen2.5-coder-0.5b
tasks=arc_easy,arc_challenge,hhh,truthfulqa_mc1,truthfulqa_mc2,mmlu,race_middle,race_high
sample=100 seed=0 data=../shared/data/benchmarks output=docs/results/players
while [[ $# -gt 0 ]]; do
    case $1 in
        --pairs) pairs=$2; shift 2 ;;
        --tasks) tasks=$2; shift 2 ;;
        --sample) sample=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        *) echo "players: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
consensus=${CONSENSUS:-.build/release/consensus}
[[ -x $consensus ]] || { echo "players: build first: swift build -c release --product consensus" >&2; exit 2; }

for pair in ${pairs//,/ }; do
    generator=${pair%%:*} discriminator=${pair##*:}
    for task in ${tasks//,/ }; do
        task_source "$task" "$data"
        for players in "$generator" "$discriminator" "$generator+$discriminator"; do
            [[ -f $output/$players/$task/results.json ]] && continue  # a model alone, already run for another pair
            second=()
            [[ $players == *+* ]] && second=(--discriminator-model "$discriminator")
            echo "players: $players, $task" >&2
            start=$(date +%s)
            "$consensus" eval "${source[@]}" --model "${players%%+*}" "${second[@]}" \
                --sample "$sample" --seed "$seed" --output "$output/$players/$task" >/dev/null
            echo "$players	$task	$(($(date +%s) - start))" >>"$output/wall-times.tsv"
        done
    done
done
python3 scripts/experiments/players_report.py "$output"
