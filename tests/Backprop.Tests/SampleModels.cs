using System.Numerics;
using Backprop.Layers;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>Small networks and metadata for the model-file tests.</summary>
internal static class SampleModels
{
    /// <summary>3 inputs → Dense(4) → ReLU → Dense(2) → Softmax, with Xavier weights from the seed.</summary>
    public static Network<T> Classifier<T>(uint seed = 7) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(3, [new Dense<T>(4), new ReLU<T>(), new Dense<T>(2), new Softmax<T>()], new NumPyRandomState(seed));

    /// <summary>Every activation, a Dense layer without bias and a LeakyReLU with an unusual slope.</summary>
    public static Network<T> EveryLayer<T>(uint seed = 3) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(3, [new Dense<T>(5), new Tanh<T>(), new Dense<T>(4, bias: false), new LeakyReLU<T>(0.123456789),
                new Dense<T>(4), new Sigmoid<T>(), new Identity<T>(), new Dense<T>(2), new Softmax<T>()],
            new NumPyRandomState(seed));

    public static ModelMetadata Metadata => new(
        Task: ModelTasks.Classification,
        Loss: "softmax-crossentropy",
        Normalization: new Normalization("standard", [0.1, -2.5, 1.0 / 3], [2, 0.75, 1e-3]),
        LabelNames: ["setosa", "versicolor"]);

    /// <summary>Rows of inputs drawn from the seed, rounded to <typeparamref name="T"/>.</summary>
    public static Tensors.Matrix<T> Inputs<T>(int rows, uint seed = 11) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new NumPyRandomState(seed);
        var m = new Tensors.Matrix<T>(rows, 3);
        var span = m.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = T.CreateChecked(4 * random.RandomSample() - 2);
        return m;
    }
}
