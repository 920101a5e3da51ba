using System.Runtime.ExceptionServices;

namespace Backprop.Tensors;

/// <summary>A piece of parallel work split into numbered chunks; the pool calls <see cref="Execute"/> once per chunk.</summary>
internal abstract class ParallelWork
{
    /// <summary>Does chunk <paramref name="chunk"/> of the work.</summary>
    public abstract void Execute(int chunk);
}

/// <summary>
/// A small persistent pool of helper threads, owned by a <see cref="ComputeContext"/>: they wait on their own signal,
/// then help the calling thread through the numbered chunks of one piece of work (a matrix product, an optimizer
/// update), or run one job on their own while the caller goes on (the next batch's gather). Unlike Parallel.For it
/// allocates nothing per call (no closures, tasks or state objects), and it wakes in microseconds because its
/// signals spin briefly before they block.
/// </summary>
/// <remarks>
/// Chunks are claimed, not assigned: the caller works too and takes any chunk no worker has started, so
/// a worker that the OS has not scheduled yet (other processes busy on the cores) delays nothing; it finds
/// the chunks gone and goes back to sleep. One piece of work uses the pool at a time; a caller that finds it
/// busy runs its work alone, which gives the same numbers because results never depend on the split.
/// </remarks>
internal sealed class WorkerPool : IDisposable
{
    private readonly Lock _growLock = new();
    private readonly SpinSignal _noneInFlight = new();
    private Worker[] _workers = [];
    private int _busy;
    private ParallelWork? _work;
    // Which chunk is next, packed for one compare-and-swap: generation (bits 32..62), chunk count (16..31),
    // next chunk (0..15). A new generation per call keeps a late worker from claiming a chunk of a later call.
    private long _ticket;
    private int _inFlight;
    private ExceptionDispatchInfo? _failure;
    private volatile bool _disposed;

    // A job handed to the first worker to run on its own while the caller goes on (see TryPost).
    private readonly SpinSignal _postedDone = new();
    private ParallelWork? _posted;
    private int _postOwned;
    private ExceptionDispatchInfo? _postFailure;

    /// <summary>The most chunks one call may have.</summary>
    public const int MaxChunks = ushort.MaxValue;

    /// <summary>
    /// Runs chunks 0..<paramref name="chunks"/>−1 of <paramref name="work"/> on the calling thread and up to
    /// <paramref name="threads"/>−1 workers. Returns false, having run nothing, when another call holds the pool.
    /// </summary>
    public bool TryRun(ParallelWork work, int chunks, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunks, MaxChunks);
        if (_disposed || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        try
        {
            Worker[] workers = EnsureWorkers(threads - 1);
            _failure = null;
            _work = work;
            long generation = ((Volatile.Read(ref _ticket) >> 32) + 1) & int.MaxValue;
            Interlocked.Exchange(ref _ticket, generation << 32 | (long)chunks << 16);
            for (int w = 0; w < Math.Min(threads, chunks) - 1; w++) workers[w].Wake(generation);
            RunChunks(generation, self: null);

            // The workers use the caller's pinned operands: close the ticket (if a chunk threw, some may be
            // unclaimed) and never return while a chunk is still running.
            Interlocked.Exchange(ref _ticket, generation << 32 | (long)chunks << 16 | (uint)chunks);
            while (true)
            {
                _noneInFlight.Reset();
                if (Volatile.Read(ref _inFlight) == 0) break;
                _noneInFlight.Wait();
            }
            _work = null;
            _failure?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Hands chunk 0 of <paramref name="work"/> to the first worker, to run on its own while the caller goes on (the
    /// next batch's gather, while this batch's step runs); the worker joins later products once it is done, and
    /// until then the caller takes their chunks. Returns false, having run nothing, when the caller should do the
    /// work itself: fewer than two threads allowed, or a posted job not yet collected with <see cref="WaitPosted"/>.
    /// </summary>
    public bool TryPost(ParallelWork work, int threads)
    {
        if (threads < 2 || _disposed || Interlocked.CompareExchange(ref _postOwned, 1, 0) != 0) return false;
        Worker worker = EnsureWorkers(1)[0];
        _postFailure = null;
        _postedDone.Reset();
        Volatile.Write(ref _posted, work);
        worker.WakeForPost();
        return true;
    }

    /// <summary>
    /// Returns once the job given to <see cref="TryPost"/> has run, rethrowing what it threw unless
    /// <paramref name="rethrow"/> is false (when the caller is already handling an exception); then another may be posted.
    /// </summary>
    public void WaitPosted(bool rethrow = true)
    {
        if (Volatile.Read(ref _postOwned) == 0) return;
        _postedDone.Wait();
        Volatile.Write(ref _postOwned, 0);
        var failure = _postFailure;
        _postFailure = null;
        if (rethrow) failure?.Throw();
    }

    private void RunPosted(Worker self)
    {
        var work = Volatile.Read(ref _posted);
        if (work is null) return;
        try { work.Execute(0); }
        catch (Exception e) { _postFailure = ExceptionDispatchInfo.Capture(e); }
        finally
        {
            Volatile.Write(ref self.AllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
            Volatile.Write(ref _posted, null);
            _postedDone.Set();
        }
    }

    /// <summary>Claims and runs chunks of call <paramref name="generation"/> until none is left.</summary>
    private void RunChunks(long generation, Worker? self)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref _ticket);
            int count = (int)(ticket >> 16) & 0xFFFF, next = (int)ticket & 0xFFFF;
            if (ticket >> 32 != generation || next >= count) return;
            // Count ourselves in flight before claiming, so the caller, once it sees every chunk claimed,
            // also sees this one running.
            Interlocked.Increment(ref _inFlight);
            try
            {
                if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) == ticket)
                    _work!.Execute(next);
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                if (self is not null) Volatile.Write(ref self.AllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
                if (Interlocked.Decrement(ref _inFlight) == 0) _noneInFlight.Set();
            }
        }
    }

    private Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = _workers;
        if (workers.Length >= count) return workers;
        lock (_growLock)
        {
            if (_workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(_workers, grown, _workers.Length);
                for (int w = _workers.Length; w < count; w++) grown[w] = new Worker(this, w + 1);
                _workers = grown;
            }
            return _workers;
        }
    }

    /// <summary>
    /// Bytes allocated so far by the worker threads, as of the end of their last chunk; lets a test prove that the
    /// workers, not only the caller, allocate nothing per product.
    /// </summary>
    internal long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            foreach (Worker worker in _workers) sum += Volatile.Read(ref worker.AllocatedBytes);
            return sum;
        }
    }

    /// <summary>Lets the worker threads end; work offered afterwards runs on the caller alone.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_growLock)
        {
            foreach (Worker worker in _workers) worker.Stop();
        }
    }

    private sealed class Worker
    {
        private readonly WorkerPool _pool;
        private readonly SpinSignal _go = new();
        private readonly SpinSignal _ready = new();
        private readonly int _index;
        private long _generation;
        private volatile bool _stop;
        public long AllocatedBytes;

        /// <summary>Starts the thread and returns once it has its packing buffers.</summary>
        public Worker(WorkerPool pool, int index)
        {
            _pool = pool;
            _index = index;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Backprop worker {index}" };
            thread.Start();
            _ready.Wait();
        }

        public void Wake(long generation)
        {
            Volatile.Write(ref _generation, generation);
            _go.Set();
        }

        public void WakeForPost() => _go.Set();

        public void Stop()
        {
            _stop = true;
            _go.Set();
        }

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
                // A job posted just before the pool was disposed still runs, so that its WaitPosted returns.
                if (_index == 1) _pool.RunPosted(this);
                if (_stop) return;
                _pool.RunChunks(Volatile.Read(ref _generation), this);
            }
        }
    }
}
