using System.Numerics;
using Backprop.Data;

namespace Backprop.Cli;

/// <summary>The data of a run after loading, limiting, splitting and normalising (fitted on the training part only).</summary>
internal sealed class PreparedData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public required Dataset<T> Train { get; init; }
    public Dataset<T>? Validation { get; init; }
    public Dataset<T>? Test { get; init; }
    public required bool Classification { get; init; }
    public IReadOnlyList<string>? LabelNames { get; init; }
    public Normalizer? Normalizer { get; init; }
    public required string Source { get; init; }
    public string[]? Features { get; init; }

    public static PreparedData<T> Load(TrainSettings s)
    {
        var csv = CsvOptionsFor(s.Target, s.Task);
        var loaded = DataSources.Load<T>(s.Data, new DataSourceOptions { Csv = csv, Seed = s.Seed, Samples = s.Samples, Noise = s.Noise });
        Dataset<T> train = loaded.Train;
        if (s.Limit is int limit && limit < train.Count) train = train.Take(limit);
        Dataset<T>? test = loaded.Test;
        if (s.TestFile is string testFile)
            test = CsvDataReader.Read<T>(testFile, csv with { LabelNames = loaded.LabelNames });
        if (s.Features is { } names)
        {
            var features = InputFeatures.Parse(names);
            train = InputFeatures.Apply(train, features);
            test = test is null ? null : InputFeatures.Apply(test, features);
        }
        var (fit, validation) = ValidationSplit.Split(train, s.ValidationSplit, s.Seed);
        bool isCsv = s.Data.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var kind = Normalizer.ParseKind(s.Normalize ?? (isCsv ? "standard" : "none"));
        Normalizer? normalizer = kind == NormalizationKind.None ? null : Normalizer.Fit(kind, fit);
        return new PreparedData<T>
        {
            Train = normalizer?.Apply(fit) ?? fit,
            Validation = validation is null ? null : normalizer?.Apply(validation) ?? validation,
            Test = test is null ? null : normalizer?.Apply(test) ?? test,
            Classification = loaded.Task == LearningTask.Classification,
            LabelNames = loaded.LabelNames,
            Normalizer = normalizer,
            Source = s.Data,
            // x1,x2 is the input as it is: nothing for a model file to record (and ONNX export can write it).
            Features = s.Features is { } f && !f.SequenceEqual(["x1", "x2"]) ? f : null,
        };
    }

    public static CsvOptions CsvOptionsFor(string? target, string task)
    {
        var options = new CsvOptions { Task = task == "regression" ? LearningTask.Regression : LearningTask.Classification };
        if (target is null) return options;
        return int.TryParse(target, out int index) ? options with { TargetIndex = index } : options with { TargetColumn = target };
    }
}

/// <summary>The model-file description of prepared data.</summary>
internal static class PreparedDataMetadata
{
    public static Serialization.ModelMetadata Metadata<T>(this PreparedData<T> data, string loss) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(data.Classification ? Serialization.ModelTasks.Classification : Serialization.ModelTasks.Regression, loss,
            data.Normalizer is { } n ? new Serialization.Normalization(n.Kind.ToString().ToLowerInvariant(), n.Offset.ToArray(), n.Scale.ToArray()) : null,
            data.LabelNames?.ToArray(), data.Features);
}
