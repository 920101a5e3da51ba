using System.Numerics;
using Backprop.Random;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// A training run frozen between epochs, so that it can be resumed and continue exactly as if it had never
/// stopped: the model, the optimizer's state, the epoch and step counts, the random generator's state, the
/// sample order and the history. It is a model file with more in it (tensors "optimizer.{k}", "random.key",
/// "sample_order" and the metadata entry "checkpoint"), so <see cref="ModelFile.Load(string)"/> reads it too.
/// </summary>
/// <example><code>
/// Checkpoint.Save("run.ckpt.safetensors", trainer);
/// // later, in a fresh process, with a trainer built the same way:
/// Checkpoint.Load("run.ckpt.safetensors").Restore(trainer);
/// trainer.Fit(data);
/// </code></example>
public sealed class Checkpoint
{
    private readonly object _optimizerBuffers;   // T[][] for the model's T

    private Checkpoint(LoadedModel model, CheckpointState state, RandomStateSnapshot random, int[]? sampleOrder, object optimizerBuffers)
    {
        Model = model;
        OptimizerName = state.Optimizer.Name;
        LearningRate = state.Optimizer.LearningRate;
        WeightDecay = state.Optimizer.WeightDecay;
        OptimizerSteps = state.Optimizer.Steps;
        CompletedEpochs = state.CompletedEpochs;
        CompletedSteps = state.CompletedSteps;
        RandomState = random;
        SampleOrder = sampleOrder;
        History = new TrainingHistory();
        History.Epochs.AddRange(state.History.Epochs);
        History.Steps.AddRange(state.History.Steps);
        _optimizerBuffers = optimizerBuffers;
        _state = state;
    }

    private readonly CheckpointState _state;
    private object? _bestWeights;   // T[][] for the model's T, when early stopping had kept weights

    /// <summary>The model at the time of the checkpoint, with its metadata.</summary>
    public LoadedModel Model { get; }

    /// <summary>The optimizer's name, such as "adam".</summary>
    public string OptimizerName { get; }

    /// <summary>The optimizer's learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>The optimizer's L2 weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>The optimizer's step count (Adam's bias correction depends on it).</summary>
    public long OptimizerSteps { get; }

    /// <summary>Epochs completed.</summary>
    public int CompletedEpochs { get; }

    /// <summary>Steps completed.</summary>
    public long CompletedSteps { get; }

    /// <summary>The trainer's random generator state.</summary>
    public RandomStateSnapshot RandomState { get; }

    /// <summary>The trainer's sample order after the last shuffle, or null if it had not trained yet.</summary>
    public int[]? SampleOrder { get; }

    /// <summary>The history so far.</summary>
    public TrainingHistory History { get; }

    /// <summary>The learning-rate schedule's name, when one was saved with the checkpoint.</summary>
    public string? ScheduleName => _state.Schedule?.Name;

    /// <summary>Early stopping's best epoch, when early stopping was saved with the checkpoint.</summary>
    public int? EarlyStoppingBestEpoch => _state.EarlyStopping?.BestEpoch;

    /// <summary>
    /// Saves the state of <paramref name="trainer"/> to <paramref name="path"/>, atomically, with what a resumed run
    /// needs of its <paramref name="earlyStopping"/> and learning-rate <paramref name="schedule"/> when it has them.
    /// </summary>
    public static void Save<T>(string path, Trainer<T> trainer, ModelMetadata? metadata = null,
        EarlyStopping<T>? earlyStopping = null, LearningRateSchedule? schedule = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var writer = ModelFile.CreateWriter(trainer.Network, metadata);
        var (steps, buffers) = trainer.Optimizer.GetState();
        var random = trainer.Random.GetState();
        var state = new CheckpointState(
            new OptimizerStateEntry(trainer.Optimizer.Name, trainer.Optimizer.LearningRate, trainer.Optimizer.WeightDecay, steps, buffers.Length),
            trainer.CompletedEpochs, trainer.CompletedSteps,
            new RandomEntry(random.Position, random.HasGauss, random.CachedGaussian),
            new HistoryEntry([.. trainer.History.Epochs], trainer.History.Steps))
        {
            StartingLoss = trainer.StartingLoss,
            Schedule = schedule is null ? null : new ScheduleStateEntry(schedule.Name, schedule.State),
        };
        if (earlyStopping is not null)
        {
            var (best, bestEpoch, wait, weights) = earlyStopping.GetState();
            state = state with { EarlyStopping = new EarlyStoppingEntry(earlyStopping.Patience, best, bestEpoch, wait, weights is not null) };
            for (int k = 0; weights is not null && k < weights.Length; k++)
                writer.AddTensor<T>(CheckpointState.EarlyStoppingTensor(k), weights[k], weights[k].Length);
        }
        writer.AddMetadata(MetadataKeys.Checkpoint, state.ToJson());
        for (int k = 0; k < buffers.Length; k++) writer.AddTensor<T>(CheckpointState.OptimizerTensor(k), buffers[k], buffers[k].Length);
        writer.AddTensor<uint>(CheckpointState.RandomKeyTensor, random.Key, random.Key.Length);
        if (trainer.SampleOrder is { } order) writer.AddTensor<int>(CheckpointState.SampleOrderTensor, order, order.Length);
        writer.Save(path);
    }

    /// <summary>Loads a checkpoint written by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing, damaged, or a model without training state.</exception>
    public static Checkpoint Load(string path)
    {
        var file = SafeTensorsFile.Read(path);
        var model = ModelFile.Read(file, asTrained: true);
        var metadata = new MetadataReader(file);
        if (metadata.Optional(MetadataKeys.Checkpoint) is null)
            throw file.Error("this is a model file, not a checkpoint: it has no training state to resume from");
        var state = CheckpointState.Read(metadata);
        var random = new RandomStateSnapshot(file.Values<uint>(CheckpointState.RandomKeyTensor, 624), state.Random.Position, state.Random.HasGauss, state.Random.CachedGaussian);
        object buffers = model.Match<object>(m => ReadBuffers(file, m.Network, state.Optimizer.Buffers), m => ReadBuffers(file, m.Network, state.Optimizer.Buffers));
        return new Checkpoint(model, state, random, ReadSampleOrder(file), buffers)
        {
            _bestWeights = state.EarlyStopping is { HasWeights: true }
                ? model.Match<object>(m => ReadBestWeights(file, m.Network), m => ReadBestWeights(file, m.Network))
                : null,
        };
    }

    /// <summary>Early stopping's best weights: one tensor per parameter, each as long as its parameter.</summary>
    private static T[][] ReadBestWeights<T>(SafeTensorsFile file, Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = network.Parameters;
        return [.. parameters.Select((p, k) => file.Values<T>(CheckpointState.EarlyStoppingTensor(k), p.Value.Length))];
    }

    /// <summary>
    /// Buffer k belongs to parameter k / (buffers per parameter), as <see cref="Optimizers.Optimizer{T}.GetState"/>
    /// lays them out, so each must be as long as that parameter.
    /// </summary>
    private static T[][] ReadBuffers<T>(SafeTensorsFile file, Network<T> network, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = network.Parameters;
        if (count > 0 && (parameters.Count == 0 || count % parameters.Count != 0))
            throw file.Error($"the checkpoint has {count} optimizer buffers, which is not a whole number per parameter for {parameters.Count} parameters");
        var stray = file.Tensors.Keys.FirstOrDefault(n => n.StartsWith("optimizer.", StringComparison.Ordinal)
            && !(int.TryParse(n.AsSpan("optimizer.".Length), System.Globalization.NumberStyles.None, null, out int k)
                 && k < count && CheckpointState.OptimizerTensor(k) == n));
        if (stray is not null) throw file.Error($"the tensor '{stray}' is not one of the checkpoint's {count} optimizer buffers");
        int perParameter = count == 0 ? 1 : count / parameters.Count;
        return Enumerable.Range(0, count)
            .Select(k => file.Values<T>(CheckpointState.OptimizerTensor(k), parameters[k / perParameter].Value.Length))
            .ToArray();
    }

    private static int[]? ReadSampleOrder(SafeTensorsFile file)
    {
        if (!file.Tensors.TryGetValue(CheckpointState.SampleOrderTensor, out var entry)) return null;
        if (entry.Shape.Length != 1) throw file.Error($"the tensor '{entry.Name}' has shape [{string.Join(", ", entry.Shape)}] but must be a list");
        var order = file.Values<int>(entry.Name, entry.Shape);
        var seen = new bool[order.Length];
        foreach (int i in order)
        {
            if ((uint)i >= (uint)order.Length || seen[i])
                throw file.Error($"the tensor '{entry.Name}' is not a permutation of 0 … {order.Length - 1}");
            seen[i] = true;
        }
        return order;
    }

    /// <summary>
    /// Puts the checkpoint's state into <paramref name="trainer"/>, which must have been built like the one
    /// saved (same layers, numeric type and optimizer), and into its <paramref name="earlyStopping"/> and
    /// <paramref name="schedule"/> when the run has them; its Fit then continues the saved run. The optimizer takes
    /// the checkpoint's learning rate (a schedule may have changed it).
    /// </summary>
    public void Restore<T>(Trainer<T> trainer, EarlyStopping<T>? earlyStopping = null, LearningRateSchedule? schedule = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (Model is not LoadedModel<T> model || _optimizerBuffers is not T[][] buffers)
            throw new BackpropException($"{Model.Path}: the checkpoint holds {Model.NumericType} numbers, but the trainer uses {Architecture.NumericTypeOf<T>()}.");
        var saved = Architecture.Of(model.Network);
        var current = Architecture.Of(trainer.Network);
        if (saved.InputSize != current.InputSize)
            throw new BackpropException($"{Model.Path}: the checkpoint's network takes {saved.InputSize} inputs, but this run's data has {current.InputSize}; resume on the data the checkpoint was trained on.");
        if (saved.InputShape != current.InputShape && saved.InputShape is { } was)
            throw new BackpropException($"{Model.Path}: the checkpoint's network takes images of {was}, but this run's are {current.InputShape?.ToString() ?? "rows, not images"}; " +
                                        $"resume with --input-shape {was} (or leave it out for images whose files give their shape).");
        if (!saved.Layers.SequenceEqual(current.Layers))
            throw new BackpropException($"{Model.Path}: the checkpoint's network is not built like the trainer's; build the same layers to resume.");
        if (trainer.Optimizer.Name != OptimizerName)
            throw new BackpropException($"{Model.Path}: the checkpoint was made with the {OptimizerName} optimizer, but the trainer uses {trainer.Optimizer.Name}.");
        if (schedule is not null && _state.Schedule is { } savedSchedule && savedSchedule.Name != schedule.Name)
            throw new BackpropException($"{Model.Path}: the checkpoint was made with the {savedSchedule.Name} learning-rate schedule, but this run uses {schedule.Name}.");
        if (schedule is not null && _state.Schedule is { } s) schedule.State = s.State;
        if (earlyStopping is not null && _state.EarlyStopping is { } e)
            earlyStopping.SetState(e.BestLoss, e.BestEpoch, e.Wait, _bestWeights as T[][]);
        trainer.Optimizer.LearningRate = LearningRate;
        trainer.StartingLoss = _state.StartingLoss;

        var from = model.Network.Parameters;
        var to = trainer.Network.Parameters;
        for (int i = 0; i < from.Count; i++) from[i].Value.CopyTo(to[i].Value);
        trainer.Optimizer.SetState(OptimizerSteps, buffers);
        trainer.Random.SetState(RandomState);
        trainer.SampleOrder = SampleOrder?.ToArray();
        trainer.CompletedEpochs = CompletedEpochs;
        trainer.CompletedSteps = CompletedSteps;
        trainer.History = new TrainingHistory();
        trainer.History.Epochs.AddRange(History.Epochs);
        trainer.History.Steps.AddRange(History.Steps);
    }
}
