#!/usr/bin/python3
"""Reference for the Population-analysis benchmark: scikit-learn's BayesianGaussianMixture (full covariances)
and the sliding-window analysis of Matsumoto et al. (2005) written the way a numpy user would.

usage:
  population_sklearn.py given X.npy R.npy REPS PRIOR      fit from given responsibilities R (n x K), REPS times
  population_sklearn.py kmeans X.npy K REPS PRIOR         fit with sklearn's own k-means start (random_state = rep)
  population_sklearn.py windows A.npy G.npy F.npy WINDOW STEP COMPONENTS K NINIT
                                                          sliding-window PCA + BGM + ARI on activity A (stimuli x neurons x time)
PRIOR is dirichlet_process or dirichlet_distribution. Prints one JSON object; times in milliseconds (fits) or seconds (windows).
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import BayesianGaussianMixture

warnings.filterwarnings("ignore", category=ConvergenceWarning)


class GivenResp(BayesianGaussianMixture):
    def _initialize_parameters(self, X, random_state):
        self._initialize(X, self.resp0)


def summary(times, extra):
    times = sorted(times)
    return dict(extra, best_ms=times[0] * 1e3, median_ms=times[len(times) // 2] * 1e3, reps=len(times), sklearn=sklearn.__version__,
                numpy=np.__version__)


def given(x_path, r_path, reps, prior):
    X, R = np.load(x_path), np.load(r_path)
    times = []
    for _ in range(reps):
        m = GivenResp(n_components=R.shape[1], weight_concentration_prior_type=prior, max_iter=100, tol=1e-3)
        m.resp0 = R
        t0 = time.perf_counter()
        m.fit(X)
        times.append(time.perf_counter() - t0)
    return summary(times, dict(n_iter=int(m.n_iter_), lower_bound=float(m.lower_bound_), clusters=int(len(set(m.predict(X))))))


def kmeans(x_path, k, reps, prior):
    X = np.load(x_path)
    times, clusters = [], []
    for rep in range(reps):
        m = BayesianGaussianMixture(n_components=k, weight_concentration_prior_type=prior, random_state=rep)
        t0 = time.perf_counter()
        labels = m.fit_predict(X)
        times.append(time.perf_counter() - t0)
        clusters.append(len(set(labels)))
    return summary(times, dict(mean_clusters=float(np.mean(clusters))))


def windows(a_path, g_path, f_path, width, step, components, k, n_init):
    A, g, f = np.load(a_path).astype(np.float64), np.load(g_path), np.load(f_path)
    t0 = time.perf_counter()
    cs = np.concatenate([np.zeros(A.shape[:2] + (1,)), np.cumsum(A, axis=2)], axis=2)
    out = []
    for i, start in enumerate(range(0, A.shape[2] - width + 1, step)):
        X = (cs[:, :, start + width] - cs[:, :, start]) / width
        Z = PCA(components).fit_transform(X)
        labels = BayesianGaussianMixture(n_components=k, n_init=n_init, random_state=i).fit_predict(Z)
        out.append((start, len(set(labels)), adjusted_rand_score(g, labels), adjusted_rand_score(f, labels)))
    seconds = time.perf_counter() - t0

    def first(col):
        return next((o[0] for o in out if o[col] > 0.5), None)

    return dict(seconds=seconds, windows=len(out), first_global_start=first(2), first_fine_start=first(3),
                mean_clusters=float(np.mean([o[1] for o in out])), sklearn=sklearn.__version__, numpy=np.__version__)


def main():
    mode = sys.argv[1]
    if mode == "given":
        res = given(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif mode == "kmeans":
        res = kmeans(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif mode == "windows":
        res = windows(sys.argv[2], sys.argv[3], sys.argv[4], *map(int, sys.argv[5:10]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
