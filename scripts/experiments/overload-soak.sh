#!/usr/bin/env bash
# Overload and soak of `consensus serve` (docs/serve.md), on a server that admits few requests:
# 1. overload: four times as many independent connections as it admits (curl loops, each
#    waiting as long as a 503's Retry-After says) for --burst seconds; every status counted,
#    p50/p99 of the accepted requests, 503s checked for Retry-After;
# 2. soak: `consensus bench load` with as many clients for --duration seconds (its HTTP client
#    pools its connections, so it offers a steady load), the server's RSS sampled every --every s.
#
#   bash scripts/experiments/overload-soak.sh [--duration 600] [--burst 60] [--every 30] [--model NAME]
#                                 [--threads N] [--max-concurrent 2] [--max-queue 6]
#
# Needs `swift build -c release --product consensus --traits Full` and the model installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=600 burst=60 every=30 model=smollm2-135m threads=2 concurrent=2 queue=6
while [[ $# -gt 0 ]]; do
    case $1 in
        --duration) duration=$2; shift 2 ;;
        --every) every=$2; shift 2 ;;
        --burst) burst=$2; shift 2 ;;
        --model) model=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --max-concurrent) concurrent=$2; shift 2 ;;
        --max-queue) queue=$2; shift 2 ;;
        *) echo "overload-soak: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
consensus=.build/release/consensus
[[ -x $consensus ]] || { echo "overload-soak: build first: swift build -c release --product consensus --traits Full" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/overload-soak.XXXXXX")
server=""
trap '[[ -n $server ]] && kill $server 2> /dev/null; rm -rf "$work"' EXIT

"$consensus" serve --port 0 --model "$model" --threads "$threads" --cache-size 0 \
    --max-concurrent "$concurrent" --max-queue "$queue" --queue-timeout 10 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 240); do
    url=$(grep -o 'http://[0-9.]*:[0-9]*' "$work/serve.log" | head -1 || true)
    [[ -n $url ]] && break
    sleep 0.5
done
[[ -n ${url:-} ]] || { echo "overload-soak: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
admitted=$((concurrent + queue))
clients=$((4 * admitted))
echo "server $url admits $admitted requests ($concurrent at work, $queue queued)" >&2

echo "overload: $clients connections for $burst s" >&2
body='{"question": "Which planet is known as the Red Planet?", "candidates": ["Mars", "Venus", "Jupiter", "Saturn"]}'
end=$(( $(date +%s) + burst ))
for c in $(seq $clients); do
    (
        while (( $(date +%s) < end )); do
            curl -s -o /dev/null -D "$work/headers.$c" -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
                -d "$body" "$url/v1/rank" || echo "000 0"
            # A well-behaved client waits as long as Retry-After says before it tries again.
            wait_for=$(awk 'tolower($1) == "retry-after:" { print $2 + 0 }' "$work/headers.$c")
            if [[ -n $wait_for ]]; then echo retry-after >> "$work/retry.$c"; sleep "$wait_for"; fi
        done > "$work/burst.$c"
    ) &
done
wait $(jobs -p | grep -v "^$server$") 2> /dev/null || true
cat "$work"/burst.* | awk '{ n[$1]++ } END { for (s in n) printf "overload: status %s: %d\n", s, n[s] }'
echo "overload: 503 answers with Retry-After: $(cat "$work"/retry.* 2> /dev/null | wc -l)"
awk '$1 == 200 { print $2 }' "$work"/burst.* | sort -n | awk '{ t[NR] = $1 } END {
    if (NR) { p99 = int(NR * 0.99) + 1; if (p99 > NR) p99 = NR
              printf "overload: accepted p50 %.2f s, p99 %.2f s (%d accepted)\n", t[int(NR * 0.5) + 1], t[p99], NR } }'

echo "soak: $clients clients for $duration s" >&2

(
    start=$(date +%s)
    while kill -0 $server 2> /dev/null; do
        printf '%s %s\n' $(( $(date +%s) - start )) "$(awk '/VmRSS/ { print $2 }' /proc/$server/status)"
        sleep "$every"
    done
) > "$work/rss.txt" &
sampler=$!
"$consensus" bench load --url "$url" --server-pid $server --clients $clients --requests 1000000 --duration "$duration" | tee "$work/load.txt"
kill $sampler 2> /dev/null || true
curl -s "$url/metrics" | grep -E '^consensus_requests_total' | sed 's/^/metrics: /'
echo "server RSS (KiB) every $every s:"
awk '{ printf "  t=%ss %s KiB\n", $1, $2 }' "$work/rss.txt"
awk 'NR == 1 { first = $2 } { last = $2; if ($2 > max) max = $2 } END { printf "RSS first %d KiB, last %d KiB, max %d KiB\n", first, last, max }' "$work/rss.txt"
