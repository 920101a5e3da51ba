using System.Numerics;
using Backprop.Onnx;
using Backprop.Serialization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>Exporting a network to ONNX and importing it back gives the same layers, the same metadata and the same predictions.</summary>
public sealed class OnnxRoundTripTests : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ExportThenImport_GivesTheSameLayersMetadataAndPredictions_ForAFloatModel() =>
        RoundTrip(SampleModels.EveryLayer<float>(), tolerance: 0);

    [Fact]
    public void ExportThenImport_OfADoubleModel_PredictsWithin1e6OfTheOriginal() =>
        RoundTrip(SampleModels.EveryLayer<double>(), tolerance: 1e-6);

    [Theory]
    [MemberData(nameof(OnnxRuntimeTests.Spirals), MemberType = typeof(OnnxRuntimeTests))]
    public void ExportThenImport_OfATrainedModel_PredictsWithin1e6(OnnxCase c)
    {
        var model = OnnxTestModels.Train<float>(c);
        string path = Path.Combine(_folder.Path, "trained.onnx");
        model.Network.SaveOnnx(path, model.Metadata);
        var imported = OnnxImport.Load(path);
        var back = new OnnxTestModel<float>(imported.Network, imported.Metadata, model.Inputs);
        AssertClose(model.Predict(), back.Predict(), 1e-6);
    }

    private void RoundTrip<T>(Network<T> network, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = Path.Combine(_folder.Path, "m.onnx");
        network.SaveOnnx(path, SampleModels.Metadata);
        var imported = OnnxImport.Load(path);

        // The layers come back as they were, LeakyReLU's slope rounded to float32 as the file stores it.
        var expectedLayers = network.Layers.Select(l => l.Config with { Alpha = (float)l.Config.Alpha }).ToArray();
        Assert.Equal(expectedLayers, imported.Network.Layers.Select(l => l.Config).ToArray());
        // The metadata comes back exactly, the normalisation's doubles included (metadata_props keeps them).
        var m = imported.Metadata;
        Assert.Equal((SampleModels.Metadata.Task, SampleModels.Metadata.Loss), (m.Task, m.Loss));
        Assert.Equal(SampleModels.Metadata.LabelNames, m.LabelNames);
        Assert.Equal(SampleModels.Metadata.Normalization!.Kind, m.Normalization!.Kind);
        Assert.Equal(SampleModels.Metadata.Normalization.Offset, m.Normalization.Offset);
        Assert.Equal(SampleModels.Metadata.Normalization.Scale, m.Normalization.Scale);

        var inputs = SampleModels.Inputs<T>(50);
        var floatInputs = new Matrix<float>(inputs.Rows, inputs.Columns);
        for (int i = 0; i < inputs.Length; i++) floatInputs.AsSpan()[i] = float.CreateChecked(inputs.AsSpan()[i]);
        var original = new OnnxTestModel<T>(network, SampleModels.Metadata, inputs).Predict();
        var roundTripped = new OnnxTestModel<float>(imported.Network, imported.Metadata, floatInputs).Predict();
        AssertClose(original, roundTripped, tolerance);
    }

    private static void AssertClose<T, U>(Matrix<T> expected, Matrix<U> actual, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T> where U : unmanaged, IFloatingPointIeee754<U>
    {
        Assert.Equal((expected.Rows, expected.Columns), (actual.Rows, actual.Columns));
        for (int r = 0; r < expected.Rows; r++)
            for (int k = 0; k < expected.Columns; k++)
            {
                double e = double.CreateChecked(expected[r, k]), a = double.CreateChecked(actual[r, k]);
                Assert.True(Math.Abs(e - a) <= tolerance, $"row {r}, output {k}: before export {e:R}, after import {a:R}");
            }
    }
}
