"""NumPy peer: the same 784-128-10 ReLU MLP written by hand with np.dot (OpenBLAS). Prints one JSON line."""
import json
import resource
import sys
import time

import numpy as np

from fashion_common import load

optimizer_name, epochs, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.RandomState(seed)
xtr, ytr, xte, yte = load()
f32 = np.float32
# He initialisation for the ReLU layer, Xavier for the output layer; zero biases.
params = [
    (rng.randn(784, 128) * np.sqrt(2 / 784)).astype(f32), np.zeros(128, f32),
    rng.uniform(-np.sqrt(6 / 138), np.sqrt(6 / 138), (128, 10)).astype(f32), np.zeros(10, f32),
]
m = [np.zeros_like(p) for p in params]
v = [np.zeros_like(p) for p in params]
onehot = np.eye(10, dtype=f32)
step = 0


def forward(x):
    h = np.maximum(x @ params[0] + params[1], 0)
    z = h @ params[2] + params[3]
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return h, e / e.sum(axis=1, keepdims=True)


seconds = []
for epoch in range(epochs):
    start = time.perf_counter()
    order = rng.permutation(len(xtr))
    for i in range(0, len(xtr), 64):
        idx = order[i:i + 64]
        x, t = xtr[idx], onehot[ytr[idx]]
        h, y = forward(x)
        dz = (y - t) / len(idx)                       # softmax cross-entropy: dE/dlogits = (y - t) / n
        dh = (dz @ params[2].T) * (h > 0)
        grads = [x.T @ dh, dh.sum(0), h.T @ dz, dz.sum(0)]
        step += 1
        for k, (p, g) in enumerate(zip(params, grads)):
            if optimizer_name == "sgd":
                p -= f32(0.1) * g
            else:
                m[k] = 0.9 * m[k] + 0.1 * g
                v[k] = 0.999 * v[k] + 0.001 * g * g
                p -= (1e-3 * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)).astype(f32)
    seconds.append(time.perf_counter() - start)
accuracy = float((forward(xte)[1].argmax(1) == yte).mean())
print(json.dumps({"peer": f"numpy {np.__version__}", "seconds": seconds, "test_accuracy": accuracy,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
