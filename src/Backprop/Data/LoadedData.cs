using System.Numerics;

namespace Backprop.Data;

/// <summary>A data source resolved by <see cref="DataSources.Load{T}"/>: training samples, test samples when the source has them, and what the targets mean.</summary>
/// <param name="Name">The name or path it was loaded from.</param>
/// <param name="Train">The training samples.</param>
/// <param name="Test">The test samples, or null when the source has no separate test set (split one off with <see cref="ValidationSplit"/>).</param>
/// <param name="LabelNames">The class names in output order; null for regression.</param>
/// <param name="Task">Classification or regression.</param>
public sealed record LoadedData<T>(string Name, Dataset<T> Train, Dataset<T>? Test, IReadOnlyList<string>? LabelNames, LearningTask Task)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The shape of an input row when the samples are images (IDX files: height × width × 1); null otherwise.</summary>
    public Layers.ImageShape? ImageShape { get; init; }
    /// <summary>
    /// For 8-bit images (IDX files), the divisor their pixels were scaled by (255: inputs are pixel / 255, in [0, 1]);
    /// null when the inputs are the values as they were read.
    /// </summary>
    public double? PixelScale { get; init; }
    /// <summary>What the loader decided by itself (a CSV's separator, header and task), one line each, naming the option that overrides it.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>A CSV file's column names (from its header, or x0, x1, …); null for other sources.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>A CSV file's target column name; null for other sources.</summary>
    public string? Target { get; init; }
}
