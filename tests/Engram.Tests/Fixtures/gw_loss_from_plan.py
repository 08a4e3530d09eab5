"""Recomputes the GW loss of a plan written by `engram align --out` with numpy/scipy, independently of Engram.

Usage: /usr/bin/python3 gw_loss_from_plan.py PLAN.npy X.npy Y.npy   (X, Y: embeddings; euclidean distances)
Prints the loss Σ tens(T) ∘ T with tens = constC − 2 C1 T C2ᵀ (POT's square-loss gwloss), uniform p and q, in float64.
"""
import sys

import numpy as np
from scipy.spatial.distance import cdist

plan = np.load(sys.argv[1])
x = np.load(sys.argv[2]).squeeze().astype(np.float64)
y = np.load(sys.argv[3]).squeeze().astype(np.float64)
c1, c2 = cdist(x, x), cdist(y, y)
p = np.full(len(c1), 1 / len(c1))
q = np.full(len(c2), 1 / len(c2))
const_c = np.outer((c1 ** 2) @ p, np.ones(len(q))) + np.outer(np.ones(len(p)), (c2 ** 2) @ q)
tens = const_c - 2 * c1 @ plan @ c2.T
print(repr(float(np.sum(tens * plan))))
