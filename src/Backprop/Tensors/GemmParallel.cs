using System.Numerics;

namespace Backprop.Tensors;

/// <summary>
/// Shares one packed product out over a <see cref="WorkerPool"/>: C is cut into bands of whole
/// micro-tiles, along its rows or its columns, and each thread computes its bands over the full k range.
/// K is never split, so every element's sum runs in the same order for any thread count.
/// </summary>
internal sealed class GemmParallel<T> : ParallelWork where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The least m·n·k worth one more thread. Below it, waking a worker and packing the shared operand
    /// twice cost more than a second core saves (measured on a 2-core EPYC; see bench/RESULTS.md).
    /// </summary>
    internal const long MinWorkPerThread = 1L << 19;

    // One job object per calling thread: no allocation per call, and no race between concurrent callers.
    [ThreadStatic] private static GemmParallel<T>? t_job;

    private GemmOperands<T> _operands;
    private int _parts;
    private bool _splitColumns;

    /// <summary>Computes the product on up to <paramref name="maxThreads"/> threads, the caller's and <paramref name="pool"/>'s.</summary>
    public static void Run(in GemmOperands<T> operands, int maxThreads, WorkerPool pool)
    {
        int parts = PartCount(operands, maxThreads, out bool splitColumns);
        if (parts > 1)
        {
            GemmParallel<T> job = t_job ??= new GemmParallel<T>();
            job._operands = operands;
            job._parts = parts;
            job._splitColumns = splitColumns;
            if (pool.TryRun(job, parts, parts)) return;
        }
        GemmDriver<T>.Compute(operands, 0, operands.M, 0, operands.N);
    }

    /// <inheritdoc />
    public override void Execute(int chunk)
    {
        ref readonly GemmOperands<T> g = ref _operands;
        if (_splitColumns)
        {
            (int start, int end) = Band(g.N, GemmKernel<T>.Columns, chunk, _parts);
            GemmDriver<T>.Compute(g, 0, g.M, start, end);
        }
        else
        {
            (int start, int end) = Band(g.M, GemmKernel<T>.Rows, chunk, _parts);
            GemmDriver<T>.Compute(g, start, end, 0, g.N);
        }
    }

    private static int PartCount(in GemmOperands<T> g, int maxThreads, out bool splitColumns)
    {
        // Each band packs all of the other operand: cutting columns repeats A (m·k), cutting rows repeats B (k·n).
        splitColumns = g.N >= g.M;
        long tiles = splitColumns ? Tiles(g.N, GemmKernel<T>.Columns) : Tiles(g.M, GemmKernel<T>.Rows);
        long byWork = (long)g.M * g.N * g.K / MinWorkPerThread;
        return (int)Math.Max(1, Math.Min(Math.Min(maxThreads, byWork), tiles));
    }

    private static long Tiles(int length, int tile) => (length + tile - 1) / tile;

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> near-equal bands of whole tiles.</summary>
    private static (int Start, int End) Band(int length, int tile, int part, int parts)
    {
        long tiles = Tiles(length, tile);
        int start = (int)(tiles * part / parts) * tile;
        int end = (int)Math.Min(length, tiles * (part + 1) / parts * tile);
        return (start, end);
    }
}
