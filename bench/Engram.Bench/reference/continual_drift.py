#!/usr/bin/python3
"""numpy/scipy reference for the drift experiment of docs/science.md §3 (the Engram.Bench "continual-drift" benchmark).

Protocol, per draw: Q = orthonormal columns from the QR of a d x 14 Gaussian; cluster x_k = sqrt(c) Q[:,0] +
sqrt(1-c) Q[:,k] (k = 1..12), outlier x_13 = Q[:,13]; fixed points z*_k by iterating z <- X^T softmax(beta X z)
from x_k until ||dz|| < 1e-12; A ~ N(0,1) (d x d), Omega = (A - A^T)/2, V = expm(eps Omega), Y = X V^T;
dE_k = E(z*_k; Y) - E(z*_k; X); p_{r|k} = softmax(beta X z*_k)_r; closed-form gain log(1 + p e^{beta dE})/beta,
no-drift baseline log(1 + p)/beta, net gain = difference. Means over draws (cluster = mean over the 12 members).

Two implementations of the fixed-point step: "vectorized" iterates all 13 starting points at once (each row stops
when its own step is below the tolerance), "loop" is the direct transcription, one pattern at a time.

Usage: continual_drift.py [--draws 200] [--eps 0.05,0.02] [--seed 0] [--variant vectorized|loop]
Prints one JSON object: per epsilon the summary numbers and the seconds spent (numpy's own RNG, so the numbers
agree with Engram's statistically, not digit for digit).
"""
import argparse
import json
import time

import numpy as np
import scipy.linalg
from scipy.special import logsumexp, softmax

D, BETA, C, CLUSTER = 50, 8.0, 0.35, 12


def fixed_points(X, tol=1e-12, cap=10_000):
    """Iterate z <- X^T softmax(beta X z) from every stored pattern at once; each row stops when its step < tol."""
    Z = X.copy()
    active = np.ones(len(X), dtype=bool)
    iterations = 0
    while active.any() and iterations < cap:
        Za = Z[active]
        nxt = softmax(BETA * Za @ X.T, axis=1) @ X
        step = np.linalg.norm(nxt - Za, axis=1)
        Z[active] = nxt
        idx = np.flatnonzero(active)
        active[idx[step < tol]] = False
        iterations += 1
    return Z, int(active.sum())


def fixed_points_loop(X, tol=1e-12, cap=10_000):
    """Iterate z <- X^T softmax(beta X z) from each stored pattern in turn until ||dz|| < tol."""
    Z = np.empty_like(X)
    not_converged = 0
    for k, x in enumerate(X):
        z = x.copy()
        for _ in range(cap):
            nxt = X.T @ softmax(BETA * X @ z)
            step = np.linalg.norm(nxt - z)
            z = nxt
            if step < tol:
                break
        else:
            not_converged += 1
        Z[k] = z
    return Z, not_converged


def draw(rng, eps, fixed_points=fixed_points):
    Q, _ = np.linalg.qr(rng.standard_normal((D, CLUSTER + 2)))
    X = np.vstack([np.sqrt(C) * Q[:, 0] + np.sqrt(1 - C) * Q[:, 1:CLUSTER + 1].T, Q[:, CLUSTER + 1][None, :]])
    Z, not_converged = fixed_points(X)
    A = rng.standard_normal((D, D))
    V = scipy.linalg.expm(eps * (A - A.T) / 2)
    Y = X @ V.T
    energy = -logsumexp(BETA * X @ X.T, axis=1) / BETA + 0.5 * np.sum(X * X, axis=1)
    lse_old = logsumexp(BETA * Z @ X.T, axis=1)
    lse_new = logsumexp(BETA * Z @ Y.T, axis=1)
    dE = (lse_old - lse_new) / BETA
    P = softmax(BETA * Z @ X.T, axis=1)                      # P[k, r] = p_{r|k}
    closed = np.log1p(P * np.exp(BETA * dE)[:, None]) / BETA
    baseline = np.log1p(P) / BETA
    net = (closed - baseline).T                               # net[r, k]: replayed r, measured at k
    return energy, dE, net, not_converged, np.abs(V.T @ V - np.eye(D)).max()


def summarise(results):
    cl = slice(0, CLUSTER)
    energy = np.array([r[0] for r in results])
    dE = np.array([r[1] for r in results])
    net = np.array([r[2] for r in results])
    self_gain = np.array([np.diag(n) for n in net])
    off = ~np.eye(CLUSTER, dtype=bool)
    within = np.array([n[:CLUSTER, :CLUSTER][off].mean() for n in net])
    cross = np.array([(n[:CLUSTER, CLUSTER].sum() + n[CLUSTER, :CLUSTER].sum()) / (2 * CLUSTER) for n in net])

    def est(v):
        return [float(v.mean()), float(v.std(ddof=1) / np.sqrt(len(v)))]

    return {
        "energy_cluster": est(energy[:, cl].mean(axis=1)), "energy_outlier": est(energy[:, CLUSTER]),
        "dE_cluster": est(dE[:, cl].mean(axis=1)), "dE_outlier": est(dE[:, CLUSTER]),
        "gain_self_cluster": est(self_gain[:, cl].mean(axis=1)), "gain_self_outlier": est(self_gain[:, CLUSTER]),
        "gain_within": est(within), "gain_cross": est(cross),
        "not_converged": int(sum(r[3] for r in results)),
        "max_orthogonality_error": float(max(r[4] for r in results)),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--eps", default="0.05,0.02")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--variant", choices=["vectorized", "loop"], default="vectorized")
    args = parser.parse_args()
    solver = fixed_points if args.variant == "vectorized" else fixed_points_loop
    out = {"numpy": np.__version__, "scipy": scipy.__version__, "draws": args.draws, "variant": args.variant, "runs": []}
    total = time.perf_counter()
    for eps in [float(e) for e in args.eps.split(",")]:
        rng = np.random.default_rng(args.seed)
        start, cpu = time.perf_counter(), time.process_time()
        results = [draw(rng, eps, solver) for _ in range(args.draws)]
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        out["runs"].append({"eps": eps, "seconds": seconds, "cpu_seconds": cpu_seconds, **summarise(results)})
    out["seconds"] = time.perf_counter() - total
    print(json.dumps(out))


if __name__ == "__main__":
    main()
