"""Writes the bundled Fashion-MNIST subset: the first 60 training and the first 20 test images of every class,
in the original order, as gzip IDX files. Run from this folder: python3 make_subset.py /path/to/fashion-mnist"""
import gzip, struct, sys

def read(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    shape = struct.unpack(">" + "i" * rank, data[4:4 + 4 * rank])
    return shape, data[4 + 4 * rank:]

def write(path, shape, values):
    header = bytes([0, 0, 8, len(shape)]) + struct.pack(">" + "i" * len(shape), *shape)
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as f:
        f.write(header + values)

source = sys.argv[1]
for split, per_class in (("train", 60), ("t10k", 20)):
    (n, h, w), images = read(f"{source}/{split}-images-idx3-ubyte.gz")
    _, labels = read(f"{source}/{split}-labels-idx1-ubyte.gz")
    taken, counts = [], [0] * 10
    for i in range(n):
        if counts[labels[i]] < per_class:
            counts[labels[i]] += 1
            taken.append(i)
    write(f"{split}-images-idx3-ubyte.gz", (len(taken), h, w), b"".join(images[i * h * w:(i + 1) * h * w] for i in taken))
    write(f"{split}-labels-idx1-ubyte.gz", (len(taken),), bytes(labels[i] for i in taken))
