"""Reads a Backprop model file with NumPy alone and runs the network's forward pass.

Usage: python3 read_model.py MODEL.safetensors INPUTS.csv
INPUTS.csv holds one sample per line, comma-separated numbers. Its first line is a header (skipped) unless it is all
numbers, the rule `backprop predict --data` follows too. The script prints one line of comma-separated outputs per
sample, each number in Python's shortest round-trip form.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": "<f4", "F64": "<f8", "U32": "<u4", "I32": "<i4"}


def load(path):
    """Returns (metadata, tensors): the "__metadata__" strings and every tensor as a NumPy array."""
    with open(path, "rb") as f:
        data = f.read()
    (header_length,) = struct.unpack("<Q", data[:8])          # 8-byte little-endian header length
    header = json.loads(data[8:8 + header_length])            # JSON, padded with spaces
    metadata = header.pop("__metadata__")
    if metadata["backprop_format"] != "1":
        raise ValueError(f"model format version {metadata['backprop_format']} is not supported (this reads 1)")
    buffer = data[8 + header_length:]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]                    # relative to the byte after the header
        values = np.frombuffer(buffer[begin:end], dtype=DTYPES[entry["dtype"]])
        tensors[name] = values.reshape(entry["shape"])
    return metadata, tensors


def predict(metadata, tensors, x):
    """Runs the rows of x through the layers listed in metadata["layers"]."""
    dtype = np.float32 if metadata["numeric_type"] == "float32" else np.float64
    x = np.asarray(x, dtype=np.float64)
    if "normalization" in metadata:                          # inputs are rescaled as (x - offset) / scale
        norm = json.loads(metadata["normalization"])
        x = (x - np.array(norm["offset"])) / np.array(norm["scale"])
    x = x.astype(dtype)
    for i, layer in enumerate(json.loads(metadata["layers"])):
        kind = layer["type"]
        if kind == "Dense":                                  # Y = X·W + b, W is inputs × outputs
            x = x @ tensors[f"layers.{i}.W"]
            if layer["bias"]:
                x = x + tensors[f"layers.{i}.b"]
        elif kind == "Sigmoid":
            x = 1 / (1 + np.exp(-x))
        elif kind == "Tanh":
            x = np.tanh(x)
        elif kind == "ReLU":
            x = np.maximum(x, 0)
        elif kind == "LeakyReLU":
            x = np.where(x > 0, x, dtype(layer["alpha"]) * x)
        elif kind == "Softmax":                              # shifted by the row maximum so exp cannot overflow
            e = np.exp(x - x.max(axis=1, keepdims=True))
            x = e / e.sum(axis=1, keepdims=True)
        elif kind != "Identity":
            raise ValueError(f"unknown layer type {kind}")
    if "target_scaling" in metadata:                          # a regression checkpoint: back to the target's units
        t = json.loads(metadata["target_scaling"])
        x = x * dtype(t["scale"]) + dtype(t["offset"])
    return x


def read_inputs(path):
    """The rows of a CSV of numbers; a first line that is not all numbers is a header and is skipped."""
    with open(path) as f:
        lines = [line.strip() for line in f if line.strip()]

    def number(cell):
        try:
            float(cell)
            return True
        except ValueError:
            return False

    if lines and not all(number(c) for c in lines[0].split(",")):
        lines = lines[1:]
    return np.array([[float(c) for c in line.split(",")] for line in lines], ndmin=2)


if __name__ == "__main__":
    meta, weights = load(sys.argv[1])
    inputs = read_inputs(sys.argv[2])
    for row in predict(meta, weights, inputs):
        print(",".join(repr(float(v)) for v in row))
