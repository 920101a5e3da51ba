using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Optimizers;

/// <summary>
/// Adagrad (Duchi, Hazan and Singer, 2011): add up every g², G ← G + g², and divide each step by its root:
/// w ← w − η·g/(√G + ε). Steps only shrink, fastest for weights that often see large gradients.
/// </summary>
public sealed class Adagrad<T>(double learningRate = Adagrad<T>.DefaultLearningRate, double epsilon = 1e-10, double weightDecay = 0)
    : Optimizer<T>(learningRate, weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step size the registry gives Adagrad when none is asked for.</summary>
    public const double DefaultLearningRate = 0.01;

    private readonly T _eps = T.CreateChecked(epsilon);

    /// <inheritdoc />
    public override string Name => AdagradEntry.Key;

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 1;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, int offset, T learningRate, long step)
    {
        Span<T> sum = state[0].AsSpan(offset, w.Length);
        int i = 0;
        if (Vector256<T>.IsSupported)
        {
            // Lane by lane the same operations, in the same order, as the scalar loop below.
            Vector256<T> lr = Vector256.Create(learningRate), eps = Vector256.Create(_eps);
            for (; i <= w.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var gi = Vector256.Create<T>(g[i..]);
                var si = Vector256.Create<T>(sum[i..]) + gi * gi;
                si.CopyTo(sum[i..]);
                (Vector256.Create<T>(w[i..]) - lr * gi / (Vector256.Sqrt(si) + eps)).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            sum[i] += g[i] * g[i];                                       // G ← G + g²
            w[i] -= learningRate * g[i] / (T.Sqrt(sum[i]) + _eps);       // w ← w − η·g/(√G + ε)
        }
    }
}

/// <summary>The registry's entry for <see cref="Adagrad{T}"/>.</summary>
internal sealed class AdagradEntry() : OptimizerEntry(Key, "Adagrad: steps divided by the root of every g² so far (ε 1e-10)", Adagrad<double>.DefaultLearningRate)
{
    internal const string Key = "adagrad";

    public override Optimizer<T> Create<T>(OptimizerSettings s) => new Adagrad<T>(s.LearningRate, weightDecay: s.WeightDecay);
}
