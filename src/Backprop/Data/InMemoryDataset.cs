using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>A data set held as two matrices: one row of inputs and one row of targets per sample.</summary>
public sealed class InMemoryDataset<T> : Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps <paramref name="inputs"/> and <paramref name="targets"/>, which must have the same row count.</summary>
    public InMemoryDataset(Matrix<T> inputs, Matrix<T> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Rows != targets.Rows)
            throw new ArgumentException($"{inputs.Rows} input rows but {targets.Rows} target rows.");
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>Builds a data set from rows of doubles.</summary>
    public static InMemoryDataset<T> FromRows(double[][] inputs, double[][] targets, IReadOnlyList<string>? labelNames = null) =>
        new(Matrix<T>.FromDoubles(inputs), Matrix<T>.FromDoubles(targets)) { LabelNames = labelNames };

    /// <summary>The inputs, one row per sample.</summary>
    public Matrix<T> Inputs { get; }

    /// <summary>The targets, one row per sample.</summary>
    public Matrix<T> Targets { get; }

    /// <inheritdoc />
    public override int Count => Inputs.Rows;

    /// <inheritdoc />
    public override int InputSize => Inputs.Columns;

    /// <inheritdoc />
    public override int TargetSize => Targets.Columns;

    internal override bool GathersConcurrently => true;

    /// <inheritdoc />
    public override void Gather(ReadOnlySpan<int> indices, Matrix<T> inputs, Matrix<T> targets)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            Inputs.Row(indices[i]).CopyTo(inputs.Row(i));
            Targets.Row(indices[i]).CopyTo(targets.Row(i));
        }
    }

    /// <inheritdoc />
    public override (Matrix<T> Inputs, Matrix<T> Targets) ToMatrices() => (Inputs, Targets);
}
