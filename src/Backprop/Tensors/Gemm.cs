using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Tensors;

/// <summary>
/// General matrix multiply: C = op(A)·op(B) (+ C when accumulating), where op(X) is X or Xᵀ.
/// A transpose is never materialised: the kernels read the stored layout directly.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Products with m·n·k at most this go through <see cref="Naive"/>: in the textbook order and without
    /// fused multiply-add, so the small hand-sized products of the tutorials give exactly the float64 digits
    /// their documents print. Packing pays for itself from about m·n·k ≈ 200 (8×8×8 takes 340 ns naive,
    /// 100 ns packed; see bench/RESULTS.md), so the bound is no higher than that promise needs.
    /// </summary>
    internal const long TinyProduct = 512;

    /// <summary>
    /// C = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/> is true.
    /// op(A) is m×k, op(B) is k×n and C is m×n. The product may use the threads of the current
    /// <see cref="ComputeContext"/>; results do not depend on how many.
    /// </summary>
    public static void Multiply<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(a, b, c, transposeA, transposeB, accumulate ? GemmStore.Add : GemmStore.Write, T.Zero, maxThreads: 0);

    /// <summary>As the public overload, with the thread limit given (a test's) rather than the current context's.</summary>
    internal static void Multiply<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA, bool transposeB, bool accumulate, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(a, b, c, transposeA, transposeB, accumulate ? GemmStore.Add : GemmStore.Write, T.Zero, Math.Max(1, maxThreads));

    /// <summary>
    /// C ← C − α·(op(A)·op(B)): each sum is formed in full, then scaled and subtracted, multiply then subtract, so C
    /// ends bit for bit as if the product P had been stored and then C − α·P computed element by element (the
    /// plain gradient-descent step w − η·g with g = P). Takes K up to <see cref="SubtractScaledMaxK"/> when the
    /// product is packed (see <see cref="CanSubtractScaled"/>).
    /// </summary>
    internal static void SubtractScaled<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, T alpha, bool transposeA = false, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = transposeA ? a.Columns : a.Rows, k = transposeA ? a.Rows : a.Columns, n = transposeB ? b.Rows : b.Columns;
        if (!CanSubtractScaled<T>(m, n, k))
            throw new ArgumentException($"C − α·A·B is formed in one pass for K up to {SubtractScaledMaxK}, got {k}.");
        Multiply(a, b, c, transposeA, transposeB, GemmStore.SubtractScaled, alpha, maxThreads: 0);
    }

    /// <summary>The largest K that <see cref="SubtractScaled"/> takes for a packed product.</summary>
    internal const int SubtractScaledMaxK = GemmDriver<float>.MaxK;

    /// <summary>Whether <see cref="SubtractScaled"/> can form an m×n×k product's sums in one pass.</summary>
    internal static bool CanSubtractScaled<T>(int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T> =>
        k <= SubtractScaledMaxK || !IsPacked<T>((long)m * n * k);

    /// <summary>Whether an m·n·k product goes through the packed kernel (else the textbook loop).</summary>
    internal static bool IsPacked<T>(long mnk) where T : unmanaged, IFloatingPointIeee754<T> =>
        mnk > TinyProduct && Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    private static void Multiply<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA, bool transposeB, GemmStore store, T alpha, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int m = transposeA ? a.Columns : a.Rows;
        int k = transposeA ? a.Rows : a.Columns;
        int kb = transposeB ? b.Columns : b.Rows;
        int n = transposeB ? b.Rows : b.Columns;
        if (k != kb)
            throw new ArgumentException($"Inner dimensions differ: op(A) is {m}×{k}, op(B) is {kb}×{n}.");
        if (c.Rows != m || c.Columns != n)
            throw new ArgumentException($"C is {c.Rows}×{c.Columns}, expected {m}×{n}.");
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            // An empty sum is zero: C becomes 0, or stays as it is when adding to it.
            if (store == GemmStore.Write) c.Fill(T.Zero);
            return;
        }

        if (!IsPacked<T>((long)m * n * k))
        {
            Naive(a, b, c, transposeA, transposeB, store, alpha, m, n, k);
            return;
        }

        // Only a packed product is worth a second thread, so only it asks the context how many it may use.
        var context = ComputeContext.Current;
        Packed(a, b, c, transposeA, transposeB, store, alpha, m, n, k, maxThreads > 0 ? maxThreads : ComputeContext.ThreadsHere, context.Pool);
    }

    // Kept out of Multiply so that the tiny products of the lessons' networks skip the pinning set-up.
    private static unsafe void Packed<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA, bool transposeB, GemmStore store, T alpha,
        int m, int n, int k, int maxThreads, WorkerPool pool)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pa = a.AsSpan(), pb = b.AsSpan(), pc = c.AsSpan())
        {
            var operands = new GemmOperands<T>
            {
                A = pa, B = pb, C = pc,
                Lda = a.Columns, Ldb = b.Columns, Ldc = n,
                TransposeA = transposeA, TransposeB = transposeB, Store = store, Alpha = alpha,
                M = m, N = n, K = k,
            };
            GemmParallel<T>.Run(operands, maxThreads, pool);
        }
    }

    /// <summary>
    /// The reference triple loop, in the textbook order (sum over k for each element, no fused multiply-add),
    /// so tiny products give exactly the numbers a hand calculation or NumPy's scalar code gives.
    /// </summary>
    /// <remarks>Multiply has checked the shapes: op(A) is m×k, op(B) is k×n and C is m×n, so every index is in range.</remarks>
    private static void Naive<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA, bool transposeB, GemmStore store, T alpha, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // op(A)[i, p] = a[i·ai + p·ap] and op(B)[p, j] = b[p·bp + j·bj].
        int ai = transposeA ? 1 : a.Columns, ap = transposeA ? a.Columns : 1;
        int bp = transposeB ? 1 : b.Columns, bj = transposeB ? b.Columns : 1;
        ref T ra = ref a.Origin(), rb = ref b.Origin(), rc = ref c.Origin();
        // Four rows of C at a time: four independent sums, so they overlap instead of waiting on one another; each
        // still adds its products in order over p, so the numbers are those of the one-element-at-a-time loop.
        for (int i = 0; i < m; i += 4)
        {
            int rows = Math.Min(4, m - i);
            // A block of fewer than four rows repeats its last row in the spare sums, which are not stored.
            int o1 = ai * Math.Min(1, rows - 1), o2 = ai * Math.Min(2, rows - 1), o3 = ai * (rows - 1);
            ref T a0 = ref Unsafe.Add(ref ra, i * ai);
            for (int j = 0; j < n; j++)
            {
                ref T column = ref Unsafe.Add(ref rb, j * bj);
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T bv = Unsafe.Add(ref column, p * bp);
                    ref T ak = ref Unsafe.Add(ref a0, p * ap);
                    s0 += ak * bv;
                    s1 += Unsafe.Add(ref ak, o1) * bv;
                    s2 += Unsafe.Add(ref ak, o2) * bv;
                    s3 += Unsafe.Add(ref ak, o3) * bv;
                }
                ref T c0 = ref Unsafe.Add(ref rc, i * n + j);
                c0 = GemmDriver<T>.Stored(c0, s0, store, alpha);
                if (rows > 1) { ref T c1 = ref Unsafe.Add(ref c0, n); c1 = GemmDriver<T>.Stored(c1, s1, store, alpha); }
                if (rows > 2) { ref T c2 = ref Unsafe.Add(ref c0, 2 * n); c2 = GemmDriver<T>.Stored(c2, s2, store, alpha); }
                if (rows > 3) { ref T c3 = ref Unsafe.Add(ref c0, 3 * n); c3 = GemmDriver<T>.Stored(c3, s3, store, alpha); }
            }
        }
    }
}
