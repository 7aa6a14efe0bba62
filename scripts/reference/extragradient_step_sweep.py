#!/usr/bin/env python3
"""Iterations the extragradient solver needs to reach exploitability 1e-9, by step size eta and KL
weight lambda, on random games (numpy, vectorised over the games): the measurement behind the
default step size in docs/solver-extragradient.md.

The update is the one of reference_extragradient.py, in the log-ratio form of docs/solver-extragradient.md
(rho' = w rho + kappa * opponent's probability, w = 1/(1 + eta lam), kappa = eta / (2 (1 + eta lam))),
vectorised over the games; the exploitability is spec section 9's, in its KL form. With
--single-step it also runs the proximal step without extrapolation (rho' = w rho + kappa * opponent's
probability at the current point), which costs half as much per iteration.

Usage: python3 scripts/reference/extragradient_step_sweep.py [--games 200] [--candidates 4,32]
           [--lambdas 0.001,0.01,0.1,1,10] [--etas 1,3,10,30,100] [--single-step] [--seed 7]
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_solver as ref  # noqa: E402

np.seterr(all="ignore")


def softmax(x, axis):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_sum_exp(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))


def p_log_ratio(p, log_q):
    """p * (log p - log q), with 0 where p = 0."""
    safe = np.where(p > 0, p, 1.0)
    return np.where(p > 0, p * (np.log(safe) - np.where(p > 0, log_q, 0.0)), 0.0)


def exploitability(pg, pd, log_g1, log_d1, lam):
    """Arrays [game, v, y]; lambda * sum of KL[pi || best response] (spec section 9, KL form)."""
    eg = log_g1 + 0.5 * pd / lam
    ed = log_d1 + 0.5 * pg / lam
    gap = p_log_ratio(pg, eg - log_sum_exp(eg, 2)).sum((1, 2)) + p_log_ratio(pd, ed - log_sum_exp(ed, 1)).sum((1, 2))
    return np.maximum(lam * gap, 0.0)


def iterations_to(target, log_g1, log_d1, lam, eta, cap, single_step):
    """First iteration at which each game's exploitability is <= target (-1: not within cap)."""
    w = 1 / (1 + eta * lam)
    kappa = eta / (2 * (1 + eta * lam))
    rho_g = np.zeros_like(log_g1)
    rho_d = np.zeros_like(log_d1)

    def policies(a, b):
        return softmax(log_g1 + a, 2), softmax(log_d1 + b, 1)

    pg, pd = policies(rho_g, rho_d)
    hit = np.full(log_g1.shape[0], -1)
    for t in range(1, cap + 1):
        if single_step:
            rho_g, rho_d = w * rho_g + kappa * pd, w * rho_d + kappa * pg
        else:
            bar_g, bar_d = policies(w * rho_g + kappa * pd, w * rho_d + kappa * pg)
            rho_g, rho_d = w * rho_g + kappa * bar_d, w * rho_d + kappa * bar_g
        pg, pd = policies(rho_g, rho_d)
        e = exploitability(pg, pd, log_g1, log_d1, lam)
        hit[(hit < 0) & (e <= target)] = t
        if (hit >= 0).all():
            break
    return hit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--candidates", default="4,32")
    parser.add_argument("--lambdas", default="0.001,0.01,0.1,1,10")
    parser.add_argument("--etas", default="1,3,10,30,100")
    parser.add_argument("--target", type=float, default=1e-9)
    parser.add_argument("--single-step", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    etas = [float(x) for x in args.etas.split(",")]
    methods = ["extragradient"] + (["single step"] if args.single_step else [])
    print(f"{args.games} random games per cell; iterations to exploitability {args.target:g}: "
          "median / maximum, and how many games got there (cap 20000 for lambda < 0.01, else 5000).")
    print()
    print("| n | λ | method | " + " | ".join(f"η = {e:g}" for e in etas) + " |")
    print("|---:|---:|---|" + "---:|" * len(etas))
    for n in [int(x) for x in args.candidates.split(",")]:
        rng = np.random.default_rng(args.seed + n)
        pairs = [ref.initial_log_policies(*ref.random_problem(rng, n), "crossNormalized") for _ in range(args.games)]
        log_g1 = np.array([p[0] for p in pairs])
        log_d1 = np.array([p[1] for p in pairs])
        for lam in [float(x) for x in args.lambdas.split(",")]:
            for method in methods:
                cells = []
                for eta in etas:
                    cap = 20000 if lam < 0.01 else 5000
                    hit = iterations_to(args.target, log_g1, log_d1, lam, eta, cap, method == "single step")
                    ok = hit[hit >= 0]
                    cells.append(f"{int(np.median(ok))} / {ok.max()} ({len(ok)}/{args.games})" if len(ok) else f"– (0/{args.games})")
                print(f"| {n} | {lam:g} | {method} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
