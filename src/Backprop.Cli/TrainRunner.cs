using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Optimizers;
using Backprop.Runs;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>What a training run produced, for printing and for --json.</summary>
internal sealed record TrainOutcome(
    string Data, int TrainSamples, int? ValidationSamples, int? TestSamples, string Summary, TrainingHistory History,
    double SamplesPerSecond, double? TestLoss, double? TestAccuracy, RegressionMetrics? TestRegression, long PeakMemoryBytes,
    IReadOnlyList<string> Files, IReadOnlyList<(string Input, string Output)> Answers, RunView View, StopInfo Stop, IReadOnlyList<string> Notes,
    IReadOnlyList<LayerFlops> Flops);

/// <summary>Why a run ended and which epoch's weights it kept; <see cref="Interrupted"/> when Ctrl-C ended it;
/// <see cref="RefitEpochs"/> is the epochs of the training again on every row, when there was one.</summary>
internal sealed record StopInfo(string Reason, int? KeptEpoch, bool Interrupted = false, string? ResumeFrom = null, int? RefitEpochs = null);

/// <summary>Wires the library together for <c>backprop train</c>: data → network → trainer → model file and plots.</summary>
internal static class TrainRunner
{
    public static TrainOutcome Run(TrainSettings s, TrainingReport report, CancellationToken cancel) =>
        s.Type == "double" ? Run<double>(s, report, cancel) : Run<float>(s, report, cancel);

    private static TrainOutcome Run<T>(TrainSettings s, TrainingReport report, CancellationToken cancel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = TrainPlan.For(s);
        OutputCheck.Before(s);
        // Hidden layers too big for the data are refused before the data is even read (the exact check follows): for the
        // built-in images with their known shape, otherwise with one input and one output. The batch is left out here:
        // it cannot be larger than the data, which is not read yet.
        var known = DataSources.KnownBeforeReading(s.Data);
        var early = s.RecipeBeforeData with { InputShape = s.InputShape ?? known?.Shape };
        MemoryEstimate.Check<T>(early, early.InputShape?.Size ?? 1, known?.Outputs ?? 1, 1, s.Optimizer,
            $"--layers {string.Join(",", s.Layers)}: " + (known is null ? "even with one input and one output, the network" : $"on {s.Data}'s images, the network"));
        using var compute = s.Threads is int threads ? new ComputeContext(threads) : null;
        var warmup = StartWarmup<T>(s, early);
        PreparedData<T> prepared;
        try { prepared = PreparedData<T>.Load(s, plan); }
        finally { warmup.Wait(); }

        var run = TrainRun<T>.Create(s, plan, prepared, compute, cancel);
        var (network, trainer, stopping) = (run.Network, run.Trainer, run.Stopping);
        var checkpoints = new CheckpointPolicy<T>(s, plan, prepared, stopping, run.Schedule);
        checkpoints.ResumeInto(trainer);

        var view = ViewOf(run);
        Watch(run, report);
        trainer.EpochEnded += record => checkpoints.AfterEpoch(trainer, record.Epoch);
        var notes = new List<string>(prepared.Notes);
        if (s.Batching is BatchMode.MiniBatch { Size: var size } && size > prepared.Train.Count)
            notes.Add($"--batch-size {size:N0} is more than the {prepared.Train.Count:N0} training samples: each step takes all of them");
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0" && System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            notes.Add("DOTNET_EnableAVX2=0 has no effect on this native command (its instructions were chosen when it was built); " +
                      "for the browser's numbers use the framework-dependent command, the package Backprop.Cli.any (README, Install)");
        report.Begin(view, notes, Describe(plan, prepared, s), network.Summary());
        var model = run;
        try
        {
            model = run.Train((phase, fit) =>
            {
                // Early stopping chose the number of epochs on the held-out rows; the model is trained again on all of them.
                if (phase != run)
                {
                    Watch(phase, report);
                    report.Again(ViewOf(phase), $"training again on all {phase.Data.Train.Count:N0} training samples for the {phase.Plan.Epochs} epochs early stopping chose " +
                                        "(--no-refit keeps the network trained without the validation rows)");
                    model = phase;
                }
                report.Run(fit, cancel);
            });
        }
        catch (TrainingDivergedException e)
        {
            // In the units the epoch lines use (a regression target's own, not the standard units it trains in).
            var said = e.InUnits(model.Data.LossFactor);
            if (checkpoints.LastSaved is string path) throw new BackpropException($"{said.Message} The last good checkpoint is kept in {path}.", e);
            throw said;
        }
        double trainSeconds = trainer.History.Epochs.Sum(r => r.Seconds);
        long samples = (long)prepared.Train.Count * trainer.History.Epochs.Count;
        var (reason, kept) = run.Ended(countOnly: model != run);
        var stop = cancel.IsCancellationRequested
            ? new StopInfo(checkpoints.Interrupted(model.Trainer), null, Interrupted: true, ResumeFrom: checkpoints.LastSaved)
            : new StopInfo(reason, kept);
        if (model != run && !stop.Interrupted)
            stop = stop with { Reason = $"{stop.Reason}; then trained again on all {model.Data.Train.Count:N0} training samples for {model.Plan.Epochs} epochs", RefitEpochs = model.Plan.Epochs };
        (network, prepared) = (model.Network, model.Data);
        var answers = new List<(string, string)>();
        (double Loss, double? Accuracy)? test = null;
        RegressionMetrics? regression = null;
        var files = new List<string>();
        if (!stop.Interrupted)
        {
            if (prepared.TestInUnits is { } testSet)
            {
                test = Evaluation.Run(network, Losses.Loss.Create<T>(prepared.Loss), testSet);
                if (!prepared.Classification) regression = RegressionMetrics.Of(network, testSet);
            }
            if (s.Model is string modelPath)
            {
                ModelIo.Save(network, modelPath, prepared.Metadata());
                files.Add(modelPath);
            }
            if (s.Plots is string folder) files.AddRange(TrainPlots.Write(folder, trainer.History, network, prepared));
            answers = Answers(network, prepared);
        }
        return new TrainOutcome(s.Data, prepared.Train.Count, run.Data.Validation?.Count, prepared.TestInUnits?.Count, network.Summary(),
            trainer.History, samples / Math.Max(1e-9, trainSeconds), test?.Loss, test?.Accuracy, regression,
            Process.GetCurrentProcess().PeakWorkingSet64, files, answers, view, stop, notes, TrainingFlops.PerLayer(network));
    }

    /// <summary>What the report shows of <paramref name="run"/>: its length, its steps, where it starts, and its losses' units.</summary>
    private static RunView ViewOf<T>(TrainRun<T> run) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = run.Data;
        return new RunView(run.Plan.Epochs, run.Settings.Batching.StepsPerEpoch(data.Train.Count), run.Trainer.CompletedEpochs, data.LossFactor,
            data.Validation is not null ? "validation" : data.Test is not null ? "test" : null, data.Classification);
    }

    /// <summary>Hands each step and epoch of <paramref name="run"/> to the report.</summary>
    private static void Watch<T>(TrainRun<T> run, TrainingReport report) where T : unmanaged, IFloatingPointIeee754<T>
    {
        run.Trainer.AfterUpdate = ctx => report.Step(ctx.Step, ctx.Loss, ctx.Inputs.Rows);
        run.Trainer.EpochEnded += report.Epoch;
    }

    /// <summary>Compiles the training path on another core while this one loads the data, unless the network is too big to try.</summary>
    private static Task StartWarmup<T>(TrainSettings s, NetworkRecipe early) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The JIT is warmed on the size of the built-in images (any data trains the same code); only a network that is
        // small beside the memory there is, and whose image layers know their shape. The recipe's stand-in loss is
        // softmax cross-entropy over ten classes until the data decides.
        int inputs = early.InputShape?.Size ?? DataSources.MnistImageShape.Size, outputs = DataSources.MnistClasses;
        bool small = !(early.Hidden.Any(l => l.NeedsImages) && early.InputShape is null) &&
                     MemoryEstimate.TryTrainingBytes<T>(early, inputs, outputs, s.BatchSize, s.Optimizer) is long bytes && bytes < MemoryEstimate.AvailableBytes / 8;
        return small ? Task.Run(() => Warmup.Run<T>(early, s.Optimizer, s.BatchSize, inputs, outputs)) : Task.CompletedTask;
    }

    /// <summary>"1 epoch", "3 epochs".</summary>
    private static string Epochs(int n) => n == 1 ? "1 epoch" : $"{n} epochs";

    /// <summary>One line on how the run will end: after N epochs, or when the validation loss stops improving.</summary>
    private static string Describe<T>(TrainPlan plan, PreparedData<T> data, TrainSettings s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string sets = $"{data.Train.Count:N0} training samples" + (data.Validation is { } v ? $", {v.Count:N0} validation" : "") +
                      (data.TestInUnits is { } t ? $", {t.Count:N0} test" : "");
        string watched = data.Validation is null ? "training loss" : "validation loss";
        string how = plan.Patience is int p
            ? $"early stopping: up to {plan.Epochs} epochs, until the {watched} has not improved for {p}" +
              (s.Epochs is null && s.EarlyStopping is null ? " (--epochs N for exactly N)" : "")
            : Epochs(plan.Epochs);
        return $"{sets}; {how}";
    }

    /// <summary>For a handful of samples (the toy sets), each input and the network's answer.</summary>
    private static List<(string, string)> Answers<T>(Network<T> network, PreparedData<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var answers = new List<(string, string)>();
        if (data.Train.Count + (data.Validation?.Count ?? 0) > 16 || data.Normalizer is not null) return answers;
        var (x, _) = data.Train.ToMatrices();
        var y = network.Predict(x);
        for (int r = 0; r < x.Rows; r++)
            answers.Add((string.Join(", ", x.Row(r).ToArray().Select(v => $"{v:G4}")), string.Join(", ", y.Row(r).ToArray().Select(v => $"{v:F4}"))));
        return answers;
    }
}

/// <summary>What the report needs to know of a run: its length, and how to show its losses (in the target's own units).</summary>
/// <param name="Epochs">The epochs (or the budget).</param>
/// <param name="StepsPerEpoch">Steps in an epoch.</param>
/// <param name="StartEpoch">Epochs already done (a resumed run).</param>
/// <param name="LossFactor">What a loss on scaled targets is multiplied by to be in the target's units.</param>
/// <param name="HeldOut">The name of the set evaluated after each epoch ("validation" or "test"), or null.</param>
/// <param name="Classification">Whether accuracies are shown.</param>
internal sealed record RunView(int Epochs, int StepsPerEpoch, int StartEpoch, double LossFactor, string? HeldOut, bool Classification)
{
    public double Loss(double loss) => loss * LossFactor;
}
