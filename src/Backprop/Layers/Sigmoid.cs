using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The logistic sigmoid σ(x) = 1 / (1 + e^(−x)).</summary>
public sealed class Sigmoid<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "Sigmoid";

    // σ(x) = 1 / (1 + e^(−x))
    /// <inheritdoc />
    protected override void Function(Matrix<T> x, Matrix<T> y)
    {
        if (typeof(T) == typeof(double))
        {
            // double is the reference type: the libm exp, in NumPy's order, so printed digits reproduce.
            var xs = x.AsSpan(); var ys = y.AsSpan();
            for (int i = 0; i < xs.Length; i++) ys[i] = T.One / (T.One + T.Exp(-xs[i]));
        }
        else TensorPrimitives.Sigmoid(x.AsSpan(), y.AsSpan());
    }

    // σ'(x) = σ(x)(1 − σ(x)), so ∂E/∂x = ∂E/∂y · σ'(x). σ' is formed first and then multiplied by the
    // incoming gradient, as the Go series, Real Python and the longer sigmoid-neuron tutorial do: that
    // order makes the hand-worked backpropagation step and the seed-42 neuron reproduce bit for bit.
    /// <inheritdoc />
    protected override void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx)
    {
        ReadOnlySpan<T> gs = g.AsSpan(), ys = y.AsSpan();
        var d = dx.AsSpan();
        for (int i = 0; i < d.Length; i++) d[i] = gs[i] * (ys[i] * (T.One - ys[i]));
    }
}
