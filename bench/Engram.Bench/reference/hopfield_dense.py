#!/usr/bin/python3
"""Reference for the Memory benchmark: one synchronous Hopfield step with a dense coupling matrix.

    x(t+1) = sgn(J x(t)),  J = Xi^T Xi / N,  J_ii = 0,  sgn(0) = +1

This is the textbook numpy implementation (the N x N matrix is built once, not timed). numpy's
matrix-vector product goes to OpenBLAS (dgemv / sgemv). Prints one JSON object.

usage: hopfield_dense.py N P REPS
"""
import json
import sys
import time

import numpy as np


def main():
    n, p, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(1)
    xi = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(p, n))
    x = xi[0].copy()
    flip = rng.choice(n, size=n // 10, replace=False)
    x[flip] *= -1
    out = {"n": n, "p": p, "reps": reps, "numpy": np.__version__}
    t0 = time.perf_counter()
    j32 = xi.T @ xi  # float32 sums of +-1 are exact integers up to 2^24
    np.fill_diagonal(j32, 0)
    j32 /= n
    out["build_j_s"] = time.perf_counter() - t0
    for name, dtype in (("float64", np.float64), ("float32", np.float32)):
        j = j32.astype(dtype) if dtype is np.float64 else j32
        v = x.astype(dtype)
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            nxt = np.where(j @ v >= 0, 1, -1).astype(dtype)
            times.append(time.perf_counter() - t)
        times.sort()
        out[name] = {"best_ms": times[0] * 1e3, "median_ms": times[len(times) // 2] * 1e3,
                     "changed": int(np.sum(nxt != v))}
        del j
    out["blas"] = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
