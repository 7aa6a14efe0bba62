#!/usr/bin/env bash
# lm-evaluation-harness as a client of `consensus serve`: its own `local-completions` backend
# scores the first N ARC-Easy questions through /v1/completions, and the picks are compared with
# `consensus eval` in-process on the same questions (docs/serve.md).
#
#   bash scripts/experiments/lm-eval-client.sh [--model NAME] [--limit 200] [--peer DIR] [--data DIR]
#
# The harness comes from the throw-away environment scripts/bench-vs-lm-eval.sh installs (--peer,
# default $TMPDIR/consensus-peer; installed here when missing, same pinned versions). Needs
# `swift build -c release --product consensus --traits Full` and the model installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
model=smollm2-135m limit=200 peer=${TMPDIR:-/tmp}/consensus-peer data=$root/../shared/data/benchmarks
while [[ $# -gt 0 ]]; do
    case $1 in
        --model) model=$2; shift 2 ;;
        --limit) limit=$2; shift 2 ;;
        --peer) peer=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        *) echo "lm-eval-client: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
data=$(cd "$data" && pwd)
consensus=$root/.build/release/consensus
[[ -x $consensus ]] || { echo "lm-eval-client: build first: swift build -c release --product consensus --traits Full" >&2; exit 1; }
gguf=$("$consensus" models path "$model") || { echo "lm-eval-client: install the model first: $consensus models install $model" >&2; exit 1; }
venv=$peer/venv
source "$root/scripts/lm-eval-peer.sh"
peer_install "$venv"

work=$(mktemp -d "${TMPDIR:-/tmp}/lm-eval-client.XXXXXX")
server=""
trap '[[ -n $server ]] && kill $server 2> /dev/null; rm -rf "$work"' EXIT
peer_task "$work/tasks" arc_easy "$data"
# The harness tokenizes for token-id prompts with the model's own tokenizer, read from the GGUF.
"$venv/bin/python" -c "
import sys
from transformers import AutoTokenizer
AutoTokenizer.from_pretrained(sys.argv[1], gguf_file=sys.argv[2]).save_pretrained(sys.argv[3])
" "$(dirname "$gguf")" "$(basename "$gguf")" "$work/tokenizer" 2> /dev/null

"$consensus" serve --port 0 --model "$model" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 120); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/serve.log")
    [[ -n $port ]] && break
    sleep 0.5
done
[[ -n ${port:-} ]] || { echo "lm-eval-client: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
name=$(curl -s "http://127.0.0.1:$port/v1/models" | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"][0]["id"])')
echo "consensus serve on port $port, model \"$name\"; lm-evaluation-harness local-completions on the first $limit ARC-Easy questions" >&2
"$venv/bin/lm_eval" run --model local-completions \
    --model_args "base_url=http://127.0.0.1:$port/v1/completions,model=$name,tokenizer_backend=huggingface,tokenizer=$work/tokenizer,tokenized_requests=True,num_concurrent=4,max_retries=2" \
    --include_path "$work/tasks" --tasks arc_easy_local --limit "$limit" --log_samples --output_path "$work/harness" \
    > "$work/harness.log" 2>&1 || { tail -20 "$work/harness.log" >&2; exit 1; }
kill $server; wait $server 2> /dev/null || true; server=""
echo "consensus eval in-process on the same questions" >&2
"$consensus" eval --task arc_easy --data "$data" --limit "$limit" --model "$model" --cache "$work/scores.sqlite" \
    --output "$work/consensus" > /dev/null 2> "$work/eval.log"

python3 - "$work" <<'PY'
import glob, json, sys
work = sys.argv[1]
harness = sorted((json.loads(l) for f in glob.glob(f"{work}/harness/**/samples_*.jsonl", recursive=True) for l in open(f)),
                 key=lambda s: s["doc_id"])
ours = [json.loads(l) for l in open(f"{work}/consensus/samples.jsonl")]
hpicks = [max(range(len(s["filtered_resps"])), key=lambda i: float(s["filtered_resps"][i][0])) for s in harness]
cpicks = [s["picks"]["G"]["index"] for s in ours]
acc = sum(s["acc"] for s in harness) / len(harness)
acc_norm = sum(s["acc_norm"] for s in harness) / len(harness)
results = next(iter(json.load(open(f"{work}/consensus/results.json"))["results"].values()))
print(f"lm-evaluation-harness local-completions → consensus serve: acc {acc:.3f}, acc_norm {acc_norm:.3f} ({len(harness)} questions)")
print(f"consensus eval in-process:                              acc {results['acc,G']:.3f}, acc_norm {results['acc_norm,none']:.3f}")
print(f"same pick on {sum(a == b for a, b in zip(hpicks, cpicks))} of {len(cpicks)} questions")
PY
