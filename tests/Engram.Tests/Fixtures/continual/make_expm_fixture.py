#!/usr/bin/python3
"""Writes expm_fixture.json: matrices A and scipy.linalg.expm(A), the reference for MatrixExponentialTests.

Run from this folder with Debian's python: /usr/bin/python3 make_expm_fixture.py
(numpy 1.24.2, scipy 1.10.1 when it was generated). Floats are written with repr(), which round-trips exactly.
Cases cover every Padé degree of Higham (2005) (3, 5, 7, 9, 13) and the scaling-and-squaring branch:
rotation generators eps*Omega (Omega = (A - A^T)/2, d = 50) as in the drift experiment, and general matrices.
"""
import json
import numpy as np
import scipy
import scipy.linalg

rng = np.random.default_rng(20240601)
cases = []


def add(name, a):
    cases.append({"name": name, "a": a.tolist(), "expm": scipy.linalg.expm(a).tolist(),
                  "one_norm": float(np.abs(a).sum(axis=0).max())})


for d, eps in [(50, 0.0002), (20, 0.005), (50, 0.02), (50, 0.05), (20, 1.0)]:
    a = rng.standard_normal((d, d))
    add(f"skew d={d} eps={eps}", eps * (a - a.T) / 2)
add("general 8x8 norm~1", rng.standard_normal((8, 8)) * 0.4)
add("general 8x8 norm~30 (scaling)", rng.standard_normal((8, 8)) * 4.0)
add("upper triangular 6x6", np.triu(rng.standard_normal((6, 6))))
add("1x1", np.array([[0.7]]))
add("zero 3x3", np.zeros((3, 3)))

with open("expm_fixture.json", "w") as f:
    json.dump({"generator": "make_expm_fixture.py", "numpy": np.__version__, "scipy": scipy.__version__,
               "cases": cases}, f)
