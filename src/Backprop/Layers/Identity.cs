using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The identity, f(x) = x: a linear output.</summary>
public sealed class Identity<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "Identity";

    // f(x) = x
    /// <inheritdoc />
    protected override void Function(Matrix<T> x, Matrix<T> y) => x.AsSpan().CopyTo(y.AsSpan());

    // f'(x) = 1, so ∂E/∂x = ∂E/∂y
    /// <inheritdoc />
    protected override void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx) => g.AsSpan().CopyTo(dx.AsSpan());
}

/// <summary>The registry's entry for <see cref="Identity{T}"/>.</summary>
internal sealed record IdentityEntry() : ActivationEntry("identity", "f(x) = x, f' = 1: the output of a regression", Aliases: ["linear"])
{
    public override ILayer<T> Create<T>(double? alpha = null) => new Identity<T>();
}
