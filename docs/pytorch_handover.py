"""Continue training a Backprop model in PyTorch, on one process or several, then save it back as a Backprop model
(docs/pytorch.md).

    python3 docs/pytorch_handover.py MODEL.safetensors TRAIN OUT.safetensors [--epochs 5] [--lr 0.01] [--batch-size 32] [--seed 0]
    python3 -m torch.distributed.run --nproc_per_node=2 docs/pytorch_handover.py MODEL.safetensors TRAIN OUT.safetensors ...

TRAIN is a CSV file (a header row, the input columns, and the target in the last column: a class name from the
model's label_names for a classifier, a number for a regression) or a folder of MNIST-format IDX files
(train-images-idx3-ubyte and train-labels-idx1-ubyte, plain or .gz). Inputs are raw: IDX pixels become x / 255 and
the model's normalisation is applied here, as Backprop applies them (a model trained on IDX images keeps the x / 255 in
its normalisation, pixel_scale 255, which this script takes out again for the pixels it divided itself). Started by torchrun, every process trains a
DistributedDataParallel copy on its share of each step's batch (--batch-size is the batch of one step over all
processes), and rank 0 writes OUT. Prints one JSON line (rank 0): first_loss (the loaded model's loss over all of
TRAIN, before any update), the loss over all of it after each epoch, and final_loss (after the last).
"""
import argparse
import csv
import gzip
import json
import os
import struct
import sys
import warnings

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


ACTIVATIONS = {"Identity": torch.nn.Identity, "Sigmoid": torch.nn.Sigmoid, "Tanh": torch.nn.Tanh,
               "ReLU": torch.nn.ReLU, "Softmax": lambda: torch.nn.Softmax(dim=1)}


def image_shape(meta):
    """(C, H, W) of the model's input images from its input_shape "HxWxC", or None for plain rows."""
    if "input_shape" not in meta:
        return None
    h, w, c = (int(v) for v in meta["input_shape"].split("x"))
    return c, h, w


def same_pads(size, kernel, stride):
    """The zeros Backprop's 'same' padding puts before and after an axis of `size`: the odd one goes after."""
    total = max((-(-size // stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def to_sequential(meta, tensors):
    """A torch.nn.Sequential with the model's layers and weights, taking NCHW images (or rows) as PyTorch does.
    Backprop's Dense W is [inputs, outputs] (y = x·W), Linear keeps [outputs, inputs]; a Conv2D W is [K·K·C, F],
    Conv2d's is (F, C, K, K). Backprop flattens images in H, W, C order and nn.Flatten in C, H, W order, so the
    Dense weights after a Flatten have their rows reordered; the Sequential holds no permute."""
    layers, shape, flattened = [], image_shape(meta), None   # (C, H, W) of the images here; of the last flattened ones
    for i, layer in enumerate(json.loads(meta["layers"])):
        kind = layer["type"]
        if kind == "Flatten" or (kind == "Dense" and shape is not None):   # a Dense layer may take images directly
            layers.append(torch.nn.Flatten())
            shape, flattened = None, shape
        if kind == "Dense":
            w = tensors[f"layers.{i}.W"]
            if flattened is not None:              # the first Dense layer after a Flatten: rows H,W,C → C,H,W
                c, h, wd = flattened
                w = w.reshape(h, wd, c, -1).transpose(2, 0, 1, 3).reshape(c * h * wd, -1)
                flattened = None
            w = torch.from_numpy(w.copy())
            linear = torch.nn.Linear(w.shape[0], w.shape[1], bias=layer["bias"]).to(w.dtype)
            with torch.no_grad():
                linear.weight.copy_(w.T)
                if layer["bias"]:
                    linear.bias.copy_(torch.from_numpy(tensors[f"layers.{i}.b"][0].copy()))
            layers.append(linear)
        elif kind == "Conv2D":
            k, s, (c, h, wd) = layer["kernel"], layer["stride"], shape
            w = torch.from_numpy(tensors[f"layers.{i}.W"].reshape(k, k, c, -1).transpose(3, 2, 0, 1).copy())
            (top, bottom), (left, right) = ((same_pads(h, k, s), same_pads(wd, k, s)) if layer["padding"] == "same"
                                            else ((0, 0), (0, 0)))
            symmetric = top == bottom and left == right
            if not symmetric:                      # Conv2d's padding is the same on both sides; ZeroPad2d is not
                layers.append(torch.nn.ZeroPad2d((left, right, top, bottom)))
            conv = torch.nn.Conv2d(c, w.shape[0], k, stride=s, padding=(top, left) if symmetric else 0,
                                   bias=layer["bias"]).to(w.dtype)
            with torch.no_grad():
                conv.weight.copy_(w)
                if layer["bias"]:
                    conv.bias.copy_(torch.from_numpy(tensors[f"layers.{i}.b"][0].copy()))
            layers.append(conv)
            shape = (w.shape[0], (h + top + bottom - k) // s + 1, (wd + left + right - k) // s + 1)
        elif kind == "MaxPool2D":
            k, s, (c, h, wd) = layer["kernel"], layer["stride"], shape
            layers.append(torch.nn.MaxPool2d(k, s))
            shape = (c, (h - k) // s + 1, (wd - k) // s + 1)
        elif kind == "Flatten":
            pass
        elif kind == "Dropout":
            layers.append(torch.nn.Dropout(layer["rate"]))
        elif kind == "LeakyReLU":
            layers.append(torch.nn.LeakyReLU(layer["alpha"]))
        else:
            layers.append(ACTIVATIONS[kind]())
    return torch.nn.Sequential(*layers)


def to_backprop(model, meta):
    """The layer list and the tensors of any Sequential of the modules to_sequential makes, in Backprop's layout;
    what Backprop has no layer for is refused, naming it. meta's input_shape gives the images' size."""
    layers, tensors, shape, flattened, pads = [], {}, image_shape(meta), None, None
    names = {torch.nn.Identity: "Identity", torch.nn.Sigmoid: "Sigmoid", torch.nn.Tanh: "Tanh", torch.nn.ReLU: "ReLU"}
    pair = lambda v: v if isinstance(v, tuple) else (v, v)
    for position, m in enumerate(model):
        i = len(layers)
        if isinstance(m, torch.nn.ZeroPad2d):
            pads = m.padding                       # (left, right, top, bottom), for the Conv2d that follows
            continue
        if pads is not None and not isinstance(m, torch.nn.Conv2d):
            raise SystemExit(f"module {position - 1} (ZeroPad2d): Backprop takes padding only right before a Conv2d")
        if isinstance(m, torch.nn.Conv2d):
            (k, k2), (s, s2), (c, h, wd) = pair(m.kernel_size), pair(m.stride), shape
            if m.padding == "same":                # PyTorch's own 'same' (stride 1) puts the odd zero after too
                (top, bottom), (left, right) = same_pads(h, k, s), same_pads(wd, k, s)
            else:
                pt, pl = (0, 0) if m.padding == "valid" else pair(m.padding)
                left, right, top, bottom = pads if pads is not None else (pl, pl, pt, pt)
                if pads is not None and (pt, pl) != (0, 0):
                    raise SystemExit(f"module {position} ({m}): pads both in the ZeroPad2d before it and itself")
            if k != k2 or s != s2 or pair(m.dilation) != (1, 1) or m.groups != 1:
                raise SystemExit(f"module {position} ({m}): Backprop's Conv2D has a square kernel and stride, no dilation or groups")
            if (top, bottom, left, right) == (0, 0, 0, 0):
                padding = "valid"
            elif ((top, bottom), (left, right)) == (same_pads(h, k, s), same_pads(wd, k, s)):
                padding = "same"
            else:
                raise SystemExit(f"module {position} ({m}): padding (top {top}, bottom {bottom}, left {left}, right {right}) "
                                 f"is neither none nor Backprop's 'same' for a {h}x{wd} input")
            f = m.out_channels
            layers.append({"type": "Conv2D", "bias": m.bias is not None, "filters": f, "kernel": k, "stride": s, "padding": padding})
            tensors[f"layers.{i}.W"] = m.weight.detach().numpy().transpose(2, 3, 1, 0).reshape(k * k * c, f)
            shape = (f, (h + top + bottom - k) // s + 1, (wd + left + right - k) // s + 1)
        elif isinstance(m, torch.nn.MaxPool2d):
            (k, k2), (s, s2), (c, h, wd) = pair(m.kernel_size), pair(m.stride), shape
            if k != k2 or s != s2 or pair(m.padding) != (0, 0) or pair(m.dilation) != (1, 1) or m.ceil_mode:
                raise SystemExit(f"module {position} ({m}): Backprop's MaxPool2D has a square window and stride, no padding, dilation or ceil_mode")
            layers.append({"type": "MaxPool2D", "kernel": k, "stride": s})
            shape = (c, (h - k) // s + 1, (wd - k) // s + 1)
        elif isinstance(m, torch.nn.Flatten):
            layers.append({"type": "Flatten"})
            shape, flattened = None, shape
        elif isinstance(m, torch.nn.Linear):
            w = m.weight.detach().numpy().T        # [inputs, outputs]
            if flattened is not None:              # the first Linear after a Flatten: rows C,H,W → H,W,C
                c, h, wd = flattened
                w = w.reshape(c, h, wd, -1).transpose(1, 2, 0, 3).reshape(h * wd * c, -1)
                flattened = None
            layers.append({"type": "Dense", "units": m.out_features, "bias": m.bias is not None})
            tensors[f"layers.{i}.W"] = w
        elif isinstance(m, torch.nn.Dropout):
            layers.append({"type": "Dropout", "rate": m.p})
        elif isinstance(m, torch.nn.LeakyReLU):
            layers.append({"type": "LeakyReLU", "alpha": m.negative_slope})
        elif isinstance(m, torch.nn.Softmax) and m.dim in (1, -1):
            layers.append({"type": "Softmax"})
        elif type(m) in names:
            layers.append({"type": names[type(m)]})
        else:
            raise SystemExit(f"module {position} ({m}) has no Backprop layer; Backprop has Linear, Conv2d, ZeroPad2d before a Conv2d, "
                             "MaxPool2d, Flatten, Dropout, ReLU, LeakyReLU, Sigmoid, Tanh, Identity and Softmax(dim=1)")
        pads = None
        if getattr(m, "bias", None) is not None and f"layers.{i}.W" in tensors:
            tensors[f"layers.{i}.b"] = m.bias.detach().numpy()[None, :]
    return layers, tensors


def save_backprop(path, model, meta):
    """Writes the Sequential as a Backprop model file: its layers from to_backprop, the rest of meta as given."""
    layers, tensors = to_backprop(model, meta)
    meta = dict(meta, layers=json.dumps(layers))
    dtype, code = (np.float32, "F32") if meta["numeric_type"] == "float32" else (np.float64, "F64")
    header, blobs, offset = {"__metadata__": meta}, [], 0
    for name, array in tensors.items():
        blob = np.ascontiguousarray(array, dtype=dtype).tobytes()
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_idx(path):
    """An IDX array (MNIST's format): magic 0, 0, type 0x08 (unsigned bytes), the number of dimensions, their sizes."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[:3] != b"\0\0\x08":
        raise SystemExit(f"{path}: not an IDX file of unsigned bytes")
    dims = struct.unpack(f">{data[3]}I", data[4:4 + 4 * data[3]])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * data[3]).reshape(dims)


def read_data(path, meta, dtype, loss_name):
    """Inputs rescaled as Backprop rescales them (IDX pixels to x / 255; the model's normalisation in float64,
    then rounded), as NCHW images when the model takes images; and targets shaped for the loss."""
    if os.path.isdir(path):
        found = lambda name: next(p for p in (os.path.join(path, name), os.path.join(path, name + ".gz")) if os.path.exists(p))
        pixels = read_idx(found("train-images-idx3-ubyte"))
        scale = np.float32 if dtype == torch.float32 else np.float64        # x / 255 in the model's own type
        x = (pixels.reshape(len(pixels), -1).astype(scale) / scale(255)).astype(np.float64)
        y = torch.from_numpy(read_idx(found("train-labels-idx1-ubyte")).astype(np.int64))
    else:
        with open(path) as f:
            rows = list(csv.reader(f))[1:]
        x = np.array([[float(v) for v in row[:-1]] for row in rows])
        if "label_names" in meta:
            index = {name: i for i, name in enumerate(json.loads(meta["label_names"]))}
            y = torch.tensor([index[row[-1]] for row in rows])
        else:
            y = torch.tensor([float(row[-1]) for row in rows])
    if "normalization" in meta:
        norm = json.loads(meta["normalization"])
        offset, scale = np.array(norm["offset"]), np.array(norm["scale"])
        # A model trained on IDX images stores its normalisation in raw pixel units (0 to 255), the x / 255 folded in
        # (pixel_scale 255): for pixels already divided, as here, divide the offset and scale by it too.
        if os.path.isdir(path) and "pixel_scale" in norm:
            offset, scale = offset / norm["pixel_scale"], scale / norm["pixel_scale"]
        x = (x - offset) / scale
    x = torch.from_numpy(x).to(dtype)
    if image_shape(meta) is not None:
        c, h, w = image_shape(meta)
        x = x.reshape(-1, h, w, c).permute(0, 3, 1, 2).contiguous()     # Backprop's rows are H, W, C
    # CrossEntropyLoss takes class indices; BCELoss and MSELoss take one target column per output.
    y = y if loss_name == "softmax-crossentropy" else y.to(dtype)[:, None]
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model"), parser.add_argument("train"), parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=5), parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--batch-size", type=int, default=32, help="samples per step, over all processes together")
    parser.add_argument("--seed", type=int, default=0, help="seeds each epoch's order (DistributedSampler's seed)")
    args = parser.parse_args()

    # torchrun sets WORLD_SIZE, RANK and the rendezvous; started alone, this is a world of one process.
    world, rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("RANK", "0"))
    if world > 1:
        torch.distributed.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        # A one-channel Conv2d's gradient has another stride along its size-1 axis than DDP's bucket: harmless.
        warnings.filterwarnings("ignore", message="Grad strides do not match bucket view strides")
    if args.batch_size % world != 0:
        raise SystemExit(f"--batch-size {args.batch_size} does not split evenly over {world} processes")

    meta, tensors = load_backprop(args.model)
    model = to_sequential(meta, tensors)
    dtype = next(model.parameters()).dtype
    loss_name = meta.get("loss", "softmax-crossentropy")
    x, y = read_data(args.train, meta, dtype, loss_name)
    # PyTorch's CrossEntropyLoss takes logits: train without the final Softmax, as Backprop's fused loss does.
    losses = {"softmax-crossentropy": torch.nn.CrossEntropyLoss, "binary-crossentropy": torch.nn.BCELoss, "mse": torch.nn.MSELoss}
    loss_fn = losses[loss_name]()              # reduction "mean": DDP averages the processes' gradients, so each step
    body = model[:-1] if loss_name == "softmax-crossentropy" else model    # is the mean over all of its batch
    step_body = torch.nn.parallel.DistributedDataParallel(body) if world > 1 else body

    def full_loss():
        body.eval()                            # Dropout passes everything, as when Backprop evaluates
        with torch.no_grad():
            return loss_fn(body(x), y).item()

    first = full_loss()
    optimizer = torch.optim.Adam(body.parameters(), lr=args.lr)
    # Each epoch one permutation seeded with seed + epoch; process r takes places r, r + world, …, so one step over
    # all processes takes a run of batch-size places, the same samples one process alone would take.
    sampler = torch.utils.data.distributed.DistributedSampler(range(len(x)), num_replicas=world, rank=rank, seed=args.seed)
    if len(x) % args.batch_size != 0 and rank == 0:
        print(f"note: {len(x)} samples are not a whole number of batches of {args.batch_size}; the last step is smaller"
              + (" and DistributedSampler repeats samples to share it evenly" if world > 1 else ""), file=sys.stderr)
    torch.manual_seed(args.seed + rank)        # Dropout's masks: each process draws its own
    epochs = []
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        body.train()
        for batch in torch.tensor(list(sampler)).split(args.batch_size // world):
            optimizer.zero_grad()
            loss_fn(step_body(x[batch]), y[batch]).backward()
            optimizer.step()
        epochs.append(full_loss())
    if rank == 0:
        save_backprop(args.out, model, meta)
        print(json.dumps({"processes": world, "first_loss": first, "epoch_losses": epochs,
                          "final_loss": epochs[-1] if epochs else first}))
    if world > 1:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
