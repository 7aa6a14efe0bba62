#!/usr/bin/env bash
# A newcomer's first answer, timed: from a fresh clone to the README's first command's answer,
# with an empty CONSENSUS_CACHE, no pip cache and no .build, phase by phase.
#
#   bash scripts/experiments/first-run-bench.sh [--source PATH-OR-URL] [--keep]
#
# Clones --source (default: this repository's committed HEAD) into a temporary folder and runs the
# README's first command there in its parts: set-up (the llama.cpp build and the model download
# and verification, which overlap), the Swift release build (its compile steps grouped by package
# from SwiftPM's own output), and the answer. Prints a table; --keep keeps the folder. The
# pkg-config link set-up writes is pointed back at this clone's llama.cpp build afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source=$here keep=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --source) source=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        *) echo "first-run-bench: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/first-run.XXXXXX")
pc=/usr/local/lib/pkgconfig/consensus-llama.pc
previous_pc=$(readlink "$pc" 2> /dev/null || true)
finish() {
    # Set-up relinked consensus-llama.pc into the temporary cache: point it back.
    if [[ -n $previous_pc ]]; then ln -sfn "$previous_pc" "$pc"; fi
    if [[ $keep == 0 ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap finish EXIT

stamp() { while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done; }
now() { date +%s.%N; }

git clone --quiet "$source" "$work/clone"
cd "$work/clone"
export CONSENSUS_CACHE=$work/cache PIP_NO_CACHE_DIR=1
echo "first run of $(git rev-parse --short HEAD) in $work (CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores)" >&2

t0=$(now)
bash scripts/setup.sh 2>&1 | stamp > "$work/setup.log"
t1=$(now)
swift build -c release --product consensus 2>&1 | stamp > "$work/build.log"
t2=$(now)
answer=$(swift run -c release consensus rank --question "Which planet is known as the Red Planet?" \
    --choice Mars --choice Venus --choice Jupiter --choice Saturn 2> "$work/rank.log" | grep "Equilibrium-Ranking picks" || true)
t3=$(now)
again0=$(now)
swift run -c release consensus rank --question "Which planet is known as the Red Planet?" \
    --choice Mars --choice Venus --choice Jupiter --choice Saturn > /dev/null 2>&1
again1=$(now)

python3 "$here/scripts/experiments/first_run_report.py" "$work" "$t0" "$t1" "$t2" "$t3" "$again0" "$again1" "$answer"
