"""Makes a DNN-like float32 cosine-dissimilarity pair of n = 1000 stimuli from the bundled Fashion-MNIST subset.

Stimuli: the 800 images of data/fashion-mnist-small (600 training, 200 test) plus the 200 test images mirrored left to
right, as augmented copies are often added: 1000 images of 28 × 28, grey levels scaled to [0, 1].
Two untrained convolutional ReLU networks with He-initialised random weights (seeded) see the same stimuli, as two
architectures of a model zoo would:
  A ("VGG-like"):    conv 3×3 ×32, ReLU, conv 3×3 ×32, ReLU, max-pool 2 → conv 3×3 ×64, ReLU, max-pool 2 → flatten (1600)
  B ("ResNet-like"): conv 5×5 ×48, ReLU, avg-pool 2 → conv 3×3 ×96 with a skip (1×1 projection), ReLU,
                     avg-pool 2 → conv 3×3 ×128, ReLU → global average (128) and the 3×3 map (1152) concatenated
Each dissimilarity matrix is 1 − cos of the features, computed in float32 as numpy/torch users do (normalise the rows,
X Xᵀ, subtract from 1), so it carries float32 noise (small negatives, a diagonal of about ±1e-7).

Run: /usr/bin/python3 data/synthetic/make_dnn_cosine.py OUT_DIR   (numpy 1.24, Debian 12; about 30 s on 2 cores)
Writes OUT_DIR/dnn_cosine_a.npy and OUT_DIR/dnn_cosine_b.npy (1000 × 1000, float32, 4 MB each; not bundled).
"""
import gzip, os, struct, sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
images_dir = os.path.join(here, "..", "fashion-mnist-small")


def read_images(name):
    with gzip.open(os.path.join(images_dir, name), "rb") as f:
        data = f.read()
    n, h, w = struct.unpack(">iii", data[4:16])
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, h, w).astype(np.float32) / 255


train, test = read_images("train-images-idx3-ubyte.gz"), read_images("t10k-images-idx3-ubyte.gz")
stimuli = np.concatenate([train, test, test[:, :, ::-1]])[:, None]          # (1000, 1, 28, 28)
assert stimuli.shape[0] == 1000


def conv(x, out_channels, size, rng):
    """'valid' convolution with He-normal random filters, by im2col and one float32 GEMM."""
    n, c, h, w = x.shape
    weights = (rng.standard_normal((c * size * size, out_channels)) * np.sqrt(2 / (c * size * size))).astype(np.float32)
    oh, ow = h - size + 1, w - size + 1
    cols = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))  # n, c, oh, ow, size, size
    cols = cols.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, c * size * size)
    return (cols @ weights).reshape(n, oh, ow, out_channels).transpose(0, 3, 1, 2)


def relu(x):
    return np.maximum(x, 0)


def pool(x, kind):
    n, c, h, w = x.shape
    x = x[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2)
    return x.max(axis=(3, 5)) if kind == "max" else x.mean(axis=(3, 5))


def network_a(x, rng):
    x = relu(conv(x, 32, 3, rng))
    x = pool(relu(conv(x, 32, 3, rng)), "max")
    x = pool(relu(conv(x, 64, 3, rng)), "max")
    return x.reshape(len(x), -1)


def network_b(x, rng):
    x = pool(relu(conv(x, 48, 5, rng)), "mean")
    skip = conv(x, 96, 1, rng)[:, :, 1:-1, 1:-1]
    x = pool(relu(conv(x, 96, 3, rng) + skip), "mean")
    x = relu(conv(x, 128, 3, rng))
    return np.concatenate([x.mean(axis=(2, 3)), x.reshape(len(x), -1)], axis=1)


def cosine_dissimilarity(x):
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)    # float32 throughout, as np/torch default
    return (np.float32(1) - x @ x.T).astype(np.float32)


out = sys.argv[1] if len(sys.argv) > 1 else here
os.makedirs(out, exist_ok=True)
for name, network, seed in (("a", network_a, 20261207), ("b", network_b, 20261208)):
    m = cosine_dissimilarity(network(stimuli, np.random.default_rng(seed)))
    np.save(os.path.join(out, f"dnn_cosine_{name}.npy"), m)
    off = m[~np.eye(len(m), dtype=bool)]
    print(f"{name}: {m.shape}, off-diagonal in [{off.min():.3g}, {off.max():.3g}], median {np.median(off):.3g}, "
          f"diagonal in [{np.diag(m).min():.3g}, {np.diag(m).max():.3g}]")
