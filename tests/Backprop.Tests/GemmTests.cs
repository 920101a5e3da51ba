using System.Numerics;
using Backprop.Tensors;
using Xunit;

namespace Backprop.Tests;

// Runs alone so the allocation counters see only the products under test.
[CollectionDefinition(nameof(GemmTests), DisableParallelization = true)]
public sealed class GemmTestsCollection;

[Collection(nameof(GemmTests))]
public sealed class GemmTests
{
    private static readonly (bool A, bool B)[] Layouts = [(false, false), (true, false), (false, true), (true, true)];

    [Fact]
    public void Multiply_MatchesNaiveLoop_ForRandomShapesAndLayouts_InFloat() => RandomShapes<float>(seed: 1);

    [Fact]
    public void Multiply_MatchesNaiveLoop_ForRandomShapesAndLayouts_InDouble() => RandomShapes<double>(seed: 2);

    private static void RandomShapes<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        for (int trial = 0; trial < 60; trial++)
        {
            int m = 1 + random.Next(trial < 30 ? 40 : 130);
            int n = 1 + random.Next(trial < 30 ? 40 : 130);
            int k = 1 + random.Next(trial < 30 ? 40 : 300);
            var (ta, tb) = Layouts[trial % 4];
            AssertMatchesNaive<T>(random, m, n, k, ta, tb, accumulate: trial % 3 == 0, maxThreads: 1 + trial % 2);
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 13, 29)]
    [InlineData(97, 101, 103)]
    [InlineData(64, 128, 784)]
    [InlineData(1, 300, 257)]
    [InlineData(300, 1, 257)]
    [InlineData(13, 17, 1)]
    public void Multiply_MatchesNaiveLoop_ForPrimeAndLopsidedShapes_InEveryLayout(int m, int n, int k)
    {
        var random = new System.Random(m * 10007 + n * 101 + k);
        foreach (var (ta, tb) in Layouts)
        {
            foreach (bool accumulate in new[] { false, true })
            {
                AssertMatchesNaive<float>(random, m, n, k, ta, tb, accumulate, maxThreads: 2);
                AssertMatchesNaive<double>(random, m, n, k, ta, tb, accumulate, maxThreads: 2);
            }
        }
    }

    [Fact]
    public void Multiply_MatchesNaiveLoop_AroundMicroKernelAndCacheBlockEdges()
    {
        // Tiles are 6×16 (float) and 6×8 (double); k blocks hold up to 256 steps.
        int[] ms = [5, 6, 7, 12, 13];
        // Up to 8 panels of columns A is read in place, past that it is packed: 128/129 and 64/65 straddle that.
        int[] ns = [7, 8, 9, 15, 16, 17, 33, 64, 65, 128, 129];
        int[] ks = [255, 256, 257, 513];
        var random = new System.Random(3);
        int layout = 0;
        foreach (int m in ms)
        {
            foreach (int n in ns)
            {
                foreach (int k in ks)
                {
                    var (ta, tb) = Layouts[layout++ % 4];
                    AssertMatchesNaive<float>(random, m, n, k, ta, tb, accumulate: layout % 2 == 0, maxThreads: 1);
                    AssertMatchesNaive<double>(random, m, n, k, tb, ta, accumulate: layout % 2 == 1, maxThreads: 1);
                }
            }
        }
    }

    [Fact]
    public void Multiply_MatchesNaiveLoop_ForMatricesLargerThanOneCacheBlock()
    {
        var random = new System.Random(4);
        AssertMatchesNaive<float>(random, 301, 1100, 40, false, false, accumulate: false, maxThreads: 2);
        AssertMatchesNaive<double>(random, 200, 90, 600, true, true, accumulate: true, maxThreads: 2);
        AssertMatchesNaive<float>(random, 700, 20, 30, true, false, accumulate: false, maxThreads: 2);
    }

    [Fact]
    public void Multiply_GivesExactlyTheNaiveLoop_ForTinyProducts()
    {
        // Tutorials reproduce printed float64 digits through products this small: same order, no FMA.
        var random = new System.Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            int m = 1 + random.Next(8), n = 1 + random.Next(8), k = 1 + random.Next(8);
            var (ta, tb) = Layouts[trial % 4];
            var (a, b, c) = Operands<double>(random, m, n, k, ta, tb);
            bool accumulate = trial % 2 == 0;
            var expected = c.Clone();
            TextbookProduct(a, b, expected, ta, tb, accumulate);
            Gemm.Multiply(a, b, c, ta, tb, accumulate);
            Assert.Equal(expected.ToArray(), c.ToArray());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_WithEmptyInnerDimension_ZeroesC_OrLeavesItWhenAccumulating(bool accumulate)
    {
        var a = new Matrix<float>(30, 0);
        var b = new Matrix<float>(0, 40);
        var c = new Matrix<float>(30, 40);
        c.Fill(3f);
        Gemm.Multiply(a, b, c, accumulate: accumulate);
        Assert.All(c.ToArray(), v => Assert.Equal(accumulate ? 3f : 0f, v));
    }

    [Fact]
    public void TinyProducts_OnRowRangeViews_ReadAndWriteOnlyTheView()
    {
        var random = new System.Random(7);
        var aAll = Fill(random, new Matrix<double>(9, 3));
        var bAll = Fill(random, new Matrix<double>(7, 2));
        var cAll = Fill(random, new Matrix<double>(8, 2));
        var before = cAll.Clone();
        Matrix<double> a = aAll.RowRange(2, 4), b = bAll.RowRange(4, 3), c = cAll.RowRange(3, 4);   // 4×3 · 3×2: tiny
        var expected = c.Clone();
        TextbookProduct(a, b, expected, false, false, accumulate: true);
        Gemm.Multiply(a, b, c, accumulate: true);
        Assert.Equal(expected.ToArray(), c.ToArray());
        foreach (int r in new[] { 0, 1, 2, 7 }) Assert.Equal(before.Row(r).ToArray(), cAll.Row(r).ToArray());
    }

    [Fact]
    public void Multiply_OnRowRangeViews_ReadsAndWritesOnlyTheView()
    {
        var random = new System.Random(6);
        var aAll = Fill(random, new Matrix<float>(50, 70));
        var bAll = Fill(random, new Matrix<float>(90, 33));
        var cAll = Fill(random, new Matrix<float>(60, 33));
        var before = cAll.Clone();
        Matrix<float> a = aAll.RowRange(3, 41), b = bAll.RowRange(11, 70), c = cAll.RowRange(7, 41);
        var expected = c.Clone();
        TextbookProduct(a, b, expected, false, false, accumulate: true);

        Gemm.Multiply(a, b, c, accumulate: true);

        AssertClose(expected, c, k: 70, AbsoluteProducts(a, b, false, false));
        for (int r = 0; r < cAll.Rows; r++)
        {
            if (r >= 7 && r < 48) continue;
            Assert.Equal(before.Row(r).ToArray(), cAll.Row(r).ToArray());
        }
    }

    [Fact]
    public void Multiply_GivesBitIdenticalResults_ForOneAndTwoThreads()
    {
        var random = new System.Random(7);
        foreach (var (ta, tb) in Layouts)
        {
            AssertSameForAnyThreadCount<float>(random, 333, 517, 611, ta, tb);
            AssertSameForAnyThreadCount<double>(random, 517, 333, 300, ta, tb);
        }
    }

    [Fact]
    public void Multiply_GivesBitIdenticalResults_WhetherAIsPackedOrReadInPlace()
    {
        // 256 float columns (16 panels) pack A on one thread; each thread's 128 (8 panels) read A in place on two.
        // 64 double columns (8 panels) read in place; 65 pack. Both must give the same bits.
        var random = new System.Random(9);
        foreach (var (ta, tb) in Layouts)
        {
            AssertSameForAnyThreadCount<float>(random, 100, 256, 300, ta, tb);
            AssertSameForAnyThreadCount<float>(random, 64, 256, 784, ta, tb);
            AssertSameForAnyThreadCount<double>(random, 97, 128, 200, ta, tb);
        }
    }

    private static void AssertSameForAnyThreadCount<T>(System.Random random, int m, int n, int k, bool ta, bool tb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c1) = Operands<T>(random, m, n, k, ta, tb);
        var c2 = c1.Clone();
        var c3 = c1.Clone();
        Gemm.Multiply(a, b, c1, ta, tb, accumulate: true, maxThreads: 1);
        Gemm.Multiply(a, b, c2, ta, tb, accumulate: true, maxThreads: 2);
        Gemm.Multiply(a, b, c3, ta, tb, accumulate: true, maxThreads: 3);
        Assert.Equal(c1.ToArray(), c2.ToArray());
        Assert.Equal(c1.ToArray(), c3.ToArray());
    }

    [Theory]
    [InlineData(64, 784, 128, false, false)]
    [InlineData(1024, 256, 256, false, false)]
    [InlineData(784, 64, 128, true, false)]
    [InlineData(64, 128, 784, false, true)]
    public void Multiply_AllocatesNothing_AfterWarmUp(int m, int k, int n, bool ta, bool tb)
    {
        var (a, b, c) = Operands<float>(new System.Random(8), m, n, k, ta, tb);
        Gemm.Multiply(a, b, c, ta, tb, accumulate: false, maxThreads: 2);
        // A background GC left running by earlier tests' allocations can end inside the loop below, and that
        // books this thread's unused allocation quantum (~8 KB) as allocated; settle the heap first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        long caller = GC.GetAllocatedBytesForCurrentThread();
        long workers = ComputeContext.Default.Pool.WorkerAllocatedBytes;
        for (int i = 0; i < 100; i++) Gemm.Multiply(a, b, c, ta, tb, accumulate: false, maxThreads: 2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - caller);
        Assert.Equal(0, ComputeContext.Default.Pool.WorkerAllocatedBytes - workers);
    }

    [Fact]
    public void Multiply_RejectsOperandsWhoseShapesDoNotFit()
    {
        var a = new Matrix<float>(3, 4);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, new Matrix<float>(5, 2), new Matrix<float>(3, 2)));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, new Matrix<float>(4, 2), new Matrix<float>(3, 3)));
    }

    /// <summary>The reference: C (+)= op(A)·op(B) one element at a time, each sum in order over p, written here independently of the library.</summary>
    private static void TextbookProduct<T>(Matrix<T> a, Matrix<T> b, Matrix<T> c, bool ta, bool tb, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = ta ? a.Rows : a.Columns;
        for (int i = 0; i < c.Rows; i++)
            for (int j = 0; j < c.Columns; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++) sum += (ta ? a[p, i] : a[i, p]) * (tb ? b[j, p] : b[p, j]);
                c[i, j] = accumulate ? c[i, j] + sum : sum;
            }
    }

    private static void AssertMatchesNaive<T>(System.Random random, int m, int n, int k, bool ta, bool tb, bool accumulate, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c) = Operands<T>(random, m, n, k, ta, tb);
        var expected = c.Clone();
        TextbookProduct(a, b, expected, ta, tb, accumulate);
        Gemm.Multiply(a, b, c, ta, tb, accumulate, maxThreads);
        AssertClose(expected, c, k, AbsoluteProducts(a, b, ta, tb));
    }

    /// <summary>
    /// Two summation orders of k products differ by at most about 2·k·ε·Σ|aᵢbᵢ| (the classic bound for
    /// recursive summation), so that is the tolerance; the sum of |products| keeps cancellation from failing it.
    /// </summary>
    private static void AssertClose<T>(Matrix<T> expected, Matrix<T> actual, int k, double[] absoluteProducts)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One);
        T[] e = expected.ToArray(), a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            double tolerance = 2 * (k + 2) * epsilon * (absoluteProducts[i] + Math.Abs(double.CreateChecked(e[i])));
            double difference = Math.Abs(double.CreateChecked(e[i]) - double.CreateChecked(a[i]));
            Assert.True(difference <= tolerance, $"Element {i / expected.Columns},{i % expected.Columns}: expected {e[i]}, got {a[i]} (k={k}).");
        }
    }

    private static double[] AbsoluteProducts<T>(Matrix<T> a, Matrix<T> b, bool ta, bool tb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = ta ? a.Columns : a.Rows, k = ta ? a.Rows : a.Columns, n = tb ? b.Rows : b.Columns;
        var sums = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++)
                    sums[i * n + j] += Math.Abs(double.CreateChecked((ta ? a[p, i] : a[i, p]) * (tb ? b[j, p] : b[p, j])));
        return sums;
    }

    private static (Matrix<T> A, Matrix<T> B, Matrix<T> C) Operands<T>(System.Random random, int m, int n, int k, bool ta, bool tb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Fill(random, ta ? new Matrix<T>(k, m) : new Matrix<T>(m, k));
        var b = Fill(random, tb ? new Matrix<T>(n, k) : new Matrix<T>(k, n));
        var c = Fill(random, new Matrix<T>(m, n));
        return (a, b, c);
    }

    private static Matrix<T> Fill<T>(System.Random random, Matrix<T> matrix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> values = matrix.AsSpan();
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        return matrix;
    }
}
