"""Shared by the PyTorch and NumPy peers of bench/compare.sh: reads Fashion-MNIST's IDX files."""
import gzip
import os
import struct

import numpy as np

FOLDERS = [os.environ.get("BACKPROP_DATA", ""), "/usr/share/datasets/fashion-mnist"]


def _open(name):
    for folder in filter(None, FOLDERS):
        for suffix in ("", ".gz"):
            path = os.path.join(folder, name + suffix)
            if os.path.exists(path):
                return gzip.open(path, "rb") if suffix else open(path, "rb")
    raise SystemExit(f"{name} not found: apt-get install dataset-fashion-mnist, or set BACKPROP_DATA")


def images(name):
    with _open(name) as f:
        _, count, rows, cols = struct.unpack(">IIII", f.read(16))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(count, rows * cols)


def labels(name):
    with _open(name) as f:
        struct.unpack(">II", f.read(8))
        return np.frombuffer(f.read(), dtype=np.uint8).astype(np.int64)


def load():
    """Training and test images as float32 in [0, 1] (the usual way: the whole set converted up front)."""
    xtr = images("train-images-idx3-ubyte").astype(np.float32) / 255.0
    xte = images("t10k-images-idx3-ubyte").astype(np.float32) / 255.0
    return xtr, labels("train-labels-idx1-ubyte"), xte, labels("t10k-labels-idx1-ubyte")
