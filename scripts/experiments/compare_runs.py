#!/usr/bin/env python3
"""Compares two `consensus eval` runs of the same items (their samples.jsonl): how far the
language-model scores moved and how many picks changed, e.g. between two llama.cpp builds or two
weight formats of one model against its F32 copy (docs/engine.md).

Usage: python3 scripts/experiments/compare_runs.py REFERENCE/samples.jsonl OTHER/samples.jsonl

Prints, over the items both runs hold (first solver setting only): the largest |Δ| of the
generator's log-probabilities (summed per candidate, correct and incorrect prompts) and of the
discriminator's label log-probabilities, their means, and per method the number of items whose
pick differs. Standard library only.
"""
import sys

from samples_jsonl import first_solver_records


def load(path):
    return {record["id"]: record for _, record in first_solver_records(path)}


def scores(record):
    problem = record["outcome"]["problem"]
    return ([x for v in ("correct", "incorrect") for x in problem["generator"][v]],
            [x for v in ("correct", "incorrect") for x in problem["discriminator"][v]])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = load(sys.argv[1]), load(sys.argv[2])
    common = [i for i in a if i in b]
    if not common:
        sys.exit("the two runs share no item")
    deltas = {"generator": [], "discriminator": []}
    changed = {}
    for item in common:
        for name, x, y in zip(("generator", "discriminator"), scores(a[item]), scores(b[item])):
            deltas[name] += [abs(p - q) for p, q in zip(x, y) if p != float("-inf") and q != float("-inf")]
        for method, pick in a[item]["picks"].items():
            changed[method] = changed.get(method, 0) + (pick["index"] != b[item]["picks"][method]["index"])
    print(f"items: {len(common)}")
    for name, values in deltas.items():
        print(f"{name} log-probabilities: max |Δ| {max(values):.4g}, mean |Δ| {sum(values) / len(values):.3g} over {len(values)} scores")
    print("picks changed: " + ", ".join(f"{m} {n}" for m, n in changed.items()))


if __name__ == "__main__":
    main()
