using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// Softmax over each row: yᵢ = e^(xᵢ − max) / Σⱼ e^(xⱼ − max). With softmax cross-entropy the trainer
/// skips this Backward and starts from the fused, stable gradient y − t.
/// </summary>
public sealed class Softmax<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "Softmax";

    // yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), m = max x (subtracting m avoids overflow and changes nothing)
    /// <inheritdoc />
    protected override void Function(Matrix<T> x, Matrix<T> y)
    {
        for (int r = 0; r < x.Rows; r++)
        {
            var xr = x.Row(r);
            var yr = y.Row(r);
            T max = TensorPrimitives.Max<T>(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            if (typeof(T) == typeof(double))
            {
                // double is the reference type: the libm exp, as NumPy uses, so printed digits reproduce
                // (TensorPrimitives.Exp gives e^(−1.9) one unit in the last place away).
                var ys = MemoryMarshal.Cast<T, double>(yr);
                for (int i = 0; i < ys.Length; i++) ys[i] = Math.Exp(ys[i]);
            }
            else TensorPrimitives.Exp<T>(yr, yr);
            TensorPrimitives.Divide(yr, TensorPrimitives.Sum<T>(yr), yr);
        }
    }

    // ∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ), so ∂E/∂xⱼ = yⱼ (gⱼ − Σᵢ gᵢ yᵢ)
    /// <inheritdoc />
    protected override void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx)
    {
        for (int r = 0; r < g.Rows; r++)
        {
            var gr = g.Row(r); var yr = y.Row(r); var dr = dx.Row(r);
            T dot = TensorPrimitives.Dot<T>(gr, yr);
            TensorPrimitives.Subtract(gr, dot, dr);
            TensorPrimitives.Multiply(dr, yr, dr);
        }
    }
}

/// <summary>The registry's entry for <see cref="Softmax{T}"/>.</summary>
internal sealed record SoftmaxEntry() : ActivationEntry("softmax", "e^xᵢ / Σⱼ e^xⱼ over a row: probabilities that sum to 1, for classes")
{
    public override ILayer<T> Create<T>(double? alpha = null) => new Softmax<T>();

    public override bool EachUnitAlone => false;
}
