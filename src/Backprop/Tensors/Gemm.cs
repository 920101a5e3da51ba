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
    /// <summary>Upper bound on the threads one product may use; 1 makes every product single-threaded and deterministic.</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    // A lower limit for the products of one thread, set by its training loop's ThreadTuner; 0 for none.
    [ThreadStatic] private static int t_threadLimit;

    /// <summary>The thread limit for products called from this thread: <see cref="MaxThreads"/>, or fewer while a <see cref="ThreadTuner"/> has chosen fewer.</summary>
    internal static int ThreadsHere => t_threadLimit > 0 && t_threadLimit < MaxThreads ? t_threadLimit : MaxThreads;

    /// <summary>Sets this thread's limit below <see cref="MaxThreads"/> (0 lifts it).</summary>
    internal static void LimitThreadsHere(int threads) => t_threadLimit = threads;

    /// <summary>
    /// Products with m·n·k at most this go through <see cref="Naive"/>: in the textbook order and without
    /// fused multiply-add, so the small hand-sized products of the tutorials give exactly the float64 digits
    /// their documents print. Packing pays for itself from about m·n·k ≈ 200 (8×8×8 takes 340 ns naive,
    /// 100 ns packed; see bench/RESULTS.md), so the bound is no higher than that promise needs.
    /// </summary>
    internal const long TinyProduct = 512;

    /// <summary>
    /// C = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/> is true.
    /// op(A) is m×k, op(B) is k×n and C is m×n. Results do not depend on <see cref="MaxThreads"/>.
    /// </summary>
    public static void Multiply<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(a, b, c, transposeA, transposeB, accumulate, ThreadsHere);

    /// <summary>As the public overload, with the thread limit given rather than read from <see cref="MaxThreads"/>.</summary>
    internal static void Multiply<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA, bool transposeB, bool accumulate, int maxThreads)
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
            // An empty sum is zero: C becomes 0, or stays as it is when accumulating.
            if (!accumulate) c.Fill(T.Zero);
            return;
        }

        bool packed = (long)m * n * k > TinyProduct && Vector256.IsHardwareAccelerated
            && (typeof(T) == typeof(float) || typeof(T) == typeof(double));
        if (!packed)
        {
            Naive(a, b, c, transposeA, transposeB, accumulate, m, n, k);
            return;
        }

        Packed(a, b, c, transposeA, transposeB, accumulate, m, n, k, maxThreads);
    }

    // Kept out of Multiply so that the tiny products of the lessons' networks skip the pinning set-up.
    private static unsafe void Packed<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA, bool transposeB, bool accumulate,
        int m, int n, int k, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pa = a.AsSpan(), pb = b.AsSpan(), pc = c.AsSpan())
        {
            var operands = new GemmOperands<T>
            {
                A = pa, B = pb, C = pc,
                Lda = a.Columns, Ldb = b.Columns, Ldc = n,
                TransposeA = transposeA, TransposeB = transposeB, Accumulate = accumulate,
                M = m, N = n, K = k,
            };
            GemmParallel<T>.Run(operands, Math.Max(1, maxThreads));
        }
    }

    /// <summary>
    /// The reference triple loop, in the textbook order (sum over k for each element, no fused multiply-add),
    /// so tiny products give exactly the numbers a hand calculation or NumPy's scalar code gives.
    /// </summary>
    /// <remarks>Multiply has checked the shapes: op(A) is m×k, op(B) is k×n and C is m×n, so every index is in range.</remarks>
    private static void Naive<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool transposeA, bool transposeB, bool accumulate, int m, int n, int k)
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
                c0 = accumulate ? c0 + s0 : s0;
                if (rows > 1) { ref T c1 = ref Unsafe.Add(ref c0, n); c1 = accumulate ? c1 + s1 : s1; }
                if (rows > 2) { ref T c2 = ref Unsafe.Add(ref c0, 2 * n); c2 = accumulate ? c2 + s2 : s2; }
                if (rows > 3) { ref T c3 = ref Unsafe.Add(ref c0, 3 * n); c3 = accumulate ? c3 + s3 : s3; }
            }
        }
    }
}
