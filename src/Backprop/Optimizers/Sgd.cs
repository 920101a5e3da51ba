using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Optimizers;

/// <summary>Plain gradient descent: w ← w − η·g.</summary>
public sealed class Sgd<T>(double learningRate, double weightDecay = 0) : Optimizer<T>(learningRate, weightDecay)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step size the registry gives plain gradient descent when none is asked for.</summary>
    public const double DefaultLearningRate = 0.1;

    /// <inheritdoc />
    public override string Name => SgdEntry.Key;

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 0;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, int offset, T learningRate, long step) =>
        Elementwise.SubtractScaled(w, g, learningRate);   // w ← w − η·g
}

/// <summary>The registry's entry for <see cref="Sgd{T}"/>.</summary>
internal sealed class SgdEntry() : OptimizerEntry(Key, "plain gradient descent: w ← w − η·g", Sgd<double>.DefaultLearningRate)
{
    internal const string Key = "sgd";

    public override Optimizer<T> Create<T>(OptimizerSettings s) => new Sgd<T>(s.LearningRate, s.WeightDecay);
}
