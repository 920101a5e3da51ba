using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, 2015): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
/// w ← w − η·m̂/(√v̂ + ε).
/// </summary>
public sealed class Adam<T>(double learningRate = Adam<T>.DefaultLearningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    : Optimizer<T>(learningRate, weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The step size Kingma and Ba suggest, and the default here.</summary>
    public const double DefaultLearningRate = 1e-3;

    private readonly T _b1 = T.CreateChecked(beta1), _b2 = T.CreateChecked(beta2), _eps = T.CreateChecked(epsilon);

    /// <inheritdoc />
    public override string Name => AdamEntry.Key;

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 2;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, int offset, T learningRate, long step)
    {
        Span<T> m = state[0].AsSpan(offset, w.Length), v = state[1].AsSpan(offset, w.Length);
        // Folded as PyTorch does: w ← w − (η/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε), the same rule with one square root and
        // one division per weight instead of three divisions.
        T step1 = learningRate / (T.One - T.CreateChecked(Math.Pow(beta1, step)));
        T invSqrt2 = T.One / T.Sqrt(T.One - T.CreateChecked(Math.Pow(beta2, step)));
        T a1 = T.One - _b1, a2 = T.One - _b2;
        int i = 0;
        if (Vector256<T>.IsSupported)
        {
            // Lane by lane the same operations, in the same order, as the scalar loop below.
            Vector256<T> b1 = Vector256.Create(_b1), b2 = Vector256.Create(_b2), va1 = Vector256.Create(a1), va2 = Vector256.Create(a2);
            Vector256<T> vs = Vector256.Create(step1), vinv = Vector256.Create(invSqrt2), eps = Vector256.Create(_eps);
            for (; i <= w.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var gi = Vector256.Create<T>(g[i..]);
                var mi = b1 * Vector256.Create<T>(m[i..]) + va1 * gi;
                var vi = b2 * Vector256.Create<T>(v[i..]) + va2 * gi * gi;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (Vector256.Create<T>(w[i..]) - vs * (mi / (Vector256.Sqrt(vi) * vinv + eps))).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            m[i] = _b1 * m[i] + a1 * g[i];                          // first moment
            v[i] = _b2 * v[i] + a2 * g[i] * g[i];                   // second moment
            w[i] -= step1 * (m[i] / (T.Sqrt(v[i]) * invSqrt2 + _eps));
        }
    }
}

/// <summary>The registry's entry for <see cref="Adam{T}"/>.</summary>
/// <remarks>
/// Its default step, 0.003, is three times Kingma and Ba's: on five small tables (iris to digits, diabetes) it reached
/// the same test accuracy as 0.001 in about half the epochs, and more reliably than 0.01 (docs/own-data.md).
/// </remarks>
internal sealed class AdamEntry() : OptimizerEntry(Key,
    "Adam: momentum of g and of g², bias-corrected; each weight's own step size (β₁ 0.9, β₂ 0.999, ε 1e-8)", 3e-3)
{
    internal const string Key = "adam";

    public override Optimizer<T> Create<T>(OptimizerSettings s) => new Adam<T>(s.LearningRate, weightDecay: s.WeightDecay);
}
