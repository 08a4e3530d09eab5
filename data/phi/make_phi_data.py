"""Writes the bundled integrated-information examples (numpy only; run from this folder).

toy6_ar.npy     the 6-node AR matrix of docs/science.md §5 (PhiToolbox's demo_Complex_Gauss), 0-based rows.
ar8_series.npy  8 channels × 10 000 samples of X_t = A X_{t-1} + E, E ~ N(0, I), seed 12: two modules
                {0..3} and {4..7}, strong coupling inside each, weak between them.
ising4_states.npy  4 binary channels × 20 000 samples (uint8 states 0/1) of a kinetic Ising chain, seed 13:
                p(x_i(t) = 1) = 1 / (1 + exp(-2 h_i)), h = W (2 x(t-1) - 1); pairs {0,1} and {2,3} coupled
                strongly inside, weakly between (for `engram phi ... --discrete`).
"""
import numpy as np

a = np.zeros((6, 6))
a[0:2, 0:2] = 0.05
a[2:6, 2:6] = 0.05
a[4:6, 4:6] = 0.1
np.fill_diagonal(a, 0.9)
a[0, 2] = a[2, 0] = a[1, 3] = a[3, 1] = 0.01
np.save("toy6_ar.npy", a / 6)

rng = np.random.default_rng(12)
b = np.zeros((8, 8))
b[:4, :4] = rng.uniform(0.05, 0.25, (4, 4))
b[4:, 4:] = rng.uniform(0.05, 0.25, (4, 4))
b[:4, 4:] = rng.uniform(0, 0.02, (4, 4))
b[4:, :4] = rng.uniform(0, 0.02, (4, 4))
b *= 0.8 / max(abs(np.linalg.eigvals(b)))
x = np.zeros((8, 10_000 + 500))
for t in range(1, x.shape[1]):
    x[:, t] = b @ x[:, t - 1] + rng.standard_normal(8)
np.save("ar8_series.npy", x[:, 500:])

rng = np.random.default_rng(13)
w = np.full((4, 4), 0.05)
w[:2, :2] = [[0.2, 0.9], [0.9, 0.2]]
w[2:, 2:] = [[0.2, 0.9], [0.9, 0.2]]
s = np.zeros((4, 20_000 + 100), dtype=np.uint8)
for t in range(1, s.shape[1]):
    h = w @ (2.0 * s[:, t - 1] - 1)
    s[:, t] = rng.random(4) < 1 / (1 + np.exp(-2 * h))
np.save("ising4_states.npy", s[:, 100:])
