using Backprop.Layers;
using Backprop.Onnx;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;
using Xunit.Abstractions;

namespace Backprop.Tests;

/// <summary>
/// Convolution networks exported to ONNX: ONNX Runtime, an independent implementation of Conv and MaxPool on NCHW
/// images, gives what Network.Predict gives on channels-last rows; the onnx package's checker accepts the files;
/// and importing one gives back the same layers, predicting the same.
/// </summary>
public sealed class OnnxCnnTests(ITestOutputHelper output) : IDisposable
{
    private const double Tolerance = 1e-5;
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The networks: valid and same padding, strides 1 and 2 (same padding with an odd extra zero after), several channels, no bias, dropout, ReLU before and after pooling, and a Dense layer straight after images (no Flatten).</summary>
    public static IEnumerable<object[]> Networks() =>
    [
        ["recipe: conv valid, pool, conv same, pool, dense, dropout", (Func<Network<float>>)(() => new Network<float>(new ImageShape(12, 12, 1),
            [new Conv2D<float>(4, 3), new MaxPool2D<float>(2), new ReLU<float>(), new Conv2D<float>(6, 3, padding: Padding.Same), new ReLU<float>(),
             new MaxPool2D<float>(2), new Flatten<float>(), new Dense<float>(8), new ReLU<float>(), new Dropout<float>(0.5), new Dense<float>(3), new Softmax<float>()],
            new NumPyRandomState(3)))],
        ["stride 2, same padding, odd size, three channels, no bias, dense after images", (Func<Network<float>>)(() => new Network<float>(new ImageShape(9, 7, 3),
            [new Conv2D<float>(5, 4, stride: 2, padding: Padding.Same, bias: false), new Tanh<float>(), new MaxPool2D<float>(3, 1),
             new Dense<float>(4), new Sigmoid<float>()],
            new NumPyRandomState(4)))],
    ];

    [Theory]
    [MemberData(nameof(Networks))]
    public void OnnxRuntime_PredictsWhatBackpropPredicts_ForConvolutionNetworks(string name, Func<Network<float>> make)
    {
        var network = make();
        var random = new NumPyRandomState(9);
        var inputs = new Matrix<float>(20, network.InputSize);
        for (int i = 0; i < inputs.Length; i++) inputs.AsSpan()[i] = (float)random.RandomSample();
        // Biases start at zero; give them values so that a misplaced bias would show.
        foreach (var p in network.Parameters.Where(p => p.Name == "b"))
            for (int i = 0; i < p.Value.Length; i++) p.Value.AsSpan()[i] = (float)(random.RandomSample() - 0.5);
        string path = Path.Combine(_folder.Path, "cnn.onnx");
        network.SaveOnnx(path);

        var expected = network.Predict(inputs);
        var actual = OnnxRuntimeRunner.Run(path, inputs);
        Assert.Equal(expected.Columns, actual.Columns);
        double worst = 0;
        for (int r = 0; r < expected.Rows; r++)
            for (int k = 0; k < expected.Columns; k++)
            {
                double difference = Math.Abs(expected[r, k] - actual[r, k]);
                Assert.True(difference <= Tolerance, $"{name}: row {r}, output {k}: Backprop {expected[r, k]:R}, ONNX Runtime {actual[r, k]:R}");
                worst = Math.Max(worst, difference);
            }
        output.WriteLine($"{name}: largest difference {worst:G3}");
    }

    [SkippableFact]
    public void OnnxChecker_AcceptsTheConvolutionNetworks()
    {
        Python.Require("onnx", "python3-onnx");
        var files = new List<string>();
        int n = 0;
        foreach (var row in Networks())
        {
            string path = Path.Combine(_folder.Path, $"cnn{n++}.onnx");
            ((Func<Network<float>>)row[1])().SaveOnnx(path);
            files.Add(path);
        }
        const string checker = """
            import sys, onnx
            for path in sys.argv[1:]:
                onnx.checker.check_model(onnx.load(path), full_check=True)
                print("ok", path)
            """;
        var (code, stdout, stderr) = Python.Run(["-c", checker, .. files]);
        Assert.True(code == 0, $"the onnx checker refused a file:\n{stdout}{stderr}");
        Assert.Equal(files.Count, stdout.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ImportingAnExportedCnn_GivesBackItsLayers_AndPredictsTheSameOn100Images(string name, Func<Network<float>> make)
    {
        var network = make();
        var random = new NumPyRandomState(11);
        foreach (var p in network.Parameters.Where(p => p.Name == "b"))
            for (int i = 0; i < p.Value.Length; i++) p.Value.AsSpan()[i] = (float)(random.RandomSample() - 0.5);
        string path = Path.Combine(_folder.Path, "cnn.onnx");
        network.SaveOnnx(path);
        var imported = OnnxImport.Load(path).Network;

        // A Dense layer straight after images comes back behind a Flatten, which is what it did anyway.
        var expectedLayers = network.Layers.SelectMany((l, i) => l.Config.Type == "Dense" && i > 0 && network.Layers[i - 1].OutputShape is not null
            ? [new LayerConfig("Flatten"), l.Config] : new[] { l.Config });
        Assert.Equal(expectedLayers, imported.Layers.Select(l => l.Config));
        Assert.Equal(network.InputShape, imported.InputShape);
        var inputs = new Matrix<float>(100, network.InputSize);
        for (int i = 0; i < inputs.Length; i++) inputs.AsSpan()[i] = (float)random.RandomSample();
        var expected = network.Predict(inputs);
        var actual = imported.Predict(inputs);
        for (int r = 0; r < expected.Rows; r++)
            for (int k = 0; k < expected.Columns; k++)
                Assert.True(Math.Abs(expected[r, k] - actual[r, k]) <= Tolerance, $"{name}: image {r}, output {k}: exported {expected[r, k]:R}, imported {actual[r, k]:R}");
    }
}
