#!/usr/bin/python3
"""Times the float32 products of GemmBenchmarks with NumPy (its BLAS, OpenBLAS on Debian) and prints GFLOP/s.

Run it right before or after the BenchmarkDotNet run, so both see the same machine load:
    /usr/bin/python3 bench/gemm_numpy.py
OpenBLAS uses every core unless OPENBLAS_NUM_THREADS says otherwise; set it to 1 to compare with Threads=1.
"""
import time

import numpy as np

SHAPES = [(64, 784, 128), (64, 128, 10), (256, 256, 256), (1024, 1024, 1024)]  # m, k, n


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
    for m, k, n in SHAPES:
        a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        c = np.empty((m, n), np.float32)
        flops = 2.0 * m * n * k
        repeats = max(3, int(0.2e9 / flops))  # about 0.1 s per batch
        for _ in range(repeats):
            np.matmul(a, b, out=c)  # warm up caches and the BLAS thread pool
        seconds = best_seconds(a, b, c, repeats)
        print(f"{m}x{k}x{n}: {flops / seconds / 1e9:8.1f} GFLOP/s  ({seconds * 1e6:10.1f} us)")


if __name__ == "__main__":
    main()
