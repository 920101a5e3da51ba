using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The leaky rectifier: x for x &gt; 0, else α·x.</summary>
public sealed class LeakyReLU<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha;

    /// <summary>The negative slope unless told otherwise.</summary>
    public const double DefaultAlpha = 0.01;

    /// <summary>Creates the activation with negative slope <paramref name="alpha"/> (<see cref="DefaultAlpha"/> by default).</summary>
    public LeakyReLU(double alpha = DefaultAlpha)
    {
        Alpha = alpha;
        _alpha = T.CreateChecked(alpha);
    }

    /// <summary>The slope for negative inputs.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => "LeakyReLU";

    /// <inheritdoc />
    public override LayerConfig Config => new(Name, Alpha: Alpha);

    // y = x if x > 0 else α·x
    /// <inheritdoc />
    protected override void Function(Matrix<T> x, Matrix<T> y)
    {
        ReadOnlySpan<T> xs = x.AsSpan();
        var ys = y.AsSpan();
        for (int i = 0; i < ys.Length; i++) ys[i] = xs[i] > T.Zero ? xs[i] : _alpha * xs[i];
    }

    // f'(x) = 1 for x > 0, else α
    /// <inheritdoc />
    protected override void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx)
    {
        ReadOnlySpan<T> gs = g.AsSpan(), xs = x.AsSpan();
        var d = dx.AsSpan();
        for (int i = 0; i < d.Length; i++) d[i] = xs[i] > T.Zero ? gs[i] : _alpha * gs[i];
    }
}

/// <summary>The registry's entry for <see cref="LeakyReLU{T}"/>.</summary>
internal sealed record LeakyReLUEntry() : ActivationEntry("leaky-relu", $"x for x > 0, else αx (α = {LeakyReLU<double>.DefaultAlpha}): a ReLU whose units never quite die",
    Aliases: ["leakyrelu"], DefaultAlpha: LeakyReLU<double>.DefaultAlpha, Weights: "pytorch")
{
    public override ILayer<T> Create<T>(double? alpha = null) => new LeakyReLU<T>(alpha ?? LeakyReLU<double>.DefaultAlpha);
}
