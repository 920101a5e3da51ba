namespace Backprop.Tensors;

/// <summary>
/// How many threads the matrix products and parameter updates of a piece of work may use, and the worker threads
/// that help them. A trainer runs in its own (<see cref="Training.Trainer{T}.Compute"/>); any other code runs in the
/// one made current with <see cref="Use"/>, or else in <see cref="Default"/> (every core).
/// </summary>
/// <remarks>
/// Nothing here is a process-wide setting: two trainers in one process can use different thread counts, and a
/// context made current ends with its scope, so one test's setting cannot leak into the next. Results never depend
/// on the thread count (the products never split a sum), so a context changes speed only.
/// </remarks>
/// <example><code>
/// using var oneThread = new ComputeContext(threads: 1);
/// using (oneThread.Use()) predictions = network.Predict(inputs);
/// </code></example>
public sealed class ComputeContext : IDisposable
{
    [ThreadStatic] private static ComputeContext? t_current;
    // A lower limit on this thread for now, set by a training loop's thread tuner; 0 for none.
    [ThreadStatic] private static int t_limit;

    private readonly bool _shared;

    /// <summary>A context whose work may use up to <paramref name="threads"/> threads (the caller's and threads − 1 workers).</summary>
    public ComputeContext(int threads) : this(threads, shared: false) { }

    private ComputeContext(int threads, bool shared)
    {
        if (threads < 1) throw new BackpropException($"A compute context needs at least one thread, got {threads}.");
        Threads = threads;
        _shared = shared;
        Pool = new WorkerPool();
    }

    /// <summary>The context of code that chose none: as many threads as the machine has cores. Never disposed.</summary>
    public static ComputeContext Default { get; } = new(Environment.ProcessorCount, shared: true);

    /// <summary>The context work on this thread runs in now: the innermost <see cref="Use"/>, or <see cref="Default"/>.</summary>
    public static ComputeContext Current => t_current ?? Default;

    /// <summary>The most threads one product or update may use.</summary>
    public int Threads { get; }

    /// <summary>The worker threads (made when first needed).</summary>
    internal WorkerPool Pool { get; }

    /// <summary>Makes this the current context on this thread until the returned scope is disposed.</summary>
    public Scope Use()
    {
        var scope = new Scope(t_current, t_limit);
        t_current = this;
        t_limit = 0;
        return scope;
    }

    /// <summary>The threads a product called on this thread may use now: the current context's, or fewer while a thread tuner asks for fewer.</summary>
    internal static int ThreadsHere
    {
        get
        {
            int all = Current.Threads, limit = t_limit;
            return limit > 0 && limit < all ? limit : all;
        }
    }

    /// <summary>Limits this thread's products to <paramref name="threads"/> until the enclosing scope ends (0 lifts it).</summary>
    internal static void LimitThreadsHere(int threads) => t_limit = threads;

    /// <summary>Ends the worker threads; the shared <see cref="Default"/> is never ended.</summary>
    public void Dispose()
    {
        if (!_shared) Pool.Dispose();
    }

    /// <summary>Restores the context (and thread limit) that was current before <see cref="Use"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly ComputeContext? _previous;
        private readonly int _previousLimit;

        internal Scope(ComputeContext? previous, int previousLimit)
        {
            _previous = previous;
            _previousLimit = previousLimit;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            t_current = _previous;
            t_limit = _previousLimit;
        }
    }
}
