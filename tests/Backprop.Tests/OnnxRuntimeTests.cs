using Backprop.Onnx;
using Backprop.Tensors;
using Xunit.Abstractions;

namespace Backprop.Tests;

/// <summary>
/// Exported networks run in ONNX Runtime give what Network.Predict gives: for every hidden activation, with and
/// without bias, with and without input standardisation (which the file does itself, as Sub and Div nodes).
/// </summary>
public sealed class OnnxRuntimeTests(ITestOutputHelper output) : IDisposable
{
    private const double Tolerance = 1e-5;
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static IEnumerable<object[]> Xor => OnnxTestModels.Cases("xor");
    public static IEnumerable<object[]> Spirals => OnnxTestModels.Cases("spirals");
    public static IEnumerable<object[]> FashionMnist => OnnxTestModels.Cases("fashion-mnist");

    [Theory]
    [MemberData(nameof(Xor))]
    [MemberData(nameof(Spirals))]
    public void OnnxRuntime_PredictsWhatBackpropPredicts_OnToyData(OnnxCase c) => Compare(c, closeRows: int.MaxValue);

    [SkippableTheory]
    [MemberData(nameof(FashionMnist))]
    public void OnnxRuntime_PredictsWhatBackpropPredicts_On2000FashionImages_AndAgreesOnTheClassOfAll10000(OnnxCase c)
    {
        OnnxTestModels.SkipUnlessDataIsThere(c);
        Compare(c, closeRows: 2000);
    }

    [Fact]
    public void ADoubleModel_IsRoundedToFloat32_AndStillPredictsWithin1e5()
    {
        var model = OnnxTestModels.Train<double>(new OnnxCase("spirals", "tanh", Bias: true, Normalize: true));
        string path = Path.Combine(_folder.Path, "double.onnx");
        model.Network.SaveOnnx(path, model.Metadata);
        var expected = model.Predict();
        var inputs = new Matrix<float>(model.Inputs.Rows, model.Inputs.Columns);
        for (int i = 0; i < inputs.Length; i++) inputs.AsSpan()[i] = (float)model.Inputs.AsSpan()[i];
        var actual = OnnxRuntimeRunner.Run(path, inputs);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual.AsSpan()[i] - expected.AsSpan()[i]) <= Tolerance, $"value {i}: ONNX Runtime {actual.AsSpan()[i]}, Backprop (double) {expected.AsSpan()[i]}");
    }

    private void Compare(OnnxCase c, int closeRows)
    {
        var model = OnnxTestModels.Train<float>(c);
        string path = Path.Combine(_folder.Path, "model.onnx");
        model.Network.SaveOnnx(path, model.Metadata);
        var expected = model.Predict();
        var actual = OnnxRuntimeRunner.Run(path, model.Inputs);
        Assert.Equal(expected.Columns, actual.Columns);

        double worst = 0;
        int argmaxDisagreements = 0;
        for (int r = 0; r < expected.Rows; r++)
        {
            for (int k = 0; k < expected.Columns; k++)
            {
                double difference = Math.Abs(expected[r, k] - actual[r, k]);
                if (r < closeRows) Assert.True(difference <= Tolerance, $"row {r}, output {k}: Backprop {expected[r, k]:R}, ONNX Runtime {actual[r, k]:R}");
                worst = Math.Max(worst, difference);
            }
            if (expected.Columns > 1 && Elementwise.ArgMax<float>(expected.Row(r)) != Elementwise.ArgMax<float>(actual.Row(r))) argmaxDisagreements++;
        }
        output.WriteLine($"{c}: {expected.Rows} rows, largest difference {worst:G3}, argmax disagreements {argmaxDisagreements}");
        Assert.Equal(0, argmaxDisagreements);
    }
}
