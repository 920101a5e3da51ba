using System.Diagnostics;

namespace Backprop.Tensors;

/// <summary>
/// A manual-reset signal that spins for a short, fixed time before it blocks. Waking a blocked thread takes
/// tens of microseconds, as long as a whole small product, while products in a training loop arrive back
/// to back; spinning first catches them. Unlike <see cref="ManualResetEventSlim"/>, whose lock object is
/// created the first time a wait blocks, it never allocates after construction, whichever path a wait takes.
/// </summary>
internal sealed class SpinSignal
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    // A plain object, not a System.Threading.Lock: Monitor.Wait and PulseAll need the monitor.
    private readonly object _lock = new();
    private int _set;
    private int _sleepers;

    /// <summary>Sets the signal and wakes every waiter.</summary>
    public void Set()
    {
        // A full fence between publishing _set and reading _sleepers, matching the one in Wait between
        // counting itself a sleeper and reading _set: one of the two always sees the other.
        Interlocked.Exchange(ref _set, 1);
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_lock) Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Clears the signal; only the thread that waits on it may call this, after its wait.</summary>
    /// <remarks>
    /// A full fence, not a plain volatile write: the waiter always reads some other state right after the reset
    /// (the in-flight count, the next generation). On x86 a plain store may wait in the store buffer past that
    /// read, land after a concurrent <see cref="Set"/>, and erase it, and the waiter then sleeps forever.
    /// </remarks>
    public void Reset() => Interlocked.Exchange(ref _set, 0);

    /// <summary>Returns once the signal is set: spins for up to 200 µs, then sleeps until <see cref="Set"/>.</summary>
    public void Wait()
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        // SpinWait pauses at first, then yields the core now and then: when other processes crowd the
        // cores, the thread we wait for may be queued behind us on this one.
        var spinner = new SpinWait();
        while (Volatile.Read(ref _set) == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Block();
                return;
            }
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void Block()
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _sleepers);
            while (Volatile.Read(ref _set) == 0) Monitor.Wait(_lock);
            Interlocked.Decrement(ref _sleepers);
        }
    }
}
