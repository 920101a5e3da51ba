using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Tensors;

/// <summary>Element-wise helpers over spans, vectorised through TensorPrimitives.</summary>
public static class Elementwise
{
    /// <summary>destination = x + y.</summary>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Add(x, y, destination);

    /// <summary>destination[c] = Σ over rows of m[r, c]: the column sums, summed in row order.</summary>
    public static void SumRows<T>(Matrix<T> m, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (destination.Length != m.Columns) throw new ArgumentException($"Expected {m.Columns} sums, got room for {destination.Length}.");
        destination.Clear();
        for (int r = 0; r < m.Rows; r++) TensorPrimitives.Add(destination, m.Row(r), destination);
    }

    /// <summary>True when every value is finite (no NaN, no ±∞).</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var v in x) if (!T.IsFinite(v)) return false;
        return true;
    }

    /// <summary>Index of the largest value (the first, on ties).</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.IndexOfMax(x);
}
