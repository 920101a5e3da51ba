using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>A step's batch: its inputs, its targets and ∂E/∂(output), each with room for the largest batch of the run.</summary>
internal sealed class BatchBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Buffers for batches of up to <paramref name="maxRows"/> rows.</summary>
    public BatchBuffers(int maxRows, int inputs, int targets)
    {
        MaxRows = maxRows;
        Inputs = new Matrix<T>(maxRows, inputs);
        Targets = new Matrix<T>(maxRows, targets);
        Gradient = new Matrix<T>(maxRows, targets);
    }

    /// <summary>The most rows a batch has.</summary>
    public int MaxRows { get; }

    /// <summary>The batch's inputs (a field: gathering ahead swaps it with a second buffer).</summary>
    public Matrix<T> Inputs;

    /// <summary>The batch's targets (swapped like <see cref="Inputs"/>).</summary>
    public Matrix<T> Targets;

    /// <summary>∂E/∂(output), written by the loss.</summary>
    public Matrix<T> Gradient { get; }

    /// <summary>Sets all three to <paramref name="rows"/> rows.</summary>
    public void SetRows(int rows)
    {
        Inputs.SetRowCount(rows);
        Targets.SetRowCount(rows);
        Gradient.SetRowCount(rows);
    }
}
