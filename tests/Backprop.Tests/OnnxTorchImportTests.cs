using System.Globalization;
using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Tensors;

namespace Backprop.Tests;

/// <summary>
/// ONNX files written by PyTorch's torch.onnx.export (Reference/torch/make_sequential_onnx.py, Debian's
/// python3-torch 1.13) import into networks that predict what PyTorch predicted for the same inputs.
/// </summary>
public sealed class OnnxTorchImportTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "torch", name);

    // The Sequential of the script: Normalize, Linear(3, 8), ReLU, x @ w + b (8 → 6), LeakyReLU(0.2),
    // Linear(6, 5, bias=False), Tanh, Linear(5, 4), Sigmoid, Linear(4, 3), Softmax(dim=1).
    private static readonly LayerConfig[] Layers =
    [
        new("Dense", 8, true), new("ReLU"), new("Dense", 6, true), new("LeakyReLU", Alpha: 0.2f), new("Dense", 5, false), new("Tanh"),
        new("Dense", 4, true), new("Sigmoid"), new("Dense", 3, true), new("Softmax"),
    ];

    [Theory]
    [InlineData("sequential.onnx")]             // Gemm with transB = 1, MatMul + Add, MatMul with a folded weight, Constant nodes
    [InlineData("sequential_unfolded.onnx")]    // the same with the bias-free Linear's weight behind a Transpose node
    [InlineData("sequential_float_data.onnx")]  // the initializers stored as float_data instead of raw_data
    public void TorchExport_ImportsAsTheSameLayers_AndPredictsAsPyTorchDid(string file)
    {
        var model = OnnxImport.Load(Fixture(file));
        Assert.Equal(Layers, model.Network.Layers.Select(l => l.Config).ToArray());
        // The leading Sub and Div nodes, (x − [0.5, −1, 2]) / [2, 0.5, 4], became the model's normalisation.
        Assert.Equal([0.5, -1.0, 2.0], model.Metadata.Normalization!.Offset);
        Assert.Equal([2.0, 0.5, 4.0], model.Metadata.Normalization.Scale);

        AssertPredictsAsPyTorch(model, "sequential.json");
    }

    [Fact]
    public void TorchExport_WithABiasNamedTwiceByAnIdentityNode_ImportsTheIdentityAsAnAlias()
    {
        var model = OnnxImport.Load(Fixture("tied_bias.onnx"));
        LayerConfig[] layers = [new("Dense", 4, true), new("Tanh"), new("Dense", 4, true), new("Softmax")];
        Assert.Equal(layers, model.Network.Layers.Select(l => l.Config).ToArray());
        Assert.Null(model.Metadata.Normalization);
        AssertPredictsAsPyTorch(model, "tied_bias.json");
    }

    private static void AssertPredictsAsPyTorch(Serialization.LoadedModel<float> model, string outputs)
    {
        var (inputs, expected) = TorchOutputs(outputs);
        var actual = new OnnxTestModel<float>(model.Network, model.Metadata, inputs).Predict();
        for (int r = 0; r < expected.Rows; r++)
            for (int k = 0; k < expected.Columns; k++)
                Assert.True(Math.Abs(expected[r, k] - actual[r, k]) <= 1e-5, $"row {r}, output {k}: PyTorch {expected[r, k]:R}, Backprop {actual[r, k]:R}");
    }

    [Fact]
    public void ImportCommand_WritesAModelThatPredictCommandRunsLikePyTorch()
    {
        using var dir = new ScratchFolder();
        string model = Path.Combine(dir.Path, "torch.safetensors");
        var import = Cli.Run("import", "--onnx", Fixture("sequential.onnx"), "--model", model);
        Assert.True(import.ExitCode == 0, import.Err);
        Assert.Contains($"wrote {model}", import.Out);

        var (inputs, expected) = TorchOutputs("sequential.json");
        string input = string.Join(",", inputs.Row(0).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var predict = Cli.Run("predict", "--model", model, "--input", input, "--json");
        Assert.True(predict.ExitCode == 0, predict.Err);
        var probabilities = System.Text.Json.JsonDocument.Parse(predict.Out).RootElement.GetProperty("output").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(3, probabilities.Length);
        for (int k = 0; k < 3; k++) Assert.Equal(expected[0, k], probabilities[k], 1e-5);
    }

    private static (Matrix<float> Inputs, Matrix<float> Outputs) TorchOutputs(string file)
    {
        var json = TestData.Load(Path.Combine("torch", file));
        return (Rows(json.GetProperty("inputs")), Rows(json.GetProperty("outputs")));
    }

    private static Matrix<float> Rows(System.Text.Json.JsonElement rows)
    {
        var values = rows.EnumerateArray().Select(r => r.Doubles()).ToArray();
        var m = new Matrix<float>(values.Length, values[0].Length);
        for (int r = 0; r < values.Length; r++)
            for (int k = 0; k < values[r].Length; k++) m[r, k] = (float)values[r][k];
        return m;
    }
}
