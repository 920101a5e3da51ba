using System.Numerics;

namespace Backprop.Losses;

/// <summary>
/// A registered loss: its name, what it computes, the output activation it goes with, its other names, and how to make
/// it. Each entry sits in its loss's file and makes the loss with <c>new</c> when asked: the registry knows the names
/// without making any loss, and a trimmed app keeps every constructor it needs.
/// </summary>
/// <param name="Name">The name on the command line and in model files; the loss's own <see cref="ILoss{T}.Name"/> reads it from here.</param>
/// <param name="Description">One line: the formula, and what it is for.</param>
/// <param name="OutputActivation">The activation (by name) a network's last layer needs with this loss.</param>
/// <param name="Aliases">Other names it answers to.</param>
public abstract record LossEntry(string Name, string Description, string OutputActivation, string[]? Aliases = null) : IRegistryEntry
{
    IReadOnlyList<string> IRegistryEntry.Aliases => Aliases ?? [];

    /// <summary>A new loss of this kind for <typeparamref name="T"/>.</summary>
    public abstract ILoss<T> Create<T>() where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>The losses, by the names used on the command line, in model files and on the playground page.</summary>
public static class Loss
{
    /// <summary>Every loss, in the order help lists them.</summary>
    public static readonly Registry<LossEntry> All = new("loss",
        new HalfSumSquaresEntry(Mean: false), new HalfSumSquaresEntry(Mean: true), new MeanSquaredErrorEntry(), new BinaryCrossEntropyEntry(),
        new SoftmaxCrossEntropyEntry());

    /// <summary>The valid names.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>The loss called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static ILoss<T> Create<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => All.Get(name).Create<T>();
}
