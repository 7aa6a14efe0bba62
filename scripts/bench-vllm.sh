#!/usr/bin/env bash
# consensus on a live vLLM, side by side (docs/serve.md#running-on-vllm): on the first N ARC-Easy
# questions, what vLLM itself computed (its /metrics counters: prompt tokens, those read from its
# prefix cache, generated tokens) and the wall time of
#   1. lm-evaluation-harness's local-completions against vLLM (G only, as its users run it);
#   2. `consensus eval --engine URL` (all methods), the default route (echo plan, next-token ids);
#   3. the same with --engine-route echo (every request echoed on its own);
# beside the in-process engine's prefix-trie count for the same questions, and the picks of each.
#
#   bash scripts/bench-vllm.sh --data DIR [--limit 200] [--url URL] [--model smollm2-135m] [--peer DIR] [--consensus PATH]
#
# Without --url it starts vLLM (scripts/vllm.sh) with VLLM_SERVER_DEV_MODE=1, so that each run
# begins with vLLM's prefix cache emptied (POST /reset_prefix_cache): no run reads what an earlier
# one left; it stops vLLM at the end. The harness comes from the throw-away environment of
# scripts/lm-eval-peer.sh (--peer). --consensus: the executable (default: the release build,
# `swift build -c release --product consensus --traits Full`, else the tests' debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
model=smollm2-135m limit=200 url="" peer=${TMPDIR:-/tmp}/consensus-peer data="" consensus=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --limit) limit=$2; shift 2 ;;
        --url) url=$2; shift 2 ;;
        --model) model=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --peer) peer=$2; shift 2 ;;
        --consensus) consensus=$2; shift 2 ;;
        *) echo "bench-vllm: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
[[ -n $data && -f $data/arc_easy.jsonl ]] || { echo "bench-vllm: --data DIR must hold arc_easy.jsonl${data:+ (not found in $data)}" >&2; exit 2; }
data=$(cd "$data" && pwd)
if [[ -z $consensus ]]; then
    consensus=$root/.build/release/consensus
    [[ -x $consensus ]] || consensus=$root/.build/debug/consensus
fi
[[ -x $consensus ]] || { echo "bench-vllm: build first: swift build -c release --product consensus --traits Full" >&2; exit 1; }
"$consensus" eval --help | grep -q -- "--engine " \
    || { echo "bench-vllm: $consensus was built without --engine: build it with --traits Full" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-vllm.XXXXXX")
trap '[[ -z $url || -f $work/vllm/pid ]] && bash scripts/vllm.sh stop "$work/vllm"' EXIT
if [[ -z $url ]]; then url=$(VLLM_SERVER_DEV_MODE=1 bash scripts/vllm.sh start "$model" "$work/vllm"); fi
venv=$peer/venv
source scripts/lm-eval-peer.sh
peer_install "$venv"
peer_task "$work/tasks" arc_easy "$data"
hf=$(bash scripts/vllm.sh model "$model")

# counters FILE: vLLM's token counters now, as JSON.
counters() {
    curl -sf "$url/metrics" | python3 -c '
import json, sys
names = ["vllm:prompt_tokens_total", "vllm:prompt_tokens_cached_total", "vllm:generation_tokens_total",
         "vllm:prefix_cache_queries_total", "vllm:prefix_cache_hits_total"]
values = {n: 0.0 for n in names}
for line in sys.stdin:
    name = line.split("{")[0].split(" ")[0]
    if name in values: values[name] += float(line.split()[-1])
print(json.dumps(values))' > "$1"
}
# run NAME COMMAND…: the command's wall time and vLLM's counters around it, into $work/NAME.*.
run() {
    local name=$1; shift
    echo "bench-vllm: $name" >&2
    curl -sf -X POST "$url/reset_prefix_cache" >/dev/null \
        || echo "bench-vllm: vLLM's prefix cache could not be emptied (start it with VLLM_SERVER_DEV_MODE=1): $name may read what an earlier run left" >&2
    counters "$work/$name.before"
    local started; started=$(date +%s.%N)
    "$@" > "$work/$name.out" 2> "$work/$name.log" || { tail -20 "$work/$name.log" >&2; exit 1; }
    echo "$(date +%s.%N) - $started" | bc > "$work/$name.seconds"
    counters "$work/$name.after"
}

run harness "$venv/bin/lm_eval" run --model local-completions \
    --model_args "base_url=$url/v1/completions,model=$model,tokenizer_backend=huggingface,tokenizer=$hf,tokenized_requests=True,num_concurrent=8,max_retries=2" \
    --include_path "$work/tasks" --tasks arc_easy_local --limit "$limit" --log_samples --output_path "$work/harness"
common=(eval --task arc_easy --data "$data" --limit "$limit" --engine "$url" --parallel 8)
run consensus "$consensus" "${common[@]}" --cache "$work/plan.sqlite" --output "$work/plan"
run echo "$consensus" "${common[@]}" --engine-route echo --cache "$work/echo.sqlite" --output "$work/echo"
echo "bench-vllm: in-process (the prefix trie's count)" >&2
"$consensus" eval --task arc_easy --data "$data" --limit "$limit" --model "$model" --cache "$work/local.sqlite" \
    --output "$work/local" > /dev/null 2> "$work/local.log"

python3 - "$work" "$limit" <<'PY'
import glob, json, re, sys
work, limit = sys.argv[1], sys.argv[2]
def delta(name):
    a, b = (json.load(open(f"{work}/{name}.{w}")) for w in ("before", "after"))
    return {k.split(":")[1]: b[k] - a[k] for k in a}
def picks(path):
    return [json.loads(l)["picks"] for l in open(path)]
local_log = open(f"{work}/local.log").read()
trie = int(re.search(r"(\d+) tokens evaluated in this run", local_log).group(1))
harness = sorted((json.loads(l) for f in glob.glob(f"{work}/harness/**/samples_*.jsonl", recursive=True) for l in open(f)),
                 key=lambda s: s["doc_id"])
hpicks = [max(range(len(s["filtered_resps"])), key=lambda i: float(s["filtered_resps"][i][0])) for s in harness]
local = picks(f"{work}/local/samples.jsonl")
print(f"{limit} ARC-Easy questions; in-process prefix trie: {trie} tokens")
print("| run | wall s | prompt tokens | from cache | computed | computed / trie | generated | G picks as in-process | all picks as in-process |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for name, label in (("harness", "lm-eval local-completions (G)"), ("consensus", "consensus eval --engine (7 methods)"),
                    ("echo", "consensus eval --engine --engine-route echo")):
    d = delta(name)
    computed = d["prompt_tokens_total"] - d["prompt_tokens_cached_total"]
    seconds = float(open(f"{work}/{name}.seconds").read())
    if name == "harness":
        same_g = sum(a == b["G"]["index"] for a, b in zip(hpicks, local))
        same_all = "—"
    else:
        ours = picks(f"{work}/{'plan' if name == 'consensus' else name}/samples.jsonl")
        same_g = sum(a["G"]["index"] == b["G"]["index"] for a, b in zip(ours, local))
        same_all = sum(all(a[m]["index"] == b[m]["index"] for m in b) for a, b in zip(ours, local))
    print(f"| {label} | {seconds:.1f} | {d['prompt_tokens_total']:.0f} | {d['prompt_tokens_cached_total']:.0f} | {computed:.0f} | "
          f"{computed / trie:.2f} | {d['generation_tokens_total']:.0f} | {same_g}/{len(local)} | {same_all}/{len(local)} |")
PY
