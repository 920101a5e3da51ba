using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Optimizers;

/// <summary>
/// RMSprop (Hinton's lecture 6e): keep a running mean of g², v ← ρv + (1 − ρ)g², and divide each step by its root:
/// w ← w − η·g/(√v + ε). A weight whose gradients are large gets small steps, and the reverse.
/// </summary>
public sealed class RmsProp<T>(double learningRate = RmsProp<T>.DefaultLearningRate, double rho = 0.9, double epsilon = 1e-8, double weightDecay = 0)
    : Optimizer<T>(learningRate, weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step size the registry gives RMSprop when none is asked for.</summary>
    public const double DefaultLearningRate = 1e-3;

    private readonly T _rho = T.CreateChecked(rho), _eps = T.CreateChecked(epsilon);

    /// <inheritdoc />
    public override string Name => RmsPropEntry.Key;

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 1;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, int offset, T learningRate, long step)
    {
        Span<T> v = state[0].AsSpan(offset, w.Length);
        T a = T.One - _rho;
        int i = 0;
        if (Vector256<T>.IsSupported)
        {
            // Lane by lane the same operations, in the same order, as the scalar loop below.
            Vector256<T> rho = Vector256.Create(_rho), va = Vector256.Create(a), lr = Vector256.Create(learningRate), eps = Vector256.Create(_eps);
            for (; i <= w.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var gi = Vector256.Create<T>(g[i..]);
                var vi = rho * Vector256.Create<T>(v[i..]) + va * gi * gi;
                vi.CopyTo(v[i..]);
                (Vector256.Create<T>(w[i..]) - lr * gi / (Vector256.Sqrt(vi) + eps)).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            v[i] = _rho * v[i] + a * g[i] * g[i];                      // v ← ρv + (1 − ρ)g²
            w[i] -= learningRate * g[i] / (T.Sqrt(v[i]) + _eps);       // w ← w − η·g/(√v + ε)
        }
    }
}

/// <summary>The registry's entry for <see cref="RmsProp{T}"/>.</summary>
internal sealed class RmsPropEntry() : OptimizerEntry(Key, "RMSprop: steps divided by a running root mean square of g (ρ 0.9, ε 1e-8)", RmsProp<double>.DefaultLearningRate)
{
    internal const string Key = "rmsprop";

    public override Optimizer<T> Create<T>(OptimizerSettings s) => new RmsProp<T>(s.LearningRate, weightDecay: s.WeightDecay);
}
