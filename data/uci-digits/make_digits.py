"""Writes the UCI handwritten digits (Alpaydin & Kaynak 1998; 1 797 images of 8 x 8 pixels, grey levels 0-16, labels 0-9)
as .npy files, from the copy Debian's python3-sklearn ships (BSD-3-Clause, as scikit-learn's load_digits reads it).
Run from this folder: /usr/bin/python3 make_digits.py [/path/to/digits.csv.gz]"""
import sys
import numpy as np

source = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
table = np.loadtxt(source, delimiter=",", dtype=np.int64)  # one row per image: 64 pixels, then the label
assert table.shape == (1797, 65), table.shape
images, labels = table[:, :64].reshape(-1, 8, 8).astype(np.uint8), table[:, 64].astype(np.uint8)
assert images.max() == 16 and images.min() == 0 and sorted(set(labels.tolist())) == list(range(10))
np.save("images.npy", images)
np.save("labels.npy", labels)
