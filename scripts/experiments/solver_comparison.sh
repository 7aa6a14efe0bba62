#!/usr/bin/env bash
# piKL against extragradient on cached benchmark scores: iterations to a target exploitability,
# solving time per item, picks that change, and accuracy (docs/solver-comparison.md).
# Only solver settings vary, so every run reads its scores from the score cache.
#
#   bash scripts/experiments/solver_comparison.sh [--pairs MODEL:TASK,…] [--output DIR] [--data DIR]
#                                     [--pikl-cap N] [--repeats R] [--copies K]
#
# Default pairs: smollm2-135m on every multiple-choice task, qwen2.5-coder-1.5b on ARC-Easy and
# ARC-Challenge (both fully cached by scripts/experiments/ladder.sh). CONSENSUS=path/to/consensus uses that
# binary instead of building one.
#
# Per pair, one eval per setting (so that each has its own wall time):
#   T0                  piKL, T = 0 (the fixed cost: cache, initial policies, outputs)
#   pikl-T5000          the paper's setting: piKL, T = 5000, no target
#   pikl-1e-3 … -1e-9   piKL to ε = 1e-3, 1e-6, 1e-9, at most --pikl-cap iterations (1,000,000)
#   eg-1e-3 … -1e-9     extragradient (η = 10) to ε, at most 1,000,000 iterations
# λ = η = 0.1 (the defaults), cross-normalisation, no trajectory (--trajectory-every 0; it only
# records exploitabilities, the iterates are the same). Solving time: eval's own wall time
# (results.json configuration.wallTimeSeconds: cache, solving and per-setting results, not the
# files written afterwards) minus that of the T0 eval, per item, the fastest of several runs of
# each. Settings that take a few seconds at most are timed as K copies in one eval (--copies, 10)
# against K copies of T0, R times (--repeats, 3); piKL to 1e-6 and 1e-9 twice (the outcome run
# and one more) against the fastest single T0. Then scripts/experiments/solver_comparison.py prints the tables.
set -euo pipefail
cd "$(dirname "$0")/../.."

pairs=smollm2-135m:arc_easy,smollm2-135m:arc_challenge,smollm2-135m:hhh,smollm2-135m:truthfulqa_mc1,smollm2-135m:truthfulqa_mc2,qwen2.5-coder-1.5b:arc_easy,qwen2.5-coder-1.5b:arc_challenge
output=out/solver-comparison data=../shared/data/benchmarks
pikl_cap=1000000 repeats=3 copies=10 limit=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --pairs) pairs=$2; shift 2 ;;
        --output) output=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --pikl-cap) pikl_cap=$2; shift 2 ;;
        --repeats) repeats=$2; shift 2 ;;
        --copies) copies=$2; shift 2 ;;
        *) echo "solver_comparison: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done

if [[ -z ${CONSENSUS:-} ]]; then
    swift build -c release --product consensus >&2
    CONSENSUS=.build/release/consensus
fi

# K copies of one value, comma-separated (a list sweeps; equal values are kept, one result each).
copies_of() { local k=$1 v=$2 s=$2; for ((i = 1; i < k; i++)); do s+=",$v"; done; echo "$s"; }

# run MODEL TASK OUT K SOLVER ITERATIONS [TARGET]: one eval, K copies of one setting.
run() {
    local model=$1 task=$2 out=$3 k=$4 solver=$5 iterations=$6 target=${7:-}
    local args=(eval --task "$task" --data "$data" --model "$model" --threads 1 --solver "$solver"
                --iterations "$(copies_of "$k" "$iterations")" --trajectory-every 0 --output "$out")
    [[ -n $target ]] && args+=(--target-exploitability "$target")
    mkdir -p "$out"
    timeout "$limit" nice -n 5 "$CONSENSUS" "${args[@]}" >/dev/null 2>"$out/stderr.txt"
    grep -q ' 0 tokens evaluated' "$out/stderr.txt" || {
        echo "solver_comparison: $out scored tokens (not cached?); stopping" >&2; exit 1; }
}

for pair in ${pairs//,/ }; do
    model=${pair%%:*} task=${pair#*:}
    dir=$output/$model/$task
    echo "solver_comparison: $model $task" >&2
    # The scores are cached: a run that has to score takes minutes, not seconds, so the first run
    # of each pair has a time limit, and every run must report 0 tokens evaluated.
    limit=120
    run "$model" "$task" "$dir/T0" 1 pikl 0
    limit=0
    # Outcomes (one copy each): iterations, picks, accuracy; and the time of the slow settings.
    run "$model" "$task" "$dir/pikl-T5000" 1 pikl 5000
    for eps in 1e-3 1e-6 1e-9; do
        run "$model" "$task" "$dir/pikl-$eps" 1 pikl "$pikl_cap" "$eps"
        run "$model" "$task" "$dir/eg-$eps" 1 extragradient 1000000 "$eps"
    done
    # Timing: T0 once per repeat; the settings that take seconds, in all, as K copies against K
    # copies of T0; piKL to 1e-6 and 1e-9 (a minute or so) once more, against one T0.
    for ((r = 1; r <= repeats; r++)); do
        run "$model" "$task" "$dir/timing/T0-k1-r$r" 1 pikl 0
        run "$model" "$task" "$dir/timing/T0-k$copies-r$r" "$copies" pikl 0
        run "$model" "$task" "$dir/timing/pikl-T5000-k$copies-r$r" "$copies" pikl 5000
        run "$model" "$task" "$dir/timing/pikl-1e-3-k$copies-r$r" "$copies" pikl "$pikl_cap" 1e-3
        for eps in 1e-3 1e-6 1e-9; do
            run "$model" "$task" "$dir/timing/eg-$eps-k$copies-r$r" "$copies" extragradient 1000000 "$eps"
        done
        if ((r == 1)); then
            for eps in 1e-6 1e-9; do
                run "$model" "$task" "$dir/timing/pikl-$eps-k1-r$r" 1 pikl "$pikl_cap" "$eps"
            done
        fi
    done
    rm -f "$dir"/timing/*/samples.jsonl "$dir"/timing/*/*.svg "$dir"/timing/*/report.md
done
python3 scripts/experiments/solver_comparison.py "$output"
