using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// Rescales each input column as x' = (x − offset) / scale. The offsets and scales are fitted on the
/// training rows only and then applied unchanged to validation and test rows, so no statistic of the
/// held-out data leaks into training. A model file stores <see cref="Kind"/>, <see cref="Offset"/> and
/// <see cref="Scale"/> and rebuilds the normalizer with the constructor.
/// </summary>
public sealed class Normalizer
{
    private readonly double[] _offset;
    private readonly double[] _scale;

    /// <summary>Restores a fitted normalizer from its per-column offsets and scales (for example from a model file).</summary>
    public Normalizer(NormalizationKind kind, IReadOnlyList<double> offset, IReadOnlyList<double> scale)
    {
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(scale);
        if (offset.Count != scale.Count)
            throw new ArgumentException($"{offset.Count} offsets but {scale.Count} scales; a normalizer needs one of each per column.");
        if (scale.Any(s => s == 0 || !double.IsFinite(s)))
            throw new ArgumentException("Every scale must be a finite, non-zero number.", nameof(scale));
        Kind = kind;
        _offset = offset.ToArray();
        _scale = scale.ToArray();
    }

    /// <summary>Which rescaling this is.</summary>
    public NormalizationKind Kind { get; }

    /// <summary>Per column, the value subtracted: the minimum (min-max), the mean (standard) or 0.</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <summary>Per column, the divisor: max − min (min-max), the standard deviation (standard) or 1; never 0.</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Parses "none", "minmax" or "standard" (any case).</summary>
    public static NormalizationKind ParseKind(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "none" => NormalizationKind.None,
        "minmax" or "min-max" => NormalizationKind.MinMax,
        "standard" or "zscore" => NormalizationKind.Standard,
        _ => throw new BackpropException($"Unknown normalization '{name}'; use none, minmax or standard."),
    };

    /// <summary>Fits on the rows of <paramref name="trainingInputs"/>.</summary>
    public static Normalizer Fit<T>(NormalizationKind kind, Matrix<T> trainingInputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainingInputs);
        return Fit<T>(kind, trainingInputs.Columns, () => [trainingInputs]);
    }

    /// <summary>Fits on the inputs of <paramref name="training"/>, read in batches so a byte-backed set is never copied whole.</summary>
    /// <example><c>var norm = Normalizer.Fit(NormalizationKind.Standard, train); train = norm.Apply(train); test = norm.Apply(test);</c></example>
    public static Normalizer Fit<T>(NormalizationKind kind, Dataset<T> training)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        return Fit(kind, training.InputSize, () => Batches(training));
    }

    private static Normalizer Fit<T>(NormalizationKind kind, int columns, Func<IEnumerable<Matrix<T>>> batches)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var offset = new double[columns];
        var scale = new double[columns];
        Array.Fill(scale, 1.0);
        if (kind == NormalizationKind.None) return new Normalizer(kind, offset, scale);

        var stats = new ColumnStatistics(columns);
        foreach (Matrix<T> batch in batches()) stats.AddMoments(batch);
        if (stats.Count == 0) throw new BackpropException("Cannot fit a normalizer on zero training rows.");
        if (kind == NormalizationKind.Standard)
        {
            // A second pass for Σ(x − mean)² keeps the variance accurate where Σx² − n·mean² would cancel.
            foreach (Matrix<T> batch in batches()) stats.AddSquaredDeviations(batch);
        }
        for (int c = 0; c < columns; c++)
        {
            (offset[c], double spread) = kind == NormalizationKind.MinMax
                ? (stats.Min[c], stats.Max[c] - stats.Min[c])
                : (stats.Mean(c), stats.StandardDeviation(c));
            // A constant column carries no information; scale 1 keeps it finite (it becomes all zeros).
            scale[c] = spread > 0 && double.IsFinite(spread) ? spread : 1.0;
        }
        return new Normalizer(kind, offset, scale);
    }

    /// <summary>Rescales every row of <paramref name="inputs"/> in place.</summary>
    public void Apply<T>(Matrix<T> inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (int r = 0; r < inputs.Rows; r++) Apply(inputs.Row(r));
    }

    /// <summary>Rescales one input row in place.</summary>
    public void Apply<T>(Span<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.Length != _offset.Length)
            throw new ArgumentException($"The row has {row.Length} values but the normalizer was fitted on {_offset.Length} columns.");
        if (Kind == NormalizationKind.None) return;
        for (int c = 0; c < row.Length; c++)
            row[c] = T.CreateChecked((double.CreateChecked(row[c]) - _offset[c]) / _scale[c]);
    }

    /// <summary>
    /// The data set with rescaled inputs: a normalized copy of an in-memory set, or a view that rescales
    /// each batch for other sets (so 60,000 byte images stay bytes). <paramref name="data"/> is not changed.
    /// </summary>
    public Dataset<T> Apply<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != _offset.Length)
            throw new ArgumentException($"The data has {data.InputSize} input columns but the normalizer was fitted on {_offset.Length}.");
        if (Kind == NormalizationKind.None) return data;
        if (data is InMemoryDataset<T> memory)
        {
            Matrix<T> inputs = memory.Inputs.Clone();
            Apply(inputs);
            return new InMemoryDataset<T>(inputs, memory.Targets) { LabelNames = memory.LabelNames };
        }
        return new NormalizedDataset<T>(data, this);
    }

    private static IEnumerable<Matrix<T>> Batches<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data is InMemoryDataset<T> memory)
        {
            yield return memory.Inputs;
            yield break;
        }
        foreach (var (inputs, _) in data.InOrder(1024)) yield return inputs;
    }
}
