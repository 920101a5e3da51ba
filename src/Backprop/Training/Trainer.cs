using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// Trains a network, the textbook way: for each epoch, for each batch, Forward → loss → Backward → update, then the
/// history and the callbacks. <see cref="Fit"/> runs the whole loop; <see cref="Step()"/> and <see cref="RunEpoch"/>
/// run one batch or one epoch, so a caller can pause, look at the state (<see cref="LastStep"/>, the layers' outputs
/// and gradients) and go on, with exactly the weights of an uninterrupted run.
/// </summary>
/// <remarks>
/// The step is written once, in <see cref="Step(StepPlan{T})"/>; the epoch is <c>while (!EpochIsOver) Step(plan)</c>.
/// The plan (<see cref="StepPlan{T}"/>), made once per run, says where each batch comes from, how each layer runs
/// backward, how many threads the products use and how epochs are timed. <see cref="RunEpoch"/> and <see cref="Fit"/>
/// use the fast plan when <see cref="UseFastPath"/> is on (the next batch gathered ahead, plain SGD's step taken inside
/// Backward, the thread count tuned, tiny epochs timed in groups), which changes no number. Buffers are made once, so
/// a running loop allocates nothing.
/// </remarks>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a trainer for <paramref name="network"/>.</summary>
    public Trainer(Network<T> network, ILoss<T> loss, Optimizer<T> optimizer)
    {
        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        LastStep = new StepContext<T>(network, loss.GradientIsForLogits);
    }

    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }

    /// <summary>The loss being minimised.</summary>
    public ILoss<T> Loss { get; }

    /// <summary>The optimizer that applies the updates.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>How each epoch is cut into batches; full batch by default.</summary>
    public BatchMode Batching { get; init; } = new BatchMode.FullBatch();

    /// <summary>Number of epochs <see cref="Fit"/> trains (counting epochs already completed).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Stop after this many steps in all, if set: <see cref="Fit"/> stops there, and the epoch in progress ends there.</summary>
    public long? MaxSteps { get; init; }

    /// <summary><see cref="Fit"/> stops after the first epoch whose training loss is below this value, if set.</summary>
    public double? TargetLoss { get; init; }

    /// <summary>When set to K, measure the loss over the whole training set after steps 0, K, 2K, … (counted from 0).</summary>
    public int? RecordEvery { get; init; }

    /// <summary>Batch size used to evaluate validation data and the whole-set loss.</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>The random numbers for shuffling and sampling.</summary>
    public NumPyRandomState Random { get; init; } = new(0);

    /// <summary>The threads this trainer's products and updates may use; null for the context current when it runs.</summary>
    public ComputeContext? Compute { get; init; }

    /// <summary>Whether <see cref="RunEpoch"/> and <see cref="Fit"/> may step by the fast plan (<see cref="StepPlan{T}.Fast"/>; default true; same numbers).</summary>
    public bool UseFastPath { get; init; } = true;

    /// <summary>
    /// Whether the fast path may drop the products to one thread while that is clearly faster (default true). On a
    /// VM whose two vCPUs share one physical core for a while, a second thread costs more than it gives; see
    /// docs/ARCHITECTURE.md. Results are the same either way.
    /// </summary>
    public bool TuneThreads { get; init; } = true;

    /// <summary>Epochs completed so far (set it to resume a run from a checkpoint).</summary>
    public int CompletedEpochs { get; set; }

    /// <summary>Steps taken so far, in all.</summary>
    public long CompletedSteps { get; set; }

    /// <summary>Steps taken in the epoch in progress; 0 between epochs.</summary>
    public int StepInEpoch { get; private set; }

    /// <summary>
    /// The order of the training samples after the last shuffle. Each epoch shuffles this order further (as
    /// NumPy's in-place shuffle does), so a checkpoint keeps it and a resumed run sets it to continue identically.
    /// </summary>
    public int[]? SampleOrder { get; set; }

    /// <summary>The history of this run (a resumed run continues the one it is given).</summary>
    public TrainingHistory History { get; set; } = new();

    /// <summary>
    /// What the last step computed: its epoch, step, batch, output, ∂E/∂(output) and loss (the layers hold its
    /// outputs and gradients). The same object throughout, so hooks cost no allocation; it changes with each step.
    /// </summary>
    public StepContext<T> LastStep { get; }

    /// <summary>Called after Backward and before the optimizer step: gradients are filled, weights not yet updated.</summary>
    public Action<StepContext<T>>? BeforeUpdate { get; set; }

    /// <summary>Called after the optimizer step.</summary>
    public Action<StepContext<T>>? AfterUpdate { get; set; }

    /// <summary>Called after each epoch, with its record.</summary>
    public Action<EpochRecord>? EpochEnded { get; set; }

    /// <summary>Stops <see cref="Fit"/> and <see cref="RunEpoch"/> after the step in progress once cancelled (Ctrl-C, say), like <see cref="RequestStop"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// When set to F, a step whose loss exceeds F times the loss of the untrained network on the whole training set
    /// (measured once, when the run starts: <see cref="StartingLoss"/>) stops the run as diverged, as a NaN or infinite
    /// loss always does. Adam at a huge learning rate can go on with finite losses of 1e27; this catches it.
    /// </summary>
    public double? DivergenceFactor { get; init; }

    /// <summary>The whole-training-set loss before the first step, when <see cref="DivergenceFactor"/> asked for it (a checkpoint keeps it).</summary>
    public double? StartingLoss
    {
        get => _startingLoss;
        set
        {
            _startingLoss = value;
            _divergeAbove = DivergenceLimit();
        }
    }

    private double? _startingLoss;

    /// <summary>
    /// Asks the <see cref="Fit"/> or <see cref="RunEpoch"/> in progress to return after the step it is taking (early
    /// stopping calls it from <see cref="EpochEnded"/>). The next Fit or RunEpoch starts afresh; a stop asked from
    /// another thread that must not be missed goes through <see cref="Cancellation"/>.
    /// </summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>Whether a stop was asked for (<see cref="RequestStop"/> or <see cref="Cancellation"/>).</summary>
    public bool StopRequested => _stopRequested || Cancellation.IsCancellationRequested;

    private volatile bool _stopRequested;

    /// <summary>True once <see cref="Fit"/> has nothing left to do: every epoch run, <see cref="MaxSteps"/> reached, or <see cref="TargetLoss"/> met.</summary>
    public bool IsFinished
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get =>
        StepInEpoch == 0 && (CompletedEpochs >= Epochs || CompletedSteps >= MaxSteps
                             || (TargetLoss is double target && History.Epochs.LastTrainLoss < target));
    }

    /// <summary>
    /// Trains on <paramref name="train"/> until <see cref="IsFinished"/> or a stop is requested, evaluating
    /// <paramref name="validation"/> after every epoch when given.
    /// </summary>
    public TrainingHistory Fit(Dataset<T> train, Dataset<T>? validation = null)
    {
        Start(train, validation);
        _stopRequested = false;
        using var scope = EnterCompute();
        try
        {
            while (!IsFinished && !StopRequested) RunEpochs(untilFinished: true);
        }
        finally
        {
            _fast?.EndRun();
        }
        return History;
    }

    /// <summary>
    /// Runs the rest of the epoch in progress, or a whole new one; returns its record, or null when a stop was
    /// requested before it ended (the epoch then stays in progress, and Step or RunEpoch continues it).
    /// </summary>
    public EpochRecord? RunEpoch()
    {
        RequireStarted();
        _stopRequested = false;
        using var scope = EnterCompute();
        RunEpochs(untilFinished: false);
        return StepInEpoch == 0 ? History.Epochs[^1] : null;
    }

    /// <summary>Takes one step, a batch through forward, loss, backward and update, and returns its loss (measured before the update).</summary>
    public double Step()
    {
        RequireStarted();
        using var scope = EnterCompute();
        if (StepInEpoch == 0) BeginEpoch(_plain);
        double loss = Step(_plain);
        if (EpochIsOver) _plain.EndEpoch(mayGroup: false);
        return loss;
    }

    /// <summary>
    /// The epoch loop: the rest of the epoch in progress or a whole new one, and with <paramref name="untilFinished"/>
    /// (Fit) every epoch the run has left. Whole epochs step by the fast plan when there is one; an epoch begun by
    /// plain steps is finished by plain steps.
    /// </summary>
    private void RunEpochs(bool untilFinished)
    {
        bool midEpoch = StepInEpoch != 0;
        var plan = midEpoch || _fast is null ? _plain : _fast;
        // Epochs that nothing watches one by one may be timed in groups; nothing unwatched can start watching mid-run.
        bool mayGroup = untilFinished && !Watched;
        try
        {
            do
            {
                if (StepInEpoch == 0) BeginEpoch(plan);
                while (!EpochIsOver)
                {
                    Step(plan);
                    if (!EpochIsOver && StopRequested)
                    {
                        plan.Abandon();    // stopped mid-epoch: a plain Step continues it, gathering for itself
                        return;
                    }
                }
                plan.EndEpoch(mayGroup);
            }
            while (untilFinished && !midEpoch && !IsFinished && !StopRequested);
        }
        catch
        {
            plan.Abandon();    // a batch still being gathered (a diverging loss ended the epoch) is waited for
            throw;
        }
        finally
        {
            plan.Pause();
        }
    }

    /// <summary>
    /// The step, the one place it is written: the batch, Forward, the loss, Backward (every layer fills its ∂E/∂w, or
    /// takes its SGD step there when the plan says so), the optimizer's update with the hooks around it. The plan says
    /// where the batch comes from and how each layer runs; it changes no number.
    /// </summary>
    private double Step(StepPlan<T> plan)
    {
        bool clocked = plan.ClocksSteps;
        long start = clocked ? Stopwatch.GetTimestamp() : 0;
        TakeBatch(plan);                                                         // the batch
        var output = Network.Forward(Batch.Inputs, plan.AfterFirstLayer);       // forward
        double loss = ComputeLoss(output);                                       // E, and ∂E/∂y into Batch.Gradient
        Network.Backward(Batch.Gradient, _gradientIsForLogits, plan.Backward);     // backward
        Update(plan.Updated);                                                    // update (the hooks around it)
        EndStep();
        if (clocked)
        {
            long ticks = Stopwatch.GetTimestamp() - start;
            _epochTicks += ticks;
            plan.StepTook(ticks);
        }
        return loss;
    }

    /// <summary>Makes this trainer's compute context current until the scope ends (the one already current when it has none).</summary>
    private ComputeContext.Scope EnterCompute() => (Compute ?? ComputeContext.Current).Use();

    /// <summary>
    /// Prepares a run on <paramref name="train"/> (and <paramref name="validation"/>): checks the shapes and makes the
    /// buffers. <see cref="Step()"/> and <see cref="RunEpoch"/> need it first; <see cref="Fit"/> calls it. Called again with
    /// the same data it changes nothing, so a paused run continues.
    /// </summary>
    public void Start(Dataset<T> train, Dataset<T>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        _divergeAbove = DivergenceLimit();    // DivergenceFactor is set by now (an initializer may set StartingLoss first)
        if (ReferenceEquals(train, _train) && ReferenceEquals(validation, _validation)) return;
        if (StepInEpoch != 0)
            throw new InvalidOperationException($"Epoch {CompletedEpochs + 1} is in progress on other data: finish it (RunEpoch) before training on new data.");
        if (train.Count == 0) throw new BackpropException("The training set is empty.");
        if (train.InputSize != Network.InputSize)
            throw new BackpropException($"The data has {train.InputSize} input columns but the network expects {Network.InputSize}.");
        if (train.TargetSize != Network.OutputSize)
            throw new BackpropException($"The data has {train.TargetSize} target columns but the network gives {Network.OutputSize} outputs.");
        if (Batching is BatchMode.MiniBatch { Size: <= 0 } mb)
            throw new BackpropException($"The batch size must be at least 1, got {mb.Size}.");
        if (Epochs < 0) throw new BackpropException($"The number of epochs must be zero or more, got {Epochs}.");
        int n = train.Count;
        SampleOrder ??= [.. Enumerable.Range(0, n)];
        if (SampleOrder.Length != n)
            throw new BackpropException($"The sample order to resume from has {SampleOrder.Length} entries but the training set has {n} samples.");
        Network.CheckLastLayerFor(Loss.GradientIsForLogits);   // a loss that needs a final Softmax says so now
        _train = train;
        _validation = validation;
        Batch = new BatchBuffers<T>(Batching.MaxRows(n), train.InputSize, train.TargetSize);
        _gathered = false;
        _samples = n;
        _fullBatch = Batching is BatchMode.FullBatch;
        _labelled = train.LabelNames is not null;
        _drawsOne = Batching is BatchMode.Stochastic { WithReplacement: true };
        _shuffles = Batching.Shuffles;
        _stepsPerEpoch = Batching.StepsPerEpoch(n);
        _maxSteps = MaxSteps ?? long.MaxValue;
        _recordEvery = RecordEvery ?? 0;
        _gradientIsForLogits = Loss.GradientIsForLogits;
        _plain = StepPlan<T>.Plain(this, train);
        _fast = UseFastPath ? StepPlan<T>.Fast(this, train) : null;
        if (DivergenceFactor is not null && StartingLoss is null)
        {
            using var scope = EnterCompute();
            StartingLoss = Evaluation.Run(Network, Loss, train, EvaluationBatchSize).Loss;
        }
    }

    /// <summary>The loss and (for classifiers) the accuracy of the network on <paramref name="data"/>.</summary>
    public (double Loss, double? Accuracy) Evaluate(Dataset<T> data)
    {
        using var scope = EnterCompute();
        return Evaluation.Run(Network, Loss, data, EvaluationBatchSize);
    }

    // ───── The pieces of a step ─────

    private Dataset<T>? _train, _validation;
    private StepPlan<T> _plain = null!;
    private StepPlan<T>? _fast;
    private bool _gathered;
    // How the run walks its data, fixed by Start: samples, steps an epoch, shuffled slices of the sample order or
    // one random sample a step, and the whole set as one batch.
    private int _samples, _stepsPerEpoch;
    private bool _shuffles, _drawsOne, _fullBatch, _labelled, _gradientIsForLogits;
    private long _maxSteps;
    private int _recordEvery;      // RecordEvery, or 0
    private double _divergeAbove = double.PositiveInfinity;  // the loss that counts as diverged: DivergenceLimit(), kept when its inputs are set
    private int _stepsThisEpoch;
    private double _lossSum;
    private long _seen, _correct, _epochTicks;
    private readonly int[] _single = new int[1];

    /// <summary>The current batch: inputs, targets and ∂E/∂(output).</summary>
    internal BatchBuffers<T> Batch { get; private set; } = null!;

    /// <summary>True when the epoch in progress has taken its last step.</summary>
    private bool EpochIsOver
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => StepInEpoch == _stepsThisEpoch || CompletedSteps >= _maxSteps;
    }

    /// <summary>The time of the epoch in progress, as the sum of its steps' times.</summary>
    internal double SteppedSeconds => (double)_epochTicks / Stopwatch.Frequency;

    private void RequireStarted()
    {
        if (_train is null) throw new InvalidOperationException("The trainer has no data yet: call Start(train) (or Fit) first.");
    }

    /// <summary>Starts an epoch: readies the plan, and shuffles the sample order when batches are slices of it.</summary>
    private void BeginEpoch(StepPlan<T> plan)
    {
        plan.BeginEpoch();
        if (_shuffles) Random.Shuffle<int>(SampleOrder);
        _stepsThisEpoch = _stepsPerEpoch;
        _lossSum = 0;
        _seen = _correct = _epochTicks = 0;
        LastStep.Epoch = CompletedEpochs + 1;
    }

    /// <summary>
    /// The step's batch: gathered now, or collected from the plan's prefetch, which gathered it on a worker during the
    /// step before; then, when the plan gathers ahead, the next batch of the epoch is armed for the worker. A full
    /// batch is gathered once: its rows and indices never change, so its later steps take it as it is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private void TakeBatch(StepPlan<T> plan)
    {
        if (_fullBatch && _gathered) return;
        var indices = NextIndices();
        if (!LastStep.Indices.Equals(indices)) LastStep.Indices = indices;   // the same indices (a one-sample draw's buffer) are not stored again
        if (plan.Prefetch is { Running: true } prefetch)
        {
            prefetch.Collect(Batch);
            Batch.Gradient.SetRowCount(indices.Length);
        }
        else Gather(indices);
        if (plan.GathersAhead && StepInEpoch + 1 < _stepsThisEpoch && CompletedSteps + 1 < _maxSteps)
            plan.Prefetch!.Arm(IndicesOfStep(StepInEpoch + 1));
    }

    /// <summary>The sample indices of this step's batch (for sampling with replacement, a random one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private ReadOnlyMemory<int> NextIndices()
    {
        if (_drawsOne)
        {
            _single[0] = (int)Random.RandInt(_samples);
            return _single;
        }
        return IndicesOfStep(StepInEpoch);
    }

    /// <summary>The indices of step <paramref name="step"/> of this epoch when batches are slices of the sample order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private ReadOnlyMemory<int> IndicesOfStep(int step)
    {
        int offset = step * Batch.MaxRows;
        return new ReadOnlyMemory<int>(SampleOrder, offset, Math.Min(Batch.MaxRows, _samples - offset));
    }

    /// <summary>Gathers the batch <paramref name="indices"/> into <see cref="Batch"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private void Gather(ReadOnlyMemory<int> indices)
    {
        Batch.SetRows(indices.Length);
        _train!.Gather(indices.Span, Batch.Inputs, Batch.Targets);
        _gathered = true;
    }

    /// <summary>The batch's loss E, with ∂E/∂(output) written into <see cref="Batch"/>; counts the step and stops a diverging run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private double ComputeLoss(Matrix<T> output)
    {
        var y = Batch.Targets;
        double loss = double.CreateChecked(Loss.Compute(output, y, Batch.Gradient));
        CompletedSteps++;
        if (!double.IsFinite(loss) || loss > _divergeAbove) Diverged(loss);
        _lossSum += loss * output.Rows;
        _seen += output.Rows;
        if (_labelled) _correct += Metrics.CountCorrect(output, y);
        var step = LastStep;
        step.Step = CompletedSteps; step.Loss = loss;
        step.SetBatch(Batch.Inputs, y, output, Batch.Gradient);
        return loss;
    }

    /// <summary>The loss above which a step counts as diverged: <see cref="DivergenceFactor"/> × <see cref="StartingLoss"/>, or none.</summary>
    private double DivergenceLimit() => DivergenceFactor * StartingLoss ?? double.PositiveInfinity;

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private void Diverged(double loss) =>
        throw TrainingDivergedException.For(CompletedEpochs + 1, CompletedSteps, loss, DivergenceFactor, StartingLoss, Optimizer.LearningRate, Batch.Inputs);

    /// <summary>The optimizer's step on <paramref name="parameters"/>, with <see cref="BeforeUpdate"/> and <see cref="AfterUpdate"/> around it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private void Update(Parameter<T>[] parameters)
    {
        BeforeUpdate?.Invoke(LastStep);
        Optimizer.Step(parameters);
        AfterUpdate?.Invoke(LastStep);
    }

    /// <summary>Ends a step: counts it in the epoch, and measures the whole-set loss when <see cref="RecordEvery"/> asks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private void EndStep()
    {
        StepInEpoch++;
        if (_recordEvery > 0 && (CompletedSteps - 1) % _recordEvery == 0)
            History.Steps.Add(new StepRecord(CompletedSteps - 1, Evaluation.Run(Network, Loss, _train!, EvaluationBatchSize).Loss));
    }

    /// <summary>Ends the epoch: records it (taking <paramref name="seconds"/>), evaluates the validation set, calls <see cref="EpochEnded"/>.</summary>
    internal void EndEpoch(double seconds)
    {
        StepInEpoch = 0;
        CompletedEpochs++;
        History.Epochs.Add(CompletedEpochs, CompletedSteps, _lossSum / _seen, _labelled ? (double)_correct / _seen : null,
            null, null, seconds);
        if (_validation is not null)
        {
            var (loss, accuracy) = Evaluation.Run(Network, Loss, _validation, EvaluationBatchSize);
            History.Epochs.SetLastValidation(loss, accuracy);
        }
        EpochEnded?.Invoke(History.Epochs[^1]);
    }

    /// <summary>Whether anything watches epochs or steps one by one (validation, callbacks), so that each epoch must be timed on its own.</summary>
    private bool Watched => _validation is not null || EpochEnded is not null || BeforeUpdate is not null || AfterUpdate is not null;
}
