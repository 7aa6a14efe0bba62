#!/usr/bin/env python3
"""Tables of the solver comparison on cached benchmark scores (scripts/experiments/solver_comparison.sh).

    python3 scripts/experiments/solver_comparison.py OUTPUT [OUTPUT ...]

Each OUTPUT holds MODEL/TASK/SETTING/{results.json,samples.jsonl} and MODEL/TASK/timing/*/results.json
as scripts/experiments/solver_comparison.sh writes them. Prints markdown: iterations to each target and
solving time per item, picks that change between piKL T = 5000 and the converged equilibrium,
and accuracy of ER-G and ER-D. Standard library only.
"""
import json
import math
import os
import re
import sys

TARGETS = ["1e-3", "1e-6", "1e-9"]
SOLVERS = [("pikl", "piKL"), ("eg", "extragradient")]
TASK_NAMES = {
    "arc_easy": "ARC-Easy", "arc_challenge": "ARC-Challenge", "hhh": "HHH",
    "truthfulqa_mc1": "TruthfulQA MC1", "truthfulqa_mc2": "TruthfulQA MC2",
}
MODEL_ORDER = ["smollm2-135m", "qwen2.5-coder-1.5b"]
TASK_ORDER = list(TASK_NAMES)


def percentile(values, q):
    """The q-th percentile, nearest rank (an actual iteration count)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def sign_test(gained, lost):
    """Two-sided exact binomial p of gained against lost (the items whose pick changed and whose
    rightness changed), p = ½ under no difference."""
    m = gained + lost
    if m == 0:
        return 1.0
    k = min(gained, lost)
    return min(1.0, 2 * sum(math.comb(m, i) for i in range(k + 1)) / 2 ** m)


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def potential(sample):
    """Φ = ½ Σ_v Σ_y π_G(y|v) π_D(v|y) − λ_G Σ_v KL[π_G(·|v) ‖ π_G¹] − λ_D Σ_y KL[π_D(·|y) ‖ π_D¹]
    of the last iterate (both players' utilities share it: a potential game)."""
    sol = sample["outcome"]["solution"]
    last, init, st = sol["lastIterate"], sol["initial"], sol["settings"]

    def kl(p, q):
        return sum(a * math.log(a / b) for a, b in zip(p, q) if a > 0)

    payoff = 0.5 * sum(g * d for v in ("correct", "incorrect")
                       for g, d in zip(last["generator"][v], last["discriminator"][v]))
    kl_g = sum(kl(last["generator"][v], init["generator"][v]) for v in ("correct", "incorrect"))
    n = len(last["generator"]["correct"])
    kl_d = sum(kl([last["discriminator"]["correct"][y], last["discriminator"]["incorrect"][y]],
                  [init["discriminator"]["correct"][y], init["discriminator"]["incorrect"][y]]) for y in range(n))
    return payoff - st["lambdaGenerator"] * kl_g - st["lambdaDiscriminator"] * kl_d


# Time per problem and iteration, batched on one thread, λ = 0.1 (docs/solver-performance.md,
# "Extragradient and piKL, per iteration": SolverBenchmark throughput, 4 Dec), by candidate count n.
NS_PER_ITERATION = {"pikl": {2: 9.7, 4: 14.8, 8: 36.7, 32: 151}, "eg": {2: 14.7, 4: 25.4, 8: 57.7, 32: 261}}


def ns_per_iteration(solver, n):
    """Linear interpolation in n between the benchmarked candidate counts."""
    table = NS_PER_ITERATION[solver]
    points = sorted(table)
    if n <= points[0]:
        return table[points[0]]
    for a, b in zip(points, points[1:]):
        if n <= b:
            return table[a] + (table[b] - table[a]) * (n - a) / (b - a)
    return table[points[-1]] * n / points[-1]


def lane_iterations(samples):
    """Iterations run, by candidate count, counting idle lanes: eval solves the items in vectors
    of 8 (then 4, 2) items with the same candidate count, in file order
    (EquilibriumSolver.chunks), and a vector iterates until its slowest lane stops."""
    groups = {}
    for s in samples.values():  # insertion order = file order
        groups.setdefault(len(s["outcome"]["item"]["choices"]), []).append(s["outcome"]["solution"]["iterationsUsed"])
    totals = {}
    for n, its in groups.items():
        while its:
            width = 8 if len(its) >= 8 else 4 if len(its) >= 4 else 2
            totals[n] = totals.get(n, 0) + width * max(its[:width])
            its = its[width:]
    return totals


def run_per_item(samples):
    return sum(lane_iterations(samples).values()) / len(samples)


def estimate_us(samples, solver):
    """Iterations run × the benchmark's time per iteration, per item (no checks, no fixed cost)."""
    totals = lane_iterations(samples)
    return sum(t * ns_per_iteration(solver, n) for n, t in totals.items()) / len(samples) / 1000


def load_samples(folder):
    """Per item id: the sample of solver setting 0 (the first copy)."""
    items = {}
    with open(os.path.join(folder, "samples.jsonl")) as f:
        for line in f:
            sample = json.loads(line)
            if sample.get("solverIndex", 0) == 0:
                items[sample["id"]] = sample
    return items


def load_results(folder):
    with open(os.path.join(folder, "results.json")) as f:
        return json.load(f)


def wall(folder):
    return load_results(folder)["configuration"]["wallTimeSeconds"]


def metric_name(results):
    """The task's metric (acc; mc2 for TruthfulQA MC2), stored under the key "acc" in results."""
    return results["tasks"][0]["metrics"]["metric"]


def accuracy(results, task, method):
    for label, row in results["results"].items():
        if label == task or label == f"{task}#0":
            return row[f"acc,{method}"]
    raise KeyError(f"{task} {method}")


def fmt_int(x):
    return f"{x:,}"


def fmt_us(x, noise=None):
    if x is None:
        return "–"
    if noise is not None and x < noise:
        return f"< {fmt_us(noise)}"
    if abs(x) < 10:
        return f"{x:.1f}"
    return f"{x:,.0f}"


def timing(pair_dir, setting, n_items):
    """µs per item: (fastest eval wall time of K copies − fastest of K copies of T0) / K / items,
    with the largest K timed for the setting (the outcome runs count as K = 1); and the spread
    (slowest − fastest) of the T0 runs at that K, per copy and item, as the resolution."""
    runs = {}
    tdir = os.path.join(pair_dir, "timing")
    for name in os.listdir(tdir) if os.path.isdir(tdir) else []:
        m = re.fullmatch(r"(.+)-k(\d+)-r(\d+)", name)
        if m and os.path.exists(os.path.join(tdir, name, "results.json")):
            runs.setdefault((m.group(1), int(m.group(2))), []).append(wall(os.path.join(tdir, name)))
    for name in os.listdir(pair_dir):
        if name != "timing" and os.path.exists(os.path.join(pair_dir, name, "results.json")):
            runs.setdefault((name, 1), []).append(wall(os.path.join(pair_dir, name)))
    copies = [k for (s, k) in runs if s == setting and ("T0", k) in runs]
    if not copies:
        return None, None
    k = max(copies)
    base = runs[("T0", k)]
    scale = 1e6 / k / n_items
    return (min(runs[(setting, k)]) - min(base)) * scale, (max(base) - min(base)) * scale


def pairs(roots):
    found = []
    for root in roots:
        for model in os.listdir(root):
            for task in os.listdir(os.path.join(root, model)) if os.path.isdir(os.path.join(root, model)) else []:
                d = os.path.join(root, model, task)
                if os.path.exists(os.path.join(d, "pikl-T5000", "samples.jsonl")):
                    found.append((model, task, d))
    key = lambda p: (MODEL_ORDER.index(p[0]) if p[0] in MODEL_ORDER else 99,
                     TASK_ORDER.index(p[1]) if p[1] in TASK_ORDER else 99, p[1])
    return sorted(found, key=key)


def main(roots):
    rows_iter, rows_change, rows_acc, notes = [], [], ([], []), []
    for model, task, d in pairs(roots):
        name = f"{model} | {TASK_NAMES.get(task, task)}"
        base = load_samples(os.path.join(d, "pikl-T5000"))
        n = len(base)
        for folder in os.listdir(d):
            if folder != "timing" and os.path.exists(os.path.join(d, folder, "results.json")):
                if load_results(os.path.join(d, folder))["configuration"]["tokensEvaluated"] != 0:
                    notes.append(f"{model} {task} {folder}: tokens were evaluated (not from the cache)")
        sizes = sorted({len(s["outcome"]["item"]["choices"]) for s in base.values()})
        size = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]}–{sizes[-1]}"
        us, noise = timing(d, "pikl-T5000", n)
        base_expl = [s["outcome"]["solution"]["exploitability"] for s in base.values()]
        rows_iter.append(f"| {name} | {n} | {size} | – | piKL T = 5000 | – | 5,000 (exploitability: median "
                         f"{median(base_expl):.1e}, max {max(base_expl):.1e}) | {fmt_int(round(run_per_item(base)))} | {fmt_us(us, noise)} | {fmt_us(estimate_us(base, 'pikl'))} |")
        for eps in TARGETS:
            for key, label in SOLVERS:
                folder = os.path.join(d, f"{key}-{eps}")
                if not os.path.exists(os.path.join(folder, "samples.jsonl")):
                    continue
                samples = load_samples(folder)
                sol = [s["outcome"]["solution"] for s in samples.values()]
                cap = sol[0]["settings"]["iterations"]
                reached = [s["iterationsUsed"] for s in sol if s["converged"]]
                if reached:
                    its = " / ".join(fmt_int(x) for x in (round(median(reached)), percentile(reached, 90), max(reached)))
                else:
                    its = f"– (the cap, {cap:,}, every time)"
                us, noise = timing(d, f"{key}-{eps}", n)
                rows_iter.append(f"| {name} | {n} | {size} | {eps} | {label} | {len(reached)}/{len(sol)} | {its} "
                                 f"| {fmt_int(round(run_per_item(samples)))} | {fmt_us(us, noise)} | {fmt_us(estimate_us(samples, key))} |")

        # Picks that change: the paper's piKL T = 5000 against extragradient to 1e-9.
        conv_folder = os.path.join(d, "eg-1e-9")
        if os.path.exists(os.path.join(conv_folder, "samples.jsonl")):
            conv = load_samples(conv_folder)
            cells = []
            for method in ("ER-G", "ER-D"):
                changed = sum(base[i]["picks"][method]["index"] != conv[i]["picks"][method]["index"] for i in base)
                cells.append(f"{changed} ({100 * changed / n:.1f}%)")
            for method in ("ER-G", "ER-D"):
                gained = sum((not base[i]["picks"][method]["right"]) and conv[i]["picks"][method]["right"] for i in base)
                lost = sum(base[i]["picks"][method]["right"] and not conv[i]["picks"][method]["right"] for i in base)
                cells.append(f"+{gained} / −{lost} (p = {sign_test(gained, lost):.2g})")
            capped_folder = os.path.join(d, "pikl-1e-9")
            if os.path.exists(os.path.join(capped_folder, "samples.jsonl")):
                capped = load_samples(capped_folder)
                for method in ("ER-G", "ER-D"):
                    changed = sum(capped[i]["picks"][method]["index"] != conv[i]["picks"][method]["index"] for i in base)
                    cells.append(f"{changed} ({100 * changed / n:.1f}%)")
                # Where piKL at its cap picks otherwise: nearly converged (another equilibrium) or not?
                differ = [i for i in base if any(capped[i]["picks"][m]["index"] != conv[i]["picks"][m]["index"]
                                                 for m in ("ER-G", "ER-D"))]
                if differ:
                    expl = [capped[i]["outcome"]["solution"]["exploitability"] for i in differ]
                    phi_higher = sum(potential(conv[i]) > potential(capped[i]) for i in differ)
                    notes.append(
                        f"{model} {task}: piKL at its cap ({capped[differ[0]]['outcome']['solution']['settings']['iterations']:,}) "
                        f"and extragradient to 1e-9 pick differently (ER-G or ER-D) on {len(differ)} items; piKL's "
                        f"exploitability there: median {median(expl):.1e}, max {max(expl):.1e}, ≤ 1e-6 on "
                        f"{sum(e <= 1e-6 for e in expl)}; extragradient's equilibrium has the higher potential Φ on "
                        f"{phi_higher} of them")
            else:
                cells += ["–", "–"]
            unconverged = sum(not s["outcome"]["solution"]["converged"] for s in conv.values())
            if unconverged:
                notes.append(f"{model} {task}: {unconverged} items did not reach 1e-9 with extragradient")
            rows_change.append(f"| {name} | {n} | " + " | ".join(cells) + " |")

        # Accuracy at each setting.
        settings = [("pikl-T5000", "piKL T = 5000")] + [(f"{k}-{e}", f"{l} → {e}") for e in TARGETS for k, l in SOLVERS]
        for i, method in enumerate(("ER-G", "ER-D")):
            cells, metric = [], "–"
            for folder, _ in settings:
                path = os.path.join(d, folder)
                if os.path.exists(os.path.join(path, "results.json")):
                    results = load_results(path)
                    metric = metric_name(results)
                    cells.append(f"{100 * accuracy(results, task, method):.1f}")
                else:
                    cells.append("–")
            rows_acc[i].append(f"| {name} | {metric} | " + " | ".join(cells) + " |")
        accuracy_headers = [label for _, label in settings]

    print("Iterations to the target exploitability ε (median / 90th percentile / maximum over the items")
    print("that reached ε), iterations run per item (mean, with the idle lanes of a vector that runs")
    print("until its slowest item stops), and solving time per item: measured (eval wall time above")
    print("T = 0; \"< x\" where it is below the spread x of the T = 0 runs) and estimated (iterations run")
    print("× the benchmark's time per iteration on one thread, checks and fixed cost left out):\n")
    print("| model | task | items | n | ε | solver | reached ε | iterations | run per item | µs per item, measured | µs per item, estimated |")
    print("|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|")
    print("\n".join(rows_iter))
    print("\nPicks that change between piKL T = 5000 (the paper's setting) and the converged equilibrium")
    print("(extragradient to 1e-9), and how many of the changed picks became right (+) or wrong (−), with the")
    print("two-sided sign test's p.")
    print("The last two columns: picks that differ between piKL run to its cap in pursuit of 1e-9 and")
    print("extragradient to 1e-9.\n")
    print("| model | task | items | ER-G changed | ER-D changed | ER-G right +/− | ER-D right +/− | ER-G, piKL at its cap | ER-D, piKL at its cap |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
    print("\n".join(rows_change))
    for i, method in enumerate(("ER-G", "ER-D")):
        print(f"\nAccuracy of {method} (%, the task's metric) at each setting:\n")
        print("| model | task | metric | " + " | ".join(accuracy_headers) + " |")
        print("|---|---|---|" + "--:|" * len(accuracy_headers))
        print("\n".join(rows_acc[i]))
    for note in notes:
        print(f"\nNote: {note}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
