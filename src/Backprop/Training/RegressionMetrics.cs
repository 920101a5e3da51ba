using System.Numerics;
using Backprop.Data;

namespace Backprop.Training;

/// <summary>How far a regression network's predictions are from the targets, over a whole data set, in the target's units.</summary>
/// <param name="MeanSquaredError">Σ(y − t)² / N over every value.</param>
/// <param name="MeanAbsoluteError">Σ|y − t| / N over every value.</param>
/// <param name="R2">The coefficient of determination, 1 − Σ(y − t)² / Σ(t − mean t)²: 1 for a perfect fit, 0 for predicting the mean.</param>
public sealed record RegressionMetrics(double MeanSquaredError, double MeanAbsoluteError, double R2)
{
    /// <summary>Runs <paramref name="network"/> over <paramref name="data"/> and measures its errors.</summary>
    public static RegressionMetrics Of<T>(Network<T> network, Dataset<T> data, int batchSize = 256) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        double squared = 0, absolute = 0, sum = 0;
        long count = 0;
        foreach (var (x, t) in data.InOrder(batchSize))
        {
            var y = network.Forward(x);
            var ys = y.AsSpan();
            var ts = t.AsSpan();
            for (int i = 0; i < ys.Length; i++)
            {
                double target = double.CreateChecked(ts[i]), error = double.CreateChecked(ys[i]) - target;
                squared += error * error;
                absolute += Math.Abs(error);
                sum += target;
            }
            count += ys.Length;
        }
        if (count == 0) return new RegressionMetrics(double.NaN, double.NaN, double.NaN);
        // Σ(t − mean)² in a second pass over the targets, so it cannot cancel as Σt² − n·mean² can.
        double mean = sum / count, total = 0;
        foreach (var (_, t) in data.InOrder(batchSize))
            foreach (T v in t.AsSpan()) total += (double.CreateChecked(v) - mean) * (double.CreateChecked(v) - mean);
        return new RegressionMetrics(squared / count, absolute / count, total > 0 ? 1 - squared / total : double.NaN);
    }
}
