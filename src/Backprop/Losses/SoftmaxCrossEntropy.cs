using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// Cross-entropy of softmax probabilities y against one-hot (or soft) targets t: E = −1/n Σ t ln y.
/// Fused with the final Softmax layer: the gradient with respect to the logits is the stable (y − t) / n,
/// which never divides by a tiny probability.
/// </summary>
public sealed class SoftmaxCrossEntropy<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Tiny = T.CreateChecked(typeof(T) == typeof(float) ? 1e-30 : 1e-300);

    /// <inheritdoc />
    public string Name => SoftmaxCrossEntropyEntry.Key;

    /// <inheritdoc />
    public bool GradientIsForLogits => true;

    /// <inheritdoc />
    public T Compute(Matrix<T> output, Matrix<T> target, Matrix<T> gradient)
    {
        LossShapes.Check(output, target);
        var g = gradient.AsSpan();
        TensorPrimitives.Subtract(output.AsSpan(), target.AsSpan(), g);   // ∂E/∂logits = (y − t) / n
        TensorPrimitives.Divide(g, T.CreateChecked(output.Rows), g);
        return Value(output, target);
    }

    /// <inheritdoc />
    public T Value(Matrix<T> output, Matrix<T> target)
    {
        LossShapes.Check(output, target);
        ReadOnlySpan<T> y = output.AsSpan(), t = target.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < y.Length; i++)
            if (t[i] != T.Zero) sum -= t[i] * T.Log(T.Max(y[i], Tiny));
        return sum / T.CreateChecked(output.Rows);
    }
}

/// <summary>The registry's entry for <see cref="SoftmaxCrossEntropy{T}"/>.</summary>
internal sealed record SoftmaxCrossEntropyEntry() : LossEntry(Key, "E = −Σ t ln y / n over softmax outputs: several classes", "softmax",
    Aliases: ["crossentropy", "cross-entropy"])
{
    internal const string Key = "softmax-crossentropy";

    public override ILoss<T> Create<T>() => new SoftmaxCrossEntropy<T>();
}
