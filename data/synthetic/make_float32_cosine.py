"""Makes the float32 cosine-dissimilarity pair in this folder, the way numpy/torch users compute it.

Two "networks" see the same 200 stimuli: network A's features are ReLU(Gaussian) in 64 dimensions,
with every tenth stimulus shown twice (items 10k and 10k+1 have identical features, as augmented
copies of one image often do); network B's features are A's, rotated, plus 20 % noise. Each matrix is
1 - cos computed in float32 (normalise the rows, take X Xᵀ, subtract from 1), so it carries float32
noise: small negative entries where cos rounds above 1 and a diagonal of about ±1e-7, not exact zeros.

Run: /usr/bin/python3 data/synthetic/make_float32_cosine.py   (numpy 1.24, Debian 12)
"""
import os

import numpy as np

rng = np.random.default_rng(20261201)
n, d = 200, 64
a = np.maximum(rng.standard_normal((n, d)), 0).astype(np.float32)
a[1::10] = a[0::10]                                     # duplicated stimuli
q, _ = np.linalg.qr(rng.standard_normal((d, d)))
b = (a @ q.astype(np.float32) + 0.2 * rng.standard_normal((n, d)).astype(np.float32)).astype(np.float32)


def cosine_dissimilarity(x):
    x = x / np.linalg.norm(x, axis=1, keepdims=True)    # float32 throughout, as np/torch default
    return (np.float32(1) - x @ x.T).astype(np.float32)


here = os.path.dirname(os.path.abspath(__file__))
for name, features in (("a", a), ("b", b)):
    m = cosine_dissimilarity(features)
    np.save(os.path.join(here, f"cosine_float32_{name}.npy"), m)
    off = m[~np.eye(n, dtype=bool)]
    print(f"{name}: min off-diagonal {off.min():.3g}, diagonal in [{np.diag(m).min():.3g}, {np.diag(m).max():.3g}], "
          f"negatives {(m < 0).sum()}, max {m.max():.4g}")
