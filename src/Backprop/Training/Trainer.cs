using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// Trains a network: for each batch, Forward → loss → Backward → optimizer step, then history and callbacks.
/// Buffers are made once, so a running loop allocates nothing.
/// </summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a trainer for <paramref name="network"/>.</summary>
    public Trainer(Network<T> network, ILoss<T> loss, Optimizer<T> optimizer)
    {
        Network = network;
        Loss = loss;
        Optimizer = optimizer;
    }

    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }

    /// <summary>The loss being minimised.</summary>
    public ILoss<T> Loss { get; }

    /// <summary>The optimizer that applies the updates.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>How each epoch is cut into batches; full batch by default.</summary>
    public BatchMode Batching { get; init; } = new BatchMode.FullBatch();

    /// <summary>Number of epochs to train (counting epochs already completed).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Stop after this many steps in all, if set.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Stop after the first epoch whose training loss is below this value, if set.</summary>
    public double? TargetLoss { get; init; }

    /// <summary>When set to K, measure the loss over the whole training set after steps 0, K, 2K, … (counted from 0).</summary>
    public int? RecordEvery { get; init; }

    /// <summary>Batch size used to evaluate validation data and the whole-set loss.</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>The random numbers for shuffling and sampling.</summary>
    public NumPyRandomState Random { get; init; } = new(0);

    /// <summary>
    /// Whether the steps' matrix products may drop to one thread while that is clearly faster (default true). On a
    /// VM whose two vCPUs share one physical core for a while, a second thread costs more than it gives; see
    /// docs/ARCHITECTURE.md. Results are the same either way; false keeps every product at <see cref="Gemm.MaxThreads"/>.
    /// </summary>
    public bool TuneThreads { get; init; } = true;

    /// <summary>Epochs completed so far (set it to resume a run from a checkpoint).</summary>
    public int CompletedEpochs { get; set; }

    /// <summary>Steps taken so far, in all.</summary>
    public long CompletedSteps { get; set; }

    /// <summary>
    /// The order of the training samples after the last shuffle. Each epoch shuffles this order further (as
    /// NumPy's in-place shuffle does), so a checkpoint keeps it and a resumed run sets it to continue identically.
    /// </summary>
    public int[]? SampleOrder { get; set; }

    /// <summary>The history of this run (a resumed run continues the one it is given).</summary>
    public TrainingHistory History { get; set; } = new();

    /// <summary>Called after Backward and before the optimizer step: gradients are filled, weights not yet updated.</summary>
    public Action<StepContext<T>>? BeforeUpdate { get; set; }

    /// <summary>Called after the optimizer step.</summary>
    public Action<StepContext<T>>? AfterUpdate { get; set; }

    /// <summary>Called after each epoch, with its record.</summary>
    public Action<EpochRecord>? EpochEnded { get; set; }

    /// <summary>Trains on <paramref name="train"/>, evaluating <paramref name="validation"/> after every epoch when given.</summary>
    public TrainingHistory Fit(Dataset<T> train, Dataset<T>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new BackpropException("The training set is empty.");
        if (train.InputSize != Network.InputSize)
            throw new BackpropException($"The data has {train.InputSize} input columns but the network expects {Network.InputSize}.");
        if (train.TargetSize != Network.OutputSize)
            throw new BackpropException($"The data has {train.TargetSize} target columns but the network gives {Network.OutputSize} outputs.");
        if (Batching is BatchMode.MiniBatch { Size: <= 0 } mb)
            throw new BackpropException($"The batch size must be at least 1, got {mb.Size}.");
        if (Epochs < 0) throw new BackpropException($"The number of epochs must be zero or more, got {Epochs}.");

        int n = train.Count, rows = Batching.MaxRows(n);
        var order = SampleOrder ?? [.. Enumerable.Range(0, n)];
        if (order.Length != n)
            throw new BackpropException($"The sample order to resume from has {order.Length} entries but the training set has {n} samples.");
        SampleOrder = order;
        var x = new Matrix<T>(rows, train.InputSize);
        var y = new Matrix<T>(rows, train.TargetSize);
        var grad = new Matrix<T>(rows, Network.OutputSize);
        var single = new int[1];
        var context = new StepContext<T>(Network);
        bool classifier = train.LabelNames is not null;
        bool fullBatch = Batching is BatchMode.FullBatch, withReplacement = Batching is BatchMode.Stochastic { WithReplacement: true };
        bool shuffle = Batching is BatchMode.MiniBatch or BatchMode.Stochastic { WithReplacement: false };
        bool gathered = false, logits = Loss.GradientIsForLogits;
        // Epoch timing. A clock read costs about 25 ns here, a sixth of an epoch of the 9-line neuron, and an epoch
        // that short cannot be timed on its own anyway. So while epochs take under 5 µs and nothing watches them
        // one by one (no callback, no validation), they are timed in groups of up to 64: each enters History as it
        // ends and gets the group's mean time when the group closes. Otherwise every epoch is timed as it ends.
        // One epoch's end is the next one's start (unless validation ran in between).
        bool mayGroup = validation is null && EpochEnded is null && BeforeUpdate is null && AfterUpdate is null;
        int pendingCount = 0, groupSize = 1;
        var stepped = FoldPlainSgd(rows);
        var tuner = new ThreadTuner(Gemm.MaxThreads, ThreadTuner.MinStepTicks, switching: TuneThreads);
        var prefetch = Batching is BatchMode.MiniBatch && Gemm.MaxThreads > 1 && train.GathersConcurrently ? new BatchPrefetch<T>(train, rows) : null;
        Network.AfterFirstLayer = prefetch?.Start;
        long start = Stopwatch.GetTimestamp();
        try
        {
            while (CompletedEpochs < Epochs && !(CompletedSteps >= MaxSteps))
            {
                int epoch = CompletedEpochs + 1;
                if (shuffle) Random.Shuffle<int>(order);
                int stepsThisEpoch = fullBatch ? 1 : (n + rows - 1) / rows;
                double lossSum = 0;
                long seen = 0, correct = 0;
                for (int s = 0; s < stepsThisEpoch && !(CompletedSteps >= MaxSteps); s++)
                {
                    int[] source = order;
                    int offset = s * rows, count = Math.Min(rows, n - offset);
                    if (withReplacement)
                    {
                        single[0] = (int)Random.RandInt(n);
                        source = single; offset = 0; count = 1;
                    }
                    var indices = new ReadOnlyMemory<int>(source, offset, count);
                    long stepStart = tuner.Active ? Stopwatch.GetTimestamp() : 0;
                    if (!(fullBatch && gathered))
                    {
                        // A full batch is the same every epoch: gather it once.
                        grad.SetRowCount(count);
                        if (prefetch is { Running: true }) prefetch.Collect(ref x, ref y);
                        else
                        {
                            x.SetRowCount(count); y.SetRowCount(count);
                            train.Gather(indices.Span, x, y);
                        }
                        gathered = true;
                    }

                    // The next batch of this epoch is gathered on the worker during this step (see BatchPrefetch).
                    if (prefetch is not null && tuner.WorthThreads && s + 1 < stepsThisEpoch && !(CompletedSteps + 1 >= MaxSteps))
                        prefetch.Arm(new ReadOnlyMemory<int>(order, offset + rows, Math.Min(rows, n - offset - rows)));
                    var output = Network.Forward(x);
                    double loss = double.CreateChecked(Loss.Compute(output, y, grad));
                    CompletedSteps++;
                    if (!double.IsFinite(loss))
                        throw new TrainingDivergedException(epoch, CompletedSteps, loss, Optimizer.LearningRate);
                    lossSum += loss * count;
                    seen += count;
                    if (classifier) correct += Metrics.CountCorrect(output, y);
                    Network.Backward(grad, logits);

                    if (BeforeUpdate is null && AfterUpdate is null) Optimizer.Step(stepped);
                    else
                    {
                        context.Epoch = epoch; context.Step = CompletedSteps; context.Indices = indices;
                        context.Inputs = x; context.Targets = y; context.Output = output; context.OutputGradient = grad; context.Loss = loss;
                        BeforeUpdate?.Invoke(context);
                        Optimizer.Step(stepped);
                        AfterUpdate?.Invoke(context);
                    }

                    if (tuner.Active)
                    {
                        tuner.Record(Stopwatch.GetTimestamp() - stepStart);
                        Gemm.LimitThreadsHere(tuner.Threads);
                    }

                    if (RecordEvery is int k && (CompletedSteps - 1) % k == 0)
                        History.Steps.Add(new StepRecord(CompletedSteps - 1, Evaluate(train).Loss));
                }
                CompletedEpochs = epoch;
                double trainLoss = lossSum / seen;
                History.Epochs.Add(epoch, CompletedSteps, trainLoss, classifier ? (double)correct / seen : null, null, null, 0);
                pendingCount++;
                bool last = trainLoss < TargetLoss || CompletedEpochs >= Epochs || CompletedSteps >= MaxSteps;
                if (pendingCount == groupSize || last)
                {
                    long end = Stopwatch.GetTimestamp();
                    double seconds = (double)(end - start) / Stopwatch.Frequency / pendingCount;
                    start = end;
                    if (mayGroup)
                        groupSize = seconds < GroupBelowSeconds ? Math.Min(2 * groupSize, MaxTimingGroup) : 1;
                    int reported = pendingCount;
                    pendingCount = 0;
                    History.Epochs.SetLastSeconds(reported, seconds);
                    if (validation is not null)
                    {
                        // Never grouped: this epoch is the last entry.
                        var (loss, accuracy) = Evaluate(validation);
                        start = Stopwatch.GetTimestamp();
                        History.Epochs.SetLastValidation(loss, accuracy);
                    }
                    if (EpochEnded is not null) EpochEnded(History.Epochs[^1]);
                }
                if (trainLoss < TargetLoss) break;
            }
        }
        finally
        {
            // A batch still being gathered (the loop ended early, by an exception) is waited for.
            prefetch?.Abandon();
            Network.AfterFirstLayer = null;
            Gemm.LimitThreadsHere(0);
            History.StepsOnOneThread += tuner.StepsOnOne;
            foreach (var layer in Network.Layers)
                if (layer is Dense<T> dense) dense.FoldedStepSize = null;
            // An exception (a diverging loss) can leave a timing group open: time its finished epochs too.
            if (pendingCount > 0)
                History.Epochs.SetLastSeconds(pendingCount, (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency / pendingCount);
        }
        return History;
    }

    /// <summary>
    /// With plain SGD (no weight decay) and no <see cref="BeforeUpdate"/> hook to look at gradients, each Dense layer
    /// whose products are past the textbook-order sizes takes its own step inside Backward
    /// (<see cref="Dense{T}.FoldedStepSize"/>), which saves two passes over its weights; the tutorials' tiny layers keep
    /// the separate step, and so their exact numbers. Returns the parameters the optimizer still updates.
    /// </summary>
    private Parameter<T>[] FoldPlainSgd(int rows)
    {
        var all = Network.Parameters.ToArray();
        if (Optimizer is not Sgd<T> { WeightDecay: 0 } || BeforeUpdate is not null) return all;
        var folded = new HashSet<Parameter<T>>();
        foreach (var layer in Network.Layers)
        {
            if (layer is Dense<T> dense && (long)dense.InputSize * dense.OutputSize * rows > Gemm.TinyProduct)
            {
                dense.FoldedStepSize = T.CreateChecked(Optimizer.LearningRate);
                folded.UnionWith(dense.Parameters);
            }
        }
        return [.. all.Where(p => !folded.Contains(p))];
    }

    /// <summary>Epochs shorter than this (5 µs) may be timed in groups.</summary>
    private const double GroupBelowSeconds = 5e-6;

    /// <summary>The most epochs timed together.</summary>
    private const int MaxTimingGroup = 64;

    /// <summary>The loss and (for classifiers) the accuracy of the network on <paramref name="data"/>.</summary>
    public (double Loss, double? Accuracy) Evaluate(Dataset<T> data) => Evaluation.Run(Network, Loss, data, EvaluationBatchSize);
}
