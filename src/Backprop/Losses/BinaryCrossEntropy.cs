using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// E = −1/N Σ [t ln y + (1 − t) ln(1 − y)] for sigmoid outputs y in (0, 1);
/// ∂E/∂y = (y − t) / (y (1 − y)) / N. Outputs are clamped to [ε, 1 − ε] so the logarithms stay finite.
/// </summary>
public sealed class BinaryCrossEntropy<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Epsilon = T.CreateChecked(typeof(T) == typeof(float) ? 1e-7 : 1e-12);

    /// <inheritdoc />
    public string Name => BinaryCrossEntropyEntry.Key;

    /// <inheritdoc />
    public T Compute(Matrix<T> output, Matrix<T> target, Matrix<T> gradient)
    {
        LossShapes.Check(output, target);
        ReadOnlySpan<T> y = output.AsSpan(), t = target.AsSpan();
        var g = gradient.AsSpan();
        T n = T.CreateChecked(y.Length);
        T sum = T.Zero;
        for (int i = 0; i < y.Length; i++)
        {
            T p = T.Clamp(y[i], Epsilon, T.One - Epsilon);
            sum -= t[i] * T.Log(p) + (T.One - t[i]) * T.Log(T.One - p);
            g[i] = (p - t[i]) / (p * (T.One - p)) / n;   // ∂E/∂y
        }
        return sum / n;
    }

    /// <inheritdoc />
    public T Value(Matrix<T> output, Matrix<T> target)
    {
        LossShapes.Check(output, target);
        ReadOnlySpan<T> y = output.AsSpan(), t = target.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < y.Length; i++)
        {
            T p = T.Clamp(y[i], Epsilon, T.One - Epsilon);
            sum -= t[i] * T.Log(p) + (T.One - t[i]) * T.Log(T.One - p);
        }
        return sum / T.CreateChecked(y.Length);
    }
}

/// <summary>The registry's entry for <see cref="BinaryCrossEntropy{T}"/>.</summary>
internal sealed record BinaryCrossEntropyEntry() : LossEntry(Key, "E = −mean[t ln y + (1 − t) ln(1 − y)]: one sigmoid output, two classes", "sigmoid",
    Aliases: ["bce"])
{
    internal const string Key = "binary-crossentropy";

    public override ILoss<T> Create<T>() => new BinaryCrossEntropy<T>();
}
