using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
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
            // Math.Exp directly: through double.Exp the JIT left a second call in the loop.
            ReadOnlySpan<double> xs = MemoryMarshal.Cast<T, double>(x.AsSpan());
            var ys = MemoryMarshal.Cast<T, double>(y.AsSpan());
            if (ys.Length != xs.Length) throw new ArgumentException("The output buffer does not have the input's shape.");
            for (int i = 0; i < xs.Length; i++) ys[i] = 1.0 / (1.0 + Math.Exp(-xs[i]));
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

/// <summary>The registry's entry for <see cref="Sigmoid{T}"/>.</summary>
internal sealed record SigmoidEntry() : ActivationEntry("sigmoid", "σ(x) = 1/(1 + e^−x), σ' = σ(1 − σ) ≤ 0.25: squashes to (0, 1)")
{
    public override ILayer<T> Create<T>(double? alpha = null) => new Sigmoid<T>();
}
