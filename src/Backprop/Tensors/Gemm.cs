using System.Numerics;

namespace Backprop.Tensors;

/// <summary>
/// General matrix multiply: C = op(A)·op(B) (+ C when accumulating), where op(X) is X or Xᵀ.
/// A transpose is never materialised: the kernels read the stored layout directly.
/// </summary>
public static class Gemm
{
    /// <summary>Upper bound on the threads one product may use; 1 makes every product single-threaded and deterministic.</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// C = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/> is true.
    /// op(A) is m×k, op(B) is k×n and C is m×n.
    /// </summary>
    public static void Multiply<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows;
        int n = transposeB ? b.Rows : b.Columns;
        if (k != kb)
            throw new ArgumentException($"Inner dimensions differ: op(A) is {m}×{k}, op(B) is {kb}×{n}.");
        if (c.Rows != m || c.Columns != n)
            throw new ArgumentException($"C is {c.Rows}×{c.Columns}, expected {m}×{n}.");
        Naive(a.AsSpan(), a.Columns, transposeA, b.AsSpan(), b.Columns, transposeB, c.AsSpan(), m, n, k, accumulate);
    }

    /// <summary>
    /// The reference triple loop, in the textbook order (sum over k for each element, no fused multiply-add),
    /// so tiny products give exactly the numbers a hand calculation or NumPy's scalar code gives.
    /// </summary>
    internal static void Naive<T>(ReadOnlySpan<T> a, int lda, bool transposeA, ReadOnlySpan<T> b, int ldb, bool transposeB,
        Span<T> c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = transposeA ? a[p * lda + i] : a[i * lda + p];
                    T bv = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}
