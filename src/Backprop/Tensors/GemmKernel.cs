using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors;

/// <summary>
/// The register-blocked micro-kernel of the packed GEMM: a <see cref="Rows"/>×<see cref="Columns"/> tile of C
/// (6×16 for float, 6×8 for double) kept in twelve 256-bit accumulators while it runs along k.
/// </summary>
/// <remarks>
/// Twelve accumulators because an FMA has a latency of about four cycles and two issue per cycle:
/// at least eight independent sums are needed to keep both units busy, and twelve plus two B vectors
/// and one broadcast still fit in the sixteen ymm registers of AVX2. Each k step loads two B vectors
/// and six A scalars for twelve FMAs, so loads never limit the rate.
/// </remarks>
internal static unsafe class GemmKernel<T> where T : unmanaged
{
    /// <summary>Rows of the C tile (MR).</summary>
    public const int Rows = 6;

    /// <summary>Columns of the C tile (NR): two vectors.</summary>
    public static int Columns
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 2 * Vector256<T>.Count;
    }

    /// <summary>
    /// Tile = Σₚ a[p]·b[p] over <paramref name="kc"/> packed steps, then C = tile, C += tile, or C −= α·tile as
    /// <paramref name="store"/> says. <paramref name="a"/> holds <see cref="Rows"/> values per step and
    /// <paramref name="b"/> holds <see cref="Columns"/>; both come from <see cref="GemmPacking{T}"/>.
    /// Every element of C gets the same chain of operations whatever its place in the tile, which is
    /// what keeps results independent of how the work is split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, GemmStore store, T alpha) => Tile(kc, a, 1, Rows, b, c, ldc, store, alpha);

    /// <summary>
    /// As <see cref="Run"/>, but reads the <see cref="Rows"/> values of op(A) straight from where they are
    /// stored instead of from a packed panel: row r of step p is at <paramref name="a"/> + r·<paramref name="rowStride"/>
    /// + p·<paramref name="stepStride"/>. The same FMAs in the same order as <see cref="Run"/>, so the same results
    /// to the bit; used where A is read by too few B panels for packing it to pay.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunStrided(int kc, T* a, nint rowStride, nint stepStride, T* b, T* c, nint ldc, GemmStore store, T alpha)
        => Tile(kc, a, rowStride, stepStride, b, c, ldc, store, alpha);

    /// <summary>The kernel itself, inlined into both entry points so the packed one's strides are constants.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(int kc, T* a, nint rowStride, nint stepStride, T* b, T* c, nint ldc, GemmStore store, T alpha)
    {
        int w = Vector256<T>.Count;
        // Rows 0..2 from a0, rows 3..5 from a3, so every address is a base plus stride·{0, 1, 2}.
        T* a0 = a, a3 = a + 3 * rowStride;
        nint s2 = 2 * rowStride;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + w);
            Vector256<T> ai = Vector256.Create(a0[0]);
            c00 = MultiplyAdd(ai, b0, c00);
            c01 = MultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a0[rowStride]);
            c10 = MultiplyAdd(ai, b0, c10);
            c11 = MultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a0[s2]);
            c20 = MultiplyAdd(ai, b0, c20);
            c21 = MultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a3[0]);
            c30 = MultiplyAdd(ai, b0, c30);
            c31 = MultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a3[rowStride]);
            c40 = MultiplyAdd(ai, b0, c40);
            c41 = MultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a3[s2]);
            c50 = MultiplyAdd(ai, b0, c50);
            c51 = MultiplyAdd(ai, b1, c51);
            a0 += stepStride;
            a3 += stepStride;
            b += 2 * w;
        }
        Vector256<T> va = Vector256.Create(alpha);
        StoreRow(c, c00, c01, store, va);
        StoreRow(c + ldc, c10, c11, store, va);
        StoreRow(c + 2 * ldc, c20, c21, store, va);
        StoreRow(c + 3 * ldc, c30, c31, store, va);
        StoreRow(c + 4 * ldc, c40, c41, store, va);
        StoreRow(c + 5 * ldc, c50, c51, store, va);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, Vector256<T> low, Vector256<T> high, GemmStore store, Vector256<T> alpha)
    {
        int w = Vector256<T>.Count;
        if (store == GemmStore.Add)
        {
            low = Vector256.Add(Vector256.Load(c), low);
            high = Vector256.Add(Vector256.Load(c + w), high);
        }
        else if (store == GemmStore.SubtractScaled)
        {
            // C − α·Σ, multiply then subtract (never fused): the plain SGD update w − η·g, lane for lane.
            low = Vector256.Subtract(Vector256.Load(c), Vector256.Multiply(alpha, low));
            high = Vector256.Subtract(Vector256.Load(c + w), Vector256.Multiply(alpha, high));
        }
        low.Store(c);
        high.Store(c + w);
    }

    /// <summary>x·y + acc, fused (one rounding) where the CPU has FMA; multiply then add elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        // typeof tests on a struct type parameter are folded by the JIT: only one branch survives.
        if (Fma.IsSupported && typeof(T) == typeof(float))
            return Fma.MultiplyAdd(x.As<T, float>(), y.As<T, float>(), acc.As<T, float>()).As<float, T>();
        if (Fma.IsSupported && typeof(T) == typeof(double))
            return Fma.MultiplyAdd(x.As<T, double>(), y.As<T, double>(), acc.As<T, double>()).As<double, T>();
        return Vector256.Add(Vector256.Multiply(x, y), acc);
    }
}
