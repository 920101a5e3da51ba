using System.Runtime.ExceptionServices;

namespace Backprop.Tensors;

/// <summary>A piece of parallel work split into numbered parts; the pool calls <see cref="Execute"/> once per part.</summary>
internal abstract class ParallelWork
{
    /// <summary>Does part <paramref name="part"/> of the work.</summary>
    public abstract void Execute(int part);
}

/// <summary>
/// A small persistent pool for the GEMM: background threads that wait on their own event, run one part
/// each, and go back to waiting, while the calling thread runs part 0. Unlike Parallel.For it allocates
/// nothing per call (no closures, tasks or state objects), and it wakes in microseconds because its
/// signals spin briefly before they block. One product uses the pool at a time; a caller that finds it
/// busy runs its work alone, which gives the same numbers because results never depend on the split.
/// </summary>
internal static class GemmWorkerPool
{
    private static readonly Lock GrowLock = new();
    private static readonly SpinSignal AllDone = new();
    private static Worker[] s_workers = [];
    private static int s_busy;
    private static int s_remaining;
    private static ExceptionDispatchInfo? s_failure;

    /// <summary>
    /// Runs parts 0..<paramref name="parts"/>−1 of <paramref name="work"/>, part 0 on the calling thread.
    /// Returns false, having run nothing, when another product holds the pool.
    /// </summary>
    public static bool TryRun(ParallelWork work, int parts)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0) return false;
        try
        {
            Worker[] workers = EnsureWorkers(parts - 1);
            AllDone.Reset();
            s_failure = null;
            Volatile.Write(ref s_remaining, parts - 1);
            for (int w = 0; w < parts - 1; w++) workers[w].Start(work, w + 1);
            try
            {
                work.Execute(0);
            }
            finally
            {
                // The workers use the caller's pinned operands: never return before they are done.
                if (Volatile.Read(ref s_remaining) != 0) AllDone.Wait();
            }
            s_failure?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = s_workers;
        if (workers.Length >= count) return workers;
        lock (GrowLock)
        {
            if (s_workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(s_workers, grown, s_workers.Length);
                for (int w = s_workers.Length; w < count; w++) grown[w] = new Worker(w + 1);
                s_workers = grown;
            }
            return s_workers;
        }
    }

    /// <summary>
    /// Bytes allocated so far by the worker threads, as of their last finished part; lets a test prove
    /// that the workers, not only the caller, allocate nothing per product.
    /// </summary>
    internal static long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            foreach (Worker worker in s_workers) sum += Volatile.Read(ref worker.AllocatedBytes);
            return sum;
        }
    }

    private static void PartDone()
    {
        if (Interlocked.Decrement(ref s_remaining) == 0) AllDone.Set();
    }

    private sealed class Worker
    {
        private readonly SpinSignal _go = new();
        private ParallelWork? _work;
        private int _part;
        public long AllocatedBytes;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Backprop GEMM worker {index}" };
            thread.Start();
        }

        public void Start(ParallelWork work, int part)
        {
            _work = work;
            _part = part;
            _go.Set();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                _go.Reset();
                try
                {
                    _work!.Execute(_part);
                }
                catch (Exception e)
                {
                    s_failure = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    _work = null;
                    Volatile.Write(ref AllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                    PartDone();
                }
            }
        }
    }
}
