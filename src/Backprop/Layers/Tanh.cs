using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The hyperbolic tangent.</summary>
public sealed class Tanh<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "Tanh";

    // y = tanh(x)
    /// <inheritdoc />
    protected override void Function(Matrix<T> x, Matrix<T> y) => TensorPrimitives.Tanh(x.AsSpan(), y.AsSpan());

    // tanh'(x) = 1 − y², so ∂E/∂x = g · (1 − y²)
    /// <inheritdoc />
    protected override void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx)
    {
        ReadOnlySpan<T> gs = g.AsSpan(), ys = y.AsSpan();
        var d = dx.AsSpan();
        for (int i = 0; i < d.Length; i++) d[i] = gs[i] * (T.One - ys[i] * ys[i]);
    }
}
