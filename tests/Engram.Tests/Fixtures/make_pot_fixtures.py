#!/usr/bin/python3
"""Reference outputs of POT's entropic GW for Engram's tests.

Run with Debian's Python (python3-pot 0.8.2): /usr/bin/python3 tests/Engram.Tests/Fixtures/make_pot_fixtures.py
Writes tests/Engram.Tests/Fixtures/pot/*.json: inputs (dissimilarities, marginals, settings) and POT's plan and loss.
"""
import json, os, warnings
import numpy as np
import ot
from scipy.spatial.distance import cdist

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pot")
os.makedirs(here, exist_ok=True)


def solve(name, d1, d2, p, q, eps, max_iter, init="uniform"):
    # POT 0.8.2's entropic_gromov_wasserstein always starts from p q^T.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan, log = ot.gromov.entropic_gromov_wasserstein(d1, d2, p, q, "square_loss", eps, max_iter=max_iter, tol=1e-9, log=True)
    sinkhorn_converged = not any("did not converge" in str(w.message) for w in caught)
    out = dict(pot_version=ot.__version__, eps=eps, max_iter=max_iter, init=init,
               d1=d1.tolist(), d2=d2.tolist(), p=p.tolist(), q=q.tolist(),
               plan=plan.tolist(), gw_loss=float(log["gw_dist"]), sinkhorn_converged=sinkhorn_converged)
    with open(os.path.join(here, name + ".json"), "w") as f:
        json.dump(out, f)
    print(name, d1.shape, d2.shape, "eps", eps, "loss", log["gw_dist"], "POT's Sinkhorn converged:", sinkhorn_converged)


rng = np.random.default_rng(7)
# Unequal sizes, non-uniform marginals, euclidean distances of random 3-d clouds.
x = rng.normal(size=(30, 3)); y = rng.normal(size=(24, 2))
p = rng.uniform(0.5, 1.5, 30); p /= p.sum()
q = rng.uniform(0.5, 1.5, 24); q /= q.sum()
solve("random_30x24", cdist(x, x), cdist(y, y), p, q, eps=0.2, max_iter=40)

# A rotated and permuted copy: GW should find the permutation.
x = rng.normal(size=(20, 3))
theta = 0.7
rot = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
perm = rng.permutation(20)
y = (x @ rot.T)[perm]
u = np.full(20, 1 / 20)
solve("rotated_permuted_20", cdist(x, x), cdist(y, y), u, u, eps=0.01, max_iter=100)

# Colour dissimilarities (bundled data), docs/science.md §4: eps 0.1, 200 iterations -> GW loss 1.7776, top-1 32.3 %.
root = os.path.dirname(os.path.dirname(os.path.dirname(here)))
c1 = np.load(os.path.join(root, "..", "data", "color", "group1_dissimilarity.npy"))
c2 = np.load(os.path.join(root, "..", "data", "color", "group2_dissimilarity.npy"))
u = np.full(93, 1 / 93)
solve("color_eps0.1", c1, c2, u, u, eps=0.1, max_iter=200)
