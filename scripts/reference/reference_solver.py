#!/usr/bin/env python3
"""Independent reference implementation of Equilibrium-Ranking (piKL on the consensus game).

A straightforward transcription of /work/shared/spec/consensus-game.md (sections 3, 4, 5, 9)
with numpy, written from the spec and not from the Swift code: plain loops, numpy's exp/log,
softmax by subtracting the maximum. It generates the test fixture
Tests/ConsensusGameTests/Fixtures/reference.json that the Swift tests compare against (1e-9).

Conventions shared with the Swift implementation (documented in docs/solver-numerics.md):
- all scores are natural logs; -inf means probability 0;
- cross-normalisation divides P(y|v) by sum_v' P(y|v'); 0/0 (a candidate impossible under both
  generator prompts, or a label impossible for every candidate) counts as 0;
- a distribution whose every unnormalised entry is 0 becomes uniform;
- piKL: pi^(1) = pi^1; for t = 1..T, Q = (1/2t) * sum_{tau<=t} (opponent's pi^(tau)),
  pi^(t+1) proportional to exp((Q + lambda * log pi^1) / (1/(eta t) + lambda));
  the last iterate is pi^(T+1); the average iterate is the mean of pi^(1) .. pi^(T+1);
- exploitability = (BR_G - u_G) + (BR_D - u_D), spec section 9, literally;
- rankings: score descending, ties by lower candidate index.

Usage: python3 scripts/reference/reference_solver.py [--out PATH] [--seed N]
"""
import argparse
import json
import math

import numpy as np

NEG_INF = float("-inf")


def logsumexp(x):
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x)
    if m == NEG_INF:
        return NEG_INF
    return float(m + np.log(np.sum(np.exp(x - m))))


def log_softmax(x):
    x = np.asarray(x, dtype=np.float64)
    lse = logsumexp(x)
    if lse == NEG_INF:
        return np.full(x.shape, -math.log(len(x)))
    return x - lse


def softmax(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def initial_log_policies(g, d, normalization):
    """g[v, y] = log P(y | x, v); d[v, y] = log P(v | x, y); v = 0 correct, 1 incorrect.

    Returns log pi_G^1[v, y] (normalised over y) and log pi_D^1[v, y] (normalised over v)."""
    n = g.shape[1]
    gg = g.copy()
    dd = d.copy()
    if normalization == "crossNormalized":
        for y in range(n):
            total = logsumexp(g[:, y])
            for v in range(2):
                gg[v, y] = NEG_INF if total == NEG_INF else g[v, y] - total
        for v in range(2):
            total = logsumexp(d[v, :])
            for y in range(n):
                dd[v, y] = NEG_INF if total == NEG_INF else d[v, y] - total
    elif normalization != "plain":
        raise ValueError(normalization)
    log_g = np.array([log_softmax(gg[v, :]) for v in range(2)])
    log_d = np.empty((2, n))
    for y in range(n):
        log_d[:, y] = log_softmax(dd[:, y])
    return log_g, log_d


def scaled_anchor(lam, log_p):
    """lambda * log pi^1 with lambda * log 0 = -inf."""
    out = lam * log_p
    out[log_p == NEG_INF] = NEG_INF
    return out


def pikl(log_g1, log_d1, eta_g, eta_d, lam_g, lam_d, iterations):
    n = log_g1.shape[1]
    pi_g = np.exp(log_g1)  # pi_G(y | v) at [v, y]
    pi_d = np.exp(log_d1)  # pi_D(v | y) at [v, y]
    anchor_g = scaled_anchor(lam_g, log_g1)
    anchor_d = scaled_anchor(lam_d, log_d1)
    sum_g = np.zeros((2, n))
    sum_d = np.zeros((2, n))
    all_g = pi_g.copy()
    all_d = pi_d.copy()
    for t in range(1, iterations + 1):
        sum_g += pi_g
        sum_d += pi_d
        q_g = sum_d / (2 * t)  # Q_G(y | v) = (1/2t) sum_tau pi_D(v | y)
        q_d = sum_g / (2 * t)  # Q_D(v | y) = (1/2t) sum_tau pi_G(y | v)
        new_g = np.empty((2, n))
        for v in range(2):
            new_g[v, :] = softmax((q_g[v, :] + anchor_g[v, :]) / (1 / (eta_g * t) + lam_g))
        new_d = np.empty((2, n))
        for y in range(n):
            new_d[:, y] = softmax((q_d[:, y] + anchor_d[:, y]) / (1 / (eta_d * t) + lam_d))
        pi_g, pi_d = new_g, new_d
        all_g += pi_g
        all_d += pi_d
    return (pi_g, pi_d), (all_g / (iterations + 1), all_d / (iterations + 1))


def kl(p, log_q):
    total = 0.0
    for pi, lq in zip(p, log_q):
        if pi > 0:
            total += pi * (math.log(pi) - lq)
    return total


def exploitability(pi_g, pi_d, log_g1, log_d1, lam_g, lam_d):
    """Spec section 9, literally: (BR_G - u_G) + (BR_D - u_D)."""
    n = pi_g.shape[1]
    payoff = sum(0.5 * pi_g[v, y] * pi_d[v, y] for v in range(2) for y in range(n))
    u_g = payoff - lam_g * sum(kl(pi_g[v, :], log_g1[v, :]) for v in range(2))
    u_d = payoff - lam_d * sum(kl(pi_d[:, y], log_d1[:, y]) for y in range(n))
    br_g = sum(lam_g * logsumexp(log_g1[v, :] + 0.5 * pi_d[v, :] / lam_g) for v in range(2))
    br_d = sum(lam_d * logsumexp(log_d1[:, y] + 0.5 * pi_g[:, y] / lam_d) for y in range(n))
    return (br_g - u_g) + (br_d - u_d)


def ranking(scores):
    return sorted(range(len(scores)), key=lambda y: (-scores[y], y))


def solve(g, d, settings):
    log_g1, log_d1 = initial_log_policies(g, d, settings["normalization"])
    lam_g, lam_d = settings["lambda_generator"], settings["lambda_discriminator"]
    last, average = pikl(log_g1, log_d1, settings["eta_generator"], settings["eta_discriminator"],
                         lam_g, lam_d, settings["iterations"])
    initial = (np.exp(log_g1), np.exp(log_d1))
    equilibrium = average if settings["equilibrium_iterate"] == "average" else last
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
        return exploitability(p[0], p[1], log_g1, log_d1, lam_g, lam_d)

    return {
        "initial": pair(initial),
        "last": pair(last),
        "average": pair(average),
        "exploitability": expl(last),
        "initial_exploitability": expl(initial),
        "average_exploitability": expl(average),
        "scores": scores,
        "rankings": {m: ranking(s) for m, s in scores.items()},
    }


def settings(iterations=5000, eta_g=0.1, eta_d=0.1, lam_g=0.1, lam_d=0.1,
             normalization="crossNormalized", equilibrium_iterate="last"):
    return {"eta_generator": eta_g, "eta_discriminator": eta_d, "lambda_generator": lam_g,
            "lambda_discriminator": lam_d, "iterations": iterations,
            "normalization": normalization, "equilibrium_iterate": equilibrium_iterate}


def random_problem(rng, n):
    """Log-scores like a small language model's: generator log-probabilities of multi-token
    candidates, and the two label tokens' log-probabilities (not renormalised)."""
    g = rng.uniform(-45.0, -2.0, size=(2, n))
    p_correct = rng.uniform(0.01, 0.95, size=n)
    p_incorrect = (1 - p_correct) * rng.uniform(0.3, 1.0, size=n)
    d = np.log(np.stack([p_correct, p_incorrect]))
    return g, d


def encode(x):
    """JSON has no infinities: -inf is written as the string "-inf"."""
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if x == NEG_INF:
            return "-inf"
        if math.isnan(x) or math.isinf(x):
            raise ValueError(x)
        return x
    if isinstance(x, np.integer):
        return int(x)
    return x


def cases(rng):
    out = []

    def add(name, g, d, s):
        out.append((name, np.asarray(g, dtype=np.float64), np.asarray(d, dtype=np.float64), s))

    for n in (2, 3, 4, 8, 32):
        add(f"random n={n}, defaults", *random_problem(rng, n), settings())
    for t in (1, 2, 3, 10, 100, 1000):
        add(f"random n=4, T={t}", *random_problem(rng, 4), settings(iterations=t))
    for n in (3, 8):
        add(f"random n={n}, plain normalisation", *random_problem(rng, n), settings(normalization="plain"))
    add("random n=2, plain, T=1", *random_problem(rng, 2), settings(iterations=1, normalization="plain"))
    add("random n=5, per-player eta and lambda", *random_problem(rng, 5),
        settings(iterations=2000, eta_g=0.5, eta_d=0.05, lam_g=0.01, lam_d=1.0))
    add("random n=4, small lambda (maximum shift)", *random_problem(rng, 4),
        settings(iterations=3000, lam_g=1e-3, lam_d=1e-3))
    add("random n=4, large eta", *random_problem(rng, 4), settings(iterations=500, eta_g=10, eta_d=10))
    # (The spec's exploitability formula subtracts utilities of size ~lambda: with lambda = 1e6 its
    # rounding error alone reaches 1e-10, so the large-lambda case uses 1e3.)
    add("random n=4, large lambda", *random_problem(rng, 4), settings(iterations=200, lam_g=1e3, lam_d=1e3))
    add("random n=6, average iterate for ER", *random_problem(rng, 6),
        settings(iterations=300, equilibrium_iterate="average"))
    add("random n=32, plain, T=777", *random_problem(rng, 32), settings(iterations=777, normalization="plain"))

    # The last iterate need not approach an equilibrium monotonically: this problem's
    # exploitability falls to 2.4e-4 at T = 1000, then rises to 5.6e-2 at T = 10000 while the
    # policies drift towards another equilibrium of this coordination game.
    add("drifting last iterate, n=2, T=10000",
        [[-42.05102166011326, -19.269300499011816], [-40.360665702992755, -18.335815724730214]],
        [[-0.10563944325583212, -0.42197154839055], [-2.451718490071201, -2.0203477373352414]],
        settings(iterations=10000))

    # Regressions.
    g, d = random_problem(rng, 4)
    g[:, 1] = -1e30
    d[0, 2] = -1e30
    add("regression: -1e30 entries", g, d, settings())
    g, d = random_problem(rng, 5)
    g[:, 1] = NEG_INF  # impossible under both generator prompts
    g[0, 3] = NEG_INF  # impossible when asked for a correct answer
    d[1, 2] = NEG_INF  # the discriminator never calls candidate 2 incorrect
    add("regression: -inf entries", g, d, settings())
    g, d = random_problem(rng, 5)
    g[:, 1] = NEG_INF
    g[0, 3] = NEG_INF
    d[1, 2] = NEG_INF
    add("regression: -inf entries, plain", g, d, settings(iterations=1000, normalization="plain"))
    g, d = random_problem(rng, 3)
    g[0, :] = NEG_INF  # every candidate impossible when asked for a correct answer
    add("regression: a whole generator row -inf", g, d, settings(iterations=100))
    add("regression: all scores equal", np.full((2, 4), -3.0), np.full((2, 4), -0.7), settings())
    add("regression: all scores equal, plain", np.full((2, 3), -12.5), np.full((2, 3), -0.1),
        settings(iterations=50, normalization="plain"))
    g, d = random_problem(rng, 4)
    g[:, 2] = g[:, 0]
    d[:, 2] = d[:, 0]
    add("regression: two identical candidates", g, d, settings())
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="Tests/ConsensusGameTests/Fixtures/reference.json")
    parser.add_argument("--seed", type=int, default=20240507)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    fixture = {
        "generated_by": "scripts/reference/reference_solver.py",
        "seed": args.seed,
        "numpy": np.__version__,
        "cases": [],
    }
    for name, g, d, s in cases(rng):
        problem = {"generator": {"correct": list(g[0]), "incorrect": list(g[1])},
                   "discriminator": {"correct": list(d[0]), "incorrect": list(d[1])}}
        fixture["cases"].append(encode({"name": name, "settings": s, "problem": problem,
                                        "expected": solve(g, d, s)}))
        print(f"{name}: exploitability {fixture['cases'][-1]['expected']['exploitability']:.3e}")
    with open(args.out, "w") as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
