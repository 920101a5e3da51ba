"""PyTorch peer of bench/compare_cnn.sh: the CNN of docs/fashion-mnist.md on Fashion-MNIST, on the CPU.

conv 32 3x3 (same) -> ReLU -> maxpool 2 -> conv 64 3x3 (same) -> ReLU -> maxpool 2 -> flatten -> 128 -> ReLU ->
dropout 0.5 -> 10, softmax cross-entropy, Adam lr 1e-3, batch 64, started as Backprop starts it (He normal for the convolutions and
the hidden dense layer, Xavier uniform for the output layer, zero biases) and shuffled with NumPy's RandomState(seed).
With --padding valid, both convolutions are unpadded (the docs' valid variant: 26x26 -> 13x13 -> 11x11 -> 5x5, 1,600
values into the dense layer). Usage: torch_fashion_cnn.py [--padding same|valid] EPOCHS SEED THREADS [STEPS]. With STEPS it times that many steps after 10 unmeasured ones
and prints ms per step (the thread probe); otherwise it trains and prints one JSON line."""
import json
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

from fashion_common import load

args = sys.argv[1:]
padding = "same"
if args[:1] == ["--padding"]:
    padding, args = args[1], args[2:]
epochs, seed, threads = int(args[0]), int(args[1]), int(args[2])
probe_steps = int(args[3]) if len(args) > 3 else None
pad = 1 if padding == "same" else 0
torch.set_num_threads(threads)
torch.manual_seed(seed)
xtr, ytr, xte, yte = load()
xtr, xte = (torch.from_numpy(x).reshape(-1, 1, 28, 28) for x in (xtr, xte))
ytr, yte = torch.from_numpy(ytr), torch.from_numpy(yte)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=pad), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=pad), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(64 * 7 * 7 if padding == "same" else 64 * 5 * 5, 128), nn.ReLU(), nn.Dropout(0.5),
    nn.Linear(128, 10))
weighted = [layer for layer in model if isinstance(layer, (nn.Conv2d, nn.Linear))]
for layer in weighted[:-1]:
    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")    # N(0, 2 / fan_in), fan_in = C*K*K or inputs
nn.init.xavier_uniform_(weighted[-1].weight)
for layer in weighted:
    nn.init.zeros_(layer.bias)
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
rng = np.random.RandomState(seed)


def step(idx):
    opt.zero_grad()
    loss = loss_fn(model(xtr[idx]), ytr[idx])
    loss.backward()
    opt.step()


if probe_steps:
    order = torch.from_numpy(rng.permutation(len(xtr)))
    for i in range(10):
        step(order[i * 64:(i + 1) * 64])
    start = time.perf_counter()
    for i in range(10, 10 + probe_steps):
        step(order[i * 64:(i + 1) * 64])
    print(json.dumps({"threads": threads, "ms_per_step": 1000 * (time.perf_counter() - start) / probe_steps}))
    sys.exit()

seconds = []
for epoch in range(epochs):
    model.train()
    start = time.perf_counter()
    order = torch.from_numpy(rng.permutation(len(xtr)))
    for i in range(0, len(xtr), 64):
        step(order[i:i + 64])
    seconds.append(time.perf_counter() - start)
model.eval()
with torch.no_grad():
    correct = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, len(xte), 1000))
print(json.dumps({"peer": f"pytorch {torch.__version__} ({threads} thread{'s' if threads > 1 else ''})", "padding": padding, "seconds": seconds,
                  "test_accuracy": correct / len(xte), "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
