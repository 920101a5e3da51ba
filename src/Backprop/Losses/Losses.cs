using System.Numerics;

namespace Backprop.Losses;

/// <summary>Looks losses up by the names used on the command line and in model files.</summary>
public static class Loss
{
    /// <summary>The valid names.</summary>
    public static readonly string[] Names = ["half-sse", "half-mse", "mse", "binary-crossentropy", "softmax-crossentropy"];

    /// <summary>The loss called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static ILoss<T> Create<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => name.ToLowerInvariant() switch
    {
        "half-sse" => new HalfSumSquares<T>(),
        "half-mse" => new HalfSumSquares<T>(mean: true),
        "mse" => new MeanSquaredError<T>(),
        "binary-crossentropy" or "bce" => new BinaryCrossEntropy<T>(),
        "softmax-crossentropy" or "crossentropy" or "cross-entropy" => new SoftmaxCrossEntropy<T>(),
        _ => throw new BackpropException($"Unknown loss '{name}'. Valid losses: {string.Join(", ", Names)}."),
    };
}
