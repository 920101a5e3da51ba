using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Optimizers;

/// <summary>
/// Gradient descent with momentum μ. Classic: v ← μ·v − η·g; w ← w + v.
/// Nesterov (look-ahead): v ← μ·v − η·g; w ← w + μ·v − η·g.
/// </summary>
public sealed class Momentum<T>(double learningRate, double momentum = Momentum<T>.DefaultCoefficient, bool nesterov = false, double weightDecay = 0)
    : Optimizer<T>(learningRate, weightDecay) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The momentum coefficient μ unless told otherwise.</summary>
    public const double DefaultCoefficient = 0.9;

    /// <summary>The step size the registry gives momentum when none is asked for.</summary>
    public const double DefaultLearningRate = 0.1;

    private readonly T _mu = T.CreateChecked(momentum);

    /// <summary>The momentum coefficient μ.</summary>
    public double MomentumCoefficient { get; } = momentum;

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; } = nesterov;

    /// <inheritdoc />
    public override string Name => MomentumEntry.KeyFor(Nesterov);

    /// <inheritdoc />
    protected override int StateBuffersPerParameter => 1;

    /// <inheritdoc />
    protected override void Update(Span<T> w, ReadOnlySpan<T> g, Span<T[]> state, int offset, T learningRate, long step)
    {
        Span<T> v = state[0].AsSpan(offset, w.Length);
        int i = 0;
        if (Vector256<T>.IsSupported)
        {
            // Lane by lane the same operations, in the same order, as the scalar loop below.
            Vector256<T> mu = Vector256.Create(_mu), lr = Vector256.Create(learningRate);
            for (; i <= w.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var gi = Vector256.Create<T>(g[i..]);
                var vi = mu * Vector256.Create<T>(v[i..]) - lr * gi;
                vi.CopyTo(v[i..]);
                (Vector256.Create<T>(w[i..]) + (Nesterov ? mu * vi - lr * gi : vi)).CopyTo(w[i..]);
            }
        }
        for (; i < w.Length; i++)
        {
            v[i] = _mu * v[i] - learningRate * g[i];                               // v ← μv − ηg
            w[i] += Nesterov ? _mu * v[i] - learningRate * g[i] : v[i];           // w ← w + v  (Nesterov: w + μv − ηg)
        }
    }
}

/// <summary>The registry's entries for <see cref="Momentum{T}"/>: classic and Nesterov.</summary>
internal sealed class MomentumEntry(bool nesterov) : OptimizerEntry(KeyFor(nesterov),
    nesterov ? "Nesterov's look-ahead momentum: v ← μv − ηg; w ← w + μv − ηg" : "gradient descent with momentum: v ← μv − ηg; w ← w + v",
    Momentum<double>.DefaultLearningRate)
{
    internal static string KeyFor(bool nesterov) => nesterov ? "nesterov" : "momentum";

    public override bool UsesMomentum => true;

    public override Optimizer<T> Create<T>(OptimizerSettings s) => new Momentum<T>(s.LearningRate, s.Momentum, nesterov, s.WeightDecay);
}
