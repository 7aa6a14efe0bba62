#!/usr/bin/env bash
# The playground page (GET / of `consensus serve`) in a real browser: installs Debian's chromium
# when it is missing, starts `consensus serve` on the small model (SmolLM2-135M) and, in front of
# it, a ranking gateway (`serve --engine URL`) with an API key, both on free loopback ports, and
# drives the page in headless Chromium over the DevTools protocol (scripts/playground_browser.py):
# the README's Red Planet question (ER-D picks Mars; a row per method; the bars and the
# exploitability chart), "copy as curl", an empty question (the API's error next to the field), a
# wrong API key (the 401 banner) and the right one through the gateway. Screenshots go to the
# test output; the last line is "N passed, N failed", and the exit status is 1 when a check failed.
#
# Usage: bash scripts/playground-test.sh [--save-docs-screenshot] [--out DIR] [--model NAME]
#   --save-docs-screenshot  also copy the answer view's screenshot to docs/playground.png
# Needs the Full debug build (swift build --build-tests --traits Full) and the model installed
# (bash scripts/setup.sh --test-model).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.build/test-output/playground"
model=smollm2-135m
save_docs=0
while [ $# -gt 0 ]; do
  case "$1" in
    --save-docs-screenshot) save_docs=1 ;;
    --out) out="$2"; shift ;;
    --model) model="$2"; shift ;;
    *) echo "playground-test.sh: unknown argument $1 (see the usage at the top of the script)" >&2; exit 2 ;;
  esac
  shift
done
binary="$root/.build/debug/consensus"
fail() { echo "playground-test.sh: $1" >&2; echo "0 passed, 1 failed"; exit 1; }
[ -x "$binary" ] || fail "no $binary: build first with swift build --build-tests --traits Full"
if ! command -v chromium >/dev/null 2>&1; then
  echo "playground-test.sh: installing Debian's chromium" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || fail "could not install chromium (apt-get install -y chromium)"
fi
mkdir -p "$out"
key="playground-key-$RANDOM$RANDOM"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done' EXIT

# Starts `consensus serve ARGS` on a free port; sets $url once it listens.
start() {
  local log="$1"; shift
  "$binary" serve --port 0 "$@" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  url=""
  for _ in $(seq 1 600); do
    url=$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$log" | head -1 | sed 's/listening on //' || true)
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "consensus serve $* exited"; }
    sleep 0.1
  done
  cat "$log" >&2
  fail "consensus serve $* did not start within 60 s"
}
start "$out/serve-local.log" --model "$model"
local_url="$url"
start "$out/serve-gateway.log" --engine "$local_url" --api-key "$key"
gateway_url="$url"
echo "playground-test.sh: $local_url (model $model), gateway $gateway_url; chromium $(chromium --version 2>/dev/null | head -1)" >&2

status=0
python3 "$root/scripts/playground_browser.py" --local "$local_url" --gateway "$gateway_url" --key "$key" --out "$out" || status=$?
if [ "$status" -eq 0 ] && [ "$save_docs" -eq 1 ]; then
  cp "$out/playground-answer.png" "$root/docs/playground.png"
  echo "playground-test.sh: docs/playground.png updated" >&2
fi
exit "$status"
