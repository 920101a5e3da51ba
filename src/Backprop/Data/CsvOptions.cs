namespace Backprop.Data;

/// <summary>How to read a CSV file: which column is the target and what it means, and how the file is laid out.</summary>
public sealed record CsvOptions
{
    /// <summary>The target column by its header name; takes precedence over <see cref="TargetIndex"/>.</summary>
    public string? TargetColumn { get; init; }

    /// <summary>The target column by its 0-based position. With neither this nor <see cref="TargetColumn"/>, the last column.</summary>
    public int? TargetIndex { get; init; }

    /// <summary>
    /// Classification (labels are one-hot encoded) or regression (the target is a number); null (the default) decides
    /// from the target column: numbers that are not all whole, or more than <see cref="TaskDetection.MaxClasses"/>
    /// different ones, make a regression; anything else a classification. <see cref="CsvData{T}.Notes"/> says which.
    /// </summary>
    public LearningTask? Task { get; init; }

    /// <summary>
    /// The known class names, in the order of the model's outputs. Set when evaluating a trained model,
    /// so that the one-hot columns mean the same classes; a label outside this list is then an error.
    /// </summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    /// <summary>Whether the first row is a header; by default decided from the file (<see cref="CsvHeader.Auto"/>).</summary>
    public CsvHeader Header { get; init; } = CsvHeader.Auto;

    /// <summary>The column separator; null (the default) detects ',', ';' or a tab from the first lines.</summary>
    public char? Separator { get; init; }
}
