"""PyTorch peer: 784-128-10 ReLU MLP, softmax cross-entropy, batch 64, on Fashion-MNIST. Prints one JSON line."""
import json
import resource
import sys
import time

import numpy as np
import torch

from fashion_common import load

optimizer_name, epochs, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
torch.set_num_threads(threads)
torch.manual_seed(seed)
xtr, ytr, xte, yte = load()
xtr, ytr, xte, yte = map(torch.from_numpy, (xtr, ytr, xte, yte))
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
loss_fn = torch.nn.CrossEntropyLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1) if optimizer_name == "sgd" else torch.optim.Adam(model.parameters(), lr=1e-3)
rng = np.random.RandomState(seed)
seconds = []
for epoch in range(epochs):
    start = time.perf_counter()
    order = torch.from_numpy(rng.permutation(len(xtr)))
    for i in range(0, len(xtr), 64):
        idx = order[i:i + 64]
        opt.zero_grad()
        loss = loss_fn(model(xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
    seconds.append(time.perf_counter() - start)
with torch.no_grad():
    accuracy = (model(xte).argmax(1) == yte).float().mean().item()
print(json.dumps({"peer": f"pytorch {torch.__version__} ({threads} thread)", "seconds": seconds, "test_accuracy": accuracy,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
