using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// w ← w − α·g, element by element, multiply then subtract (never fused): the plain gradient-descent step, written
    /// once for <see cref="Optimizers.Sgd{T}"/> and for the Dense layer's fused step, so both give the same numbers.
    /// </summary>
    internal static void SubtractScaled<T>(Span<T> w, ReadOnlySpan<T> g, T alpha) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector256<T>.IsSupported)
        {
            // The same multiply and subtract per lane as the scalar loop, so results are identical.
            var a = Vector256.Create(alpha);
            for (; i <= w.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                (Vector256.Create<T>(w[i..]) - a * Vector256.Create<T>(g[i..])).CopyTo(w[i..]);
        }
        for (; i < w.Length; i++) w[i] -= alpha * g[i];
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
