using System.Numerics;

namespace Backprop.Optimizers;

/// <summary>
/// Gradient descent with momentum μ. Classic: v ← μ·v − η·g; w ← w + v.
/// Nesterov (look-ahead): v ← μ·v − η·g; w ← w + μ·v − η·g.
/// </summary>
public sealed class Momentum<T>(double learningRate, double momentum = 0.9, bool nesterov = false, double weightDecay = 0)
    : Optimizer<T>(learningRate, weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _mu = T.CreateChecked(momentum);

    /// <summary>The momentum coefficient μ.</summary>
    public double MomentumCoefficient { get; } = momentum;

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; } = nesterov;

    /// <inheritdoc />
    public override string Name => Nesterov ? "nesterov" : "momentum";

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 1;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, T learningRate, long step)
    {
        var v = state[0];
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = _mu * v[i] - learningRate * g[i];                               // v ← μv − ηg
            w[i] += Nesterov ? _mu * v[i] - learningRate * g[i] : v[i];           // w ← w + v  (Nesterov: w + μv − ηg)
        }
    }
}
