using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>Plain gradient descent: w ← w − η·g.</summary>
public sealed class Sgd<T>(double learningRate, double weightDecay = 0) : Optimizer<T>(learningRate, weightDecay)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "sgd";

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 0;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, T learningRate, long step)
    {
        for (int i = 0; i < w.Length; i++) w[i] -= learningRate * g[i];   // w ← w − η·g
    }
}
