using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// E = ½ Σ (y − t)², the delta rule's error; with <c>mean</c> it is E = 1/(2n) Σ (y − t)² over n samples,
/// the Go series' error. Its gradient is simply ∂E/∂y = y − t (divided by n with <c>mean</c>).
/// The sum runs element by element in order, as the tutorials' loops add their errors, so lessons built on
/// this loss print the same digits as their from-scratch ports.
/// </summary>
public sealed class HalfSumSquares<T>(bool mean = false) : ILoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Half = T.CreateChecked(0.5);

    /// <summary>Whether the sum is divided by the number of samples.</summary>
    public bool Mean { get; } = mean;

    /// <inheritdoc />
    public string Name => HalfSumSquaresEntry.KeyFor(Mean);

    /// <inheritdoc />
    public T Compute(Matrix<T> output, Matrix<T> target, Matrix<T> gradient)
    {
        LossShapes.Check(output, target);
        ReadOnlySpan<T> y = output.AsSpan(), t = target.AsSpan();
        var g = gradient.AsSpan();
        T n = Mean ? T.CreateChecked(output.Rows) : T.One;
        T sum = T.Zero;
        for (int i = 0; i < y.Length; i++)
        {
            T d = y[i] - t[i];           // the difference y − t
            sum += d * d;
            g[i] = Mean ? d / n : d;     // ∂E/∂y = (y − t) [/ n]
        }
        return Half * sum / n;
    }

    /// <inheritdoc />
    public T Value(Matrix<T> output, Matrix<T> target)
    {
        LossShapes.Check(output, target);
        ReadOnlySpan<T> y = output.AsSpan(), t = target.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < y.Length; i++) { T d = y[i] - t[i]; sum += d * d; }
        return Half * sum / (Mean ? T.CreateChecked(output.Rows) : T.One);
    }
}

/// <summary>The registry's entries for <see cref="HalfSumSquares{T}"/>: summed over the batch, and averaged over its samples.</summary>
internal sealed record HalfSumSquaresEntry(bool Mean) : LossEntry(KeyFor(Mean),
    Mean ? "E = ½Σ(y − t)²/n, averaged over the batch's samples: the Go series' error" : "E = ½Σ(y − t)², summed over the batch: the tutorials' error",
    "identity")
{
    internal static string KeyFor(bool mean) => mean ? "half-mse" : "half-sse";

    public override ILoss<T> Create<T>() => new HalfSumSquares<T>(Mean);
}
