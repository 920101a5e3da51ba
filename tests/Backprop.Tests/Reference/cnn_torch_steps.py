"""Trains a CNN in PyTorch, in float64, from a Backprop model file's starting weights, on the batches Backprop's
trainer takes (NumPy's RandomState(SEED).shuffle of 0 … COUNT − 1 each epoch), with Adam (lr 1e-3) and softmax
cross-entropy; prints each step's loss and the final weights as JSON, named as in the model file. CnnPyTorchTests
holds Backprop's Conv2D, MaxPool2D, ReLU, Flatten, Dense and Adam to it, step for step.

Usage: cnn_torch_steps.py MODEL DATA COUNT EPOCHS BATCH SEED
DATA holds COUNT input rows (float64, the model's input size each) and then COUNT labels (int64)."""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

model_path, data_path = sys.argv[1], sys.argv[2]
count, epochs, batch, seed = (int(a) for a in sys.argv[3:7])

with open(model_path, "rb") as f:
    (n,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(n))
    body = f.read()
meta = header.pop("__metadata__")
assert meta["numeric_type"] == "float64"
tensors = {name: torch.tensor(np.frombuffer(body[e["data_offsets"][0]:e["data_offsets"][1]], "<f8").reshape(e["shape"]).copy(),
                              requires_grad=True) for name, e in header.items()}
layers = json.loads(meta["layers"])
height, width, channels = (int(v) for v in meta["input_shape"].split("x"))
data = np.fromfile(data_path, "<f8", count * height * width * channels)
x = torch.tensor(data.reshape(count, height * width * channels))
labels = torch.tensor(np.fromfile(data_path, "<i8", count, offset=data.nbytes))


def same_pads(size, k, s):   # TensorFlow's 'same': the odd zero after
    total = max(((size + s - 1) // s - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def logits(rows):
    h = rows.reshape(-1, height, width, channels).permute(0, 3, 1, 2)    # NHWC rows → NCHW
    for i, layer in enumerate(layers):
        kind = layer["type"]
        if kind == "Conv2D":
            k, s, w = layer["kernel"], layer["stride"], tensors[f"layers.{i}.W"]
            weight = w.reshape(k, k, w.shape[0] // (k * k), w.shape[1]).permute(3, 2, 0, 1)   # (K·K·C, F) → (F, C, K, K)
            if layer["padding"] == "same":
                (top, bottom), (left, right) = same_pads(h.shape[2], k, s), same_pads(h.shape[3], k, s)
                h = F.pad(h, (left, right, top, bottom))
            bias = tensors.get(f"layers.{i}.b")                               # stored as [1, F]
            h = F.conv2d(h, weight, None if bias is None else bias[0], stride=s)
        elif kind == "MaxPool2D":
            h = F.max_pool2d(h, layer["kernel"], layer["stride"])
        elif kind == "ReLU":
            h = F.relu(h)
        elif kind == "Flatten":
            h = h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)               # back to Backprop's H, W, C order
        elif kind == "Dense":
            h = h @ tensors[f"layers.{i}.W"]
            if f"layers.{i}.b" in tensors:
                h = h + tensors[f"layers.{i}.b"][0]
        elif kind != "Softmax":                                             # cross_entropy applies the softmax
            raise SystemExit(f"layer type {kind} is not in this script")
    return h


optimizer = torch.optim.Adam(tensors.values(), lr=1e-3)
order = np.arange(count)
random = np.random.RandomState(seed)
losses = []
for epoch in range(epochs):
    random.shuffle(order)
    for start in range(0, count, batch):
        index = torch.tensor(order[start:start + batch])
        optimizer.zero_grad()
        loss = F.cross_entropy(logits(x[index]), labels[index])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
print(json.dumps({"losses": losses, "weights": {name: t.detach().numpy().ravel().tolist() for name, t in tensors.items()}}))
