using System.Numerics;

namespace Backprop.Losses;

/// <summary>A registered loss: its type, what it computes, the output activation it goes with, its other names.</summary>
/// <param name="Loss">The loss type, open over the numeric type: <c>typeof(MeanSquaredError&lt;&gt;)</c>.</param>
/// <param name="Description">One line: the formula, and what it is for.</param>
/// <param name="OutputActivation">The activation (by name) a network's last layer needs with this loss.</param>
/// <param name="Aliases">Other names it answers to.</param>
/// <param name="Arguments">The constructor's arguments, all of them, where it takes any: one type makes two losses (the half sum, summed or averaged).</param>
public sealed record LossEntry(Type Loss, string Description, string OutputActivation, string[]? Aliases = null, object[]? Arguments = null)
    : IRegistryEntry
{
    /// <summary>The loss's own name (<see cref="ILoss{T}.Name"/>), which the command line and model files use.</summary>
    public string Name => _name ??= Create<double>().Name;

    private string? _name;

    IReadOnlyList<string> IRegistryEntry.Aliases => Aliases ?? [];

    /// <summary>A new loss of this kind for <typeparamref name="T"/>.</summary>
    public ILoss<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        (ILoss<T>)Activator.CreateInstance(Loss.MakeGenericType(typeof(T)), Arguments ?? [])!;
}

/// <summary>The losses, by the names used on the command line, in model files and on the playground page.</summary>
public static class Loss
{
    /// <summary>Every loss, in the order help lists them.</summary>
    public static readonly Registry<LossEntry> All = new("loss",
        new(typeof(HalfSumSquares<>), "E = ½Σ(y − t)², summed over the batch: the tutorials' error", "identity", Arguments: [false]),
        new(typeof(HalfSumSquares<>), "E = ½Σ(y − t)²/n, averaged over the batch's samples: the Go series' error", "identity", Arguments: [true]),
        new(typeof(MeanSquaredError<>), "E = Σ(y − t)²/N over every value: the mean squared error, for regression", "identity"),
        new(typeof(BinaryCrossEntropy<>), "E = −mean[t ln y + (1 − t) ln(1 − y)]: one sigmoid output, two classes", "sigmoid", Aliases: ["bce"]),
        new(typeof(SoftmaxCrossEntropy<>), "E = −Σ t ln y / n over softmax outputs: several classes", "softmax",
            Aliases: ["crossentropy", "cross-entropy"]));

    /// <summary>The valid names.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>The loss called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static ILoss<T> Create<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => All.Get(name).Create<T>();
}
