"""Continue training a Backprop model in PyTorch, then save it back as a Backprop model (docs/pytorch.md).

    python3 docs/pytorch_handover.py MODEL.safetensors TRAIN.csv OUT.safetensors [--epochs 5] [--lr 0.01] [--batch-size 32]

TRAIN.csv has a header row, the input columns, and the target in the last column: a class name from the model's
label_names for a classifier, a number for a regression. Inputs are raw: the model's normalisation is applied
here, as Backprop applies it. Prints one JSON line: first_loss (the loaded model's loss over all of TRAIN.csv,
before any update), the loss over all of it after each epoch, and final_loss (after the last).
"""
import argparse
import csv
import json
import struct

import numpy as np
import torch


def load_backprop(path):
    """The metadata and the tensors of a Backprop model file (docs/model-format.md)."""
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__")
    dtypes = {"F32": "<f4", "F64": "<f8", "U32": "<u4", "I32": "<i4"}
    tensors = {name: np.frombuffer(data[8 + n + t["data_offsets"][0]:8 + n + t["data_offsets"][1]],
                                   dtype=dtypes[t["dtype"]]).reshape(t["shape"])
               for name, t in header.items()}
    return meta, tensors


def to_sequential(meta, tensors):
    """A torch.nn.Sequential with the model's layers and weights. Backprop's W is [inputs, outputs] (y = x·W);
    torch.nn.Linear keeps its transpose, [outputs, inputs]."""
    activations = {"Identity": torch.nn.Identity, "Sigmoid": torch.nn.Sigmoid, "Tanh": torch.nn.Tanh,
                   "ReLU": torch.nn.ReLU, "Softmax": lambda: torch.nn.Softmax(dim=1)}
    layers = []
    for i, layer in enumerate(json.loads(meta["layers"])):
        if layer["type"] == "Dense":
            w = torch.from_numpy(tensors[f"layers.{i}.W"].copy())
            linear = torch.nn.Linear(w.shape[0], w.shape[1], bias=layer["bias"]).to(w.dtype)
            with torch.no_grad():
                linear.weight.copy_(w.T)
                if layer["bias"]:
                    linear.bias.copy_(torch.from_numpy(tensors[f"layers.{i}.b"][0].copy()))
            layers.append(linear)
        elif layer["type"] == "LeakyReLU":
            layers.append(torch.nn.LeakyReLU(layer["alpha"]))
        else:
            layers.append(activations[layer["type"]]())
    return torch.nn.Sequential(*layers)


def save_backprop(path, model, meta):
    """Writes the Sequential in Backprop's layout: layers.{i}.W as [inputs, outputs], layers.{i}.b as [1, outputs]."""
    dtype, code = (np.float32, "F32") if meta["numeric_type"] == "float32" else (np.float64, "F64")
    header, blobs, offset = {"__metadata__": meta}, [], 0
    for i, layer in enumerate(model):
        if isinstance(layer, torch.nn.Linear):
            parts = [("W", layer.weight.detach().numpy().T)]
            if layer.bias is not None:
                parts.append(("b", layer.bias.detach().numpy()[None, :]))
            for name, array in parts:
                blob = np.ascontiguousarray(array, dtype=dtype).tobytes()
                header[f"layers.{i}.{name}"] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
                blobs.append(blob)
                offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_csv(path, meta, dtype, loss_name):
    """Inputs rescaled with the model's normalisation (in float64, then rounded), and targets shaped for the loss."""
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    x = np.array([[float(v) for v in row[:-1]] for row in rows])
    if "normalization" in meta:
        norm = json.loads(meta["normalization"])
        x = (x - np.array(norm["offset"])) / np.array(norm["scale"])
    if "label_names" in meta:
        index = {name: i for i, name in enumerate(json.loads(meta["label_names"]))}
        y = torch.tensor([index[row[-1]] for row in rows])
    else:
        y = torch.tensor([float(row[-1]) for row in rows])
    # CrossEntropyLoss takes class indices; BCELoss and MSELoss take one target column per output.
    y = y if loss_name == "softmax-crossentropy" else y.to(dtype)[:, None]
    return torch.from_numpy(x).to(dtype), y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model"), parser.add_argument("train"), parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=5), parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    meta, tensors = load_backprop(args.model)
    model = to_sequential(meta, tensors)
    dtype = model[0].weight.dtype
    loss_name = meta.get("loss", "softmax-crossentropy")
    x, y = read_csv(args.train, meta, dtype, loss_name)
    # PyTorch's CrossEntropyLoss takes logits: train without the final Softmax, as Backprop's fused loss does.
    losses = {"softmax-crossentropy": torch.nn.CrossEntropyLoss, "binary-crossentropy": torch.nn.BCELoss, "mse": torch.nn.MSELoss}
    loss_fn = losses[loss_name]()
    body = model[:-1] if loss_name == "softmax-crossentropy" else model

    def full_loss():
        with torch.no_grad():
            return loss_fn(body(x), y).item()

    first = full_loss()
    optimizer = torch.optim.Adam(body.parameters(), lr=args.lr)
    torch.manual_seed(0)
    epochs = []
    for _ in range(args.epochs):
        for batch in torch.randperm(len(x)).split(args.batch_size):
            optimizer.zero_grad()
            loss_fn(body(x[batch]), y[batch]).backward()
            optimizer.step()
        epochs.append(full_loss())
    save_backprop(args.out, model, meta)
    print(json.dumps({"first_loss": first, "epoch_losses": epochs, "final_loss": epochs[-1] if epochs else first}))


if __name__ == "__main__":
    main()
