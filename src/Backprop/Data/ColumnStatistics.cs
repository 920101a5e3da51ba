using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>Per-column count, minimum, maximum, mean and population variance, accumulated in double over batches of rows.</summary>
internal sealed class ColumnStatistics
{
    private readonly double[] _sum;
    private readonly double[] _squaredDeviations;
    private readonly double[] _scaledSquares;   // Σ((x − mean)/spread)², for columns whose Σ(x − mean)² overflows

    public ColumnStatistics(int columns)
    {
        _sum = new double[columns];
        _squaredDeviations = new double[columns];
        _scaledSquares = new double[columns];
        Min = Enumerable.Repeat(double.PositiveInfinity, columns).ToArray();
        Max = Enumerable.Repeat(double.NegativeInfinity, columns).ToArray();
    }

    public long Count { get; private set; }
    public double[] Min { get; }
    public double[] Max { get; }

    public double Mean(int column) => _sum[column] / Count;

    /// <summary>Σ(x − mean)² / n: the population variance (NumPy's default ddof = 0, as scikit-learn's StandardScaler uses).</summary>
    public double Variance(int column) => _squaredDeviations[column] / Count;

    /// <summary>
    /// √<see cref="Variance"/>; for a column with values near 1e300, whose squares overflow, the same worked out from
    /// deviations divided by the largest one first, so that it stays finite.
    /// </summary>
    public double StandardDeviation(int column)
    {
        double plain = Math.Sqrt(Variance(column));
        return double.IsFinite(plain) ? plain : Spread(column) * Math.Sqrt(_scaledSquares[column] / Count);
    }

    private double Spread(int column) => Math.Max(Math.Abs(Min[column] - Mean(column)), Math.Abs(Max[column] - Mean(column)));

    /// <summary>First pass: count, sums, minima and maxima.</summary>
    public void AddMoments<T>(Matrix<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < batch.Rows; r++)
        {
            Span<T> row = batch.Row(r);
            for (int c = 0; c < row.Length; c++)
            {
                double x = double.CreateChecked(row[c]);
                _sum[c] += x;
                Min[c] = Math.Min(Min[c], x);
                Max[c] = Math.Max(Max[c], x);
            }
        }
        Count += batch.Rows;
    }

    /// <summary>Second pass, after the means are known: the squared deviations from them.</summary>
    public void AddSquaredDeviations<T>(Matrix<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mean = new double[_sum.Length];
        var inverseSpread = new double[_sum.Length];
        for (int c = 0; c < mean.Length; c++)
        {
            mean[c] = Mean(c);
            inverseSpread[c] = Spread(c) > 0 ? 1 / Spread(c) : 0;
        }
        for (int r = 0; r < batch.Rows; r++)
        {
            Span<T> row = batch.Row(r);
            for (int c = 0; c < row.Length; c++)
            {
                double d = double.CreateChecked(row[c]) - mean[c];
                _squaredDeviations[c] += d * d;
                double scaled = d * inverseSpread[c];
                _scaledSquares[c] += scaled * scaled;
            }
        }
    }
}
