"""Writes conv_torch.json: convolution and max-pooling results computed by PyTorch (Debian's python3-torch 1.13)
in float64, to check Backprop's Conv2D and MaxPool2D against an independent implementation.

Everything is stored as Backprop lays it out: images channels-last (NHWC, one image per row), convolution
weights as rows (ky*K + kx)*C + c by filter columns. 'same' padding follows TensorFlow: the odd extra zero goes
after (bottom, right). Run: /usr/bin/python3 conv_torch.py > conv_torch.json"""
import json

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.RandomState(2024)


def same_pads(size, k, s):
    out = (size + s - 1) // s
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def conv_case(n, h, w, c, f, k, stride, padding):
    x = rng.standard_normal((n, h, w, c))
    weights = rng.standard_normal((k, k, c, f)) * 0.5    # Keras layout (K, K, C, F) = Backprop's rows
    bias = rng.standard_normal(f)
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    wt = torch.tensor(weights.transpose(3, 2, 0, 1), requires_grad=True)  # PyTorch's (F, C, K, K)
    bt = torch.tensor(bias, requires_grad=True)
    inp = xt
    if padding == "same":
        top, bottom = same_pads(h, k, stride)
        left, right = same_pads(w, k, stride)
        inp = F.pad(xt, (left, right, top, bottom))
    y = F.conv2d(inp, wt, bt, stride=stride)
    g = torch.tensor(rng.standard_normal(tuple(y.shape)))
    (y * g).sum().backward()
    nhwc = lambda t: t.detach().numpy().transpose(0, 2, 3, 1)
    return {
        "n": n, "height": h, "width": w, "channels": c, "filters": f, "kernel": k, "stride": stride, "padding": padding,
        "out_height": y.shape[2], "out_width": y.shape[3],
        "x": x.ravel().tolist(), "w": weights.ravel().tolist(), "b": bias.tolist(),
        "y": nhwc(y).ravel().tolist(), "g": nhwc(g).ravel().tolist(),
        "dx": xt.grad.numpy().transpose(0, 2, 3, 1).ravel().tolist(),
        "dw": wt.grad.numpy().transpose(2, 3, 1, 0).ravel().tolist(),
        "db": bt.grad.numpy().tolist(),
    }


def pool_case(n, h, w, c, pool, stride):
    x = rng.standard_normal((n, h, w, c))
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    y = F.max_pool2d(xt, pool, stride)
    g = torch.tensor(rng.standard_normal(tuple(y.shape)))
    (y * g).sum().backward()
    return {
        "n": n, "height": h, "width": w, "channels": c, "pool": pool, "stride": stride,
        "out_height": y.shape[2], "out_width": y.shape[3],
        "x": x.ravel().tolist(),
        "y": y.detach().numpy().transpose(0, 2, 3, 1).ravel().tolist(),
        "g": g.numpy().transpose(0, 2, 3, 1).ravel().tolist(),
        "dx": xt.grad.numpy().transpose(0, 2, 3, 1).ravel().tolist(),
    }


print(json.dumps({
    "torch": torch.__version__,
    "conv": [
        conv_case(2, 5, 5, 1, 2, 3, 1, "valid"),
        conv_case(2, 6, 5, 3, 4, 3, 2, "same"),
        conv_case(1, 4, 4, 2, 3, 2, 1, "same"),
        conv_case(2, 7, 6, 2, 3, 3, 2, "valid"),
    ],
    "pool": [
        pool_case(2, 6, 6, 3, 2, 2),
        pool_case(1, 5, 5, 2, 2, 2),
        pool_case(2, 5, 5, 2, 3, 2),
    ],
}))
