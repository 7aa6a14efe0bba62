#!/usr/bin/env python3
"""Paired differences between ranking methods in one `consensus eval` run (its samples.jsonl).

Usage: python3 scripts/paired_differences.py RUN/samples.jsonl [--baseline G] [--items A:B]

Two methods judged on the same items are correlated, so the standard error of their difference
is smaller (or larger) than the two standard errors in the report suggest. This prints, per task
and metric, every method's mean per-item difference from the baseline with the standard error of
that mean (sample standard deviation of the differences / sqrt(n)).

Metrics: multiple-choice tasks use each pick's credit (split on ties, as in the report's acc);
open-ended tasks use every value of the pick (SVAMP's exact match; TruthfulQA generation's
bleu_acc, rougeL_acc and bleu_diff). Accuracies print in points (×100), bleu_diff in BLEU points.
--items A:B keeps the items at positions A to B-1 in the order of their ids' trailing numbers
(e.g. 0:200 for the first 200 questions). First solver setting only. Standard library only.
"""
import argparse
import math
import re
import sys

from samples_jsonl import first_solver_records


def load(path):
    tasks = {}
    for _, record in first_solver_records(path):
        tasks.setdefault(record["task"], []).append(record)
    if not tasks:
        sys.exit(f"{path}: no records")
    return tasks


def order(record):
    match = re.search(r"(\d+)$", record["id"])
    return (int(match.group(1)) if match else -1, record["id"])


def values(record):
    """{method: {metric: value}} for one item."""
    free = record.get("freeTextPicks")
    if free:
        return {m: dict(p["values"]) for m, p in free.items()}
    return {m: {"acc": p["credit"]} for m, p in record["picks"].items()}


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
    for task, records in sorted(load(args.samples).items()):
        records.sort(key=order)
        if args.items:
            try:
                a, b = (int(x) if x else None for x in args.items.split(":"))
            except ValueError:
                sys.exit(f"--items: expected A:B, got '{args.items}'")
            records = records[a:b]
        rows = [values(r) for r in records]
        if not rows:
            print(f"{task}: no items in {args.items}")
            continue
        if args.baseline not in rows[0]:
            sys.exit(f"{task}: no method '{args.baseline}' (have {', '.join(sorted(rows[0]))})")
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
