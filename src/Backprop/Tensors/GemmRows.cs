using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors;

/// <summary>
/// C = A·B for an A of fewer rows than the micro-kernel's tile (a prediction of one or a few rows), reading B where it
/// is stored: the packed product would copy all of B (a layer's weights) into its panels on every call, which for one
/// row costs more than the arithmetic. Used by the serving path (<see cref="Training.Predictor{T}"/>) only.
/// </summary>
/// <remarks>
/// Each element of C gets the packed kernel's chain of operations: K cut into the same blocks
/// (<see cref="GemmDriver{T}.BlockSize"/>), within a block a sum from zero by one fused multiply-add per step in order,
/// and each block's sum stored (the first) or added to C (the later ones); so the results are
/// <see cref="Gemm.Multiply{T}(Matrix{T}, Matrix{T}, Matrix{T}, bool, bool, bool)"/>'s to the bit, which a test holds.
/// </remarks>
internal static unsafe class GemmRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether an m×n×k product (A and B as stored, no transpose) is better read in place by this class.</summary>
    public static bool Takes(int m, int n, int k) =>
        m < GemmKernel<T>.Rows && Gemm.IsPacked<T>((long)m * n * k) && Fma.IsSupported;

    /// <summary>C = A·B, A m×k, B k×n, C m×n, as <see cref="Gemm.Multiply{T}(Matrix{T}, Matrix{T}, Matrix{T}, bool, bool, bool)"/> computes it.</summary>
    public static void Multiply(Matrix<T> a, Matrix<T> b, Matrix<T> c)
    {
        int m = a.Rows, k = a.Columns, n = b.Columns;
        if (b.Rows != k || c.Rows != m || c.Columns != n)
            throw new ArgumentException($"A is {m}×{k}, B {b.Rows}×{n}, C {c.Rows}×{c.Columns}.");
        int kc = GemmDriver<T>.BlockSize(k, GemmDriver<T>.MaxK, 1);
        fixed (T* pa = a.AsSpan(), pb = b.AsSpan(), pc = c.AsSpan())
        {
            for (int i = 0; i < m; i++)
                for (int p = 0; p < k; p += kc)
                    Row(pa + (nint)i * k + p, pb + (nint)p * n, n, Math.Min(kc, k - p), pc + (nint)i * n, first: p == 0);
        }
    }

    /// <summary>c[j] (=, or += when not <paramref name="first"/>) Σ over <paramref name="kc"/> steps of a[p]·b[p·n + j], fused, from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(T* a, T* b, int n, int kc, T* c, bool first)
    {
        int w = Vector256<T>.Count, j = 0;
        // Eight vectors of columns at a time: eight independent sums keep both FMA units busy.
        for (; j <= n - 8 * w; j += 8 * w)
        {
            Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            T* bp = b + j;
            for (int p = 0; p < kc; p++, bp += n)
            {
                var x = Vector256.Create(a[p]);
                s0 = MultiplyAdd(x, Vector256.Load(bp), s0);
                s1 = MultiplyAdd(x, Vector256.Load(bp + w), s1);
                s2 = MultiplyAdd(x, Vector256.Load(bp + 2 * w), s2);
                s3 = MultiplyAdd(x, Vector256.Load(bp + 3 * w), s3);
                s4 = MultiplyAdd(x, Vector256.Load(bp + 4 * w), s4);
                s5 = MultiplyAdd(x, Vector256.Load(bp + 5 * w), s5);
                s6 = MultiplyAdd(x, Vector256.Load(bp + 6 * w), s6);
                s7 = MultiplyAdd(x, Vector256.Load(bp + 7 * w), s7);
            }
            Store(c + j, s0, first); Store(c + j + w, s1, first); Store(c + j + 2 * w, s2, first); Store(c + j + 3 * w, s3, first);
            Store(c + j + 4 * w, s4, first); Store(c + j + 5 * w, s5, first); Store(c + j + 6 * w, s6, first); Store(c + j + 7 * w, s7, first);
        }
        for (; j <= n - w; j += w)
        {
            Vector256<T> s = default;
            T* bp = b + j;
            for (int p = 0; p < kc; p++, bp += n) s = MultiplyAdd(Vector256.Create(a[p]), Vector256.Load(bp), s);
            Store(c + j, s, first);
        }
        for (; j < n; j++)
        {
            T s = T.Zero;
            T* bp = b + j;
            for (int p = 0; p < kc; p++, bp += n) s = T.FusedMultiplyAdd(a[p], *bp, s);
            c[j] = first ? s : c[j] + s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* c, Vector256<T> sum, bool first) => (first ? sum : Vector256.Load(c) + sum).Store(c);

    /// <summary>x·y + acc with one rounding, as the packed kernel's FMA (this class runs only where the CPU has FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(float))
            return Fma.MultiplyAdd(x.As<T, float>(), y.As<T, float>(), acc.As<T, float>()).As<float, T>();
        return Fma.MultiplyAdd(x.As<T, double>(), y.As<T, double>(), acc.As<T, double>()).As<double, T>();
    }
}
