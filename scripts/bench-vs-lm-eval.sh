#!/usr/bin/env bash
# consensus against lm-evaluation-harness, side by side on the same questions and the same model.
#
#   bash scripts/bench-vs-lm-eval.sh [--model NAME] [--task arc_easy] [--limit 200] [--rounds 2]
#                                    [--batch-size 8] [--peer DIR] [--data DIR]
#
# Installs lm-evaluation-harness and a CPU torch (pinned) into a throw-away virtual environment
# (--peer, default $TMPDIR/consensus-peer; reused when present), then runs A B A B …: the harness
# (`hf` backend with gguf_file=, which dequantizes the model to fp32, one pass: G only) and
# `consensus eval` (all six methods), each from a cold cache. Prints, per run: wall time,
# scoring-phase tokens/s, peak RSS; then the median ratio and whether G's picks equal the
# harness's `acc` picks question by question. Needs `swift build -c release` and the model
# installed (`consensus models install NAME`). Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

model=smollm2-135m task=arc_easy limit=200 rounds=2 batch=8
peer=${TMPDIR:-/tmp}/consensus-peer data=$root/../shared/data/benchmarks
while [[ $# -gt 0 ]]; do
    case $1 in
        --model) model=$2; shift 2 ;;
        --task) task=$2; shift 2 ;;
        --limit) limit=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --batch-size) batch=$2; shift 2 ;;
        --peer) peer=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        *) echo "bench-vs-lm-eval: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
case $task in arc_easy|arc_challenge) ;; *) echo "bench-vs-lm-eval: --task must be arc_easy or arc_challenge (got $task)" >&2; exit 2 ;; esac
data=$(cd "$data" && pwd)
[[ -f $data/$task.jsonl ]] || { echo "bench-vs-lm-eval: no $data/$task.jsonl" >&2; exit 1; }

consensus=$root/.build/release/consensus
[[ -x $consensus ]] || { echo "bench-vs-lm-eval: build first: swift build -c release --product consensus" >&2; exit 1; }
gguf=$("$consensus" models path "$model") || { echo "bench-vs-lm-eval: install the model first: $consensus models install $model" >&2; exit 1; }

# The peer, pinned (versions of ../shared/notes/lm-eval-peer.md).
venv=$peer/venv
source "$root/scripts/lm-eval-peer.sh"
peer_install "$venv"
peer_versions=$("$venv/bin/python" -c 'import importlib.metadata as m; print(", ".join(f"{p} {m.version(p)}" for p in ("lm_eval", "torch", "transformers")))')

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-lm-eval.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The harness's task reading our JSONL: the prompt and metrics of its built-in arc_easy.
peer_task "$work/tasks" "$task" "$data"
# The harness gets the GGUF's folder and name; its own caches go to this run's folder.
model_dir=$(dirname "$gguf") model_file=$(basename "$gguf")

run_harness() {  # $1: run folder
    local out=$1
    /usr/bin/time -v -o "$out/time" "$venv/bin/lm_eval" run --model hf \
        --model_args "pretrained=$model_dir,gguf_file=$model_file,dtype=float32" \
        --device cpu --include_path "$work/tasks" --tasks "${task}_local" \
        --limit "$limit" --batch_size "$batch" --log_samples --output_path "$out/results" \
        > "$out/stdout" 2> "$out/stderr"
}
run_consensus() {  # $1: run folder
    local out=$1
    /usr/bin/time -v -o "$out/time" "$consensus" eval --task "$task" --data "$data" --limit "$limit" \
        --model "$model" --cache "$out/scores.sqlite" --output "$out/results" > "$out/stdout" 2> "$out/stderr"
}
wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }' "$1/time"; }
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.2f", $2 / 1048576 }' "$1/time"; }

echo "consensus vs lm-evaluation-harness ($peer_versions): $task, first $limit questions, model $model ($model_file)" >&2
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores" >&2
for ((r = 1; r <= rounds; r++)); do
    for tool in harness consensus; do
        mkdir -p "$work/$tool-$r"
        echo "round $r: $tool …" >&2
        sync; echo 3 > /proc/sys/vm/drop_caches 2> /dev/null || true  # cold page cache where allowed
        if [[ $tool == harness ]]; then run_harness "$work/$tool-$r"; else run_consensus "$work/$tool-$r"; fi
    done
done

# Figures per run, the ratio, and the picks, computed in the peer's Python (it has the tokenizer).
"$venv/bin/python" - "$work" "$rounds" "$model_dir" "$model_file" <<'PY'
import glob, json, re, statistics, sys
work, rounds, model_dir, model_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def wall(run):
    text = open(f"{run}/time").read()
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds, int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1048576

def harness(run):
    samples = [json.loads(l) for f in sorted(glob.glob(f"{run}/results/**/samples_*.jsonl", recursive=True)) for l in open(f)]
    samples.sort(key=lambda s: s["doc_id"])
    # Its log-likelihood phase: the last tqdm figure of "Running loglikelihood requests".
    bars = re.findall(r"Running loglikelihood requests: 100%.*?\[(\d+):(\d+)<", open(f"{run}/stderr").read())
    phase = int(bars[-1][0]) * 60 + int(bars[-1][1]) if bars else float("nan")
    picks = [max(range(len(s["filtered_resps"])), key=lambda i: float(s["filtered_resps"][i][0])) for s in samples]
    acc = sum(s["acc"] for s in samples) / len(samples)
    return samples, phase, picks, acc

def consensus(run):
    results = json.load(open(f"{run}/results/results.json"))
    tokens = results["configuration"]["tokensEvaluated"]
    phase = results["configuration"]["wallTimeSeconds"]
    samples = [json.loads(l) for l in open(f"{run}/results/samples.jsonl")]
    picks = [s["picks"]["G"]["index"] for s in samples]
    acc = sum(s["picks"]["G"]["credit"] for s in samples) / len(samples)
    return tokens, phase, picks, acc

# Tokens through the harness's model: context + continuation − 1 per request, unpadded.
from transformers import AutoTokenizer
tokenizer = AutoTokenizer.from_pretrained(model_dir, gguf_file=model_file)
samples, _, _, _ = harness(f"{work}/harness-1")
harness_tokens = 0
for s in samples:
    arguments = s["arguments"]  # {"gen_args_0": {"arg_0": context, "arg_1": continuation}, …} in 0.4.13
    pairs = [(a["arg_0"], a["arg_1"]) for a in arguments.values()] if isinstance(arguments, dict) else arguments
    for context, continuation in pairs:
        harness_tokens += len(tokenizer(context + continuation, add_special_tokens=False)["input_ids"]) - 1

rows, ratios = [], []
for r in range(1, rounds + 1):
    hw, hrss = wall(f"{work}/harness-{r}")
    cw, crss = wall(f"{work}/consensus-{r}")
    _, hphase, hpicks, hacc = harness(f"{work}/harness-{r}")
    ctokens, cphase, cpicks, cacc = consensus(f"{work}/consensus-{r}")
    same = sum(a == b for a, b in zip(hpicks, cpicks))
    ratios.append(hw / cw)
    rate = f"{harness_tokens / hphase:.0f}" if hphase > 0 else "–"  # the bar shows whole seconds
    rows.append(f"| {r} | harness | {hw:.1f} s | {harness_tokens:,} | {rate} (phase {hphase:.0f} s) | {hrss:.2f} GiB | {100 * hacc:.1f} |")
    rows.append(f"| {r} | consensus | {cw:.1f} s | {ctokens:,} | {ctokens / cphase:.0f} (eval {cphase:.0f} s) | {crss:.2f} GiB | {100 * cacc:.1f} |")
    rows.append(f"| {r} | harness ÷ consensus | {hw / cw:.2f}× | | | | G picks = acc picks on {same} of {len(cpicks)} |")
print("| round | tool | wall | tokens | tokens/s in the scoring phase | peak RSS | G acc % |")
print("|---|---|--:|--:|--:|--:|--:|")
print("\n".join(rows))
print(f"\nwall-time ratio harness ÷ consensus: median {statistics.median(ratios):.2f}× over {rounds} rounds")
PY
