using System.Runtime.ExceptionServices;

namespace Backprop.Tensors;

/// <summary>A piece of parallel work split into numbered chunks; the pool calls <see cref="Execute"/> once per chunk.</summary>
internal abstract class ParallelWork
{
    /// <summary>Does chunk <paramref name="chunk"/> of the work.</summary>
    public abstract void Execute(int chunk);
}

/// <summary>
/// A small persistent pool for the GEMM: background threads that wait on their own signal and then help
/// the calling thread through the numbered chunks of one piece of work. Unlike Parallel.For it allocates
/// nothing per call (no closures, tasks or state objects), and it wakes in microseconds because its
/// signals spin briefly before they block.
/// </summary>
/// <remarks>
/// Chunks are claimed, not assigned: the caller works too and takes any chunk no worker has started, so
/// a worker that the OS has not scheduled yet (other processes busy on the cores) delays nothing; it finds
/// the chunks gone and goes back to sleep. One product uses the pool at a time; a caller that finds it
/// busy runs its work alone, which gives the same numbers because results never depend on the split.
/// </remarks>
internal static class GemmWorkerPool
{
    private static readonly Lock GrowLock = new();
    private static readonly SpinSignal NoneInFlight = new();
    private static Worker[] s_workers = [];
    private static int s_busy;
    private static ParallelWork? s_work;
    // Which chunk is next, packed for one compare-and-swap: generation (bits 32..62), chunk count (16..31),
    // next chunk (0..15). A new generation per call keeps a late worker from claiming a chunk of a later call.
    private static long s_ticket;
    private static int s_inFlight;
    private static ExceptionDispatchInfo? s_failure;

    // A job handed to the first worker to run on its own while the caller goes on (see TryPost).
    private static readonly SpinSignal PostedDone = new();
    private static ParallelWork? s_posted;
    private static int s_postOwned;
    private static ExceptionDispatchInfo? s_postFailure;

    /// <summary>The most chunks one call may have.</summary>
    public const int MaxChunks = ushort.MaxValue;

    /// <summary>
    /// Runs chunks 0..<paramref name="chunks"/>−1 of <paramref name="work"/> on the calling thread and up to
    /// <paramref name="threads"/>−1 workers. Returns false, having run nothing, when another call holds the pool.
    /// </summary>
    public static bool TryRun(ParallelWork work, int chunks, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunks, MaxChunks);
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0) return false;
        try
        {
            Worker[] workers = EnsureWorkers(threads - 1);
            s_failure = null;
            s_work = work;
            long generation = ((Volatile.Read(ref s_ticket) >> 32) + 1) & int.MaxValue;
            Interlocked.Exchange(ref s_ticket, generation << 32 | (long)chunks << 16);
            for (int w = 0; w < Math.Min(threads, chunks) - 1; w++) workers[w].Wake(generation);
            RunChunks(generation, self: null);

            // The workers use the caller's pinned operands: close the ticket (if a chunk threw, some may be
            // unclaimed) and never return while a chunk is still running.
            Interlocked.Exchange(ref s_ticket, generation << 32 | (long)chunks << 16 | (uint)chunks);
            while (true)
            {
                NoneInFlight.Reset();
                if (Volatile.Read(ref s_inFlight) == 0) break;
                NoneInFlight.Wait();
            }
            s_work = null;
            s_failure?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>
    /// Hands chunk 0 of <paramref name="work"/> to the first worker, to run on its own while the caller goes on (the
    /// next batch's gather, while this batch's step runs); the worker joins later products once it is done, and
    /// until then the caller takes their chunks. Returns false, having run nothing, when the caller should do the
    /// work itself: fewer than two threads allowed, or a posted job not yet collected with <see cref="WaitPosted"/>.
    /// </summary>
    public static bool TryPost(ParallelWork work, int threads)
    {
        if (threads < 2 || Interlocked.CompareExchange(ref s_postOwned, 1, 0) != 0) return false;
        Worker worker = EnsureWorkers(1)[0];
        s_postFailure = null;
        PostedDone.Reset();
        Volatile.Write(ref s_posted, work);
        worker.WakeForPost();
        return true;
    }

    /// <summary>
    /// Returns once the job given to <see cref="TryPost"/> has run, rethrowing what it threw unless
    /// <paramref name="rethrow"/> is false (when the caller is already handling an exception); then another may be posted.
    /// </summary>
    public static void WaitPosted(bool rethrow = true)
    {
        if (Volatile.Read(ref s_postOwned) == 0) return;
        PostedDone.Wait();
        Volatile.Write(ref s_postOwned, 0);
        var failure = s_postFailure;
        s_postFailure = null;
        if (rethrow) failure?.Throw();
    }

    private static void RunPosted(Worker self)
    {
        var work = Volatile.Read(ref s_posted);
        if (work is null) return;
        try { work.Execute(0); }
        catch (Exception e) { s_postFailure = ExceptionDispatchInfo.Capture(e); }
        finally
        {
            Volatile.Write(ref self.AllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            Volatile.Write(ref s_posted, null);
            PostedDone.Set();
        }
    }

    /// <summary>Claims and runs chunks of call <paramref name="generation"/> until none is left.</summary>
    private static void RunChunks(long generation, Worker? self)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref s_ticket);
            int count = (int)(ticket >> 16) & 0xFFFF, next = (int)ticket & 0xFFFF;
            if (ticket >> 32 != generation || next >= count) return;
            // Count ourselves in flight before claiming, so the caller, once it sees every chunk claimed,
            // also sees this one running.
            Interlocked.Increment(ref s_inFlight);
            try
            {
                if (Interlocked.CompareExchange(ref s_ticket, ticket + 1, ticket) == ticket)
                    s_work!.Execute(next);
            }
            catch (Exception e)
            {
                s_failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                if (self is not null) Volatile.Write(ref self.AllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                if (Interlocked.Decrement(ref s_inFlight) == 0) NoneInFlight.Set();
            }
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
    /// Bytes allocated so far by the worker threads, as of the end of their last chunk; lets a test prove that the
    /// workers, not only the caller, allocate nothing per product.
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

    private sealed class Worker
    {
        private readonly SpinSignal _go = new();
        private readonly SpinSignal _ready = new();
        private readonly int _index;
        private long _generation;
        public long AllocatedBytes;

        /// <summary>Starts the thread and returns once it has its packing buffers.</summary>
        public Worker(int index)
        {
            _index = index;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Backprop GEMM worker {index}" };
            thread.Start();
            _ready.Wait();
        }

        public void Wake(long generation)
        {
            Volatile.Write(ref _generation, generation);
            _go.Set();
        }

        public void WakeForPost() => _go.Set();

        private void Loop()
        {
            // Buffers first, for both element types: then no chunk this worker ever runs allocates,
            // whichever call first hands it one.
            GemmDriver<float>.ReserveBuffers();
            GemmDriver<double>.ReserveBuffers();
            Volatile.Write(ref AllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            _ready.Set();
            while (true)
            {
                _go.Wait();
                _go.Reset();
                // Only the first worker takes posted jobs; a product woken meanwhile waits for it in the claiming.
                if (_index == 1) RunPosted(this);
                RunChunks(Volatile.Read(ref _generation), this);
            }
        }
    }
}
