using System.Text.Json;
using System.Text.Json.Serialization;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>The optimizer part of a checkpoint; its buffers are the tensors "optimizer.0" … "optimizer.{Buffers − 1}".</summary>
internal sealed record OptimizerStateEntry(string Name, double LearningRate, double WeightDecay, long Steps, int Buffers);

/// <summary>The random generator's position and cached normal value; its 624 words are the tensor "random.key".</summary>
internal sealed record RandomEntry(int Position, bool HasGauss, double CachedGaussian);

/// <summary>Early stopping's part of a checkpoint; its best weights are the tensors "early_stopping.0" … (one per parameter).</summary>
internal sealed record EarlyStoppingEntry(int Patience, double BestLoss, int BestEpoch, int Wait, bool HasWeights);

/// <summary>A learning-rate schedule's part of a checkpoint: its name and what it remembers (the rate itself is the optimizer's).</summary>
internal sealed record ScheduleStateEntry(string Name, double[] State);

/// <summary>The history part of a checkpoint.</summary>
internal sealed record HistoryEntry(List<EpochRecord> Epochs, List<StepRecord> Steps);

/// <summary>
/// The JSON stored in the "checkpoint" metadata entry: everything about a training run that is not a tensor.
/// Numbers are written in their shortest round-trip form, so doubles come back bit for bit.
/// </summary>
internal sealed record CheckpointState(OptimizerStateEntry Optimizer, int CompletedEpochs, long CompletedSteps, RandomEntry Random, HistoryEntry History,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? StartingLoss = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EarlyStoppingEntry? EarlyStopping = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScheduleStateEntry? Schedule = null)
{
    /// <summary>The tensor holding early stopping's best value of parameter <paramref name="index"/>.</summary>
    public static string EarlyStoppingTensor(int index) => $"early_stopping.{index}";

    /// <summary>The tensor holding the generator's 624 words.</summary>
    public const string RandomKeyTensor = "random.key";

    /// <summary>The tensor holding the trainer's sample order, when it has one.</summary>
    public const string SampleOrderTensor = "sample_order";

    /// <summary>The tensor holding optimizer buffer <paramref name="index"/>.</summary>
    public static string OptimizerTensor(int index) => $"optimizer.{index}";

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SerializationJson.Default.CheckpointState);

    /// <summary>Parses and checks the "checkpoint" entry.</summary>
    public static CheckpointState Read(MetadataReader metadata)
    {
        string text = metadata.Required(MetadataKeys.Checkpoint);
        CheckpointState? state;
        try { state = JsonSerializer.Deserialize(text, SerializationJson.Default.CheckpointState); }
        catch (JsonException e)
        {
            throw metadata.Error($"the metadata entry 'checkpoint' is not a valid training state ({e.Message.ReplaceLineEndings(" ")})");
        }
        if (state is null) throw metadata.Error("the metadata entry 'checkpoint' is null");
        var o = state.Optimizer;
        string? problem =
            !(o.LearningRate > 0) || !double.IsFinite(o.LearningRate) ? "the optimizer's learning rate is not a positive number"
            : !(o.WeightDecay >= 0) || !double.IsFinite(o.WeightDecay) ? "the optimizer's weight decay is not zero or more"
            : o.Steps < 0 || o.Buffers < 0 ? "the optimizer's step or buffer count is negative"
            : state.CompletedEpochs < 0 || state.CompletedSteps < 0 ? "the completed epoch or step count is negative"
            : state.Random.Position is < 0 or > 624 ? "the random generator's position is not from 0 to 624"
            : !double.IsFinite(state.Random.CachedGaussian) ? "the random generator's cached normal value is not finite"
            : state.History.Epochs is null || state.History.Steps is null || state.History.Epochs.Contains(null!) || state.History.Steps.Contains(null!)
                ? "the history has a missing entry"
            : state.EarlyStopping is { } es && (es.Patience < 1 || es.BestEpoch < 0 || es.Wait < 0) ? "the early-stopping state has a negative count"
            : state.Schedule is { } sc && (sc.Name is null || sc.State is null) ? "the learning-rate schedule's state is missing"
            : null;
        return problem is null ? state : throw metadata.Error($"the checkpoint is damaged: {problem}");
    }
}
