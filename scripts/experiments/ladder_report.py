#!/usr/bin/env python3
"""The model ladder's table and plot from the results.json files scripts/experiments/ladder.sh writes.

    python3 scripts/experiments/ladder_report.py docs/results

Reads ROOT/<model>/<task>/results.json (solver #0: cross-normalised, #1: plain), and
ROOT/wall-times.tsv (model, task, seconds, how measured) when present. Writes ROOT/ladder.md
(accuracy ± standard error of the six methods per model and task, cross against plain, ER-D − G
by the generator's divergence) and ROOT/ladder.svg (G and ER-D against model size, per task).
Standard library only.
"""
import json
import math
import os
import sys

MODELS = [("smollm2-135m", 0.135), ("qwen2.5-coder-0.5b", 0.494), ("qwen2.5-coder-1.5b", 1.54)]
TASKS = [("arc_easy", "ARC-Easy"), ("arc_challenge", "ARC-Challenge"), ("hhh", "HHH"),
         ("truthfulqa_mc1", "TruthfulQA MC1"), ("truthfulqa_mc2", "TruthfulQA MC2 (mc2)")]
METHODS = ["G", "MI", "SC", "D", "ER-G", "ER-D"]


def load(root):
    runs = {}
    for model, _ in MODELS:
        for task, _ in TASKS:
            path = os.path.join(root, model, task, "results.json")
            if os.path.exists(path):
                with open(path) as f:
                    runs[model, task] = json.load(f)
    return runs


def wall_times(root):
    times = {}
    path = os.path.join(root, "wall-times.tsv")
    if os.path.exists(path):
        for line in open(path):
            if line.strip() and not line.startswith("#"):
                model, task, seconds, how = line.rstrip("\n").split("\t")
                times[model, task] = (float(seconds), how)
    return times


def estimate(run, task, solver, method):
    r = run["results"][f"{task}#{solver}"]
    return 100 * r[f"acc,{method}"], 100 * r[f"acc_stderr,{method}"]


def clock(seconds):
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def table(runs, times):
    lines = ["| model (file scored) | task | n | G | MI | SC | D | ER-G | ER-D | scoring wall time |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for model, _ in MODELS:
        for task, title in TASKS:
            run = runs.get((model, task))
            if not run:
                continue
            values = [estimate(run, task, 0, m) for m in METHODS]
            best = max(v for v, _ in values)
            cells = [f"**{v:.1f} ± {se:.1f}**" if abs(v - best) < 1e-9 else f"{v:.1f} ± {se:.1f}" for v, se in values]
            wall = times.get((model, task))
            n = run["n-samples"][f"{task}#0"]
            scored = os.path.basename(run["configuration"]["model"]["name"])
            lines.append(f"| {model} ({scored}) | {title} | {n} | " + " | ".join(cells) + f" | {clock(wall[0]) if wall else '–'} |")
    return lines


def mean_table(runs):
    """The default-model rule's figure: each method's mean accuracy over the tasks a model has
    run, cross-normalised (the 0.5B on its 300-item samples, so on other items than the rest)."""
    lines = ["| model | tasks | G | MI | SC | D | ER-G | ER-D | mean of ER-G and ER-D |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for model, _ in MODELS:
        done = [task for task, _ in TASKS if (model, task) in runs]
        if not done:
            continue
        means = [sum(estimate(runs[model, t], t, 0, m)[0] for t in done) / len(done) for m in METHODS]
        er = (means[METHODS.index("ER-G")] + means[METHODS.index("ER-D")]) / 2
        lines.append(f"| {model} | {len(done)} of {len(TASKS)} | " + " | ".join(f"{v:.1f}" for v in means) + f" | {er:.1f} |")
    return lines


def normalisation_table(runs):
    lines = ["| model | task | SC cross | SC plain | ER-G cross | ER-G plain | ER-D cross | ER-D plain |",
             "|---|---|--:|--:|--:|--:|--:|--:|"]
    for model, _ in MODELS:
        for task, title in TASKS:
            run = runs.get((model, task))
            if not run or f"{task}#1" not in run["results"]:
                continue
            cells = [f"{estimate(run, task, s, m)[0]:.1f}" for m in ("SC", "ER-G", "ER-D") for s in (0, 1)]
            lines.append(f"| {model} | {title} | " + " | ".join(cells) + " |")
    return lines


def divergence_table(runs):
    """ER-D − G (points) per divergence bucket, cross-normalised; n in brackets."""
    bounds = None
    rows = []
    for model, _ in MODELS:
        for task, title in TASKS:
            run = runs.get((model, task))
            if not run:
                continue
            analysis = next(t for t in run["tasks"] if t["label"] == f"{task}#0")["metrics"].get("analysis")
            if not analysis:
                continue
            buckets = {b["lower"]: b for b in analysis["divergence"]}
            bounds = sorted(set(bounds or []) | set(buckets))
            rows.append((model, title, buckets))
    if not rows:
        return []
    def label(i):
        return f"[{bounds[i]:g}, {bounds[i + 1]:g})" if i + 1 < len(bounds) else f"≥ {bounds[i]:g}"
    lines = ["| model | task | " + " | ".join(label(i) for i in range(len(bounds))) + " |",
             "|---|---|" + "--:|" * len(bounds)]
    for model, title, buckets in rows:
        cells = []
        for lower in bounds:
            b = buckets.get(lower)
            cells.append(f"{100 * (b['values']['ER-D'] - b['values']['G']):+.1f} ({b['count']})" if b else "–")
        lines.append(f"| {model} | {title} | " + " | ".join(cells) + " |")
    return lines


def plot(runs):
    """Small multiples: one panel per task, x = parameters (log), y = accuracy, G and ER-D."""
    width, height, panel_w, panel_h, left, top = 960, 260, 170, 170, 40, 40
    colours = {"G": "#1f77b4", "ER-D": "#d62728"}
    xmin, xmax = math.log10(0.1), math.log10(2.0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="18" font-size="13">Accuracy (%) of G and ER-D against model size (parameters, log scale); error bars ± 1 SE</text>']
    for k, (task, title) in enumerate(TASKS):
        x0 = left + k * (panel_w + 20)
        points = {m: [] for m in colours}
        for model, size in MODELS:
            run = runs.get((model, task))
            if run:
                for m in colours:
                    points[m].append((size, *estimate(run, task, 0, m)))
        values = [v for ps in points.values() for _, v, se in ps for v in (v - se, v + se)]
        if not values:
            continue
        ymin, ymax = math.floor(min(values) / 10) * 10, math.ceil(max(values) / 10) * 10
        ymax = max(ymax, ymin + 10)
        def px(s):
            return x0 + (math.log10(s) - xmin) / (xmax - xmin) * panel_w
        def py(v):
            return top + panel_h - (v - ymin) / (ymax - ymin) * panel_h
        out.append(f'<rect x="{x0}" y="{top}" width="{panel_w}" height="{panel_h}" fill="none" stroke="#999"/>')
        out.append(f'<text x="{x0 + panel_w / 2}" y="{top - 6}" text-anchor="middle">{title}</text>')
        for y in range(int(ymin), int(ymax) + 1, 10):
            out.append(f'<text x="{x0 - 3}" y="{py(y) + 4:.1f}" text-anchor="end" font-size="9">{y}</text>')
            out.append(f'<line x1="{x0}" x2="{x0 + panel_w}" y1="{py(y):.1f}" y2="{py(y):.1f}" stroke="#eee"/>')
        for model, size in MODELS:
            label = model.split("-")[-1]
            out.append(f'<text x="{px(size):.1f}" y="{top + panel_h + 12}" text-anchor="middle" font-size="9">{label}</text>')
        for m, colour in colours.items():
            ps = points[m]
            if len(ps) > 1:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="' +
                           " ".join(f"{px(s):.1f},{py(v):.1f}" for s, v, _ in ps) + '"/>')
            for s, v, se in ps:
                out.append(f'<line x1="{px(s):.1f}" x2="{px(s):.1f}" y1="{py(v - se):.1f}" y2="{py(v + se):.1f}" stroke="{colour}"/>')
                out.append(f'<circle cx="{px(s):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"><title>{m} {v:.1f} ± {se:.1f}</title></circle>')
    legend_y = top + panel_h + 32
    for i, (m, colour) in enumerate(colours.items()):
        out.append(f'<rect x="{left + i * 80}" y="{legend_y - 9}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{left + i * 80 + 16}" y="{legend_y + 1}">{m}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "docs/results"
    runs, times = load(root), wall_times(root)
    if not runs:
        sys.exit(f"ladder_report: no ROOT/<model>/<task>/results.json under {root}")
    text = ["# The model ladder", "",
            "Written by `python3 scripts/experiments/ladder_report.py` from the runs of `bash scripts/experiments/ladder.sh`;",
            "read it with docs/models.md. Accuracy in % ± standard error, cross-normalised initial",
            "policies (the paper's), best per row in bold.", ""]
    text += table(runs, times) + ["", "## Mean over the tasks (cross-normalised; the default model's rule, docs/models.md)", ""]
    text += mean_table(runs) + ["", "## Cross-normalised against plain initial policies (same scores)", ""]
    text += normalisation_table(runs) + ["", "## ER-D − G by the generator's divergence (points; items in brackets)", ""]
    text += divergence_table(runs) + [""]
    if times:
        text += ["## How the wall times were measured", ""]
        ladder_tasks = {task for task, _ in TASKS}
        text += [f"- {model} {task}: {how}" for (model, task), (_, how) in sorted(times.items()) if task in ladder_tasks] + [""]
    with open(os.path.join(root, "ladder.md"), "w") as f:
        f.write("\n".join(text))
    with open(os.path.join(root, "ladder.svg"), "w") as f:
        f.write(plot(runs))
    print(f"wrote {root}/ladder.md and {root}/ladder.svg ({len(runs)} runs)", file=sys.stderr)


if __name__ == "__main__":
    main()
