using System.Globalization;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Runs;

/// <summary>
/// One setting of a run as the command line, the page's link and the ML.NET trainer name it: its option name (without
/// dashes), its help, how its text is read, and which <see cref="TrainSettings"/> property it fills.
/// </summary>
public abstract class TrainSetting
{
    private protected TrainSetting(string name, string property, string description, bool onPage, string[] aliases)
    {
        Name = name;
        Property = property;
        Description = description;
        OnPage = onPage;
        Aliases = aliases;
    }

    /// <summary>The option's name without its dashes, such as "learning-rate".</summary>
    public string Name { get; }
    /// <summary>The <see cref="TrainSettings"/> property it sets, such as "LearningRate".</summary>
    public string Property { get; }
    /// <summary>The one-sentence help (without the final full stop).</summary>
    public string Description { get; }
    /// <summary>Whether the playground page may set it (no output files, no host resources).</summary>
    public bool OnPage { get; }
    /// <summary>Other spellings, with their dashes ("--lr", "-q").</summary>
    public IReadOnlyList<string> Aliases { get; }
    /// <summary>Whether a run cannot do without it.</summary>
    public bool Required { get; init; }
    /// <summary>Whether it is an on/off switch that takes no value on the command line.</summary>
    public abstract bool IsFlag { get; }

    /// <summary><paramref name="settings"/> with this setting read from <paramref name="text"/>; bad text is a <see cref="BackpropException"/>.</summary>
    public abstract TrainSettings Apply(TrainSettings settings, string text);

    /// <summary>The value in <paramref name="settings"/> as the command line writes it, or null when it is not set.</summary>
    public abstract string? Text(TrainSettings settings);

    /// <summary>The value in <paramref name="settings"/> as a C# expression, or null when it is not set.</summary>
    public abstract string? CSharp(TrainSettings settings);

    /// <summary>Whether <paramref name="settings"/> holds this setting's default.</summary>
    public abstract bool IsDefault(TrainSettings settings);

    /// <summary>Hands the typed setting to <paramref name="visitor"/> (the command line builds its typed options so).</summary>
    public abstract TResult Accept<TResult>(ITrainSettingVisitor<TResult> visitor);
}

/// <summary>Something done with a setting of its own value type.</summary>
public interface ITrainSettingVisitor<out TResult>
{
    /// <summary>Does it for <paramref name="setting"/>.</summary>
    TResult Visit<TValue>(TrainSetting<TValue> setting);
}

/// <summary>A setting whose value is a <typeparamref name="TValue"/>.</summary>
public sealed class TrainSetting<TValue> : TrainSetting
{
    private readonly Func<TrainSettings, TValue, TrainSettings> _set;
    private readonly Func<string, TValue> _parse;
    private readonly Func<TValue, string?> _text;
    private readonly Func<TValue, string?> _csharp;

    internal TrainSetting(string name, string property, string description, bool onPage, Func<TrainSettings, TValue> get,
        Func<TrainSettings, TValue, TrainSettings> set, ValueText<TValue> text, string[] aliases)
        : base(name, property, description, onPage, aliases)
    {
        Get = get;
        _set = set;
        _parse = v => text.Parse("--" + name, v);
        _text = text.Format;
        _csharp = text.CSharp;
    }

    /// <summary>The value in a settings record.</summary>
    public Func<TrainSettings, TValue> Get { get; }

    /// <summary>The default, as --help shows it.</summary>
    public TValue Default => Get(TrainSettings.Defaults);

    /// <inheritdoc />
    public override bool IsFlag => typeof(TValue) == typeof(bool);

    /// <summary>Reads the text of this option's value, in the words the command line uses for a bad one.</summary>
    public TValue Parse(string text) => _parse(text);

    /// <summary><paramref name="settings"/> with this setting's value <paramref name="value"/>.</summary>
    public TrainSettings With(TrainSettings settings, TValue value) => _set(settings, value);

    /// <inheritdoc />
    public override TrainSettings Apply(TrainSettings settings, string text) => _set(settings, _parse(text));

    /// <inheritdoc />
    public override string? Text(TrainSettings settings) => Get(settings) is { } v ? _text(v) : null;

    /// <inheritdoc />
    public override string? CSharp(TrainSettings settings) => Get(settings) is { } v ? _csharp(v) : null;

    /// <inheritdoc />
    public override bool IsDefault(TrainSettings settings) => Text(settings) == Text(TrainSettings.Defaults);

    /// <inheritdoc />
    public override TResult Accept<TResult>(ITrainSettingVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>How values of one type are read from text and written back, in the command line's words.</summary>
internal sealed record ValueText<TValue>(Func<string, string, TValue> Parse, Func<TValue, string?> Format, Func<TValue, string?> CSharp);

/// <summary>
/// The one table of a run's settings: every option of <c>backprop train</c>, in --help's order, with its help, its default
/// (<see cref="TrainSettings"/>' initial value) and its reader. The command line declares its options from it, the page
/// reads its link with it and writes the equivalent command and C# program with it; names listed in the help come from
/// the registries.
/// </summary>
public static class TrainSettingsTable
{
    /// <summary>Every setting, in the order --help lists them.</summary>
    public static IReadOnlyList<TrainSetting> All { get; } = Build();

    /// <summary>The setting named <paramref name="name"/> (without dashes), or null.</summary>
    public static TrainSetting? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>The setting named <paramref name="name"/>; a name not in the table is a programming error.</summary>
    public static TrainSetting Get(string name) => Find(name) ?? throw new ArgumentException($"no train setting '{name}'", nameof(name));

    /// <summary>The settings the playground page may set.</summary>
    public static IEnumerable<TrainSetting> OnPage => All.Where(s => s.OnPage);

    /// <summary>
    /// Reads named values (option names without dashes, as the page's link holds them) into checked settings, as the
    /// command line would read <c>--name value</c>. A name that <paramref name="allowed"/> refuses is named in the error.
    /// </summary>
    public static TrainSettings Read(IEnumerable<KeyValuePair<string, string>> values, Func<TrainSetting, bool>? allowed = null, TrainSettings? start = null)
    {
        var settings = start ?? TrainSettings.Defaults;
        foreach (var (name, text) in values)
        {
            var setting = Find(name);
            if (setting is null || (allowed is not null && !allowed(setting)))
            {
                var names = All.Where(s => allowed?.Invoke(s) ?? true).Select(s => s.Name).Order(StringComparer.Ordinal);
                throw new BackpropException($"'{name}' cannot be set here; the settings are {string.Join(", ", names)}.");
            }
            settings = setting.Apply(settings, text);
        }
        return settings.Validate();
    }

    /// <summary>
    /// The settings that say what <paramref name="settings"/> trains, as (name, value) pairs in the table's order: every
    /// value that is set, defaults included, less the ones that do not apply (momentum for an optimizer without it, a
    /// zero penalty, the CSV options of a built-in set). The command line and the C# program of a run are written from it.
    /// </summary>
    public static IEnumerable<TrainSetting> Describing(TrainSettings settings, bool csvFile) => All.Where(s =>
        s.OnPage && s.Text(settings) is not null && s.Name switch
        {
            "momentum" => OptimizerFactory.All.Get(settings.Optimizer).UsesMomentum,
            "weight-decay" or "l1" => !s.IsDefault(settings),
            "target" or "task" => csvFile,
            _ => true,
        } || s.Name == "early-stopping" && settings.EarlyStopping is not null);

    private static IReadOnlyList<TrainSetting> Build()
    {
        var table = new List<TrainSetting>();
        void Add<TValue>(string name, string property, ValueText<TValue> text, string description, Func<TrainSettings, TValue> get,
            Func<TrainSettings, TValue, TrainSettings> set, bool page = false, bool required = false, params string[] aliases) =>
            table.Add(new TrainSetting<TValue>(name, property, description, page, get, set, text, aliases) { Required = required });

        Add("data", nameof(TrainSettings.Data), Texts.String, "Data: xor, and, or, circles, moons, spirals, fashion-mnist, mnist, the lessons' data (e.g. neuron-with-bias), a .csv file or a folder of IDX files",
            s => s.Data, (s, v) => s with { Data = v }, page: true, required: true);
        Add("target", nameof(TrainSettings.Target), Texts.OptionalString, "CSV target column, by name or 0-based index (default: the last column)", s => s.Target, (s, v) => s with { Target = v }, page: true);
        Add("task", nameof(TrainSettings.Task), Texts.OptionalLower, "classification or regression (CSV; default: regression for a target of numbers that are not all whole or have more than 20 values)",
            s => s.Task, (s, v) => s with { Task = v }, page: true);
        Add("header", nameof(TrainSettings.Header), Texts.Lower, "Whether a CSV's first row is a header: yes, no or auto (auto: not when it has numbers where the rows below do)",
            s => s.Header, (s, v) => s with { Header = v });
        Add("separator", nameof(TrainSettings.Separator), Texts.OptionalString, "A CSV's column separator, such as ';' or tab (default: ',', ';' or tab, detected)", s => s.Separator, (s, v) => s with { Separator = v });
        Add("normalize", nameof(TrainSettings.Normalize), Texts.OptionalString, "minmax, standard or none, fitted on the training part only (default: standard for CSV, none otherwise)",
            s => s.Normalize, (s, v) => s with { Normalize = v }, page: true);
        Add("validation-split", nameof(TrainSettings.ValidationSplit), Texts.NumberOrNull, $"Fraction of the training data held out for validation, with a seeded shuffle, stratified for classification (0 to 0.9; default {TrainPlan.DefaultValidationSplit} with early stopping, else 0)",
            s => s.ValidationSplit, (s, v) => s with { ValidationSplit = v }, page: true);
        Add("test", nameof(TrainSettings.TestFile), Texts.OptionalString, "A separate CSV test file", s => s.TestFile, (s, v) => s with { TestFile = v });
        Add("layers", nameof(TrainSettings.Layers), Texts.Layers, "Hidden layers, comma-separated: dense layer sizes such as 128,64; conv32x3 (add -same for same padding, -s2 for stride 2), maxpool2, dropout0.25, flatten (none for no hidden layer)",
            s => s.Layers, (s, v) => s with { Layers = v }, page: true);
        Add("input-shape", nameof(TrainSettings.InputShape), Texts.Shape, "The shape of an input row as an image, HxWxC such as 28x28x1, for convolution on CSV rows (IDX images give it)",
            s => s.InputShape, (s, v) => s with { InputShape = v });
        Add("activation", nameof(TrainSettings.Activation), Texts.String, $"Hidden activation: {Activations.All.List()}", s => s.Activation, (s, v) => s with { Activation = v }, page: true);
        Add("loss", nameof(TrainSettings.Loss), Texts.OptionalString, $"{Loss.All.List()} (default: from the data)", s => s.Loss, (s, v) => s with { Loss = v }, page: true);
        Add("init", nameof(TrainSettings.Init), Texts.OptionalString, $"Weight initialisation of every layer: {Initializers.All.List()} (default: {Activations.DefaultInitDescription})",
            s => s.Init, (s, v) => s with { Init = v }, page: true);
        Add("optimizer", nameof(TrainSettings.Optimizer), Texts.String, OptimizerFactory.All.List(), s => s.Optimizer, (s, v) => s with { Optimizer = v }, page: true);
        Add("learning-rate", nameof(TrainSettings.LearningRate), Texts.NumberOrNull, $"Step size (default: {string.Join(", ", OptimizerFactory.All.Select(e => $"{e.Name} {e.DefaultLearningRate.ToString(CultureInfo.InvariantCulture)}"))})",
            s => s.LearningRate, (s, v) => s with { LearningRate = v }, page: true, aliases: "--lr");
        Add("momentum", nameof(TrainSettings.Momentum), Texts.Number, "Momentum coefficient for momentum and nesterov", s => s.Momentum, (s, v) => s with { Momentum = v }, page: true);
        Add("weight-decay", nameof(TrainSettings.WeightDecay), Texts.Number, "L2 weight decay λ: λ·w is added to every parameter's gradient, biases too (scikit-learn's alpha is λ × batch / 2 for squared error)",
            s => s.WeightDecay, (s, v) => s with { WeightDecay = v }, page: true);
        Add("l1", nameof(TrainSettings.L1), Texts.Number, "L1 regularisation λ₁: adds λ₁·sign(w) to each gradient", s => s.L1, (s, v) => s with { L1 = v }, page: true);
        Add("batch-mode", nameof(TrainSettings.BatchMode), Texts.String, $"What a step takes: {string.Join("; ", BatchModes.All.Select(e => $"{e.Name} ({e.Description})"))}",
            s => s.BatchMode, (s, v) => s with { BatchMode = BatchModes.All.TryGet(v, out var mode) ? mode.Name : v }, page: true);
        Add("features", nameof(TrainSettings.Features), Texts.List, $"Input features of 2-D data, comma-separated: {InputFeatures.All.List()} (default: the two inputs as they are)",
            s => s.Features, (s, v) => s with { Features = v }, page: true);
        Add("epochs", nameof(TrainSettings.Epochs), Texts.WholeOrNull, $"Passes over the training data: exactly N (default: early stopping within {TrainPlan.DefaultBudget})",
            s => s.Epochs, (s, v) => s with { Epochs = v }, page: true);
        Add("early-stopping", nameof(TrainSettings.EarlyStopping), Texts.WholeOrNull, $"Stop when the validation loss has not improved for this many epochs, and keep the best epoch's weights (default {TrainPlan.DefaultPatience} without --epochs)",
            s => s.EarlyStopping, (s, v) => s with { EarlyStopping = v });
        Add("no-early-stopping", nameof(TrainSettings.NoEarlyStopping), Texts.Flag, $"Train every epoch of the budget ({TrainPlan.DefaultBudget}, or --epochs)", s => s.NoEarlyStopping, (s, v) => s with { NoEarlyStopping = v });
        Add("no-refit", nameof(TrainSettings.NoRefit), Texts.Flag, "Keep the network trained on the rows left after the default validation split (without it, early stopping only chooses the number of epochs, and a fresh network is trained on every row for that many)",
            s => s.NoRefit, (s, v) => s with { NoRefit = v });
        Add("lr-schedule", nameof(TrainSettings.LrSchedule), Texts.Lower, $"How the learning rate changes between epochs: {string.Join("; ", LearningRateSchedules.All.Select(e => $"{e.Name} ({e.Description})"))}",
            s => s.LrSchedule, (s, v) => s with { LrSchedule = v });
        Add("batch-size", nameof(TrainSettings.BatchSize), Texts.Whole, "Samples per step; batches are shuffled each epoch", s => s.BatchSize, (s, v) => s with { BatchSize = v }, page: true);
        Add("seed", nameof(TrainSettings.Seed), Texts.Seed, "Seed for initial weights, shuffling and splits", s => s.Seed, (s, v) => s with { Seed = v }, page: true);
        Add("type", nameof(TrainSettings.Type), Texts.Lower, "Numeric type: float (fast) or double", s => s.Type, (s, v) => s with { Type = v }, page: true);
        Add("model", nameof(TrainSettings.Model), Texts.OptionalString, "Save the trained model to this file (safetensors)", s => s.Model, (s, v) => s with { Model = v });
        Add("plots", nameof(TrainSettings.Plots), Texts.OptionalString, "Write loss/accuracy curves (and decision regions for 2-D data) as SVG into this folder", s => s.Plots, (s, v) => s with { Plots = v });
        Add("threads", nameof(TrainSettings.Threads), Texts.WholeOrNull, "Most threads a matrix product may use (default: all cores)", s => s.Threads, (s, v) => s with { Threads = v });
        Add("json", nameof(TrainSettings.Json), Texts.Flag, "Print one JSON object with the results at the end", s => s.Json, (s, v) => s with { Json = v });
        Add("quiet", nameof(TrainSettings.Quiet), Texts.Flag, "Print only the results: no notes, progress or tables", s => s.Quiet, (s, v) => s with { Quiet = v }, aliases: "-q");
        Add("limit", nameof(TrainSettings.Limit), Texts.WholeOrNull, "Use only the first N training samples (e.g. a quick subset of Fashion-MNIST)", s => s.Limit, (s, v) => s with { Limit = v });
        Add("samples", nameof(TrainSettings.Samples), Texts.WholeOrNull, "Number of points of circles, moons or spirals", s => s.Samples, (s, v) => s with { Samples = v }, page: true);
        Add("noise", nameof(TrainSettings.Noise), Texts.NumberOrNull, "Noise of circles, moons or spirals", s => s.Noise, (s, v) => s with { Noise = v }, page: true);
        Add("target-loss", nameof(TrainSettings.TargetLoss), Texts.NumberOrNull, "Stop after the first epoch whose training loss is below this", s => s.TargetLoss, (s, v) => s with { TargetLoss = v }, page: true);
        Add("checkpoint-every", nameof(TrainSettings.CheckpointEvery), Texts.Whole, "Save a checkpoint every N epochs (needs --checkpoint)", s => s.CheckpointEvery, (s, v) => s with { CheckpointEvery = v });
        Add("checkpoint", nameof(TrainSettings.Checkpoint), Texts.OptionalString, "Checkpoint file: model, optimizer state, epoch, random state and history", s => s.Checkpoint, (s, v) => s with { Checkpoint = v });
        Add("resume", nameof(TrainSettings.Resume), Texts.OptionalString, "Continue training from this checkpoint", s => s.Resume, (s, v) => s with { Resume = v });
        return table;
    }
}

/// <summary>The readers and writers of the settings' value types, with the command line's words for a bad value.</summary>
internal static class Texts
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static readonly ValueText<string> String = new((_, v) => v, v => v, Literal);
    public static readonly ValueText<string> Lower = new((_, v) => v.ToLowerInvariant(), v => v, Literal);
    public static readonly ValueText<string?> OptionalString = new((_, v) => v, v => v, v => v is null ? null : Literal(v));
    public static readonly ValueText<string?> OptionalLower = new((_, v) => v.ToLowerInvariant(), v => v, v => v is null ? null : Literal(v));
    public static readonly ValueText<bool> Flag = new((option, v) => bool.TryParse(v, out bool b) ? b : throw Bad(option, "true or false", v),
        v => v ? "true" : "false", v => v ? "true" : "false");
    public static readonly ValueText<int> Whole = new(ParseWhole, v => v.ToString(Invariant), v => v.ToString(Invariant));
    public static readonly ValueText<int?> WholeOrNull = new((o, v) => ParseWhole(o, v), v => v?.ToString(Invariant), v => v?.ToString(Invariant));
    public static readonly ValueText<uint> Seed = new((option, v) => uint.TryParse(v, NumberStyles.None, Invariant, out uint u) ? u : throw Bad(option, "a whole number, 0 or more", v),
        v => v.ToString(Invariant), v => v.ToString(Invariant));
    public static readonly ValueText<double> Number = new(ParseNumber, v => v.ToString("R", Invariant), v => v.ToString("R", Invariant));
    public static readonly ValueText<double?> NumberOrNull = new((o, v) => ParseNumber(o, v), v => v?.ToString("R", Invariant), v => v?.ToString("R", Invariant));
    public static readonly ValueText<LayerSpec[]> Layers = new((_, v) => NetworkRecipe.ParseHidden(v), NetworkRecipe.FormatHidden,
        v => $"NetworkRecipe.ParseHidden({Literal(NetworkRecipe.FormatHidden(v))})");
    public static readonly ValueText<ImageShape?> Shape = new((option, v) => ImageShape.Parse(v, option), v => v?.ToString(),
        v => v is { } s ? $"ImageShape.Parse({Literal(s.ToString())})" : null);
    public static readonly ValueText<string[]?> List = new((_, v) => v.Split(',', StringSplitOptions.TrimEntries), v => v is null ? null : string.Join(",", v),
        v => v is null ? null : $"[{string.Join(", ", v.Select(Literal))}]");

    private static int ParseWhole(string option, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out int v) ? v : throw Bad(option, "a whole number", text);

    private static double ParseNumber(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out double v) ? v : throw Bad(option, "a number (with a '.' decimal point)", text);

    private static BackpropException Bad(string option, string kind, string text) => new($"{option} takes {kind}, got '{text}'.");

    /// <summary>A C# string literal.</summary>
    public static string Literal(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
