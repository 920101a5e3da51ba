using System.Numerics;

namespace Backprop.Data;

/// <summary>A CSV file read by <see cref="CsvDataReader.ReadWithNotes{T}"/>: the samples, what the reader decided, and why.</summary>
/// <param name="Data">The samples: the feature columns as inputs, the target one-hot (classification) or as a number (regression).</param>
/// <param name="Task">Classification or regression, as given or as decided from the target column.</param>
/// <param name="Columns">The column names, from the header or x0, x1, … without one.</param>
/// <param name="Target">The target column's name.</param>
/// <param name="Notes">
/// One line for each thing the reader decided by itself (no header, the separator, the task), naming the option
/// that overrides it.
/// </param>
public sealed record CsvData<T>(InMemoryDataset<T> Data, LearningTask Task, IReadOnlyList<string> Columns, string Target, IReadOnlyList<string> Notes)
    where T : unmanaged, IFloatingPointIeee754<T>;
