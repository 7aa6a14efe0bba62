#!/usr/bin/env python3
"""The table of scripts/experiments/first-run-bench.sh from its logs (run by it; standard library only).

    python3 scripts/experiments/first_run_report.py WORK T0 T1 T2 T3 AGAIN0 AGAIN1 ANSWER

WORK holds setup.log and build.log, each line prefixed with its Unix time; T0…T3 are the starts
of set-up, the Swift build and the answer and the answer's end; AGAIN0/1 bound a second run.
SwiftPM prints a compile step when it starts it and runs two at a time here, so a group's
figure is its steps and the window in which they started, not a duration of its own.
"""
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
    ("C and assembly files (BoringSSL's, for AsyncHTTPClient's TLS; NIO's zlib and HTTP parser)", r".*\.(c|cc|S)$|^CNIO"),
    ("TLS: NIOSSL, swift-crypto, certificates, ASN.1", r"^(NIOSSL|NIOTLS|Crypto|_Crypto|CCrypto|X509|_CertificateInternals|SwiftASN1)"),
    ("SwiftNIO and its HTTP/1, HTTP/2, extras, file system", r"^(NIO|_NIO)"),
    ("AsyncHTTPClient", r"^AsyncHTTPClient"),
    ("Hummingbird, ServiceLifecycle, swift-prometheus, metrics", r"^(Hummingbird|ServiceLifecycle|UnixSignals|Prometheus|CoreMetrics|Metrics)"),
    ("GRDB (SQLite)", r"^(GRDB|GRDBSQLite)"),
    ("swift-argument-parser, swift-log, collections, atomics, numerics, algorithms", r"^(ArgumentParser|Logging|DequeModule|InternalCollections|OrderedCollections|Collections|Atomics|_Atomics|Numerics|RealModule|ComplexModule|_NumericsShims|Algorithms|_Collections|BasicContainers|HashTree|HeapModule|BitCollections|RopeModule|TrieModule)"),
    ("consensus's own targets", r"^(Consensus|consensus|CLlama)"),
]
steps = {name: [] for name, _ in groups}
other = []
for t, text in lines("build.log"):
    m = re.match(r"^\[\d+/\d+\] Compiling (\S+)", text)
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
        print(f"| … {name}: {len(ts)} compile steps, from {min(ts) - t1:.0f} s to {max(ts) - t1:.0f} s | – |")
if other:
    print(f"| … other modules ({', '.join(sorted({m for _, m in other}))}): {len(other)} compile steps | – |")
print(f"| the answer (`swift run -c release consensus rank …`, model load included) | {t3 - t2:.0f} |")
print(f"| **total, fresh clone to answer** | **{t3 - t0:.0f}** ({(t3 - t0) / 60:.1f} min) |")
print(f"| a second run of the same command | {a1 - a0:.1f} |")
print()
print(answer or "NO ANSWER (see rank.log)")
