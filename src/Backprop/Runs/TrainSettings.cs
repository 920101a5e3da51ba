using System.Globalization;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Runs;

/// <summary>
/// Everything that sets up a training run: the settings of <c>backprop train</c>, of the playground page and of the
/// ML.NET trainer. The initial values are the defaults (--help shows them); a null means "decided by the data or the
/// plan" (<see cref="TrainPlan"/>, <see cref="PreparedData{T}"/>). <see cref="TrainSettingsTable"/> names each one.
/// </summary>
public sealed record TrainSettings
{
    /// <summary>The settings with every default.</summary>
    public static readonly TrainSettings Defaults = new();

    /// <summary>A built-in data set's name, a CSV file or a folder of IDX files.</summary>
    public string Data { get; init; } = "";
    /// <summary>A CSV's target column, by name or 0-based index; null for the last column.</summary>
    public string? Target { get; init; }
    /// <summary>"classification" or "regression"; null to decide from the target.</summary>
    public string? Task { get; init; }
    /// <summary>Whether a CSV's first row is a header: "yes", "no" or "auto".</summary>
    public string Header { get; init; } = "auto";
    /// <summary>A CSV's separator (one character or "tab"); null to detect it.</summary>
    public string? Separator { get; init; }
    /// <summary>"minmax", "standard" or "none"; null for <see cref="NormalizationFor"/>'s rule.</summary>
    public string? Normalize { get; init; }
    /// <summary>The fraction of the training data held out for validation; null for the plan's.</summary>
    public double? ValidationSplit { get; init; }
    /// <summary>A separate CSV test file.</summary>
    public string? TestFile { get; init; }
    /// <summary>The hidden layers: one of 100 units by default, scikit-learn's MLP's width (measured in docs/own-data.md).</summary>
    public LayerSpec[] Layers { get; init; } = [100];
    /// <summary>The shape of an input row as an image, for convolution on CSV rows.</summary>
    public ImageShape? InputShape { get; init; }
    /// <summary>The hidden activation's registry name.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>The loss's registry name; null to choose from the data.</summary>
    public string? Loss { get; init; }
    /// <summary>The weight initialisation's registry name; null for the activation's own.</summary>
    public string? Init { get; init; }
    /// <summary>The optimizer's registry name.</summary>
    public string Optimizer { get; init; } = "adam";
    /// <summary>The step size; null for the optimizer's default.</summary>
    public double? LearningRate { get; init; }
    /// <summary>The momentum coefficient of momentum and nesterov.</summary>
    public double Momentum { get; init; } = Momentum<double>.DefaultCoefficient;
    /// <summary>L2 weight decay λ.</summary>
    public double WeightDecay { get; init; }
    /// <summary>L1 regularisation λ₁.</summary>
    public double L1 { get; init; }
    /// <summary>The batch mode's registry name.</summary>
    public string BatchMode { get; init; } = BatchModes.Default.Name;
    /// <summary>Input features of 2-D data; null for the two inputs as they are.</summary>
    public string[]? Features { get; init; }
    /// <summary>Exactly this many epochs; null for early stopping within the plan's budget.</summary>
    public int? Epochs { get; init; }
    /// <summary>The early-stopping patience; null for the plan's.</summary>
    public int? EarlyStopping { get; init; }
    /// <summary>Train every epoch of the budget.</summary>
    public bool NoEarlyStopping { get; init; }
    /// <summary>Keep the network early stopping chose, trained on the rows left after the validation split, instead of training again on every row.</summary>
    public bool NoRefit { get; init; }
    /// <summary>The learning-rate schedule's registry name.</summary>
    public string LrSchedule { get; init; } = "constant";
    /// <summary>Samples per mini-batch (measured in docs/own-data.md).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>The seed of the weights, the shuffles and the splits.</summary>
    public uint Seed { get; init; }
    /// <summary>"float" or "double".</summary>
    public string Type { get; init; } = "float";
    /// <summary>Where to save the trained model.</summary>
    public string? Model { get; init; }
    /// <summary>A folder for the SVG plots.</summary>
    public string? Plots { get; init; }
    /// <summary>The most threads a matrix product may use; null for all cores.</summary>
    public int? Threads { get; init; }
    /// <summary>Print one JSON object at the end (the command line's).</summary>
    public bool Json { get; init; }
    /// <summary>Print only the results (the command line's).</summary>
    public bool Quiet { get; init; }
    /// <summary>Use only the first N training samples.</summary>
    public int? Limit { get; init; }
    /// <summary>The number of points of a generated set.</summary>
    public int? Samples { get; init; }
    /// <summary>The noise of a generated set.</summary>
    public double? Noise { get; init; }
    /// <summary>Stop after the first epoch whose training loss is below this.</summary>
    public double? TargetLoss { get; init; }
    /// <summary>Save a checkpoint every N epochs (0 for never).</summary>
    public int CheckpointEvery { get; init; }
    /// <summary>The checkpoint file.</summary>
    public string? Checkpoint { get; init; }
    /// <summary>A checkpoint to continue from.</summary>
    public string? Resume { get; init; }

    /// <summary>How an epoch is cut into steps: the batch mode, with the batch size for mini-batches.</summary>
    public BatchMode Batching => BatchModes.Create(BatchMode, BatchSize);

    /// <summary>
    /// The network as the settings alone describe it, before any data is read. Without a loss the loss comes from the
    /// data; until then softmax cross-entropy over ten classes (MNIST's) stands in, which is all that checking the names,
    /// the memory estimate and the warm-up need.
    /// </summary>
    public NetworkRecipe RecipeBeforeData => new(Layers, Activation, Loss ?? NetworkRecipe.DefaultLoss(targetWidth: 10, classification: true), Init);

    /// <summary>The learning rate given, or the optimizer's own default (its registry entry's).</summary>
    public double EffectiveLearningRate => LearningRate ?? OptimizerFactory.All.Get(Optimizer).DefaultLearningRate;

    /// <summary>The normalisation a run applies: the one given, else standard for a CSV file and none for the built-in sets and images.</summary>
    public string NormalizationFor(bool csvFile) => Normalize ?? (csvFile ? "standard" : "none");

    /// <summary>
    /// These settings with every default the run will use written in: the normalisation, the validation split, the
    /// learning rate and the early-stopping patience, for a record of the run that later defaults cannot change.
    /// </summary>
    public TrainSettings Resolved(bool csvFile)
    {
        var plan = TrainPlan.For(this);
        return this with
        {
            Normalize = NormalizationFor(csvFile), ValidationSplit = plan.ValidationSplit, LearningRate = EffectiveLearningRate,
            EarlyStopping = plan.Patience, NoEarlyStopping = false,
        };
    }

    /// <summary>Checks every value; a bad one is a <see cref="BackpropException"/> naming the option and the fix.</summary>
    public TrainSettings Validate()
    {
        OptimizerFactory.All.Get(Optimizer);
        if (!(EffectiveLearningRate > 0) || double.IsInfinity(EffectiveLearningRate))
            throw new BackpropException($"--learning-rate must be a positive number, got {LearningRate?.ToString(CultureInfo.InvariantCulture)}; try 0.01.");
        OptionChecks.AtLeastOne("--batch-size", BatchSize, $"; try {Defaults.BatchSize}");
        OptionChecks.AtLeastOne("--epochs", Epochs);
        if (ValidationSplit is < 0 or >= 1 || ValidationSplit is double v && double.IsNaN(v))
            throw new BackpropException($"--validation-split must be in [0, 1), got {ValidationSplit?.ToString(CultureInfo.InvariantCulture)}; try 0.1.");
        if (EarlyStopping <= 0) throw new BackpropException($"--early-stopping must be at least 1 epoch, got {EarlyStopping}; try {TrainPlan.DefaultPatience}.");
        if (EarlyStopping is not null && NoEarlyStopping) throw new BackpropException("--early-stopping and --no-early-stopping contradict each other; give one.");
        LearningRateSchedules.All.Get(LrSchedule);
        CsvSettings.Header(Header);
        CsvSettings.Separator(Separator);
        if (Type is not ("float" or "double")) throw new BackpropException($"--type must be float or double, got '{Type}'.");
        if (Task is not (null or "classification" or "regression")) throw new BackpropException($"--task must be classification or regression, got '{Task}'.");
        OptionChecks.AtLeastOne("--threads", Threads);
        OptionChecks.AtLeastOne("--samples", Samples);
        if (Noise is < 0) throw new BackpropException($"--noise must be zero or positive, got {Noise?.ToString(CultureInfo.InvariantCulture)}.");
        OptionChecks.AtLeastOne("--limit", Limit);
        if (Momentum is < 0 or >= 1) throw new BackpropException($"--momentum must be in [0, 1), got {Momentum.ToString(CultureInfo.InvariantCulture)}.");
        if (L1 < 0) throw new BackpropException($"--l1 must be zero or positive, got {L1.ToString(CultureInfo.InvariantCulture)}.");
        if (!BatchModes.All.TryGet(BatchMode, out _))
            throw new BackpropException($"--batch-mode must be one of {BatchModes.All.List()}, got '{BatchMode}'.");
        if (Features is not null) InputFeatures.Parse(Features);
        if (WeightDecay < 0) throw new BackpropException($"--weight-decay must be zero or positive, got {WeightDecay.ToString(CultureInfo.InvariantCulture)}.");
        if (CheckpointEvery < 0) throw new BackpropException($"--checkpoint-every must be zero or positive, got {CheckpointEvery}.");
        if (CheckpointEvery > 0 && Checkpoint is null) throw new BackpropException("--checkpoint-every needs --checkpoint FILE to know where to save.");
        RecipeBeforeData.Validate();
        return this;
    }
}
