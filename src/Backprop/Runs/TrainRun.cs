using System.Numerics;
using Backprop.Data;
using Backprop.Optimizers;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Runs;

/// <summary>
/// A training run as <see cref="TrainSettings"/> ask for it, set up in one place so that <c>backprop train</c>, the
/// playground page, the C# program the page shows and the ML.NET trainer start the same run from the same settings and
/// seed: the prepared data, the network, loss, optimizer and trainer, and the early stopping and learning-rate schedule
/// attached to it. <see cref="Fit"/> trains it; <see cref="Finish"/> leaves the network as a model file should hold it.
/// </summary>
/// <example>
/// <code>
/// var model = TrainRun&lt;float&gt;.Create(new TrainSettings { Data = "iris.csv", Layers = [16] }).Train();
/// var answers = model.Network.Predict(rows);
/// </code>
/// </example>
public sealed class TrainRun<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private bool _finished;
    private readonly ComputeContext? _compute;
    private readonly CancellationToken _cancel;
    private readonly Func<TrainSettings, TrainPlan, PreparedData<T>> _prepare;

    private TrainRun(TrainSettings settings, TrainPlan plan, PreparedData<T> data, NetworkRecipe recipe, Network<T> network, Trainer<T> trainer,
        EarlyStopping<T>? stopping, LearningRateSchedule schedule, ComputeContext? compute, CancellationToken cancel, Func<TrainSettings, TrainPlan, PreparedData<T>> prepare)
    {
        (Settings, Plan, Data, Recipe, Network, Trainer, Stopping, Schedule) = (settings, plan, data, recipe, network, trainer, stopping, schedule);
        (_compute, _cancel, _prepare) = (compute, cancel, prepare);
    }

    /// <summary>The settings, checked.</summary>
    public TrainSettings Settings { get; }
    /// <summary>How long the run goes and what stops it.</summary>
    public TrainPlan Plan { get; }
    /// <summary>The data after splitting and normalising.</summary>
    public PreparedData<T> Data { get; }
    /// <summary>The network as the settings and the data describe it.</summary>
    public NetworkRecipe Recipe { get; }
    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }
    /// <summary>The trainer, for stepping the run one step or one epoch at a time.</summary>
    public Trainer<T> Trainer { get; }
    /// <summary>Early stopping on the validation loss (the training loss without a validation set), or null when the run has a fixed length.</summary>
    public EarlyStopping<T>? Stopping { get; }
    /// <summary>The learning-rate schedule, attached to the trainer.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>The loss's registry name.</summary>
    public string Loss => Recipe.Loss;

    /// <summary>The set evaluated after each epoch: the validation set, else the test set.</summary>
    public Dataset<T>? HeldOut => Data.Validation ?? Data.Test;

    /// <summary>A step whose loss exceeds this many times the untrained network's is taken as divergence (Adam can go on with finite losses of 1e27).</summary>
    public const double DivergenceFactor = 1000;

    /// <summary>Reads and prepares the data of <paramref name="settings"/> and sets the run up on it.</summary>
    public static TrainRun<T> Create(TrainSettings settings, ComputeContext? compute = null, CancellationToken cancel = default)
    {
        settings.Validate();
        var plan = TrainPlan.For(settings);
        return Create(settings, plan, PreparedData<T>.Load(settings, plan), compute, cancel);
    }

    /// <summary>
    /// Sets the run up on data already prepared for <paramref name="plan"/>: the seed draws the weights first, then
    /// shuffles the batches. A network too big for the memory there is is refused here, before any of it is made.
    /// <paramref name="prepare"/> prepares the data again for other settings (the refit on every row); by default it
    /// loads <see cref="TrainSettings.Data"/> as <see cref="PreparedData{T}.Load"/> does.
    /// </summary>
    public static TrainRun<T> Create(TrainSettings settings, TrainPlan plan, PreparedData<T> data, ComputeContext? compute = null, CancellationToken cancel = default,
        Func<TrainSettings, TrainPlan, PreparedData<T>>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        var s = settings;
        var random = new NumPyRandomState(s.Seed);
        if (s.InputShape is { } given && data.ImageShape is { } images && given != images)
            throw new BackpropException($"--input-shape {given}: the images of {data.Source} are {images}, and their shape is read from the files; " +
                                        $"leave out --input-shape (or give {images}).");
        var recipe = new NetworkRecipe(s.Layers, s.Activation, data.Loss, s.Init) { InputShape = s.InputShape ?? data.ImageShape };
        // A batch larger than the data is the whole data (as PyTorch's DataLoader takes it): that is what is sized.
        MemoryEstimate.Check<T>(recipe, data.Train.InputSize, data.Train.TargetSize, s.Batching.MaxRows(data.Train.Count), s.Optimizer,
            fix: s.Batching is BatchMode.MiniBatch { Size: > 256 } ? "use smaller layers (--layers) or a smaller --batch-size" : "use smaller layers (--layers)");
        var network = recipe.Build<T>(data.Train.InputSize, data.Train.TargetSize, random);
        var optimizer = OptimizerFactory.Create<T>(s.Optimizer, new OptimizerSettings(s.EffectiveLearningRate, s.Momentum, s.WeightDecay, s.L1));
        var trainer = new Trainer<T>(network, Losses.Loss.Create<T>(data.Loss), optimizer)
        {
            Batching = s.Batching, Epochs = plan.Epochs, TargetLoss = s.TargetLoss, Random = random, Compute = compute,
            Cancellation = cancel, DivergenceFactor = DivergenceFactor,
        };
        // Early stopping and the plateau schedule watch the validation loss; never the test set's, which must not choose.
        bool trainingLossOnly = data.Validation is null;
        var stopping = plan.Patience is int patience ? new EarlyStopping<T>(patience, monitorTrainingLoss: trainingLossOnly) : null;
        var schedule = LearningRateSchedules.Create(s.LrSchedule, optimizer, plan.Epochs);
        stopping?.Attach(trainer);
        schedule.Attach(trainer, trainingLossOnly);
        return new TrainRun<T>(s, plan, data, recipe, network, trainer, stopping, schedule, compute, cancel, prepare ?? PreparedData<T>.Load);
    }

    /// <summary>Trains until the plan's stop: the epochs, the target loss or early stopping.</summary>
    public TrainingHistory Fit() => Trainer.Fit(Data.Train, HeldOut);

    /// <summary>Whether a stop condition is met: the epochs asked for, the target loss, or early stopping's patience run out.</summary>
    public bool IsFinished => Trainer.IsFinished || Stopping?.StoppedEpoch is not null;

    /// <summary>
    /// Why the run ended, as <c>backprop train</c> says it: early stopping's patience run out, the training loss below
    /// the target loss, or the epochs done; and the epoch whose weights it keeps (null: the last). With
    /// <paramref name="countOnly"/>, the model is trained again for the best epoch's count (<see cref="EarlyStopping{T}.KeptNote"/>).
    /// </summary>
    public (string Reason, int? KeptEpoch) Ended(bool countOnly = false)
    {
        double factor = Data.LossFactor;
        int done = Trainer.CompletedEpochs;
        // Without early stopping the last epoch's weights are the only ones there are: nothing to say about keeping.
        string kept = Stopping?.KeptNote(factor, countOnly) ?? "";
        if (Stopping?.StopReason(factor, countOnly) is string reason) return (reason, Stopping.BestEpoch);
        int? keptEpoch = Stopping is { BestEpoch: > 0 } b ? b.BestEpoch : null;
        if (Settings.TargetLoss is double target && done < Plan.Epochs)
            return ($"stopped after epoch {done}: the training loss fell below --target-loss {target}{kept}", keptEpoch);
        string budget = Settings.Epochs is null ? $"the budget of {Plan.Epochs} epochs (--epochs to change it)" : $"--epochs {Plan.Epochs}";
        return ($"trained {(done == 1 ? "1 epoch" : $"{done} epochs")}, {budget}{kept}", keptEpoch);
    }

    /// <summary>
    /// Whether the model is trained again on every row (<see cref="Refit"/>): early stopping chose the number of epochs
    /// on a validation part that the settings did not ask for, so those rows go back in. With a validation split given,
    /// <see cref="TrainSettings.NoRefit"/>, or a fixed number of epochs, the run's own network is the model.
    /// </summary>
    public bool RefitsOnAllRows => !Settings.NoRefit && Settings.ValidationSplit is null && Data.Validation is not null && Stopping is { BestEpoch: > 0 };

    /// <summary>
    /// The run that trains the model on every training row: a fresh network from the same seed, trained for the epochs
    /// early stopping kept (the normalisation fitted on every row too). Measured on small tables, this is what closes
    /// most of the gap to scikit-learn's MLP, which trains on every row (docs/own-data.md).
    /// </summary>
    public TrainRun<T> Refit()
    {
        if (!RefitsOnAllRows) throw new InvalidOperationException("Only a run whose early stopping held out a default validation part is refitted.");
        var s = Settings with { ValidationSplit = 0, Epochs = Stopping!.BestEpoch, EarlyStopping = null, NoEarlyStopping = false, NoRefit = true };
        var plan = TrainPlan.For(s);
        return Create(s, plan, _prepare(s, plan), _compute, _cancel, _prepare);
    }

    /// <summary>
    /// Trains the model as <c>backprop train</c> does: <see cref="Fit"/>, then, when <see cref="RefitsOnAllRows"/>, the
    /// <see cref="Refit"/> on every row, and <see cref="Finish"/>. Returns the run whose network is the model.
    /// <paramref name="phase"/>, when given, runs each phase's fit (the run, and the refit's run when there is one), so
    /// that a caller can watch it (the command line's progress bar).
    /// </summary>
    public TrainRun<T> Train(Action<TrainRun<T>, Action>? phase = null)
    {
        phase ??= (_, fit) => fit();
        phase(this, () => Fit());
        var model = RefitsOnAllRows && !_cancel.IsCancellationRequested ? Refit() : this;
        if (model != this) phase(model, () => model.Fit());
        model.Finish();
        return model;
    }

    /// <summary>
    /// Makes the trained network the model: the best epoch's weights when early stopping kept them, and a regression
    /// target's scaling folded into the output layer, so that it answers in the target's own units. Call it once, after
    /// training; the run cannot train on afterwards.
    /// </summary>
    public Network<T> Finish()
    {
        if (_finished) return Network;
        _finished = true;
        Stopping?.RestoreBest(Trainer);
        Data.TargetScaling?.FoldInto(Network);
        return Network;
    }

    /// <summary>What a model file records of this run: the task, loss, normalisation and label names.</summary>
    public Serialization.ModelMetadata Metadata(bool forCheckpoint = false) => Data.Metadata(forCheckpoint);
}
