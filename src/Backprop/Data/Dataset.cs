using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// Samples with inputs and targets. A trainer never sees the storage: it asks for a batch of rows by
/// index, so a data set may keep its values in any form (bytes for images) and convert per batch.
/// </summary>
public abstract class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of samples.</summary>
    public abstract int Count { get; }

    /// <summary>Width of one input row.</summary>
    public abstract int InputSize { get; }

    /// <summary>Width of one target row (the number of classes for one-hot targets).</summary>
    public abstract int TargetSize { get; }

    /// <summary>Class names when the targets are one-hot classes (or one 0/1 column); null for regression.</summary>
    public IReadOnlyList<string>? LabelNames { get; init; }

    /// <summary>
    /// Copies the samples at <paramref name="indices"/> into the first rows of <paramref name="inputs"/> and
    /// <paramref name="targets"/>, whose row counts must equal the number of indices. Allocates nothing.
    /// </summary>
    public abstract void Gather(ReadOnlySpan<int> indices, Matrix<T> inputs, Matrix<T> targets);

    /// <summary>
    /// True when <see cref="Gather"/> may run on another thread at the same time as other calls into different buffers
    /// (it writes nothing but its arguments). The trainer then gathers the next batch while the current step runs.
    /// </summary>
    internal virtual bool GathersConcurrently => false;

    /// <summary>
    /// Every sample in order, in batches of up to <paramref name="batchRows"/> rows gathered into two buffers that
    /// are reused from batch to batch: read each batch before asking for the next.
    /// </summary>
    internal IEnumerable<(Matrix<T> Inputs, Matrix<T> Targets)> InOrder(int batchRows)
    {
        int rows = Math.Min(batchRows, Math.Max(1, Count));
        var inputs = new Matrix<T>(rows, InputSize);
        var targets = new Matrix<T>(rows, TargetSize);
        var indices = new int[rows];
        for (int start = 0; start < Count; start += rows)
        {
            int count = Math.Min(rows, Count - start);
            for (int i = 0; i < count; i++) indices[i] = start + i;
            inputs.SetRowCount(count);
            targets.SetRowCount(count);
            Gather(indices.AsSpan(0, count), inputs, targets);
            yield return (inputs, targets);
        }
    }

    /// <summary>
    /// A new data set of the samples at <paramref name="indices"/>, in that order. The default copies them
    /// into an <see cref="InMemoryDataset{T}"/>; a set stored in a compact form overrides it to stay compact.
    /// </summary>
    public virtual Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        var x = new Matrix<T>(indices.Length, InputSize);
        var y = new Matrix<T>(indices.Length, TargetSize);
        Gather(indices, x, y);
        return new InMemoryDataset<T>(x, y) { LabelNames = LabelNames };
    }

    /// <summary>The first <paramref name="count"/> samples (all of them when there are fewer), for a quick run on a small part.</summary>
    public Dataset<T> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var first = new int[Math.Min(count, Count)];
        for (int i = 0; i < first.Length; i++) first[i] = i;
        return Subset(first);
    }

    /// <summary>All samples as two matrices (a copy for stored-as-bytes sets).</summary>
    public virtual (Matrix<T> Inputs, Matrix<T> Targets) ToMatrices()
    {
        var x = new Matrix<T>(Count, InputSize);
        var y = new Matrix<T>(Count, TargetSize);
        var all = new int[Count];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        Gather(all, x, y);
        return (x, y);
    }
}
