#!/usr/bin/env bash
# Fuzzes `consensus serve` against its own OpenAPI document with schemathesis (every check),
# the way docs/serve.md reports it. schemathesis comes from PyPI into a throw-away virtual
# environment; nothing is installed into the repository.
#
# Usage: bash scripts/schemathesis.sh [--max-examples N] [--model NAME] [extra schemathesis options]
# Needs a release build (swift build -c release --product consensus --traits Full) and the model installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${SCHEMATHESIS_WORK:-$(mktemp -d /tmp/consensus-schemathesis.XXXXXX)}"
version="4.32.0"
examples=50
model=smollm2-135m
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --max-examples) examples="$2"; shift ;;
    --model) model="$2"; shift ;;
    *) extra+=("$1") ;;
  esac
  shift
done
binary="$root/.build/release/consensus"
[ -x "$binary" ] || { echo "schemathesis.sh: build first: swift build -c release --product consensus --traits Full" >&2; exit 2; }
if [ ! -x "$work/venv/bin/st" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi
log="$work/serve.log"
"$binary" serve --port 0 --model "$model" --api-key fuzz-key >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "schemathesis.sh: the server did not start" >&2; cat "$log" >&2; exit 1; }
echo "schemathesis $version against $url (model $model), $examples examples per operation" >&2
"$work/venv/bin/st" run "$url/openapi.yaml" --url "$url" --checks all --max-examples "$examples" \
  -H "Authorization: Bearer fuzz-key" --workers 1 --request-timeout 300 --max-response-time 300 "${extra[@]}"
