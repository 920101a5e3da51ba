using System.Globalization;
using System.Numerics;
using Backprop.Layers;
using Backprop.Training;

namespace Backprop.Data;

/// <summary>
/// A regression target rescaled for training as t' = (t − <see cref="Offset"/>) / <see cref="Scale"/> (its mean and
/// standard deviation on the training rows), as scikit-learn's TransformedTargetRegressor with a StandardScaler does: a
/// target in the hundreds would otherwise start with losses in the tens of thousands and steps to match. The network
/// then predicts t'; <see cref="FoldInto{T}"/> turns it back into a network that predicts t in the target's own units
/// (y = y'·scale + offset, folded into the last Dense layer), and a squared-error loss on t' times
/// <see cref="LossFactor"/> is the loss on t.
/// </summary>
/// <param name="Offset">The value subtracted: the training targets' mean.</param>
/// <param name="Scale">The divisor: the training targets' standard deviation (never 0).</param>
public sealed record TargetScaling(double Offset, double Scale)
{
    /// <summary>What a squared error on scaled targets is multiplied by to be in the target's units squared.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double LossFactor => Scale * Scale;

    /// <summary>Fits the mean and standard deviation of <paramref name="training"/>'s single target column.</summary>
    /// <exception cref="BackpropException">The targets are all the same (nothing to learn) or not one column.</exception>
    public static TargetScaling Fit<T>(Dataset<T> training) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.TargetSize != 1)
            throw new BackpropException($"Target scaling takes one target column, got {training.TargetSize}.");
        var (_, targets) = training.ToMatrices();
        var stats = new ColumnStatistics(1);
        stats.AddMoments(targets);
        stats.AddSquaredDeviations(targets);
        double mean = stats.Mean(0), deviation = stats.StandardDeviation(0);
        if (!(deviation > 0) || !double.IsFinite(deviation) || !double.IsFinite(mean))
            throw new BackpropException(stats.Min[0] == stats.Max[0]
                ? $"the target is {stats.Min[0].ToString(CultureInfo.InvariantCulture)} in every training row, so there is nothing to learn; check --target"
                : "the target's mean or spread is not a finite number; rescale the target column");
        return new TargetScaling(mean, deviation);
    }

    /// <summary>A copy of <paramref name="data"/> with its targets rescaled; the inputs are shared.</summary>
    public Dataset<T> Apply<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var (inputs, targets) = data.ToMatrices();
        var scaled = targets.Clone();
        var span = scaled.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = T.CreateChecked((double.CreateChecked(span[i]) - Offset) / Scale);
        return new InMemoryDataset<T>(inputs, scaled) { LabelNames = data.LabelNames };
    }

    /// <summary>
    /// Makes <paramref name="network"/> predict in the target's units: its last Dense layer (followed by nothing or an
    /// Identity) gets W·scale and b·scale + offset.
    /// </summary>
    public void FoldInto<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var layers = network.Layers;
        var last = layers[^1] is Identity<T> && layers.Count > 1 ? layers[^2] : layers[^1];
        if (last is not Dense<T> { Bias: { } bias } dense)
            throw new BackpropException("Target scaling folds into a last Dense layer with a bias and a linear output; this network does not end in one.");
        T scale = T.CreateChecked(Scale), offset = T.CreateChecked(Offset);
        foreach (ref T w in dense.Weights.Value.AsSpan()) w *= scale;
        foreach (ref T b in bias.Value.AsSpan()) b = b * scale + offset;
    }
}
