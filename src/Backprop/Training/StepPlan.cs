using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// The trainer's epoch made fast, with the same numbers: the steps of <see cref="Trainer{T}.Step"/>, in the same
/// order, plus four things that change only the time they take (tinygrad's TinyJit in spirit: a plain step, made
/// fast by a wrapper that does not change it).
/// <list type="number">
/// <item>The next batch is gathered on a worker while this step runs (<see cref="BatchPrefetch{T}"/>), starting
/// after the first layer's forward product.</item>
/// <item>With plain SGD, each Dense layer takes its step inside its backward product
/// (<see cref="Dense{T}.BackwardAndDescend"/>): one pass over W instead of three, bit for bit the same weights.</item>
/// <item>The products drop to one thread while that is clearly faster (<see cref="ThreadTuner"/>).</item>
/// <item>Epochs of a few microseconds are timed in groups (one clock read costs a sixth of the 9-line neuron's epoch).</item>
/// </list>
/// The trainer makes one for each run it starts and uses it for whole epochs; <c>BatchPrefetchTests</c>,
/// <c>FastPathTests</c> and the lessons' digit tests hold it to the plain path's numbers.
/// </summary>
internal sealed class FastPath<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Trainer<T> _trainer;
    private readonly BatchPrefetch<T>? _prefetch;
    private readonly Dense<T>?[] _descending;
    private readonly int _lastToBackward;   // the layer Backward starts at (the one before a Softmax fused with its loss)
    private Parameter<T>[] _updated;
    private bool _descendingFor;     // whether _descending was chosen for "no BeforeUpdate hook"
    private T _learningRate;          // the optimizer's rate, read at the start of each epoch
    private ThreadTuner? _tuner;
    private int _stepsOnOneCounted;
    // The timing group: epochs recorded but not yet timed, how many make a group, and when the group began.
    private int _pending, _groupSize = 1;
    private long _groupStart;

    /// <summary>A fast path for <paramref name="trainer"/>'s run on <paramref name="train"/>.</summary>
    public FastPath(Trainer<T> trainer, Dataset<T> train)
    {
        _trainer = trainer;
        _descending = new Dense<T>?[trainer.Network.Layers.Count];
        _lastToBackward = trainer.Network.LastToBackward(trainer.Loss.GradientIsForLogits);
        _updated = [.. trainer.Network.Parameters];
        _descendingFor = false;
        if (trainer.Batching is BatchMode.MiniBatch && train.GathersConcurrently)
            _prefetch = new BatchPrefetch<T>(train, trainer.Batch.MaxRows);
    }

    /// <summary>
    /// Runs whole epochs: one, or with <paramref name="untilFinished"/> (Fit) as many as the run has left, timing
    /// epochs that nothing watches in groups. Stops early after the step after which a stop was requested: the epoch
    /// then stays in progress, as after that many <see cref="Trainer{T}.Step"/> calls.
    /// </summary>
    public void Run(bool untilFinished)
    {
        var t = _trainer;
        var tuner = _tuner ??= new ThreadTuner(ComputeContext.Current.Threads, ThreadTuner.MinStepTicks, switching: t.TuneThreads);
        try
        {
            do
            {
                if (!RunEpoch(tuner))
                {
                    _prefetch?.Abandon();    // stopped mid-epoch: a plain Step continues it, gathering for itself
                    return;
                }
                EndEpoch(untilFinished && !t.Watched);
            }
            while (untilFinished && !t.IsFinished && !t.StopRequested);
        }
        catch
        {
            // A batch still being gathered (a diverging loss ended the epoch) is waited for.
            _prefetch?.Abandon();
            throw;
        }
        finally
        {
            t.History.StepsOnOneThread += tuner.StepsOnOne - _stepsOnOneCounted;
            _stepsOnOneCounted = tuner.StepsOnOne;
        }
    }

    /// <summary>The steps of one epoch, as <see cref="Trainer{T}.Step"/> takes them; false when a stop ends it early.</summary>
    private bool RunEpoch(ThreadTuner tuner)
    {
        var t = _trainer;
        _learningRate = T.CreateChecked(t.Optimizer.LearningRate);   // a schedule may change it between epochs
        if (tuner.Active) ComputeContext.LimitThreadsHere(tuner.Threads);
        ChooseDescending();
        if (_pending == 0) _groupStart = Stopwatch.GetTimestamp();
        t.BeginEpoch();
        while (!t.EpochIsOver)
        {
            long stepStart = tuner.Active ? Stopwatch.GetTimestamp() : 0;
            var indices = t.NextIndices();
            if (_prefetch is { Running: true })
            {
                _prefetch.Collect(t.Batch);
                t.UseGathered(indices);
            }
            else t.Gather(indices);
            // The next batch of this epoch is gathered on a worker during this step, once a second thread pays.
            if (_prefetch is not null && tuner.WorthThreads && t.StepInEpoch + 1 < t.StepsThisEpoch && !(t.CompletedSteps + 1 >= t.MaxSteps))
                _prefetch.Arm(t.IndicesOfStep(t.StepInEpoch + 1));
            var output = Forward(t.Batch.Inputs);
            t.ComputeLoss(output);
            Backward(t.Batch.Gradient);
            t.Update(_updated);
            t.EndStep();
            if (tuner.Active)
            {
                tuner.Record(Stopwatch.GetTimestamp() - stepStart);
                ComputeContext.LimitThreadsHere(tuner.Threads);
            }
            if (t.StopRequested && !t.EpochIsOver) return false;
        }
        return true;
    }

    /// <summary>Forward, layer by layer as <see cref="Network{T}.Forward"/> does, starting the armed gather after the first layer.</summary>
    private Matrix<T> Forward(Matrix<T> inputs)
    {
        var steps = _trainer.Network.ForwardSteps;
        var x = steps[0](inputs);
        _prefetch?.Start();
        for (int i = 1; i < steps.Length; i++) x = steps[i](x);
        return x;
    }

    /// <summary>Backward as <see cref="Network{T}.Backward"/> does, each descending Dense layer taking its SGD step as it goes.</summary>
    private void Backward(Matrix<T> outputGradient)
    {
        var steps = _trainer.Network.BackwardSteps;
        var g = outputGradient;
        for (int i = _lastToBackward; i >= 0; i--)
            g = _descending[i] is { } dense ? dense.BackwardAndDescend(g, _learningRate) : steps[i](g);
    }

    /// <summary>
    /// With plain SGD (no weight decay) and no BeforeUpdate hook to read gradients, every Dense layer whose backward
    /// product can sum a batch in one pass takes its step inside Backward; the optimizer updates the rest.
    /// </summary>
    private void ChooseDescending()
    {
        var t = _trainer;
        bool noHook = t.BeforeUpdate is null;
        if (noHook == _descendingFor) return;
        _descendingFor = noHook;
        bool descend = noHook && t.Optimizer is Sgd<T> { WeightDecay: 0, L1: 0 };
        var layers = t.Network.Layers;
        for (int i = 0; i < layers.Count; i++)
            _descending[i] = descend && layers[i] is Dense<T> dense && dense.CanDescendInBackward(t.Batch.MaxRows) ? dense : null;
        _updated = [.. t.Network.Parameters.Where(p => !_descending.Any(d => d is not null && d.Parameters.Contains(p)))];
    }

    /// <summary>
    /// Ends the epoch. A short epoch that nothing watches one by one (no validation, no callback) joins a timing group:
    /// it enters the history now and gets the group's mean time when the group closes. While epochs take under
    /// <see cref="GroupBelowSeconds"/>, groups double, up to <see cref="MaxTimingGroup"/>.
    /// </summary>
    private void EndEpoch(bool mayGroup)
    {
        var t = _trainer;
        if (!mayGroup)
        {
            t.EndEpoch(Seconds(Stopwatch.GetTimestamp() - _groupStart, 1));
            return;
        }
        t.EndEpoch(0);
        _pending++;
        if (_pending < _groupSize && !t.IsFinished) return;
        double seconds = EndTimingGroup();
        _groupSize = seconds < GroupBelowSeconds ? Math.Min(2 * _groupSize, MaxTimingGroup) : 1;
    }

    /// <summary>Ends a run: the epochs of a timing group still open (a diverging loss can leave one) get their time too.</summary>
    public void EndRun()
    {
        _prefetch?.Abandon();
        if (_pending > 0) EndTimingGroup();
        _groupSize = 1;
    }

    private double EndTimingGroup()
    {
        double seconds = Seconds(Stopwatch.GetTimestamp() - _groupStart, _pending);
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
