#!/usr/bin/env python3
"""Independent reference implementation of the extragradient solver and of the target-exploitability
stopping rule (both solvers), for the consensus game.

Written from docs/solver-extragradient.md and docs/solver.md ("Target exploitability"), not from the
Swift code: it keeps normalised log-policies and applies the proximal step literally, where the
Swift kernel keeps unnormalised log-ratios to the initial policy and a shifted softmax.
Initial policies, piKL and the exploitability (spec section 9, literally) come from
reference_solver.py. It writes the fixture
Tests/ConsensusGameTests/Fixtures/extragradient_reference.json, which the Swift tests compare
against (1e-9).

The proximal step of a player with policy pi (one distribution per information set), anchor pi1,
KL weight lam, step size eta, and payoff gradient grad (half the opponent's probability):

    log prox(pi, grad) = normalise( (log pi + eta*lam*log pi1 + eta*grad) / (1 + eta*lam) )

Extragradient: pi_bar = prox(pi_t, grad(pi_t)) for both players at once, then
pi_{t+1} = prox(pi_t, grad(pi_bar)). The last iterate is pi_{T+1}, the average iterate the mean
of pi_1 .. pi_{T+1} (the extrapolated points excluded).

Target exploitability eps: the exploitability of the last iterate is checked after iteration 0,
then after t + max(10, t // 16) iterations; the solve stops at the first check where it is
<= eps (converged), or at the cap T (converged iff its exploitability is <= eps).

Usage: python3 scripts/reference/reference_extragradient.py [--out PATH] [--seed N]
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_solver as ref  # noqa: E402

NEG_INF = ref.NEG_INF


def next_check(t):
    return t + max(10, t // 16)


def prox_generator(log_pg, pi_d, log_g1, eta, lam):
    """Generator: for each v, over y; the gradient of the payoff is pi_D(v | y) / 2."""
    out = np.empty_like(log_pg)
    for v in range(2):
        out[v, :] = ref.log_softmax((log_pg[v, :] + eta * lam * log_g1[v, :] + eta * 0.5 * pi_d[v, :]) / (1 + eta * lam))
    return out


def prox_discriminator(log_pd, pi_g, log_d1, eta, lam):
    """Discriminator: for each y, over v; the gradient of the payoff is pi_G(y | v) / 2."""
    out = np.empty_like(log_pd)
    for y in range(log_pd.shape[1]):
        out[:, y] = ref.log_softmax((log_pd[:, y] + eta * lam * log_d1[:, y] + eta * 0.5 * pi_g[:, y]) / (1 + eta * lam))
    return out


def extragradient_step(state, log_g1, log_d1, eta, lam_g, lam_d):
    log_pg, log_pd = state
    pi_g, pi_d = np.exp(log_pg), np.exp(log_pd)
    bar_g = prox_generator(log_pg, pi_d, log_g1, eta, lam_g)
    bar_d = prox_discriminator(log_pd, pi_g, log_d1, eta, lam_d)
    new_g = prox_generator(log_pg, np.exp(bar_d), log_g1, eta, lam_g)
    new_d = prox_discriminator(log_pd, np.exp(bar_g), log_d1, eta, lam_d)
    return new_g, new_d


def pikl_step(state, t, sums, log_g1, log_d1, eta_g, eta_d, lam_g, lam_d):
    """piKL iteration t (spec section 4), as in reference_solver.pikl; sums holds sum_{tau<t}."""
    pi_g, pi_d = np.exp(state[0]), np.exp(state[1])
    sums[0] += pi_g
    sums[1] += pi_d
    q_g = sums[1] / (2 * t)
    q_d = sums[0] / (2 * t)
    anchor_g = ref.scaled_anchor(lam_g, log_g1)
    anchor_d = ref.scaled_anchor(lam_d, log_d1)
    new_g = np.array([ref.log_softmax((q_g[v, :] + anchor_g[v, :]) / (1 / (eta_g * t) + lam_g)) for v in range(2)])
    new_d = np.empty_like(log_d1)
    for y in range(log_d1.shape[1]):
        new_d[:, y] = ref.log_softmax((q_d[:, y] + anchor_d[:, y]) / (1 / (eta_d * t) + lam_d))
    return new_g, new_d


def run(log_g1, log_d1, s):
    """Either solver, with or without a target; returns the last and average iterates (as
    probabilities), the iterations used and whether the target was reached (None without one)."""
    lam_g, lam_d = s["lambda_generator"], s["lambda_discriminator"]
    target = s.get("target_exploitability")
    cap = s["iterations"]
    state = (log_g1.copy(), log_d1.copy())
    total_g, total_d = np.exp(log_g1), np.exp(log_d1)  # sum of pi_1 .. pi_{t+1}
    pikl_sums = [np.zeros_like(log_g1), np.zeros_like(log_d1)]

    def exploitability(st):
        return ref.exploitability(np.exp(st[0]), np.exp(st[1]), log_g1, log_d1, lam_g, lam_d)

    t = 0
    converged = None
    check = 0
    while True:
        if target is not None and t == check:
            if exploitability(state) <= target:
                converged = True
                break
            check = next_check(t)
        if t == cap:
            if target is not None:
                converged = bool(exploitability(state) <= target)
            break
        t += 1
        if s["solver"] == "extragradient":
            state = extragradient_step(state, log_g1, log_d1, s["extragradient_step_size"], lam_g, lam_d)
        else:
            state = pikl_step(state, t, pikl_sums, log_g1, log_d1, s["eta_generator"], s["eta_discriminator"], lam_g, lam_d)
        total_g = total_g + np.exp(state[0])
        total_d = total_d + np.exp(state[1])
    last = (np.exp(state[0]), np.exp(state[1]))
    average = (total_g / (t + 1), total_d / (t + 1))
    return last, average, t, converged


def solve(g, d, s):
    log_g1, log_d1 = ref.initial_log_policies(g, d, s["normalization"])
    lam_g, lam_d = s["lambda_generator"], s["lambda_discriminator"]
    last, average, used, converged = run(log_g1, log_d1, s)
    initial = (np.exp(log_g1), np.exp(log_d1))
    equilibrium = average if s["equilibrium_iterate"] == "average" else last
    scores = {
        "G": list(g[0, :]),
        "MI": list(g[0, :] + d[0, :]),
        "MI*": list(np.exp(log_g1[0, :] + log_d1[0, :])),
        "SC": list(initial[0][0, :]),
        "D": list(initial[1][0, :]),
        "ER-G": list(equilibrium[0][0, :]),
        "ER-D": list(equilibrium[1][0, :]),
    }

    def pair(p):
        return {"generator": {"correct": list(p[0][0]), "incorrect": list(p[0][1])},
                "discriminator": {"correct": list(p[1][0]), "incorrect": list(p[1][1])}}

    def expl(p):
        return ref.exploitability(p[0], p[1], log_g1, log_d1, lam_g, lam_d)

    expected = {
        "initial": pair(initial),
        "last": pair(last),
        "average": pair(average),
        "exploitability": expl(last),
        "initial_exploitability": expl(initial),
        "average_exploitability": expl(average),
        "scores": scores,
        "rankings": {m: ref.ranking(v) for m, v in scores.items()},
        "iterations_used": used,
    }
    if converged is not None:
        expected["converged"] = converged
    return expected


def settings(solver="extragradient", iterations=200, step=10.0, lam_g=0.1, lam_d=0.1, target=None,
             normalization="crossNormalized", equilibrium_iterate="last", eta_g=0.1, eta_d=0.1):
    s = ref.settings(iterations=iterations, eta_g=eta_g, eta_d=eta_d, lam_g=lam_g, lam_d=lam_d,
                     normalization=normalization, equilibrium_iterate=equilibrium_iterate)
    s["solver"] = solver
    s["extragradient_step_size"] = step
    if target is not None:
        s["target_exploitability"] = target
    return s


def cases(rng):
    out = []

    def add(name, g, d, s):
        out.append((name, np.asarray(g, dtype=np.float64), np.asarray(d, dtype=np.float64), s))

    for n in (2, 3, 4, 8, 32):
        add(f"random n={n}, defaults, T=200", *ref.random_problem(rng, n), settings())
    for t in (0, 1, 2, 10):
        add(f"random n=4, T={t}", *ref.random_problem(rng, 4), settings(iterations=t))
    for lam in (0.01, 1.0, 10.0):
        add(f"random n=4, lambda={lam}", *ref.random_problem(rng, 4), settings(iterations=300, lam_g=lam, lam_d=lam))
    add("random n=32, lambda=0.01", *ref.random_problem(rng, 32), settings(iterations=400, lam_g=0.01, lam_d=0.01))
    add("random n=4, lambda=1e-3 (softmax shift is the maximum)", *ref.random_problem(rng, 4),
        settings(iterations=500, lam_g=1e-3, lam_d=1e-3))
    add("random n=5, per-player lambda", *ref.random_problem(rng, 5), settings(iterations=300, lam_g=0.02, lam_d=2.0))
    add("random n=4, step size 1", *ref.random_problem(rng, 4), settings(iterations=500, step=1.0))
    add("random n=4, step size 30", *ref.random_problem(rng, 4), settings(iterations=100, step=30.0))
    add("random n=3, plain normalisation", *ref.random_problem(rng, 3), settings(normalization="plain"))
    add("random n=6, average iterate for ER", *ref.random_problem(rng, 6), settings(iterations=50, equilibrium_iterate="average"))

    # The examples of docs/solver.md and examples/solve.json.
    add("docs example, n=3", [[-3.2, -5.1, -4.4], [-4.0, -2.2, -6.0]], [[-0.3, -1.6, -0.7], [-1.4, -0.25, -0.9]],
        settings())
    add("examples/solve.json, n=4", [[-9.21, -7.85, -12.40, -8.03], [-8.95, -8.70, -11.10, -9.85]],
        [[-1.20, -0.45, -2.30, -0.95], [-0.80, -1.60, -0.35, -1.05]], settings())

    # Extreme inputs.
    g, d = ref.random_problem(rng, 4)
    g[:, 1] = -1e30
    d[0, 2] = -1e30
    add("extreme: -1e30 entries", g, d, settings())
    g, d = ref.random_problem(rng, 5)
    g[:, 1] = NEG_INF  # impossible under both generator prompts
    g[0, 3] = NEG_INF  # impossible when asked for a correct answer
    d[1, 2] = NEG_INF  # the discriminator never calls candidate 2 incorrect
    add("extreme: -inf entries", g, d, settings())
    g, d = ref.random_problem(rng, 5)
    g[:, 1] = NEG_INF
    g[0, 3] = NEG_INF
    d[1, 2] = NEG_INF
    add("extreme: -inf entries, lambda=1e-3", g, d, settings(iterations=300, lam_g=1e-3, lam_d=1e-3))
    g, d = ref.random_problem(rng, 3)
    g[0, :] = NEG_INF
    add("extreme: a whole generator row -inf", g, d, settings(iterations=100))
    add("extreme: all scores equal", np.full((2, 4), -3.0), np.full((2, 4), -0.7), settings())
    g, d = ref.random_problem(rng, 4)
    g[:, 2] = g[:, 0]
    d[:, 2] = d[:, 0]
    add("extreme: two identical candidates", g, d, settings())

    # Target exploitability, both solvers.
    add("target 1e-9, n=4", *ref.random_problem(rng, 4), settings(iterations=20000, target=1e-9))
    add("target 1e-9, n=32", *ref.random_problem(rng, 32), settings(iterations=20000, target=1e-9))
    add("target 1e-9, n=4, lambda=0.01", *ref.random_problem(rng, 4),
        settings(iterations=20000, lam_g=0.01, lam_d=0.01, target=1e-9))
    add("target 1e-12 not reached within 15 iterations", *ref.random_problem(rng, 4), settings(iterations=15, target=1e-12))
    add("target 0.5 reached by the initial policies", *ref.random_problem(rng, 4), settings(iterations=100, target=0.5))
    add("piKL, target 1e-3, n=4", *ref.random_problem(rng, 4), settings(solver="pikl", iterations=20000, target=1e-3))
    add("piKL, target 1e-6 not reached within 500 iterations", *ref.random_problem(rng, 4),
        settings(solver="pikl", iterations=500, target=1e-6))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="Tests/ConsensusGameTests/Fixtures/extragradient_reference.json")
    parser.add_argument("--seed", type=int, default=20241204)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    fixture = {
        "generated_by": "scripts/reference/reference_extragradient.py",
        "seed": args.seed,
        "numpy": np.__version__,
        "cases": [],
    }
    for name, g, d, s in cases(rng):
        problem = {"generator": {"correct": list(g[0]), "incorrect": list(g[1])},
                   "discriminator": {"correct": list(d[0]), "incorrect": list(d[1])}}
        expected = solve(g, d, s)
        fixture["cases"].append(ref.encode({"name": name, "settings": s, "problem": problem, "expected": expected}))
        print(f"{name}: {expected['iterations_used']} iterations, exploitability {expected['exploitability']:.3e}"
              + (f", converged {expected['converged']}" if "converged" in expected else ""))
    with open(args.out, "w") as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
