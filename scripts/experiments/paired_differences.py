#!/usr/bin/env python3
"""Paired differences between ranking methods in one `consensus eval` run (its samples.jsonl).

Usage: python3 scripts/experiments/paired_differences.py RUN/samples.jsonl [--baseline G] [--items A:B]

Two methods judged on the same items are correlated, so the standard error of their difference
is smaller (or larger) than the two standard errors in the report suggest. This prints, per task
and metric, every method's mean per-item difference from the baseline with the standard error of
that mean (sample standard deviation of the differences / sqrt(n)).

Metrics, as the report computes them: multiple-choice tasks use each pick's credit (acc, split
on ties) or, on TruthfulQA MC2, its true mass (mc2); SVAMP and GSM8K each answer method's credit
(acc, with greedy, majority and the votes); TruthfulQA generation each method's bleu_acc,
rougeL_acc and bleu_diff. Accuracies print in points (×100), bleu_diff in BLEU points.
--items A:B keeps the items at positions A to B-1 in the order of their ids' trailing numbers
(e.g. 0:200 for the first 200 questions). First solver setting only. Standard library only.
"""
import argparse
import math
import re
import sys

from samples_jsonl import first_solver_records


def load(path):
    """{task: [(where, record)]}, where = "path:line" for error messages."""
    tasks = {}
    for number, record in first_solver_records(path):
        tasks.setdefault(record["task"], []).append((f"{path}:{number}", record))
    if not tasks:
        sys.exit(f"{path}: no records")
    return tasks


def order(entry):
    record = entry[1]
    match = re.search(r"(\d+)$", record["id"])
    return (int(match.group(1)) if match else -1, record["id"])


def values(record, where):
    """{method: {metric: value}} for one item, the metrics the report reads."""
    try:
        if record.get("freeTextPicks"):
            return {m: dict(p["values"]) for m, p in record["freeTextPicks"].items()}
        if record.get("answerPicks"):
            return {m: {"acc": p["credit"]} for m, p in record["answerPicks"].items()}
        return {m: {"mc2": p["trueMass"]} if p.get("trueMass") is not None else {"acc": p["credit"]}
                for m, p in record["picks"].items()}
    except (KeyError, TypeError, AttributeError) as error:
        sys.exit(f"{where}: no picks with their credit or values ({error!r})")


def mean_and_error(xs):
    n = len(xs)
    mean = sum(xs) / n
    if n < 2:
        return mean, float("nan")
    variance = sum((x - mean) ** 2 for x in xs) / (n - 1)
    return mean, math.sqrt(variance / n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("samples")
    parser.add_argument("--baseline", default="G")
    parser.add_argument("--items", default=None, help="A:B, positions in id order")
    args = parser.parse_args()
    start = end = None
    if args.items:
        try:
            start, end = (int(x) if x else None for x in args.items.split(":"))
        except ValueError:
            sys.exit(f"--items: expected A:B, got '{args.items}'")
    for task, entries in sorted(load(args.samples).items()):
        entries = sorted(entries, key=order)[start:end]
        if not entries:
            print(f"{task}: no items in {args.items}")
            continue
        rows = [values(record, where) for where, record in entries]
        if args.baseline not in rows[0]:
            sys.exit(f"{task}: no method '{args.baseline}' (have {', '.join(sorted(rows[0]))})")
        shape = {m: sorted(v) for m, v in rows[0].items()}
        for (where, _), row in zip(entries, rows):
            if {m: sorted(v) for m, v in row.items()} != shape:
                sys.exit(f"{where}: its methods or metrics differ from {entries[0][0]}'s")
        metrics = sorted(rows[0][args.baseline])
        print(f"**{task}** (n = {len(rows)}): method − {args.baseline}, mean ± standard error of the paired difference\n")
        print("| method | " + " | ".join(metrics) + " |")
        print("|---|" + "--:|" * len(metrics))
        for method in rows[0]:
            if method == args.baseline:
                continue
            cells = []
            for metric in metrics:
                scale = 1 if metric.endswith("diff") else 100
                d = [(row[method][metric] - row[args.baseline][metric]) * scale for row in rows]
                m, se = mean_and_error(d)
                cells.append(f"{m:+.2f} ± {se:.2f}")
            print(f"| {method} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
