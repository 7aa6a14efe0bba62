#!/usr/bin/env bash
# A newcomer's first answer, timed: from a fresh clone to the README's first command's answer,
# with an empty CONSENSUS_CACHE, no pip cache and no .build, phase by phase.
#
#   bash scripts/first-run-bench.sh [--source PATH-OR-URL] [--keep]
#
# Clones --source (default: this repository's committed HEAD) into a temporary folder and runs the
# README's first command there in its parts: set-up (the llama.cpp build and the model download
# and verification, which overlap), the Swift release build (its compile steps grouped by package
# from SwiftPM's own output), and the answer. Prints a table; --keep keeps the folder. The
# pkg-config link set-up writes is pointed back at this clone's llama.cpp build afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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

python3 - "$work" "$t0" "$t1" "$t2" "$t3" "$again0" "$again1" "$answer" <<'PY'
import re, sys
work, t0, t1, t2, t3, a0, a1 = sys.argv[1], *map(float, sys.argv[2:8])
answer = sys.argv[8]

def lines(name):
    for line in open(f"{work}/{name}"):
        stamp, _, text = line.rstrip("\n").partition(" ")
        yield float(stamp), text

setup = list(lines("setup.log"))
def span(pattern_start, pattern_end):
    start = next((t for t, x in setup if re.search(pattern_start, x)), None)
    end = next((t for t, x in setup if re.search(pattern_end, x)), None)
    return (end - start) if start and end else None

llama = span(r"building llama\.cpp", r"llama\.cpp .*(built|installed|cached)")
model = span(r"downloading .* wheel", r"verified")
# SwiftPM's steps: "[n/m] Compiling Module file.swift", "Compiling Module …", "Building for production…"
groups = [
    ("BoringSSL, swift-crypto, certificates, ASN.1 (TLS for AsyncHTTPClient)", r"^(CNIOBoringSSL|NIOSSL|Crypto|_Crypto|CCrypto|X509|_CertificateInternals|SwiftASN1)"),
    ("SwiftNIO and its HTTP/2, extras, transport services", r"^(NIO|_NIO|CNIO)"),
    ("AsyncHTTPClient", r"^AsyncHTTPClient"),
    ("Hummingbird, ServiceLifecycle, swift-prometheus, metrics", r"^(Hummingbird|ServiceLifecycle|UnixSignals|Prometheus|CoreMetrics|Metrics)"),
    ("GRDB (SQLite)", r"^(GRDB|GRDBSQLite)"),
    ("swift-argument-parser, swift-log, collections, atomics, numerics, algorithms", r"^(ArgumentParser|Logging|DequeModule|InternalCollections|OrderedCollections|Collections|Atomics|_Atomics|Numerics|RealModule|ComplexModule|_NumericsShims|Algorithms|_Collections|BasicContainers|HashTree|HeapModule|BitCollections|RopeModule|TrieModule)"),
    ("consensus's own targets", r"^(Consensus|consensus|CLlama)"),
]
steps = {name: [] for name, _ in groups}
other = []
for t, text in lines("build.log"):
    m = re.match(r"^\[\d+/\d+\] (?:Compiling|Emitting module|Wrapping AST|Linking|Write|Archiving) (\S+)", text)
    if not m:
        continue
    module = m.group(1)
    for name, pattern in groups:
        if re.match(pattern, module):
            steps[name].append(t)
            break
    else:
        other.append((t, module))

print(f"| phase | seconds |")
print(f"|---|--:|")
print(f"| set-up, all (llama.cpp build and model download overlap) | {t1 - t0:.0f} |")
if llama: print(f"| … the llama.cpp build | {llama:.0f} |")
if model: print(f"| … the model download and its verification | {model:.0f} |")
print(f"| Swift release build, all | {t2 - t1:.0f} |")
for name, ts in steps.items():
    if ts:
        print(f"| … {name}: {len(ts)} steps, first to last | {max(ts) - min(ts):.0f} |")
if other:
    print(f"| … other modules ({', '.join(sorted({m for _, m in other})[:8])}…): {len(other)} steps | – |")
print(f"| the answer (`swift run -c release consensus rank …`, model load included) | {t3 - t2:.0f} |")
print(f"| **total, fresh clone to answer** | **{t3 - t0:.0f}** ({(t3 - t0) / 60:.1f} min) |")
print(f"| a second run of the same command | {a1 - a0:.1f} |")
print()
print(answer or "NO ANSWER (see rank.log)")
PY
