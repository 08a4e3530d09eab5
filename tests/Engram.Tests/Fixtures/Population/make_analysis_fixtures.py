#!/usr/bin/python3
"""Reference values for tests/Engram.Tests/Analysis from scikit-learn / scipy (Debian 12: sklearn 1.2.1,
scipy 1.10.1, numpy 1.24.2). Run from this folder: /usr/bin/python3 make_analysis_fixtures.py
Writes vbgmm_given_resp.json, vbgmm_kmeans.json, ari.json, pca.json, special.json."""
import json
import numpy as np
import scipy, scipy.special as sp
import sklearn
from sklearn.mixture import BayesianGaussianMixture
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score

VERSIONS = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}


def dump(name, obj):
    obj = dict(obj, versions=VERSIONS)
    with open(name, "w") as f:
        json.dump(obj, f, indent=1)
    print("wrote", name)


class GivenResp(BayesianGaussianMixture):
    """sklearn's estimator, started from given responsibilities; records the lower bound per iteration."""

    def _initialize_parameters(self, X, random_state):
        self._bounds = []
        self._initialize(X, self.resp0)

    def _compute_lower_bound(self, log_resp, log_prob_norm):
        lb = super()._compute_lower_bound(log_resp, log_prob_norm)
        self._bounds.append(float(lb))
        return lb


def blobs(rng, centers, per, scale):
    centers = np.asarray(centers, float)
    X = np.concatenate([c + scale * rng.standard_normal((per, centers.shape[1])) for c in centers])
    y = np.repeat(np.arange(len(centers)), per)
    return X, y


rng = np.random.default_rng(20240501)
cases = []
specs = [
    ("blobs2d_dp", blobs(rng, [[0, 0], [6, 0], [0, 6]], 30, 1.0)[0], 6, "dirichlet_process", "random"),
    ("blobs2d_dirichlet", blobs(rng, [[0, 0], [6, 0], [0, 6]], 30, 1.0)[0], 6, "dirichlet_distribution", "random"),
    ("blobs3d_dp_hard", blobs(rng, [[0, 0, 0], [5, 0, 0], [0, 5, 0], [0, 0, 5]], 30, 1.0)[0], 8, "dirichlet_process", "hard"),
    ("overlap2d_dp", rng.standard_normal((60, 2)) @ np.array([[1.0, 0.3], [0.0, 0.5]]), 5, "dirichlet_process", "random"),
    ("overlap2d_dirichlet", rng.standard_normal((60, 2)) @ np.array([[1.0, 0.3], [0.0, 0.5]]), 5, "dirichlet_distribution", "random"),
    ("line1d_dp", np.concatenate([rng.normal(0, 1, 25), rng.normal(8, 1, 25)])[:, None], 4, "dirichlet_process", "random"),
]
for name, X, K, wtype, init in specs:
    n = X.shape[0]
    if init == "random":
        resp = rng.uniform(size=(n, K))
        resp /= resp.sum(axis=1, keepdims=True)
    else:
        resp = np.zeros((n, K))
        resp[np.arange(n), rng.integers(0, K, n)] = 1
    m = GivenResp(n_components=K, weight_concentration_prior_type=wtype, tol=1e-3, max_iter=200, random_state=0)
    m.resp0 = resp
    labels = m.fit_predict(X)
    cases.append(dict(name=name, weight_prior=wtype, components=K, tol=1e-3, max_iter=200, reg_covar=1e-6,
                      x=X.tolist(), resp0=resp.tolist(), lower_bounds=m._bounds, lower_bound=float(m.lower_bound_),
                      n_iter=int(m.n_iter_), converged=bool(m.converged_), weights=m.weights_.tolist(),
                      means=m.means_.tolist(), covariances=m.covariances_.tolist(),
                      degrees_of_freedom=m.degrees_of_freedom_.tolist(), mean_precision=m.mean_precision_.tolist(),
                      labels=labels.tolist()))
dump("vbgmm_given_resp.json", {"cases": cases})

# Converged fits from sklearn's own k-means initialisation on well-separated blobs: compare the partition.
cases = []
for name, centers, per, K, wtype in [
    ("four_blobs_2d", [[0, 0], [8, 0], [0, 8], [8, 8]], 25, 10, "dirichlet_process"),
    ("three_blobs_3d", [[0, 0, 0], [7, 0, 0], [0, 7, 0]], 40, 10, "dirichlet_distribution"),
    ("five_blobs_4d", [[0, 0, 0, 0], [9, 0, 0, 0], [0, 9, 0, 0], [0, 0, 9, 0], [0, 0, 0, 9]], 30, 10, "dirichlet_process"),
]:
    X, y = blobs(rng, centers, per, 1.0)
    m = BayesianGaussianMixture(n_components=K, weight_concentration_prior_type=wtype, random_state=0, max_iter=500, n_init=3)
    labels = m.fit_predict(X)
    cases.append(dict(name=name, weight_prior=wtype, components=K, x=X.tolist(), truth=y.tolist(), labels=labels.tolist(),
                      n_clusters=int(len(set(labels))), active=int((m.weights_ > 0.01).sum()),
                      ari_truth=float(adjusted_rand_score(y, labels)), lower_bound=float(m.lower_bound_)))
dump("vbgmm_kmeans.json", {"cases": cases})

# Adjusted Rand index.
pairs = [
    ([0, 0, 1, 1], [0, 0, 1, 1]),
    ([0, 0, 1, 1], [1, 1, 0, 0]),
    ([0, 0, 1, 2], [0, 0, 1, 1]),
    ([0, 0, 0, 0], [0, 1, 2, 3]),
    ([0, 1, 2, 3], [0, 1, 2, 3]),
    ([0, 0, 0, 0], [0, 0, 0, 0]),
    ([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]),
    ([5, 5, 7, 7, 7, 9], [1, 1, 1, 2, 2, 2]),
]
for n, a, b in [(20, 3, 4), (50, 5, 5), (200, 10, 3), (1000, 8, 8), (37, 2, 7)]:
    pairs.append((rng.integers(0, a, n).tolist(), rng.integers(0, b, n).tolist()))
truth = np.repeat(np.arange(6), 20)
noisy = truth.copy()
flip = rng.random(len(truth)) < 0.2
noisy[flip] = rng.integers(0, 6, flip.sum())
pairs.append((truth.tolist(), noisy.tolist()))
dump("ari.json", {"cases": [dict(a=list(map(int, a)), b=list(map(int, b)), ari=float(adjusted_rand_score(a, b))) for a, b in pairs]})

# PCA (sklearn uses the full SVD for these shapes).
cases = []
for name, n, d, k in [("wide_12x40", 12, 40, 4), ("tall_80x6", 80, 6, 3), ("square_10x10", 10, 10, 5)]:
    X = rng.standard_normal((n, d)) @ rng.standard_normal((d, d)) + rng.standard_normal(d) * 3
    p = PCA(n_components=k, svd_solver="full").fit(X)
    cases.append(dict(name=name, k=k, x=X.tolist(), explained_variance=p.explained_variance_.tolist(),
                      explained_variance_ratio=p.explained_variance_ratio_.tolist(), components=p.components_.tolist(),
                      scores=p.transform(X).tolist(), mean=p.mean_.tolist()))
dump("pca.json", {"cases": cases})

# Special functions.
xs = [1e-8, 1e-3, 0.1, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.7, 5.0, 9.99, 10.0, 10.5, 33.3, 100.0, 1234.5, 1e6, 1e8]
ab = [(0.5, 0.5), (1.0, 3.0), (2.5, 7.25), (31.0, 0.1), (1e3, 2.0), (1e-3, 1e-3)]
dump("special.json", {"x": xs, "gammaln": [float(sp.gammaln(x)) for x in xs], "digamma": [float(sp.digamma(x)) for x in xs],
                      "betaln": [dict(a=a, b=b, value=float(sp.betaln(a, b))) for a, b in ab]})
