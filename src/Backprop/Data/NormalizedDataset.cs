using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>A view of another data set whose input rows are rescaled by a <see cref="Normalizer"/> as each batch is gathered.</summary>
internal sealed class NormalizedDataset<T> : Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _inner;
    private readonly Normalizer _normalizer;

    public NormalizedDataset(Dataset<T> inner, Normalizer normalizer)
    {
        _inner = inner;
        _normalizer = normalizer;
        LabelNames = inner.LabelNames;
    }

    public override int Count => _inner.Count;
    public override int InputSize => _inner.InputSize;
    public override int TargetSize => _inner.TargetSize;

    internal override bool GathersConcurrently => _inner.GathersConcurrently;

    public override void Gather(ReadOnlySpan<int> indices, Matrix<T> inputs, Matrix<T> targets)
    {
        _inner.Gather(indices, inputs, targets);
        for (int r = 0; r < indices.Length; r++) _normalizer.Apply(inputs.Row(r));
    }

    public override Dataset<T> Subset(ReadOnlySpan<int> indices) => new NormalizedDataset<T>(_inner.Subset(indices), _normalizer);
}
