"""Writes the PyTorch-made ONNX files that OnnxTorchImportTests import, and PyTorch's outputs for fixed inputs.

Run with Debian's python3-torch (1.13) and python3-onnx (1.12) from this folder:
    /usr/bin/python3 make_sequential_onnx.py
It writes sequential.onnx (torch.onnx.export with its defaults: Gemm with transB=1, MatMul with a pre-transposed
weight, Constant nodes for the normalisation), sequential_unfolded.onnx (do_constant_folding=False: the weight of a
Linear without bias stays behind a Transpose node), sequential_float_data.onnx (sequential.onnx with every
initializer rewritten by the onnx package into float_data instead of raw_data) and sequential.json (the inputs
and PyTorch's outputs); then tied_bias.onnx and tied_bias.json, a smaller Sequential whose two Linear layers have
equal (zero) biases, which the exporter stores once and names twice with an Identity node.
"""
import json

import onnx
import onnx.numpy_helper
import torch


class Normalize(torch.nn.Module):
    """(x - offset) / scale with constants, as a preprocessing step written inline; exports as Sub and Div."""

    def forward(self, x):
        return (x - torch.tensor([0.5, -1.0, 2.0])) / torch.tensor([2.0, 0.5, 4.0])


class MatMulAdd(torch.nn.Module):
    """x @ w + b written out: exports as MatMul then Add, the other way exporters write a linear layer."""

    def __init__(self, inputs, outputs):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(inputs, outputs) * 0.5)
        self.b = torch.nn.Parameter(torch.randn(outputs) * 0.1)

    def forward(self, x):
        return torch.matmul(x, self.w) + self.b


def main():
    torch.manual_seed(2024)
    model = torch.nn.Sequential(
        Normalize(),
        torch.nn.Linear(3, 8), torch.nn.ReLU(),
        MatMulAdd(8, 6), torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(6, 5, bias=False), torch.nn.Tanh(),
        torch.nn.Linear(5, 4), torch.nn.Sigmoid(),
        torch.nn.Linear(4, 3), torch.nn.Softmax(dim=1),
    ).eval()
    inputs = torch.randn(32, 3) * 2
    with torch.no_grad():
        outputs = model(inputs)

    options = dict(opset_version=13, input_names=["input"], output_names=["output"],
                   dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    torch.onnx.export(model, inputs[:1], "sequential.onnx", **options)
    torch.onnx.export(model, inputs[:1], "sequential_unfolded.onnx", do_constant_folding=False, **options)

    folded = onnx.load("sequential.onnx")
    for i, tensor in enumerate(folded.graph.initializer):
        values = onnx.numpy_helper.to_array(tensor)
        folded.graph.initializer[i].CopyFrom(onnx.helper.make_tensor(
            tensor.name, onnx.TensorProto.FLOAT, values.shape, values.flatten().tolist(), raw=False))
    onnx.save(folded, "sequential_float_data.onnx")

    for name in ("sequential.onnx", "sequential_unfolded.onnx", "sequential_float_data.onnx"):
        onnx.checker.check_model(onnx.load(name), full_check=True)
    with open("sequential.json", "w") as f:
        json.dump({"torch": torch.__version__, "onnx": onnx.__version__,
                   "inputs": inputs.tolist(), "outputs": outputs.tolist()}, f)
        f.write("\n")

    torch.manual_seed(7)
    tied = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Tanh(), torch.nn.Linear(4, 4), torch.nn.Softmax(dim=1)).eval()
    with torch.no_grad():
        tied[0].bias.zero_()
        tied[2].bias.zero_()
        inputs = torch.randn(8, 4)
        outputs = tied(inputs)
    torch.onnx.export(tied, inputs[:1], "tied_bias.onnx", **options)
    onnx.checker.check_model(onnx.load("tied_bias.onnx"), full_check=True)
    assert "Identity" in [node.op_type for node in onnx.load("tied_bias.onnx").graph.node]
    with open("tied_bias.json", "w") as f:
        json.dump({"inputs": inputs.tolist(), "outputs": outputs.tolist()}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
