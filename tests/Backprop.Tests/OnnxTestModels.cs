using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>One network to export: a data set, the hidden activation, whether Dense layers have a bias, whether inputs are standardised.</summary>
public sealed record OnnxCase(string Data, string Activation, bool Bias, bool Normalize)
{
    public override string ToString() => $"{Data}, {Activation}, {(Bias ? "bias" : "no bias")}, {(Normalize ? "standardised" : "raw inputs")}";
}

/// <summary>A trained network, its metadata and raw (not yet normalised) inputs to run it on.</summary>
internal sealed record OnnxTestModel<T>(Network<T> Network, ModelMetadata Metadata, Matrix<T> Inputs) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>What Backprop predicts for the raw inputs: normalised in double as the CLI does, then Network.Predict.</summary>
    public Matrix<T> Predict()
    {
        var x = Inputs.Clone();
        if (Metadata.Normalization is { } n) new Normalizer(Normalizer.ParseKind(n.Kind), n.Offset, n.Scale).Apply(x);
        return Network.Predict(x);
    }
}

/// <summary>
/// Small networks trained for the ONNX tests: two hidden layers of each activation, with and without bias and
/// input standardisation, on xor, spirals and a 2,000-image slice of Fashion-MNIST.
/// </summary>
internal static class OnnxTestModels
{
    public const string FashionFolder = "/usr/share/datasets/fashion-mnist";
    public static readonly string[] HiddenActivations = ["identity", "sigmoid", "tanh", "relu", "leaky-relu"];

    /// <summary>Every activation × bias × normalisation for one data set.</summary>
    public static IEnumerable<object[]> Cases(string data) =>
        from activation in HiddenActivations
        from bias in new[] { true, false }
        from normalize in new[] { true, false }
        select new object[] { new OnnxCase(data, activation, bias, normalize) };

    /// <summary>Skips a Fashion-MNIST case where the data is not installed, except in CI, which installs it.</summary>
    public static void SkipUnlessDataIsThere(OnnxCase c)
    {
        if (c.Data != "fashion-mnist") return;
        bool ci = Environment.GetEnvironmentVariable("CI") is "true" or "1";
        if (!ci) Skip.IfNot(Directory.Exists(FashionFolder), $"{FashionFolder} is missing: sudo apt-get install dataset-fashion-mnist");
    }

    private static readonly Lazy<LoadedData<float>> Fashion = new(() => DataSources.Load<float>("fashion-mnist"));

    /// <summary>Trains the case's network briefly (a real model, so that its argmax means something).</summary>
    public static OnnxTestModel<T> Train<T>(OnnxCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (train, test, labels) = Data<T>(c.Data);
        ModelMetadata metadata = new(ModelTasks.Classification, null, null, labels);
        if (c.Normalize)
        {
            var normalizer = Normalizer.Fit(NormalizationKind.Standard, train);
            train = normalizer.Apply(train);
            metadata = metadata with { Normalization = new Normalization("standard", [.. normalizer.Offset], [.. normalizer.Scale]) };
        }
        bool binary = train.TargetSize == 1;
        int hidden = c.Data == "xor" ? 4 : 16;
        var network = new Network<T>(train.InputSize,
            [new Dense<T>(hidden, c.Bias), Activations.Create<T>(c.Activation), new Dense<T>(hidden, c.Bias), Activations.Create<T>(c.Activation),
             new Dense<T>(train.TargetSize, c.Bias), binary ? new Sigmoid<T>() : new Softmax<T>()],
            new NumPyRandomState(5));
        ILoss<T> loss = binary ? new BinaryCrossEntropy<T>() : new SoftmaxCrossEntropy<T>();
        new Trainer<T>(network, loss, new Adam<T>(0.01))
        {
            Epochs = c.Data == "fashion-mnist" ? 3 : 200,
            Batching = new BatchMode.MiniBatch(32),
            Random = new NumPyRandomState(6),
        }.Fit(train);
        return new OnnxTestModel<T>(network, metadata with { Loss = loss.Name }, test.ToMatrices().Inputs);
    }

    private static (Dataset<T> Train, Dataset<T> Test, string[]? Labels) Data<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (name == "fashion-mnist" && typeof(T) == typeof(float))
        {
            var fashion = Fashion.Value;
            return ((Dataset<T>)(object)fashion.Train.Take(2000), (Dataset<T>)(object)fashion.Test!, [.. fashion.LabelNames!]);
        }
        var data = DataSources.Load<T>(name);
        return (data.Train, data.Test ?? data.Train, data.LabelNames?.ToArray());
    }
}
