using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The hyperbolic tangent.</summary>
public sealed class Tanh<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "Tanh";

    // y = tanh(x)
    /// <inheritdoc />
    protected override void Function(Matrix<T> x, Matrix<T> y)
    {
        if (typeof(T) == typeof(double))
        {
            // double is the reference type: the libm tanh, as NumPy uses (TensorPrimitives.Tanh differs from it in the
            // last place for about half of all inputs), so lessons built on it print their ports' digits.
            ReadOnlySpan<double> xs = MemoryMarshal.Cast<T, double>(x.AsSpan());
            var ys = MemoryMarshal.Cast<T, double>(y.AsSpan());
            if (ys.Length != xs.Length) throw new ArgumentException("The output buffer does not have the input's shape.");
            for (int i = 0; i < xs.Length; i++) ys[i] = Math.Tanh(xs[i]);
        }
        else TensorPrimitives.Tanh(x.AsSpan(), y.AsSpan());
    }

    // tanh'(x) = 1 − y², so ∂E/∂x = g · (1 − y²)
    /// <inheritdoc />
    protected override void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx)
    {
        ReadOnlySpan<T> gs = g.AsSpan(), ys = y.AsSpan();
        var d = dx.AsSpan();
        for (int i = 0; i < d.Length; i++) d[i] = gs[i] * (T.One - ys[i] * ys[i]);
    }
}

/// <summary>The registry's entry for <see cref="Tanh{T}"/>.</summary>
internal sealed record TanhEntry() : ActivationEntry("tanh", "tanh(x), f' = 1 − f²: squashes to (−1, 1), centred on 0")
{
    public override ILayer<T> Create<T>(double? alpha = null) => new Tanh<T>();
}
