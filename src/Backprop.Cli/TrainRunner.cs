using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>What a training run produced, for printing and for --json.</summary>
internal sealed record TrainOutcome(
    string Data, int TrainSamples, int? ValidationSamples, int? TestSamples, string Summary, TrainingHistory History,
    double SamplesPerSecond, double? TestLoss, double? TestAccuracy, long PeakMemoryBytes, IReadOnlyList<string> Files,
    IReadOnlyList<(string Input, string Output)> Answers);

/// <summary>Wires the library together for <c>backprop train</c>: data → network → trainer → model file and plots.</summary>
internal static class TrainRunner
{
    public static TrainOutcome Run(TrainSettings s, TrainingReport report) =>
        s.Type == "double" ? Run<double>(s, report) : Run<float>(s, report);

    private static TrainOutcome Run<T>(TrainSettings s, TrainingReport report) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var compute = s.Threads is int threads ? new ComputeContext(threads) : null;
        // Compile the training path on the other core while this one loads the data.
        var warmup = Task.Run(() => Warmup.Run<T>(new NetworkRecipe(s.Layers, s.Activation, s.Loss ?? "softmax-crossentropy", s.Init),
            s.Optimizer, s.BatchSize));
        PreparedData<T> prepared;
        try { prepared = PreparedData<T>.Load(s); }
        finally { warmup.Wait(); }
        var setup = TrainSetup<T>.Create(s, prepared, compute);
        var (recipe, loss, network, trainer) = (setup.Recipe, setup.Loss, setup.Network, setup.Trainer);
        var checkpoints = new CheckpointPolicy<T>(s, recipe, prepared);
        checkpoints.ResumeInto(trainer);

        int rows = s.Batching.MaxRows(prepared.Train.Count), stepsPerEpoch = s.Batching is BatchMode.FullBatch ? 1 : (prepared.Train.Count + rows - 1) / rows;
        trainer.AfterUpdate = ctx => report.Step(ctx.Step, ctx.Loss, ctx.Inputs.Rows);
        trainer.EpochEnded = record =>
        {
            report.Epoch(record, s.Epochs);
            checkpoints.AfterEpoch(trainer, record.Epoch);
        };
        var evaluation = prepared.Validation ?? prepared.Test;
        var clock = Stopwatch.StartNew();
        try
        {
            report.Run(s.Epochs - trainer.CompletedEpochs, stepsPerEpoch, () => trainer.Fit(prepared.Train, evaluation));
        }
        catch (TrainingDivergedException e) when (checkpoints.LastSaved is string path)
        {
            throw new BackpropException($"{e.Message} The last good checkpoint is kept in {path}.", e);
        }
        double trainSeconds = trainer.History.Epochs.Sum(r => r.Seconds);
        long samples = (long)prepared.Train.Count * trainer.History.Epochs.Count;

        (double Loss, double? Accuracy)? test = prepared.Test is null ? null : trainer.Evaluate(prepared.Test);
        var files = new List<string>();
        if (s.Model is string modelPath)
        {
            ModelIo.Save(network, modelPath, prepared.Metadata(loss));
            files.Add(modelPath);
        }
        if (s.Plots is string folder) files.AddRange(TrainPlots.Write(folder, trainer.History, network, prepared));
        return new TrainOutcome(s.Data, prepared.Train.Count, prepared.Validation?.Count, prepared.Test?.Count, network.Summary(),
            trainer.History, samples / Math.Max(1e-9, trainSeconds), test?.Loss, test?.Accuracy,
            Process.GetCurrentProcess().PeakWorkingSet64, files, Answers(network, prepared.Train));
    }

    /// <summary>For a handful of samples (the toy sets), each input and the network's answer.</summary>
    private static List<(string, string)> Answers<T>(Network<T> network, Dataset<T> train) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var answers = new List<(string, string)>();
        if (train.Count > 16) return answers;
        var (x, _) = train.ToMatrices();
        var y = network.Predict(x);
        for (int r = 0; r < x.Rows; r++)
            answers.Add((string.Join(", ", x.Row(r).ToArray().Select(v => $"{v:G4}")), string.Join(", ", y.Row(r).ToArray().Select(v => $"{v:F4}"))));
        return answers;
    }
}
