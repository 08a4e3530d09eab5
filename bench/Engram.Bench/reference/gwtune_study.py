#!/usr/bin/python3
"""GWTune's ε search, for Engram's study benchmark: Optuna TPE (multivariate, constant liar, seed 42) drives entropic GW
from POT 0.8.2 (square loss, max_iter 200, tol 1e-9), one random initial plan per trial, ε log-uniform; the study keeps
the trial with the lowest GW loss. POT 0.8.2's entropic_gromov_wasserstein takes no initial plan, so the loop is its
own loop (init_matrix, gwggrad, sinkhorn, gwloss) started from the trial's plan, as GWTune does.

Usage: /usr/bin/python3 gwtune_study.py X.npy Y.npy TRIALS EPS_LOW EPS_HIGH [MAX_ITER] [METRIC]
Prints one JSON line per trial, then one JSON object for the study: wall seconds, best ε, GW loss and top-1/5/10.
"""
import json, sys, time, warnings
import numpy as np
import optuna
import ot
from scipy.spatial.distance import cdist

warnings.simplefilter("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)
x = np.load(sys.argv[1]).squeeze().astype(np.float64)
y = np.load(sys.argv[2]).squeeze().astype(np.float64)
trials, low, high = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
max_iter = int(sys.argv[6]) if len(sys.argv) > 6 else 200
metric = sys.argv[7] if len(sys.argv) > 7 else "euclidean"
c1, c2 = cdist(x, x, metric), cdist(y, y, metric)
n, m = len(c1), len(c2)
p, q = np.full(n, 1 / n), np.full(m, 1 / m)


def random_plan(seed):
    rng = np.random.default_rng(seed)
    t = rng.random((n, m)) + 1e-3
    for _ in range(10000):
        t *= (p / t.sum(1))[:, None]
        t *= (q / t.sum(0))[None, :]
        if np.abs(t.sum(1) - p).sum() < 1e-13:
            break
    return t


def entropic_gw(t, eps):
    constC, hC1, hC2 = ot.gromov.init_matrix(c1, c2, p, q, "square_loss")
    err, it = 1.0, 0
    while err > 1e-9 and it < max_iter:
        prev = t
        tens = ot.gromov.gwggrad(constC, hC1, hC2, t)
        t = ot.sinkhorn(p, q, tens, eps, method="sinkhorn")
        if it % 10 == 0:
            err = np.linalg.norm(t - prev)
        it += 1
    return t, float(ot.gromov.gwloss(constC, hC1, hC2, t)), it


def topk(plan, k):
    best = np.argsort(-plan, axis=1)[:, :k]
    return 100.0 * np.mean([i in best[i] for i in range(n)])


best = {}
def objective(trial):
    eps = trial.suggest_float("eps", low, high, log=True)
    start = time.perf_counter()
    plan, loss, iterations = entropic_gw(random_plan(trial.number), eps)
    seconds = time.perf_counter() - start
    top1 = topk(plan, 1)
    print(json.dumps(dict(trial=trial.number, eps=eps, gw_loss=loss, top1=top1, iterations=iterations, seconds=seconds)), flush=True)
    if not np.isfinite(loss):
        raise optuna.TrialPruned()
    if "loss" not in best or loss < best["loss"]:
        best.update(loss=loss, eps=eps, trial=trial.number, top=[top1, topk(plan, 5), topk(plan, 10)])
    return loss


sampler = optuna.samplers.TPESampler(multivariate=True, constant_liar=True, seed=42)
study = optuna.create_study(direction="minimize", sampler=sampler)
start = time.perf_counter()
study.optimize(objective, n_trials=trials)
wall = time.perf_counter() - start
print(json.dumps(dict(optuna=optuna.__version__, pot=ot.__version__, trials=trials, wall_seconds=wall, best_trial=best["trial"],
                      best_eps=best["eps"], best_gw_loss=best["loss"], top1=best["top"][0], top5=best["top"][1], top10=best["top"][2])))
