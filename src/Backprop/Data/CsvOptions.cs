namespace Backprop.Data;

/// <summary>How to read a CSV file: which column is the target and what it means.</summary>
public sealed record CsvOptions
{
    /// <summary>The target column by its header name; takes precedence over <see cref="TargetIndex"/>.</summary>
    public string? TargetColumn { get; init; }

    /// <summary>The target column by its 0-based position. With neither this nor <see cref="TargetColumn"/>, the last column.</summary>
    public int? TargetIndex { get; init; }

    /// <summary>Classification (the default: labels are one-hot encoded) or regression (the target is a number).</summary>
    public LearningTask Task { get; init; } = LearningTask.Classification;

    /// <summary>
    /// The known class names, in the order of the model's outputs. Set when evaluating a trained model,
    /// so that the one-hot columns mean the same classes; a label outside this list is then an error.
    /// </summary>
    public IReadOnlyList<string>? LabelNames { get; init; }
}
