namespace Backprop.Tensors;

/// <summary>
/// Runs a loop over the samples of a batch in bands on the current compute context's worker pool, for the work around the products of
/// convolution and pooling layers (unfolding windows, folding them back, pooling), which is independent per sample:
/// each band writes only its own samples' values, so the numbers do not depend on the thread count or the split.
/// </summary>
/// <remarks>
/// Like the GEMM it takes its thread count from <see cref="ComputeContext.ThreadsHere"/> (so a trainer's
/// <see cref="ComputeContext"/> and its thread tuner apply to it too). The body is a delegate that
/// its layer binds once, and the job object is one per calling thread: a call allocates nothing.
/// </remarks>
internal sealed class RowParallel : ParallelWork
{
    [ThreadStatic] private static RowParallel? t_job;

    private Action<int, int>? _body;
    private int _count, _parts;

    /// <summary>
    /// Calls <paramref name="body"/>(first, end) over bands that cover samples 0 … <paramref name="count"/> − 1, on
    /// several threads when the batch holds at least <paramref name="minValues"/> values per extra thread
    /// (<paramref name="valuesPerSample"/> each); otherwise once, on this thread.
    /// </summary>
    public static void For(int count, long valuesPerSample, Action<int, int> body, long minValues = MinValuesPerThread)
    {
        int parts = (int)Math.Clamp(count * valuesPerSample / Math.Max(1, minValues), 1, Math.Min(ComputeContext.ThreadsHere, count));
        if (parts > 1)
        {
            var job = t_job ??= new RowParallel();
            job._body = body;
            job._count = count;
            job._parts = parts;
            bool ran = ComputeContext.Current.Pool.TryRun(job, parts, parts);
            job._body = null;
            if (ran) return;
        }
        body(0, count);
    }

    /// <summary>Below about this many values a band is not worth waking a thread for (a wake-up costs a few microseconds).</summary>
    public const long MinValuesPerThread = 1 << 15;

    /// <inheritdoc />
    public override void Execute(int chunk) => _body!(_count * chunk / _parts, _count * (chunk + 1) / _parts);
}
