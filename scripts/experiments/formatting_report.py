#!/usr/bin/env python3
"""The report of scripts/experiments/formatting.sh: chat against plain prompts on each model,
the rule's choice of each model's default formatting, the paper's Table 1 beside ours, the
authors' two diagnostics, and the λ_G × λ_D grid through 2-fold cross-validation.

    python3 scripts/experiments/formatting_report.py docs/results/formatting

Reads <root>/<model>/<plain|chat>/<task>/{results.json,samples.jsonl,grid/samples.jsonl} and
<root>/wall-times.tsv; writes <root>/report.md and prints it.
"""
import hashlib
import json
import math
import sys
from pathlib import Path

METHODS = ["G", "MI", "MI*", "SC", "D", "ER-G", "ER-D"]
TASKS = ["arc_easy", "arc_challenge", "hhh", "truthfulqa_mc1", "truthfulqa_mc2", "mmlu", "race_middle", "race_high"]
NAMES = {"arc_easy": "ARC-Easy", "arc_challenge": "ARC-Challenge", "hhh": "HHH", "truthfulqa_mc1": "TruthfulQA MC1",
         "truthfulqa_mc2": "TruthfulQA MC2", "mmlu": "MMLU (dev)", "race_middle": "RACE-M (dev)", "race_high": "RACE-H (dev)"}
MODELS = ["smollm2-135m", "qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"]
# Spec section 8: LLaMA-7B and 13B, G, ER-G, ER-D, MI*.
PAPER = {
    "mmlu": {"7B": (30.4, 39.4, 39.9, 35.8), "13B": (41.7, 44.9, 45.1, 43.1)},
    "arc_easy": {"7B": (68.2, 71.6, 71.5, 71.0), "13B": (71.2, 76.1, 76.4, 76.1)},
    "arc_challenge": {"7B": (47.3, 58.7, 58.3, 58.5), "13B": (51.9, 61.1, 61.4, 61.4)},
    "race_middle": {"7B": (57.7, 63.2, 63.5, 62.8), "13B": (60.1, 67.9, 68.6, 67.5)},
    "race_high": {"7B": (46.4, 56.3, 56.4, 55.9), "13B": (47.9, 62.1, 62.8, 62.2)},
    "hhh": {"7B": (59.3, 71.5, 71.5, 69.7), "13B": (60.2, 61.1, 61.1, 61.1)},
}
PAPER_TASKS = ["mmlu", "arc_easy", "arc_challenge", "race_middle", "race_high", "hhh"]


def metric(task):
    return "acc"  # results.json keeps MC2's mc2 score under `acc`, as lm-evaluation-harness's mc2 task does


def samples(path):
    if not path.exists():
        return []
    with path.open() as f:
        return [json.loads(line) for line in f if line.strip()]


def item_value(record, method, task):
    pick = record["picks"][method]
    return pick["trueMass"] if task == "truthfulqa_mc2" else pick["credit"]


def load(root):
    """(model, formatting, task) → {"acc": {method: (value, se)}, "n", "items": [records of solver 0]}."""
    runs = {}
    for results in sorted(root.glob("*/*/*/results.json")):
        task_dir = results.parent
        model, formatting, task = task_dir.parent.parent.name, task_dir.parent.name, task_dir.name
        doc = json.loads(results.read_text())
        label = next(iter(doc["results"]))  # the first solver: the defaults
        entries = doc["results"][label]
        m = metric(task)
        acc = {k: (100 * entries[f"{m},{k}"], 100 * entries.get(f"{m}_stderr,{k}", float("nan"))) for k in METHODS
               if f"{m},{k}" in entries}
        items = [r for r in samples(task_dir / "samples.jsonl") if r["solverIndex"] == 0]
        runs[(model, formatting, task)] = {"acc": acc, "n": len(items) or doc["n-samples"].get(label, {}).get("effective"),
                                           "items": items, "grid": samples(task_dir / "grid" / "samples.jsonl"),
                                           "solvers": json.loads((task_dir / "grid" / "results.json").read_text())["configuration"]["solvers"]
                                           if (task_dir / "grid" / "results.json").exists() else []}
    return runs


def fmt(x, se=None):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.1f}" if se is None or math.isnan(se) else f"{x:.1f} ± {se:.1f}"


def er_mean(run):
    return (run["acc"]["ER-G"][0] + run["acc"]["ER-D"][0]) / 2


def diagnostics(run):
    """The authors' two: % of items where G's and D's top answers differ; accuracy where SC and D agree."""
    items = run["items"]
    if not items:
        return None, None, 0
    disagree = sum(1 for r in items if sorted(r["picks"]["G"]["tiedBest"]) != sorted(r["picks"]["D"]["tiedBest"]))
    agreeing = [r["picks"]["SC"]["credit"] for r in items if sorted(r["picks"]["SC"]["tiedBest"]) == sorted(r["picks"]["D"]["tiedBest"])]
    return 100 * disagree / len(items), (100 * sum(agreeing) / len(agreeing) if agreeing else None), len(agreeing)


def fold(item_id):
    return hashlib.sha256(item_id.encode()).digest()[0] % 2


def cross_validated(run, task, method):
    """λ chosen on one half, scored on the other, halves swapped: (held-out accuracy, default's
    accuracy on the same items, the two choices)."""
    solvers = run["solvers"]
    if not run["grid"] or not solvers:
        return None
    by_solver = {}
    for r in run["grid"]:
        by_solver.setdefault(r["solverIndex"], {})[r["id"]] = item_value(r, method, task)
    ids = sorted(by_solver[0])
    default = next((i for i, s in enumerate(solvers) if s["lambdaGenerator"] == 0.1 and s["lambdaDiscriminator"] == 0.1), None)
    held_out, chosen = [], []
    for k in (0, 1):
        train = [i for i in ids if fold(i) != k]
        test = [i for i in ids if fold(i) == k]
        best = max(sorted(by_solver), key=lambda s: (sum(by_solver[s][i] for i in train), s == default))
        chosen.append((solvers[best]["lambdaGenerator"], solvers[best]["lambdaDiscriminator"]))
        held_out += [by_solver[best][i] for i in test]
    base = [by_solver[default][i] for i in ids] if default is not None else []
    return 100 * sum(held_out) / len(held_out), (100 * sum(base) / len(base) if base else None), chosen


def main(root):
    runs = load(root)
    walls = {}
    wall_file = root / "wall-times.tsv"
    if wall_file.exists():
        for line in wall_file.read_text().splitlines():
            model, formatting, task, seconds = line.split("\t")
            walls[(model, formatting, task)] = int(seconds)  # the last run of each wins
    out = ["# Chat against plain prompts, the paper side by side, and the cross-validated λ grid", "",
           "Made by `bash scripts/experiments/formatting.sh` (then `python3 scripts/experiments/formatting_report.py "
           f"{root}`). Accuracy in % ± standard error (MC2: the mc2 score) on the same seeded sample of each task, "
           "default solver settings (piKL, η = λ = 0.1, T = 5000, cross-normalised).", ""]
    models = [m for m in MODELS if any(k[0] == m for k in runs)]
    defaults = {}
    for model in models:
        out += [f"## {model}", ""]
        out += ["| task | n | formatting | " + " | ".join(METHODS) + " | scoring wall time |",
                "|---|--:|---|" + "--:|" * len(METHODS) + "--:|"]
        means = {}
        for formatting in ("plain", "chat"):
            rows = [(t, runs.get((model, formatting, t))) for t in TASKS]
            rows = [(t, r) for t, r in rows if r and "ER-D" in r["acc"]]
            means[formatting] = {t: r for t, r in rows}
        for task in TASKS:
            for formatting in ("plain", "chat"):
                r = means[formatting].get(task)
                if not r:
                    continue
                best = max(r["acc"][m][0] for m in METHODS)
                cells = [("**" + fmt(*r["acc"][m]) + "**") if r["acc"][m][0] == best else fmt(*r["acc"][m]) for m in METHODS]
                wall = walls.get((model, formatting, task))
                out.append(f"| {NAMES[task]} | {r['n']} | {formatting} | " + " | ".join(cells) + f" | {wall // 60} min {wall % 60:02d} s |" if wall is not None
                           else f"| {NAMES[task]} | {r['n']} | {formatting} | " + " | ".join(cells) + " | — |")
        common = [t for t in TASKS if t in means["plain"] and t in means["chat"]]
        out.append("")
        if common:
            out += [f"Mean over the {len(common)} tasks scored both ways:", "",
                    "| formatting | " + " | ".join(METHODS) + " | mean of ER-G and ER-D |", "|---|" + "--:|" * (len(METHODS) + 1)]
            score = {}
            for formatting in ("plain", "chat"):
                vals = [sum(means[formatting][t]["acc"][m][0] for t in common) / len(common) for m in METHODS]
                score[formatting] = sum(er_mean(means[formatting][t]) for t in common) / len(common)
                out.append(f"| {formatting} | " + " | ".join(f"{v:.1f}" for v in vals) + f" | {score[formatting]:.1f} |")
            pick = "chat" if round(score["chat"], 1) > round(score["plain"], 1) else "plain"
            complete = len(common) == len(TASKS)
            defaults[model] = pick
            out += ["", f"**The rule picks {pick}** for {model} ({score['chat']:.1f} chat against {score['plain']:.1f} plain"
                    + ("" if complete else f"; on {len(common)} of the {len(TASKS)} tasks only") + ").", ""]
        # The authors' diagnostics.
        out += ["Where ER can pay (the authors' diagnostics, spec §8): how often G's and D's top answers differ, and the accuracy "
                "where the initial policies π_G¹ (SC) and π_D¹ (D) agree on the top answer (n: those items).", "",
                "| task | formatting | G ≠ D | accuracy where π_G¹ = π_D¹ | n |", "|---|---|--:|--:|--:|"]
        for task in TASKS:
            for formatting in ("plain", "chat"):
                r = means[formatting].get(task)
                if not r:
                    continue
                disagree, agreed, n = diagnostics(r)
                out.append(f"| {NAMES[task]} | {formatting} | {fmt(disagree)} % | {fmt(agreed)} | {n} |")
        out.append("")

    # The paper side by side.
    out += ["## The paper's Table 1 beside ours", "",
            "The paper: LLaMA-7B and 13B, zero-shot, λ = 0.1 (spec §8). Ours: each model with the formatting the rule picked, "
            "on the samples above (MMLU and RACE: dev splits). Gains in points.", "",
            "| task | model | G | ER-G | ER-D | MI* | ER-D − G | ER-D − MI* |", "|---|---|--:|--:|--:|--:|--:|--:|"]
    for task in PAPER_TASKS:
        for size, (g, erg, erd, mistar) in PAPER[task].items():
            out.append(f"| {NAMES[task].replace(' (dev)', '')} | paper, LLaMA-{size} (test) | {g} | {erg} | {erd} | {mistar} | {erd - g:+.1f} | {erd - mistar:+.1f} |")
        for model in models:
            r = runs.get((model, defaults.get(model, "plain"), task))
            if not r or "ER-D" not in r["acc"]:
                continue
            a = {m: r["acc"][m][0] for m in METHODS}
            out.append(f"| {NAMES[task].replace(' (dev)', '')} | {model} ({defaults.get(model, 'plain')}, n = {r['n']}{', dev' if '(dev)' in NAMES[task] else ''}) | {a['G']:.1f} | {a['ER-G']:.1f} | "
                       f"{a['ER-D']:.1f} | {a['MI*']:.1f} | {a['ER-D'] - a['G']:+.1f} | {a['ER-D'] - a['MI*']:+.1f} |")
    out.append("")

    # The targets of the default model.
    default_model = "qwen2.5-coder-1.5b"
    if default_model in defaults:
        formatting = defaults[default_model]
        beats_paper, at_or_above = [], []
        for task in PAPER_TASKS:
            r = runs.get((default_model, formatting, task))
            if r:
                a = {m: r["acc"][m][0] for m in METHODS}
                beats_paper.append((task, a["ER-D"] - a["G"] >= PAPER[task]["7B"][2] - PAPER[task]["7B"][0]))
        for task in PAPER_TASKS + ["truthfulqa_mc1"]:
            r = runs.get((default_model, formatting, task))
            if r:
                a = {m: r["acc"][m][0] for m in METHODS}
                at_or_above.append((task, a["ER-D"] >= max(a["SC"], a["MI*"])))
        out += [f"Targets on {default_model} ({formatting}): ER-D − G at least the paper's LLaMA-7B gain on "
                f"{sum(ok for _, ok in beats_paper)} of {len(beats_paper)} paper tasks "
                f"({', '.join(NAMES[t] for t, ok in beats_paper if ok) or 'none'}); ER-D at or above both SC and MI* "
                f"on {sum(ok for _, ok in at_or_above)} of {len(at_or_above)} "
                f"({', '.join(NAMES[t] for t, ok in at_or_above if ok) or 'none'}).", ""]

    # The cross-validated grid.
    out += ["## λ_G × λ_D, 2-fold cross-validated", "",
            "The grid λ_G, λ_D ∈ {0.01, 0.03, 0.1, 0.3, 1} (25 settings), solved over the cached scores. The items are split in two "
            "halves by a hash of their id; the setting with the best accuracy on one half is scored on the other, and the halves "
            "swapped, so no number is tuned on the items it is scored on. Beside it: the default λ = 0.1 on the same items.", "",
            "| model | formatting | task | ER-D, λ = 0.1 | ER-D, cross-validated | chosen (λ_G, λ_D) per half | ER-G, λ = 0.1 | ER-G, cross-validated |",
            "|---|---|---|--:|--:|---|--:|--:|"]
    totals = {}
    for model in models:
        for formatting in ("plain", "chat"):
            for task in TASKS:
                r = runs.get((model, formatting, task))
                if not r:
                    continue
                d = cross_validated(r, task, "ER-D")
                g = cross_validated(r, task, "ER-G")
                if not d or not g:
                    continue
                totals.setdefault((model, formatting), []).append((d[1], d[0], g[1], g[0]))
                out.append(f"| {model} | {formatting} | {NAMES[task]} | {fmt(d[1])} | {fmt(d[0])} | "
                           + "; ".join(f"({a:g}, {b:g})" for a, b in d[2]) + f" | {fmt(g[1])} | {fmt(g[0])} |")
    out.append("")
    if totals:
        out += ["Means over the tasks:", "", "| model | formatting | tasks | ER-D, λ = 0.1 | ER-D, cross-validated | ER-G, λ = 0.1 | ER-G, cross-validated |",
                "|---|---|--:|--:|--:|--:|--:|"]
        for (model, formatting), rows in totals.items():
            cols = [sum(r[i] for r in rows) / len(rows) for i in range(4)]
            out.append(f"| {model} | {formatting} | {len(rows)} | {cols[0]:.1f} | {cols[1]:.1f} | {cols[2]:.1f} | {cols[3]:.1f} |")
        out.append("")
    text = "\n".join(out)
    (root / "report.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/results/formatting"))
