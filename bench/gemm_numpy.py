#!/usr/bin/python3
"""Times the float32 products of GemmBenchmarks with NumPy (its BLAS, OpenBLAS on Debian) and prints GFLOP/s.

Run it right before or after the BenchmarkDotNet run, so both see the same machine load:
    /usr/bin/python3 bench/gemm_numpy.py
OpenBLAS uses every core unless OPENBLAS_NUM_THREADS says otherwise; set it to 1 to compare with Threads=1.
"""
import time

import numpy as np

# m, k, n and the layout: "TA" reads A (stored k×m) transposed, "TB" reads B (stored n×k) transposed,
# as a dense layer's backward products do (∂E/∂W = Xᵀ·δ, ∂E/∂X = δ·Wᵀ).
SHAPES = [(64, 784, 128, ""), (784, 64, 128, "TA"), (64, 128, 784, "TB"), (64, 128, 10, ""),
          (256, 256, 256, ""), (1024, 1024, 1024, "")]


def best_seconds(a, b, c, repeats):
    """Best of several timed batches of `repeats` products each: the least disturbed by other work."""
    best = float("inf")
    for _ in range(9):
        start = time.perf_counter()
        for _ in range(repeats):
            np.matmul(a, b, out=c)
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


def main():
    rng = np.random.default_rng(42)
    print(f"numpy {np.__version__}")
    for m, k, n, layout in SHAPES:
        a = rng.uniform(-1, 1, (k, m) if layout == "TA" else (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, k) if layout == "TB" else (k, n)).astype(np.float32)
        a = a.T if layout == "TA" else a  # a transposed view: BLAS reads it as stored, like Gemm.Multiply
        b = b.T if layout == "TB" else b
        c = np.empty((m, n), np.float32)
        flops = 2.0 * m * n * k
        repeats = max(3, int(0.2e9 / flops))  # about 0.1 s per batch
        for _ in range(repeats):
            np.matmul(a, b, out=c)  # warm up caches and the BLAS thread pool
        seconds = best_seconds(a, b, c, repeats)
        name = f"{m}x{k}x{n}" + (f":{layout}" if layout else "")
        print(f"{name:>16}: {flops / seconds / 1e9:8.1f} GFLOP/s  ({seconds * 1e6:10.1f} us)")


if __name__ == "__main__":
    main()
