#!/usr/bin/env python3
"""The report of scripts/experiments/cpu-variants.sh: per task and method, the picks that change
between two llama.cpp CPU variants on the same items, the accuracy difference with its paired
standard error, and for the changed D and ER-D picks how close the two top candidates were.

    python3 scripts/experiments/cpu_variants_report.py docs/results/cpu-variants native avx2
"""
import json
import math
import sys
from pathlib import Path

METHODS = ["G", "MI", "MI*", "SC", "D", "ER-G", "ER-D"]
SCORE_KEYS = {"D": "discriminative", "ER-D": "equilibriumDiscriminator"}


def records(path):
    with path.open() as f:
        return {r["id"]: r for r in map(json.loads, f) if r["solverIndex"] == 0}


def engine(path):
    return json.loads(path.read_text())["configuration"]["engine"]["engine"]


def margin(record, method):
    """The gap between the best and the second-best candidate's score (D and ER-D: π_D(correct | y))."""
    scores = sorted(record["outcome"]["solution"]["scores"][SCORE_KEYS[method]], reverse=True)
    return scores[0] - scores[1]


def main(root, a, b):
    out = ["# The CPU variant: the same items on two llama.cpp builds", "",
           f"Made by `bash scripts/experiments/cpu-variants.sh` (report: `python3 scripts/experiments/cpu_variants_report.py {root} {a} {b}`).", ""]
    for task_dir in sorted((root / a).iterdir()):
        task = task_dir.name
        ra, rb = records(task_dir / "samples.jsonl"), records(root / b / task / "samples.jsonl")
        ids = sorted(set(ra) & set(rb))
        out += [f"## {task} ({len(ids)} items)", "", f"- {a}: {engine(task_dir / 'results.json')}",
                f"- {b}: {engine(root / b / task / 'results.json')}", "",
                f"| method | accuracy {a} | accuracy {b} | difference | paired SE | picks changed |", "|---|--:|--:|--:|--:|--:|"]
        changed_margins = {}
        for m in METHODS:
            ca = [ra[i]["picks"][m]["credit"] for i in ids]
            cb = [rb[i]["picks"][m]["credit"] for i in ids]
            diffs = [y - x for x, y in zip(ca, cb)]
            mean = sum(diffs) / len(diffs)
            se = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1) / len(diffs)) if len(diffs) > 1 else float("nan")
            changed = [i for i in ids if ra[i]["picks"][m]["index"] != rb[i]["picks"][m]["index"]]
            if m in SCORE_KEYS:
                changed_margins[m] = [margin(ra[i], m) for i in changed]
            out.append(f"| {m} | {100 * sum(ca) / len(ids):.1f} | {100 * sum(cb) / len(ids):.1f} | {100 * mean:+.1f} | {100 * se:.1f} | {len(changed)} |")
        out.append("")
        all_d = sorted(margin(ra[i], "D") for i in ids)
        median_d = all_d[len(all_d) // 2]
        for m, margins in changed_margins.items():
            if margins:
                out.append(f"- {m}: on the {len(margins)} changed items the gap between the top two candidates' π_D(correct | y) "
                           f"in the {a} run was median {sorted(margins)[len(margins) // 2]:.4f}, largest {max(margins):.4f} "
                           f"(median over all items for D: {median_d:.4f}).")
        out.append("")
    text = "\n".join(out) + "\n"
    (root / "report.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
