#!/usr/bin/python3
"""POT reference for Engram's alignment benchmark: entropic GW on two embeddings, timed.

Usage: /usr/bin/python3 gw_pot.py X.npy Y.npy EPS MAX_ITER [--dissimilarity]
With --dissimilarity, X and Y are dissimilarity matrices (used as given, in float64) instead of embeddings.
Prints one JSON object: seconds (solve only), gw_loss, top1/5/10 (percent), iterations of the inner Sinkhorn
solves, the BLAS numpy uses, and peak memory.
"""
import json, resource, sys, time, warnings
import numpy as np
import ot
from scipy.spatial.distance import cdist

warnings.simplefilter("ignore")
x = np.load(sys.argv[1]).squeeze().astype(np.float64)
y = np.load(sys.argv[2]).squeeze().astype(np.float64)
eps, max_iter = float(sys.argv[3]), int(sys.argv[4])
c1, c2 = (x, y) if "--dissimilarity" in sys.argv[5:] else (cdist(x, x), cdist(y, y))
n = len(c1)
p = np.full(n, 1 / n)
q = np.full(len(c2), 1 / len(c2))
start = time.perf_counter()
plan, log = ot.gromov.entropic_gromov_wasserstein(c1, c2, p, q, "square_loss", eps, max_iter=max_iter, tol=1e-9, log=True)
seconds = time.perf_counter() - start


def topk(k):
    best = np.argsort(-plan, axis=1)[:, :k]
    return 100.0 * np.mean([i in best[i] for i in range(n)])


try:
    from threadpoolctl import threadpool_info
    blas = [f"{i['internal_api']} {i.get('architecture')} threads={i['num_threads']}" for i in threadpool_info()]
except ImportError:
    blas = ["threadpoolctl missing"]
print(json.dumps(dict(pot=ot.__version__, numpy=np.__version__, seconds=seconds, gw_loss=float(log["gw_dist"]),
                      top1=topk(1), top5=topk(5), top10=topk(10), blas=blas,
                      peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
