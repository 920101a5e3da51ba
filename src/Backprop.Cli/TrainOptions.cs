using System.CommandLine;
using System.Globalization;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;

namespace Backprop.Cli;

/// <summary>The settings of <c>backprop train</c>; the defaults here are the ones --help shows.</summary>
internal sealed record TrainSettings
{
    public string Data { get; init; } = "";
    public string? Target { get; init; }
    public string? Task { get; init; }
    public string Header { get; init; } = "auto";
    public string? Separator { get; init; }
    public string? Normalize { get; init; }
    public double? ValidationSplit { get; init; }
    public string? TestFile { get; init; }
    public Backprop.Training.LayerSpec[] Layers { get; init; } = [32];
    public ImageShape? InputShape { get; init; }
    public string Activation { get; init; } = "relu";
    public string? Loss { get; init; }
    public string? Init { get; init; }
    public string Optimizer { get; init; } = "adam";
    public double? LearningRate { get; init; }
    public double Momentum { get; init; } = Momentum<double>.DefaultCoefficient;
    public double WeightDecay { get; init; }
    public double L1 { get; init; }
    public string BatchMode { get; init; } = Backprop.Training.BatchModes.Default.Name;
    public string[]? Features { get; init; }
    public int? Epochs { get; init; }
    public int? EarlyStopping { get; init; }
    public bool NoEarlyStopping { get; init; }
    public string LrSchedule { get; init; } = "constant";
    public int BatchSize { get; init; } = 32;
    public uint Seed { get; init; }
    public string Type { get; init; } = "float";
    public string? Model { get; init; }
    public string? Plots { get; init; }
    public int? Threads { get; init; }
    public bool Json { get; init; }
    public bool Quiet { get; init; }
    public int? Limit { get; init; }
    public int? Samples { get; init; }
    public double? Noise { get; init; }
    public double? TargetLoss { get; init; }
    public int CheckpointEvery { get; init; }
    public string? Checkpoint { get; init; }
    public string? Resume { get; init; }

    /// <summary>How an epoch is cut into steps: --batch-mode, with --batch-size for mini-batches.</summary>
    public Backprop.Training.BatchMode Batching => Backprop.Training.BatchModes.Create(BatchMode, BatchSize);

    /// <summary>
    /// The network as the options alone describe it, before any data is read. Without --loss the loss comes from the data;
    /// until then softmax cross-entropy over ten classes (MNIST's) stands in, which is all that checking the names, the
    /// memory estimate and the warm-up need.
    /// </summary>
    public Backprop.Training.NetworkRecipe RecipeBeforeData =>
        new(Layers, Activation, Loss ?? Backprop.Training.NetworkRecipe.DefaultLoss(targetWidth: 10, classification: true), Init);

    /// <summary>The learning rate given, or the optimizer's own default (its registry entry's).</summary>
    public double EffectiveLearningRate => LearningRate ?? OptimizerFactory.All.Get(Optimizer).DefaultLearningRate;
}

/// <summary>
/// The options of <c>backprop train</c>, each declared once, in one line: its name, its help, and where its value goes in
/// <see cref="TrainSettings"/> (whose initial values are the defaults). Names listed in the help come from the registries.
/// </summary>
internal sealed class TrainOptions
{
    private static readonly TrainSettings Defaults = new();
    private readonly List<Option> _options = [];
    private readonly List<Func<ParseResult, TrainSettings, TrainSettings>> _readers = [];

    public TrainOptions()
    {
        Add("--data", "Data: xor, and, or, circles, moons, spirals, fashion-mnist, mnist, the lessons' data (e.g. neuron-with-bias), a .csv file or a folder of IDX files",
            s => s.Data, (s, v) => s with { Data = v }, required: true);
        Add("--target", "CSV target column, by name or 0-based index (default: the last column)", s => s.Target, (s, v) => s with { Target = v });
        Add("--task", "classification or regression (CSV; default: regression for a target of numbers that are not all whole or have more than 20 values)",
            s => s.Task, (s, v) => s with { Task = v?.ToLowerInvariant() });
        Add("--header", "Whether a CSV's first row is a header: yes, no or auto (auto: not when it has numbers where the rows below do)",
            s => s.Header, (s, v) => s with { Header = v.ToLowerInvariant() });
        Add("--separator", "A CSV's column separator, such as ';' or tab (default: ',', ';' or tab, detected)", s => s.Separator, (s, v) => s with { Separator = v });
        Add("--normalize", "minmax, standard or none, fitted on the training part only (default: standard for CSV, none otherwise)",
            s => s.Normalize, (s, v) => s with { Normalize = v });
        Add("--validation-split", $"Fraction of the training data held out for validation, with a seeded shuffle, stratified for classification (0 to 0.9; default {TrainPlan.DefaultValidationSplit} with early stopping, else 0)",
            s => s.ValidationSplit, (s, v) => s with { ValidationSplit = v });
        Add("--test", "A separate CSV test file", s => s.TestFile, (s, v) => s with { TestFile = v });
        Add("--layers", "Hidden layers, comma-separated: dense layer sizes such as 128,64; conv32x3 (add -same for same padding, -s2 for stride 2), maxpool2, dropout0.25, flatten (empty for none)",
            s => string.Join(",", s.Layers), (s, v) => s with { Layers = Backprop.Training.NetworkRecipe.ParseHidden(v) });
        Add("--input-shape", "The shape of an input row as an image, HxWxC such as 28x28x1, for convolution on CSV rows (IDX images give it)",
            s => s.InputShape?.ToString(), (s, v) => s with { InputShape = v is null ? null : ImageShape.Parse(v, "--input-shape") });
        Add("--activation", $"Hidden activation: {Activations.All.List()}", s => s.Activation, (s, v) => s with { Activation = v });
        Add("--loss", $"{Loss.All.List()} (default: from the data)", s => s.Loss, (s, v) => s with { Loss = v });
        Add("--init", $"Weight initialisation of every layer: {Initializers.All.List()} (default: he for relu and leaky-relu, xavier otherwise)",
            s => s.Init, (s, v) => s with { Init = v });
        Add("--optimizer", OptimizerFactory.All.List(), s => s.Optimizer, (s, v) => s with { Optimizer = v });
        Add("--learning-rate", $"Step size (default: {string.Join(", ", OptimizerFactory.All.Select(e => $"{e.Name} {e.DefaultLearningRate.ToString(CultureInfo.InvariantCulture)}"))})",
            s => s.LearningRate, (s, v) => s with { LearningRate = v }, "--lr");
        Add("--momentum", "Momentum coefficient for momentum and nesterov", s => s.Momentum, (s, v) => s with { Momentum = v });
        Add("--weight-decay", "L2 weight decay λ: λ·w is added to every parameter's gradient, biases too (scikit-learn's alpha is λ × batch / 2 for squared error)", s => s.WeightDecay, (s, v) => s with { WeightDecay = v });
        Add("--l1", "L1 regularisation λ₁: adds λ₁·sign(w) to each gradient", s => s.L1, (s, v) => s with { L1 = v });
        Add("--batch-mode", $"What a step takes: {string.Join("; ", Backprop.Training.BatchModes.All.Select(e => $"{e.Name} ({e.Description})"))}",
            s => s.BatchMode, (s, v) => s with { BatchMode = Backprop.Training.BatchModes.All.TryGet(v, out var mode) ? mode.Name : v });
        Add("--features", $"Input features of 2-D data, comma-separated: {InputFeatures.All.List()} (default: the two inputs as they are)",
            s => s.Features is null ? null : string.Join(",", s.Features), (s, v) => s with { Features = v!.Split(',', StringSplitOptions.TrimEntries) });
        Add("--epochs", $"Passes over the training data: exactly N (default: early stopping within {TrainPlan.DefaultBudget})", s => s.Epochs, (s, v) => s with { Epochs = v });
        Add("--early-stopping", $"Stop when the validation loss has not improved for this many epochs, and keep the best epoch's weights (default {TrainPlan.DefaultPatience} without --epochs)",
            s => s.EarlyStopping, (s, v) => s with { EarlyStopping = v });
        Add("--no-early-stopping", $"Train every epoch of the budget ({TrainPlan.DefaultBudget}, or --epochs)", s => s.NoEarlyStopping, (s, v) => s with { NoEarlyStopping = v });
        Add("--lr-schedule", $"How the learning rate changes between epochs: {string.Join("; ", Backprop.Training.LearningRateSchedules.All.Select(e => $"{e.Name} ({e.Description})"))}",
            s => s.LrSchedule, (s, v) => s with { LrSchedule = v.ToLowerInvariant() });
        Add("--batch-size", "Samples per step; batches are shuffled each epoch", s => s.BatchSize, (s, v) => s with { BatchSize = v });
        Add("--seed", "Seed for initial weights, shuffling and splits", s => s.Seed, (s, v) => s with { Seed = v });
        Add("--type", "Numeric type: float (fast) or double", s => s.Type, (s, v) => s with { Type = v.ToLowerInvariant() });
        Add("--model", "Save the trained model to this file (safetensors)", s => s.Model, (s, v) => s with { Model = v });
        Add("--plots", "Write loss/accuracy curves (and decision regions for 2-D data) as SVG into this folder", s => s.Plots, (s, v) => s with { Plots = v });
        Add("--threads", "Most threads a matrix product may use (default: all cores)", s => s.Threads, (s, v) => s with { Threads = v });
        Add("--json", "Print one JSON object with the results at the end", s => s.Json, (s, v) => s with { Json = v });
        Add("--quiet", "Print only the results: no notes, progress or tables", s => s.Quiet, (s, v) => s with { Quiet = v }, "-q");
        Add("--limit", "Use only the first N training samples (e.g. a quick subset of Fashion-MNIST)", s => s.Limit, (s, v) => s with { Limit = v });
        Add("--samples", "Number of points of circles, moons or spirals", s => s.Samples, (s, v) => s with { Samples = v });
        Add("--noise", "Noise of circles, moons or spirals", s => s.Noise, (s, v) => s with { Noise = v });
        Add("--target-loss", "Stop after the first epoch whose training loss is below this", s => s.TargetLoss, (s, v) => s with { TargetLoss = v });
        Add("--checkpoint-every", "Save a checkpoint every N epochs (needs --checkpoint)", s => s.CheckpointEvery, (s, v) => s with { CheckpointEvery = v });
        Add("--checkpoint", "Checkpoint file: model, optimizer state, epoch, random state and history", s => s.Checkpoint, (s, v) => s with { Checkpoint = v });
        Add("--resume", "Continue training from this checkpoint", s => s.Resume, (s, v) => s with { Resume = v });
    }

    /// <summary>Every option, for the command to register.</summary>
    public IReadOnlyList<Option> All => _options;

    /// <summary>Declares an option: its default is <paramref name="get"/> of the defaults, and <paramref name="set"/> puts its value in the settings.</summary>
    private void Add<TValue>(string name, string description, Func<TrainSettings, TValue> get, Func<TrainSettings, TValue, TrainSettings> set,
        params string[] aliases) => Add(name, description, get, set, required: false, aliases);

    private void Add<TValue>(string name, string description, Func<TrainSettings, TValue> get, Func<TrainSettings, TValue, TrainSettings> set,
        bool required, params string[] aliases)
    {
        var option = new Option<TValue>(name, aliases) { Description = description + ".", Required = required };
        TValue initial = get(Defaults);
        // A default worth showing in --help (not null, false or zero) is given as the option's default.
        if (!required && initial is not null && !EqualityComparer<TValue>.Default.Equals(initial, default!) && initial is not string { Length: 0 })
            option.DefaultValueFactory = _ => initial;
        _options.Add(option);
        _readers.Add((p, s) => p.GetResult(option) is null ? s : set(s, p.GetValue(option)!));
    }

    /// <summary>Reads and checks the options; a bad value is a <see cref="BackpropException"/> naming the option and the fix.</summary>
    public TrainSettings Read(ParseResult p)
    {
        var s = Defaults;
        foreach (var read in _readers) s = read(p, s);
        Check(s);
        return s;
    }

    private static void Check(TrainSettings s)
    {
        OptimizerFactory.All.Get(s.Optimizer);
        if (!(s.EffectiveLearningRate > 0) || double.IsInfinity(s.EffectiveLearningRate))
            throw new BackpropException($"--learning-rate must be a positive number, got {s.LearningRate}; try 0.01.");
        OptionChecks.AtLeastOne("--batch-size", s.BatchSize, "; try 32");
        OptionChecks.AtLeastOne("--epochs", s.Epochs);
        if (s.ValidationSplit is < 0 or >= 1 || s.ValidationSplit is double v && double.IsNaN(v))
            throw new BackpropException($"--validation-split must be in [0, 1), got {s.ValidationSplit}; try 0.1.");
        if (s.EarlyStopping <= 0) throw new BackpropException($"--early-stopping must be at least 1 epoch, got {s.EarlyStopping}; try {TrainPlan.DefaultPatience}.");
        if (s.EarlyStopping is not null && s.NoEarlyStopping) throw new BackpropException("--early-stopping and --no-early-stopping contradict each other; give one.");
        Backprop.Training.LearningRateSchedules.All.Get(s.LrSchedule);
        if (s.Header is not ("auto" or "yes" or "no")) throw new BackpropException($"--header must be yes, no or auto, got '{s.Header}'.");
        CsvSettings.Separator(s.Separator);
        if (s.Type is not ("float" or "double")) throw new BackpropException($"--type must be float or double, got '{s.Type}'.");
        if (s.Task is not (null or "classification" or "regression")) throw new BackpropException($"--task must be classification or regression, got '{s.Task}'.");
        OptionChecks.AtLeastOne("--threads", s.Threads);
        OptionChecks.AtLeastOne("--samples", s.Samples);
        if (s.Noise is < 0) throw new BackpropException($"--noise must be zero or positive, got {s.Noise}.");
        OptionChecks.AtLeastOne("--limit", s.Limit);
        if (s.Momentum is < 0 or >= 1) throw new BackpropException($"--momentum must be in [0, 1), got {s.Momentum}.");
        if (s.L1 < 0) throw new BackpropException($"--l1 must be zero or positive, got {s.L1}.");
        if (!Backprop.Training.BatchModes.All.TryGet(s.BatchMode, out _))
            throw new BackpropException($"--batch-mode must be one of {Backprop.Training.BatchModes.All.List()}, got '{s.BatchMode}'.");
        if (s.Features is not null) InputFeatures.Parse(s.Features);
        if (s.WeightDecay < 0) throw new BackpropException($"--weight-decay must be zero or positive, got {s.WeightDecay}.");
        if (s.CheckpointEvery < 0) throw new BackpropException($"--checkpoint-every must be zero or positive, got {s.CheckpointEvery}.");
        if (s.CheckpointEvery > 0 && s.Checkpoint is null) throw new BackpropException("--checkpoint-every needs --checkpoint FILE to know where to save.");
        s.RecipeBeforeData.Validate();
    }
}
