#!/usr/bin/env python3
"""The report of scripts/experiments/players.sh: each two-model game beside its two models alone.

    python3 scripts/experiments/players_report.py docs/results/players

Reads <players>/<generator>+<discriminator>/<task>/results.json and <players>/<model>/<task>/results.json
(each model alone, on the same items); writes <players>/report.md and prints it.
"""
import json
import sys
from pathlib import Path

METHODS = ["G", "MI*", "SC", "D", "ER-G", "ER-D"]
TASKS = ["arc_easy", "arc_challenge", "hhh", "truthfulqa_mc1", "truthfulqa_mc2", "mmlu", "race_middle", "race_high"]
NAMES = {"arc_easy": "ARC-E", "arc_challenge": "ARC-C", "hhh": "HHH", "truthfulqa_mc1": "MC1", "truthfulqa_mc2": "MC2",
         "mmlu": "MMLU dev", "race_middle": "RACE-M dev", "race_high": "RACE-H dev"}


def accuracy(path, task):
    if not path.exists():
        return None
    doc = json.loads(path.read_text())
    entries = doc["results"][next(iter(doc["results"]))]
    m = "acc"  # MC2's mc2 score is kept under `acc`
    return {k: 100 * entries[f"{m},{k}"] for k in METHODS}


def main(players):
    out = ["# Players from two models", "",
           f"Made by `bash scripts/experiments/players.sh` (report: `python3 scripts/experiments/players_report.py {players}`). "
           "Accuracy in % (MC2: mc2) on one seeded sample per task, plain prompts, default solver settings. A row `A + B` has "
           "A's generator and B's discriminator; the rows of one model alone are on the same items.", ""]
    means = {}
    for pair_dir in sorted(p for p in players.iterdir() if p.is_dir() and "+" in p.name):
        generator, discriminator = pair_dir.name.split("+")
        out += [f"## {generator} generator, {discriminator} discriminator", "",
                "| task | players | " + " | ".join(METHODS) + " |", "|---|---|" + "--:|" * len(METHODS)]
        for task in TASKS:
            rows = [(pair_dir.name, accuracy(pair_dir / task / "results.json", task)),
                    (f"{generator} alone", accuracy(players / generator / task / "results.json", task)),
                    (f"{discriminator} alone", accuracy(players / discriminator / task / "results.json", task))]
            if rows[0][1] is None:
                continue
            for name, acc in rows:
                if acc is None:
                    continue
                means.setdefault((pair_dir.name, name), []).append(acc)
                out.append(f"| {NAMES[task]} | {name} | " + " | ".join(f"{acc[m]:.1f}" for m in METHODS) + " |")
        out.append("")
    out += ["## Means over the tasks each row has", "", "| game | players | tasks | " + " | ".join(METHODS) + " |",
            "|---|---|--:|" + "--:|" * len(METHODS)]
    for (pair, name), accs in means.items():
        out.append(f"| {pair} | {name} | {len(accs)} | " + " | ".join(f"{sum(a[m] for a in accs) / len(accs):.1f}" for m in METHODS) + " |")
    text = "\n".join(out) + "\n"
    (players / "report.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
