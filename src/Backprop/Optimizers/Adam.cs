using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, 2015): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
/// w ← w − η·m̂/(√v̂ + ε).
/// </summary>
public sealed class Adam<T>(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    : Optimizer<T>(learningRate, weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _b1 = T.CreateChecked(beta1), _b2 = T.CreateChecked(beta2), _eps = T.CreateChecked(epsilon);

    /// <inheritdoc />
    public override string Name => "adam";

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 2;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, T learningRate, long step)
    {
        T[] m = state[0], v = state[1];
        T c1 = T.One - T.CreateChecked(Math.Pow(beta1, step));   // bias corrections 1 − βᵗ
        T c2 = T.One - T.CreateChecked(Math.Pow(beta2, step));
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = _b1 * m[i] + (T.One - _b1) * g[i];
            v[i] = _b2 * v[i] + (T.One - _b2) * g[i] * g[i];
            T mHat = m[i] / c1, vHat = v[i] / c2;
            w[i] -= learningRate * mHat / (T.Sqrt(vHat) + _eps);
        }
    }
}
