namespace Backprop.Training;

/// <summary>
/// Decides, while a loop of like steps runs (a training epoch), whether its matrix products should use all the
/// threads its <see cref="Tensors.ComputeContext"/> allows or one. It times every step, and now and then runs a few steps the
/// other way; when those are clearly faster, it switches.
/// </summary>
/// <remarks>
/// Why: on a virtual machine two vCPUs can land, for seconds at a time, on one physical core (as SMT siblings or
/// time-shared by the host). Then a second thread adds no arithmetic, and its waits and wake-ups cost more than it
/// gives: on the project's 2-core VM a Fashion-MNIST epoch took 0.40 s on two threads in such a spell and 0.29 s on
/// one, against 0.21 s on two otherwise (docs/ARCHITECTURE.md). Results never depend on the thread count, so
/// switching changes no number. Steps shorter than <see cref="MinStepTicks"/> have no product worth a second thread:
/// after <see cref="WarmupSteps"/> such steps the tuner stops timing (<see cref="Active"/> turns false).
/// </remarks>
internal sealed class ThreadTuner
{
    /// <summary>Steps timed before deciding whether tuning is worth anything.</summary>
    internal const int WarmupSteps = 8;

    /// <summary>Steps run the other way per probe; the first <see cref="ProbeSettle"/> of them are not counted.</summary>
    internal const int ProbeSteps = 8, ProbeSettle = 2;

    /// <summary>A probe must be this much faster (its median step against the current way's) to switch.</summary>
    internal const double SwitchBelow = 0.95;

    /// <summary>
    /// Steps between probes: from <see cref="FirstInterval"/>, doubled after each probe that confirms the current
    /// way, up to <see cref="MaxIntervalAll"/> on all threads and <see cref="MaxIntervalOne"/> on one (a spell on
    /// one core ends unseen, so it is checked for more often; a probe costs little there).
    /// </summary>
    internal const int FirstInterval = 128, MaxIntervalAll = 2048, MaxIntervalOne = 256;

    /// <summary>On all threads, a probe starts early when the median step grows past this multiple of its level at the last probe.</summary>
    internal const double SlowerBy = 1.25;

    /// <summary>Steps whose median stands for the current way.</summary>
    internal const int Window = 8;

    private readonly int _all;
    private readonly long _minStepTicks;
    private readonly long[] _recent = new long[Window];
    private readonly long[] _probe = new long[ProbeSteps];
    private readonly long[] _sort = new long[Window];
    private int _recentCount, _recentNext, _probeCount, _sinceProbe, _interval = FirstInterval, _steps;
    private long _level;
    private readonly bool _switch;
    private bool _onOne, _probing;

    /// <summary>A tuner choosing between <paramref name="maxThreads"/> threads and one.</summary>
    /// <param name="maxThreads">The most threads a product may use; below 2 the tuner is inactive.</param>
    /// <param name="minStepTicks">Steps shorter than this (Stopwatch ticks) are not worth tuning.</param>
    /// <param name="switching">False to only tell, after the first steps, whether they are <see cref="WorthThreads"/>, and never change the count.</param>
    public ThreadTuner(int maxThreads, long minStepTicks, bool switching = true)
    {
        _all = maxThreads;
        _minStepTicks = minStepTicks;
        _switch = switching;
        Active = maxThreads > 1;
    }

    /// <summary>The least median step (Stopwatch ticks) worth tuning, by default: 20 µs.</summary>
    public static long MinStepTicks => System.Diagnostics.Stopwatch.Frequency / 50_000;

    /// <summary>False once the tuner has decided it has nothing to do; then <see cref="Threads"/> stays at its maximum.</summary>
    public bool Active { get; private set; }

    /// <summary>True once the first steps have shown that they are long enough for a second thread to matter.</summary>
    public bool WorthThreads { get; private set; }

    /// <summary>True while the products run on one thread as the chosen way (not in a probe).</summary>
    public bool OnOneThread => _onOne;

    /// <summary>Steps run on one thread so far, probes included.</summary>
    public int StepsOnOne { get; private set; }

    /// <summary>Probes run so far.</summary>
    public int Probes { get; private set; }

    /// <summary>How many times the chosen way has changed.</summary>
    public int Switches { get; private set; }

    /// <summary>The thread limit for the next step.</summary>
    public int Threads => _onOne != _probing ? 1 : _all;

    /// <summary>Records how long the step just run took, in Stopwatch ticks.</summary>
    public void Record(long ticks)
    {
        if (!Active) return;
        _steps++;
        if (Threads == 1) StepsOnOne++;
        if (_probing)
        {
            _probe[_probeCount++] = ticks;
            if (_probeCount == ProbeSteps) EndProbe();
            return;
        }
        _recent[_recentNext] = ticks;
        _recentNext = (_recentNext + 1) % Window;
        if (_recentCount < Window) _recentCount++;
        if (_steps == WarmupSteps)
        {
            WorthThreads = Median(_recent.AsSpan(0, _recentCount)) >= _minStepTicks;
            if (!WorthThreads || !_switch)
            {
                Active = false;
                return;
            }
        }
        if (_recentCount < Window) return;
        if (_level == 0) _level = Median(_recent);
        _sinceProbe++;
        bool due = _sinceProbe >= _interval
            || (!_onOne && _sinceProbe >= Window && Median(_recent) > SlowerBy * _level);
        if (due)
        {
            _probing = true;
            Probes++;
            _probeCount = 0;
        }
    }

    private void EndProbe()
    {
        _probing = false;
        _sinceProbe = 0;
        long current = Median(_recent);
        long other = Median(_probe.AsSpan(ProbeSettle));
        if (other < SwitchBelow * current)
        {
            _onOne = !_onOne;
            Switches++;
            _interval = FirstInterval;
            // The probe's steps are the new way's first record; the window fills from them.
            _recentNext = 0;
            for (int i = ProbeSettle; i < ProbeSteps; i++) _recent[_recentNext++] = _probe[i];
            _recentCount = _recentNext;
            _level = 0;
            return;
        }
        _interval = Math.Min(2 * _interval, _onOne ? MaxIntervalOne : MaxIntervalAll);
        _level = current;
    }

    /// <summary>The upper median of <paramref name="values"/> (at most <see cref="Window"/> of them), sorted in a scratch copy.</summary>
    private long Median(ReadOnlySpan<long> values)
    {
        var sorted = _sort.AsSpan(0, values.Length);
        values.CopyTo(sorted);
        sorted.Sort();
        return sorted[values.Length / 2];
    }
}
