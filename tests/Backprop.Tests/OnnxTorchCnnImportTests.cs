using System.Text.Json;
using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// Convolution networks that PyTorch 1.13's torch.onnx.export writes (opset 13, with and without constant folding)
/// import with 'backprop import' and predict what PyTorch predicted, and what the Backprop network they came from
/// predicts, on 100 images. The Sequential is docs/pytorch_handover.py's to_sequential of a Backprop model, so it
/// holds a ZeroPad2d (a Pad whose pads torch computes with a dozen int64 nodes), Conv2d on NCHW images and an
/// nn.Flatten in C, H, W order; a second form takes Backprop's rows and reshapes and permutes them itself.
/// </summary>
public sealed class OnnxTorchCnnImportTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Exporter = """
        import json, sys
        import numpy as np
        import torch
        sys.path.insert(0, sys.argv[1])
        from pytorch_handover import load_backprop, to_sequential
        model_path, folder = sys.argv[2], sys.argv[3]
        meta, tensors = load_backprop(model_path)
        model = to_sequential(meta, tensors).eval()
        h, w, c = (int(v) for v in meta["input_shape"].split("x"))

        class Rows(torch.nn.Module):            # Backprop's rows in, as 'backprop export' takes them
            def __init__(self, body):
                super().__init__()
                self.body = body
            def forward(self, x):
                return self.body(x.reshape(-1, h, w, c).permute(0, 3, 1, 2))

        def export(module, example, name, fold):
            torch.onnx.export(module, example, f"{folder}/{name}", opset_version=13, input_names=["input"], output_names=["output"],
                              dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, do_constant_folding=fold)

        export(model, torch.zeros(1, c, h, w), "folded.onnx", True)
        export(model, torch.zeros(1, c, h, w), "unfolded.onnx", False)
        export(Rows(model).eval(), torch.zeros(1, h * w * c), "rows.onnx", True)   # a new module trains: export restores that
        torch.manual_seed(4)
        images = torch.rand(100, c, h, w)
        with torch.no_grad():
            outputs = model(images)
        rows = images.permute(0, 2, 3, 1).reshape(100, -1)
        json.dump({"inputs": rows.tolist(), "outputs": outputs.tolist()}, open(f"{folder}/torch.json", "w"))
        """;

    [SkippableTheory]
    [InlineData("folded.onnx")]
    [InlineData("unfolded.onnx")]
    [InlineData("rows.onnx")]
    public void TorchExportOfABackpropCnn_ImportsAndPredictsAsPyTorchAndAsTheOriginal(string file)
    {
        Python.Require("torch", "python3-torch");
        var network = new Network<float>(new ImageShape(10, 9, 2),
            [new Conv2D<float>(4, 3, padding: Padding.Same, biasInit: new Initializer.Normal(0, 0.1)), new MaxPool2D<float>(3, 2), new ReLU<float>(),
             new Conv2D<float>(6, 3, stride: 2, padding: Padding.Same, biasInit: new Initializer.Normal(0, 0.1)), new ReLU<float>(),
             new Flatten<float>(), new Dropout<float>(0.25), new Dense<float>(5, biasInit: new Initializer.Normal(0, 0.1)), new Tanh<float>(),
             new Dense<float>(3), new Softmax<float>()],
            new NumPyRandomState(1));
        string model = Path.Combine(_dir.Path, "start.safetensors");
        network.Save(model);
        var run = Python.Run(TimeSpan.FromMinutes(3), "-c", Exporter, Path.Combine(Python.RepositoryRoot(), "docs"), model, _dir.Path);
        Assert.True(run.Code == 0, $"the export failed: {run.Error}");

        string imported = Path.Combine(_dir.Path, "imported.safetensors");
        var import = Cli.Run("import", "--onnx", Path.Combine(_dir.Path, file), "--model", imported);
        Assert.True(import.ExitCode == 0, import.Err);
        var back = ModelFile.Load<float>(imported).Network;
        // torch exports in eval mode, where Dropout is nothing, so no Dropout node comes back.
        Assert.Equal(network.Layers.Where(l => l is not Dropout<float>).Select(l => l.Config), back.Layers.Select(l => l.Config));
        Assert.Equal(network.InputShape, back.InputShape);

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, "torch.json"))).RootElement;
        var inputs = Matrix(json.GetProperty("inputs"));
        var torch = Matrix(json.GetProperty("outputs"));
        var ours = network.Predict(inputs);
        var theirs = back.Predict(inputs);
        for (int r = 0; r < inputs.Rows; r++)
            for (int k = 0; k < 3; k++)
            {
                Assert.True(Math.Abs(theirs[r, k] - ours[r, k]) <= 1e-5, $"image {r}, class {k}: the original {ours[r, k]:R}, imported {theirs[r, k]:R}");
                Assert.True(Math.Abs(theirs[r, k] - torch[r, k]) <= 1e-5, $"image {r}, class {k}: PyTorch {torch[r, k]:R}, imported {theirs[r, k]:R}");
            }
    }

    [SkippableFact]
    public void TorchConvolutionPaddedNeitherValidNorSame_IsRefusedNamingTheNode()
    {
        Python.Require("torch", "python3-torch");
        string path = Path.Combine(_dir.Path, "padded.onnx");
        string program = $$"""
            import torch
            model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3, padding=2), torch.nn.Flatten(), torch.nn.Linear(2 * 10 * 10, 2))
            torch.onnx.export(model.eval(), torch.zeros(1, 1, 8, 8), {{JsonSerializer.Serialize(path)}}, opset_version=13)
            """;
        var run = Python.Run(TimeSpan.FromMinutes(2), "-c", program);
        Assert.True(run.Code == 0, run.Error);
        var import = Cli.Run("import", "--onnx", path, "--model", Path.Combine(_dir.Path, "out.safetensors"));
        Cli.AssertBadInput(import, "padded.onnx", "(Conv)", "2, 2, 2, 2 zeros", "same");
        Assert.False(File.Exists(Path.Combine(_dir.Path, "out.safetensors")));
    }

    [Fact]
    public void GarbageOrTruncatedCnnFile_IsOneLineAndExitCode2()
    {
        var network = new Network<float>(new ImageShape(6, 6, 1), [new Conv2D<float>(2, 3), new ReLU<float>(), new Flatten<float>(), new Dense<float>(2)],
            new NumPyRandomState(2));
        string good = Path.Combine(_dir.Path, "cnn.onnx");
        network.SaveOnnx(good);
        byte[] bytes = File.ReadAllBytes(good);
        string truncated = _dir.Write("cut.onnx", bytes[..(bytes.Length / 2)]);
        string garbage = _dir.Write("garbage.onnx", Enumerable.Range(0, 300).Select(i => (byte)(i * 37 + 11)).ToArray());
        foreach (string bad in new[] { truncated, garbage })
        {
            var import = Cli.Run("import", "--onnx", bad, "--model", Path.Combine(_dir.Path, "out.safetensors"));
            Cli.AssertBadInput(import, Path.GetFileName(bad));
        }
        Assert.False(File.Exists(Path.Combine(_dir.Path, "out.safetensors")));
    }

    private static Matrix<float> Matrix(JsonElement rows)
    {
        var values = rows.EnumerateArray().Select(r => r.Doubles()).ToArray();
        var m = new Matrix<float>(values.Length, values[0].Length);
        for (int r = 0; r < values.Length; r++)
            for (int k = 0; k < values[r].Length; k++) m[r, k] = (float)values[r][k];
        return m;
    }
}
