using System.Numerics;
using System.Runtime.Intrinsics;

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
        Descend(w, g, learningRate);

    /// <summary>
    /// w ← w − η·g, element by element, multiply then subtract. The one place this step is written: the trainer's
    /// fast path (<see cref="Layers.Dense{T}.BackwardAndDescend"/>) uses it too, so both give the same numbers.
    /// </summary>
    internal static void Descend(Span<T> w, ReadOnlySpan<T> g, T learningRate)
    {
        int i = 0;
        if (Vector256<T>.IsSupported)
        {
            // The same multiply and subtract per lane as the scalar loop (never fused), so results are identical.
            var lr = Vector256.Create(learningRate);
            for (; i <= w.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                (Vector256.Create<T>(w[i..]) - lr * Vector256.Create<T>(g[i..])).CopyTo(w[i..]);
        }
        for (; i < w.Length; i++) w[i] -= learningRate * g[i];   // w ← w − η·g
    }
}

/// <summary>The registry's entry for <see cref="Sgd{T}"/>.</summary>
internal sealed class SgdEntry() : OptimizerEntry(Key, "plain gradient descent: w ← w − η·g", Sgd<double>.DefaultLearningRate)
{
    internal const string Key = "sgd";

    public override Optimizer<T> Create<T>(OptimizerSettings s) => new Sgd<T>(s.LearningRate, s.WeightDecay);
}
