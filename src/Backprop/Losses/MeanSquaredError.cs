using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>E = 1/N Σ (y − t)² over all N values of the batch; ∂E/∂y = 2 (y − t) / N.</summary>
public sealed class MeanSquaredError<T> : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Two = T.CreateChecked(2);

    /// <inheritdoc />
    public string Name => MeanSquaredErrorEntry.Key;

    /// <inheritdoc />
    public T Compute(Matrix<T> output, Matrix<T> target, Matrix<T> gradient)
    {
        LossShapes.Check(output, target);
        var g = gradient.AsSpan();
        T n = T.CreateChecked(g.Length);
        TensorPrimitives.Subtract(output.AsSpan(), target.AsSpan(), g);   // y − t
        T sum = TensorPrimitives.SumOfSquares<T>(g);
        TensorPrimitives.Multiply(g, Two, g);                              // ∂E/∂y = 2 (y − t) / N
        TensorPrimitives.Divide(g, n, g);
        return sum / n;
    }

    /// <inheritdoc />
    public T Value(Matrix<T> output, Matrix<T> target)
    {
        LossShapes.Check(output, target);
        ReadOnlySpan<T> y = output.AsSpan(), t = target.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < y.Length; i++) { T d = y[i] - t[i]; sum += d * d; }
        return sum / T.CreateChecked(y.Length);
    }
}

/// <summary>The registry's entry for <see cref="MeanSquaredError{T}"/>.</summary>
internal sealed record MeanSquaredErrorEntry() : LossEntry(Key, "E = Σ(y − t)²/N over every value: the mean squared error, for regression", "identity")
{
    internal const string Key = "mse";

    public override ILoss<T> Create<T>() => new MeanSquaredError<T>();
}
