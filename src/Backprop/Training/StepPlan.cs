using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// How <see cref="Trainer{T}"/>'s one step runs during a run: made once when the run starts, read by every step. It
/// holds no step of its own; it changes how long a step takes, never its numbers (tinygrad's TinyJit in spirit: a
/// plain step function, made fast by a wrapper that does not change it). It says:
/// <list type="number">
/// <item>where the batch comes from: gathered now, or gathered on a worker during the step before
/// (<see cref="Prefetch"/>, started once the first layer's forward product is done);</item>
/// <item>how each layer runs backward: its own Backward, or, with plain SGD, a Dense layer's backward that also takes
/// its step (<see cref="Dense{T}.BackwardAndDescend"/>: one pass over W instead of three, bit for bit the same);</item>
/// <item>how many threads the products use (<see cref="ThreadTuner"/>: one while that is clearly faster);</item>
/// <item>how the epochs are timed: step by step, or epochs of a few microseconds in groups (one clock read costs a
/// sixth of the 9-line neuron's epoch).</item>
/// </list>
/// The plain plan (<see cref="Plain"/>) gathers now, runs every layer's own Backward and times each step: public
/// <see cref="Trainer{T}.Step()"/> calls use it. <c>TrainerSteppingTests</c>, <c>BatchPrefetchTests</c> and the
/// lessons' digit tests hold the fast plan (<see cref="Fast"/>) to the plain one's numbers.
/// </summary>
internal sealed class StepPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Trainer<T> _trainer;
    private readonly bool _mayFuse;
    private bool? _fusedForNoHook;      // whether Backward and Updated were last chosen for "no BeforeUpdate hook"
    private int _stepsOnOneCounted;
    // The timing group: epochs recorded but not yet timed, how many make a group, and when the group began (0: not
    // yet; a group that ends starts the next, so a run of groups reads the clock once a group).
    private int _pending, _groupSize = 1;
    private long _groupStart;

    private StepPlan(Trainer<T> trainer, bool fast, Dataset<T> train)
    {
        _trainer = trainer;
        Backward = Network<T>.BindBackward(trainer.Network.Layers);
        Updated = [.. trainer.Network.Parameters];
        TimesEachStep = ClocksSteps = !fast;
        if (!fast) return;
        _mayFuse = true;
        if (trainer.Batching is BatchMode.MiniBatch && train.GathersConcurrently)
        {
            Prefetch = new BatchPrefetch<T>(train, trainer.Batch.MaxRows);
            AfterFirstLayer = Prefetch.Start;    // the worker is idle from there until the first layer's backward product
        }
    }

    /// <summary>The plan of plain steps: the batch gathered now, each layer's own Backward, every step timed.</summary>
    public static StepPlan<T> Plain(Trainer<T> trainer, Dataset<T> train) => new(trainer, fast: false, train);

    /// <summary>The fast plan for <paramref name="trainer"/>'s run on <paramref name="train"/>.</summary>
    public static StepPlan<T> Fast(Trainer<T> trainer, Dataset<T> train) => new(trainer, fast: true, train);

    /// <summary>What Forward starts once the first layer is done (the prefetch's gather); null for nothing.</summary>
    public Action? AfterFirstLayer { get; }

    /// <summary>Each layer's Backward, first to last, as the step runs it.</summary>
    public Func<Matrix<T>, Matrix<T>>[] Backward { get; }

    /// <summary>The parameters the optimizer updates (those of layers that take their step in Backward are left out).</summary>
    public Parameter<T>[] Updated { get; private set; }

    /// <summary>Where the next batch is gathered ahead, on a worker; null when batches are gathered at their step.</summary>
    public BatchPrefetch<T>? Prefetch { get; }

    /// <summary>Chooses the products' thread count; null for the plain plan (and until the fast plan's first epoch).</summary>
    public ThreadTuner? Tuner { get; private set; }

    /// <summary>True when every step is timed: epochs get the sum of their steps' times (plain steps may be taken with pauses between).</summary>
    public bool TimesEachStep { get; }

    /// <summary>
    /// Whether a step reads the clock: to time itself, or for the thread tuner while it is active (set when an epoch
    /// begins and when the tuner stops, so a step reads one field).
    /// </summary>
    public bool ClocksSteps { get; private set; }

    /// <summary>Whether the batch after this one may be gathered ahead: a prefetch, and steps long enough for a second thread to pay.</summary>
    public bool GathersAhead => Prefetch is not null && Tuner!.WorthThreads;

    /// <summary>Records a step's time for the tuner, and sets the thread count of the next step.</summary>
    public void StepTook(long ticks)
    {
        if (Tuner is not { Active: true } tuner) return;
        tuner.Record(ticks);
        ComputeContext.LimitThreadsHere(tuner.Threads);
        if (!tuner.Active) ClocksSteps = false;
    }

    /// <summary>Readies an epoch: the thread count, the clock, and how each layer runs backward.</summary>
    public void BeginEpoch()
    {
        var t = _trainer;
        if (!TimesEachStep)
        {
            // Made here, not with the plan: the compute context is the one current while the trainer runs.
            var tuner = Tuner ??= new ThreadTuner(ComputeContext.Current.Threads, ThreadTuner.MinStepTicks, switching: t.TuneThreads);
            if (tuner.Active) ComputeContext.LimitThreadsHere(tuner.Threads);
            ClocksSteps = tuner.Active;
            if (_groupStart == 0) _groupStart = Stopwatch.GetTimestamp();
        }
        bool noHook = t.BeforeUpdate is null;
        if (_mayFuse && noHook != _fusedForNoHook) ChooseBackward(noHook);
    }

    /// <summary>
    /// With plain SGD (no weight decay, no L1) and no BeforeUpdate hook to read gradients (<paramref name="noHook"/>),
    /// every Dense layer whose backward product can sum a batch in one pass takes its step inside Backward, given the
    /// optimizer's η at each step; the optimizer updates the rest. Otherwise every layer runs its own Backward.
    /// </summary>
    private void ChooseBackward(bool noHook)
    {
        var t = _trainer;
        _fusedForNoHook = noHook;
        var optimizer = t.Optimizer;
        bool fuse = noHook && optimizer is Sgd<T> { WeightDecay: 0, L1: 0 };
        var layers = t.Network.Layers;
        var fused = new HashSet<Parameter<T>>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (fuse && layers[i] is Dense<T> dense && dense.CanDescendInBackward(t.Batch.MaxRows))
            {
                Backward[i] = g => dense.BackwardAndDescend(g, optimizer.Eta);
                fused.UnionWith(dense.Parameters);
            }
            else Backward[i] = layers[i].Backward;
        }
        Updated = [.. t.Network.Parameters.Where(p => !fused.Contains(p))];
    }

    /// <summary>
    /// Ends the epoch. A plain plan's epoch takes the sum of its steps' times. A short epoch that nothing watches one
    /// by one (<paramref name="mayGroup"/>: no validation, no callback) joins a timing group: it enters the history now
    /// and gets the group's mean time when the group closes. While epochs take under <see cref="GroupBelowSeconds"/>,
    /// groups double, up to <see cref="MaxTimingGroup"/>.
    /// </summary>
    public void EndEpoch(bool mayGroup)
    {
        var t = _trainer;
        if (TimesEachStep)
        {
            t.EndEpoch(t.SteppedSeconds);
            return;
        }
        if (!mayGroup)
        {
            long ticks = Stopwatch.GetTimestamp() - _groupStart;
            _groupStart = 0;    // what the epoch's end runs (validation, callbacks) is not the next epoch's time
            t.EndEpoch(Seconds(ticks, 1));
            return;
        }
        t.EndEpoch(0);
        _pending++;
        if (_pending < _groupSize) return;    // the last group of a run closes at EndRun
        double seconds = EndTimingGroup();
        _groupSize = seconds < GroupBelowSeconds ? Math.Min(2 * _groupSize, MaxTimingGroup) : 1;
    }

    /// <summary>Stops gathering ahead (a stop, or an error, ends the loop mid-epoch: a plain step continues it, gathering for itself).</summary>
    public void Abandon() => Prefetch?.Abandon();

    /// <summary>
    /// Pauses between calls of the epoch loop: the clock restarts with the next epoch (unless a timing group is still
    /// open), and the steps the tuner ran on one thread since the last pause are counted into the history.
    /// </summary>
    public void Pause()
    {
        if (_pending == 0) _groupStart = 0;
        if (Tuner is null) return;
        _trainer.History.StepsOnOneThread += Tuner.StepsOnOne - _stepsOnOneCounted;
        _stepsOnOneCounted = Tuner.StepsOnOne;
    }

    /// <summary>Ends a run: the epochs of a timing group still open (a diverging loss can leave one) get their time too.</summary>
    public void EndRun()
    {
        Abandon();
        if (_pending > 0) EndTimingGroup();
        _groupSize = 1;
        _groupStart = 0;
    }

    private double EndTimingGroup()
    {
        long end = Stopwatch.GetTimestamp();
        double seconds = Seconds(end - _groupStart, _pending);
        _groupStart = end;
        _trainer.History.Epochs.SetLastSeconds(_pending, seconds);
        _pending = 0;
        return seconds;
    }

    private static double Seconds(long ticks, int epochs) => (double)ticks / Stopwatch.Frequency / epochs;

    /// <summary>Epochs shorter than this (5 µs) may be timed in groups.</summary>
    private const double GroupBelowSeconds = 5e-6;

    /// <summary>The most epochs timed together.</summary>
    private const int MaxTimingGroup = 64;
}
