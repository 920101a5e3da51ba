using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>The rectifier, max(0, x).</summary>
public sealed class ReLU<T> : Activation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Name => "ReLU";

    // y = max(0, x)
    /// <inheritdoc />
    protected override void Function(Matrix<T> x, Matrix<T> y) => TensorPrimitives.Max(x.AsSpan(), T.Zero, y.AsSpan());

    // ReLU'(x) = 1 for x > 0, else 0
    /// <inheritdoc />
    protected override void Derivative(Matrix<T> g, Matrix<T> x, Matrix<T> y, Matrix<T> dx)
    {
        ReadOnlySpan<T> gs = g.AsSpan(), xs = x.AsSpan();
        var d = dx.AsSpan();
        int i = 0;
        if (Vector256<T>.IsSupported)
            for (; i <= d.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Create<T>(xs[i..]), Vector256<T>.Zero),
                    Vector256.Create<T>(gs[i..]), Vector256<T>.Zero).CopyTo(d[i..]);
        for (; i < d.Length; i++) d[i] = xs[i] > T.Zero ? gs[i] : T.Zero;
    }
}

/// <summary>The registry's entry for <see cref="ReLU{T}"/>.</summary>
internal sealed record ReLUEntry() : ActivationEntry("relu", "max(0, x), f' = 1 for x > 0 else 0: cheap, but a unit stuck below 0 learns no more", Weights: "pytorch")
{
    public override ILayer<T> Create<T>(double? alpha = null) => new ReLU<T>();
}
