using System.Globalization;
using System.Numerics;
using Backprop.Data;
using Backprop.Training;

namespace Backprop.Runs;

/// <summary>
/// The data of a run after loading, limiting, splitting and normalising (fitted on the training part only), with a
/// regression target rescaled for training, what was decided on the way (notes), and the refusals of data that
/// cannot train: too few rows, one class, a constant target, values that do not survive scaling.
/// </summary>
public sealed class PreparedData<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The training set, normalised (and a regression target scaled).</summary>
    public required Dataset<T> Train { get; init; }
    /// <summary>The validation set held out of the training data, or null.</summary>
    public Dataset<T>? Validation { get; init; }
    /// <summary>The test set as training sees it (targets scaled like the training targets).</summary>
    public Dataset<T>? Test { get; init; }
    /// <summary>The test set with its targets in their own units, for the final figures.</summary>
    public Dataset<T>? TestInUnits { get; init; }
    /// <summary>Whether the task is classification.</summary>
    public required bool Classification { get; init; }
    /// <summary>The class names, in output order, for a classification.</summary>
    public IReadOnlyList<string>? LabelNames { get; init; }
    /// <summary>The normalisation fitted on the training part, or null for none.</summary>
    public Normalizer? Normalizer { get; init; }
    /// <summary>How a regression target was rescaled for training, or null.</summary>
    public TargetScaling? TargetScaling { get; init; }
    /// <summary>The loss's registry name: the one given, else the data's.</summary>
    public required string Loss { get; init; }
    /// <summary>Where the data came from, as given.</summary>
    public required string Source { get; init; }
    /// <summary>The images' shape when the data is images (IDX files), for convolution layers.</summary>
    public Backprop.Layers.ImageShape? ImageShape { get; init; }
    /// <summary>For images (IDX files), the divisor their pixels were read with (255), which the model file folds into its normalisation.</summary>
    public double? PixelScale { get; init; }
    /// <summary>What was decided on the way, in one line each.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
    /// <summary>The input features the two raw inputs were turned into (--features), or null for the inputs as they are.</summary>
    public string[]? Features { get; init; }
    /// <summary>The input columns' names (a CSV file's header, or the features' names), or null where the data has none.</summary>
    public string[]? Columns { get; init; }

    /// <summary>A squared-error loss on the scaled targets times this is in the target's units squared.</summary>
    public double LossFactor => TargetScaling?.LossFactor ?? 1;

    /// <summary>Loads, limits, splits and normalises the data of <paramref name="s"/> as <paramref name="plan"/> asks.</summary>
    public static PreparedData<T> Load(TrainSettings s, TrainPlan plan)
    {
        var csv = CsvSettings.Options(s.Target, s.Task, s.Header, s.Separator);
        var loaded = DataSources.Load<T>(s.Data, new DataSourceOptions { Csv = csv, Seed = s.Seed, Samples = s.Samples, Noise = s.Noise });
        var notes = new List<string>(loaded.Notes);
        Dataset<T> train = loaded.Train;
        if (s.Limit is int limit && limit < train.Count) train = train.Take(limit);
        Dataset<T>? test = loaded.Test;
        if (s.TestFile is string testFile)
        {
            var read = CsvDataReader.ReadWithNotes<T>(testFile, csv with { LabelNames = loaded.LabelNames, Task = loaded.Task });
            notes.AddRange(read.Notes);
            test = read.Data;
        }
        string[]? columns = loaded.Columns?.Where(c => c != loaded.Target).ToArray();
        if (s.Features is { } names)
        {
            var features = InputFeatures.Parse(names);
            train = InputFeatures.Apply(train, features);
            test = test is null ? null : InputFeatures.Apply(test, features);
            columns = names;
        }
        var table = new Table(s.Data, loaded.Task == LearningTask.Classification, loaded.LabelNames, loaded.Target, columns, Tabular: loaded.Columns is not null);
        return Prepare(table, train, test, s, plan, notes, loaded.ImageShape, loaded.PixelScale,
            // x1,x2 is the input as it is: nothing for a model file to record (and ONNX export can write it).
            features: s.Features is { } f && !f.SequenceEqual(["x1", "x2"]) ? f : null);
    }

    /// <summary>
    /// Prepares a table already in memory (a caller that reads its own data, such as the ML.NET trainer) exactly as
    /// <see cref="Load"/> prepares a CSV file's: split, normalised as <paramref name="s"/> says (standard unless told),
    /// a regression target rescaled; the source, the limit, the test file and the features of <paramref name="s"/> are not read.
    /// </summary>
    /// <param name="train">The training rows: one-hot targets for classification, one target column for regression.</param>
    /// <param name="classification">Whether the targets are classes.</param>
    /// <param name="labelNames">The class names in output order, for classification.</param>
    /// <param name="s">The settings; its <see cref="TrainSettings.Data"/> names the data in messages when given.</param>
    /// <param name="plan">The plan the split follows.</param>
    /// <param name="columns">The input columns' names, for messages; null for "input column N".</param>
    public static PreparedData<T> From(Dataset<T> train, bool classification, IReadOnlyList<string>? labelNames, TrainSettings s, TrainPlan plan,
        string[]? columns = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(plan);
        string source = s.Data.Length > 0 ? s.Data : "the training data";
        var table = new Table(source, classification, labelNames, Target: null, columns, Tabular: true) { Holder = "the table" };
        return Prepare(table, train, test: null, s, plan, [], imageShape: null, pixelScale: null, features: null);
    }

    /// <summary>What the preparation needs to know of where the rows came from. Tabular data (a CSV file, a table in memory) is standardised by default and a regression target rescaled.</summary>
    private sealed record Table(string Source, bool Classification, IReadOnlyList<string>? LabelNames, string? Target, string[]? Columns, bool Tabular)
    {
        /// <summary>What the rows are called in a message: a file's, or a table's handed over in memory.</summary>
        public string Holder { get; init; } = "the file";
    }

    /// <summary>The steps <see cref="Load"/> and <see cref="From"/> share: the checks, the split, the normalisation fitted on the training part, the target scaling.</summary>
    private static PreparedData<T> Prepare(Table table, Dataset<T> train, Dataset<T>? test, TrainSettings s, TrainPlan plan, List<string> notes,
        Backprop.Layers.ImageShape? imageShape, double? pixelScale, string[]? features)
    {
        if (table.Tabular && train.Count < 2)
            throw new BackpropException($"{table.Source}: {table.Holder} has {train.Count} data row, too few to train on; give at least 2 (and dozens to learn anything).");
        bool classification = table.Classification;
        var (fit, validation) = Split(train, plan, s, table.Source, classification, notes);
        var kind = Normalizer.ParseKind(s.NormalizationFor(table.Tabular));
        Normalizer? normalizer = kind == NormalizationKind.None ? null : Normalizer.Fit(kind, fit);
        Dataset<T> Normalized(Dataset<T> set, string file)
        {
            var result = normalizer?.Apply(set) ?? set;
            CheckFinite(result, set, file, table.Columns);
            return result;
        }
        fit = Normalized(fit, table.Source);
        validation = validation is null ? null : Normalized(validation, table.Source);
        test = test is null ? null : Normalized(test, s.TestFile ?? table.Source);

        string loss = s.Loss ?? NetworkRecipe.DefaultLoss(fit.TargetSize, classification);
        TargetScaling? scaling = null;
        // A table's regression target with a linear output is learnt in standard units and reported in its own (the
        // built-in sets are the tutorials' numbers, left as they are).
        if (table.Tabular && !classification && fit.TargetSize == 1 && Losses.Loss.All.Get(loss).OutputActivation == "identity")
        {
            try { scaling = TargetScaling.Fit(fit); }
            catch (BackpropException e)
            {
                throw new BackpropException($"{table.Source}: {(table.Target is string t ? $"target column '{t}'" : "the target")}: {e.Message}", e);
            }
        }
        return new PreparedData<T>
        {
            Train = scaling?.Apply(fit) ?? fit,
            Validation = validation is null ? null : scaling?.Apply(validation) ?? validation,
            Test = test is null ? null : scaling?.Apply(test) ?? test,
            TestInUnits = test,
            Classification = classification,
            LabelNames = table.LabelNames,
            Normalizer = normalizer,
            TargetScaling = scaling,
            Loss = loss,
            Source = table.Source,
            ImageShape = imageShape,
            PixelScale = pixelScale,
            Notes = notes,
            Features = features,
            Columns = table.Columns,
        };
    }

    /// <summary>
    /// The validation split the plan asks for, stratified for classification. A default split that would hold out
    /// fewer than <see cref="TrainPlan.MinValidationRows"/> rows is not made (early stopping then watches the training
    /// loss); a split the user asked for is made, or refused when it leaves no rows on a side.
    /// </summary>
    private static (Dataset<T> Fit, Dataset<T>? Validation) Split(Dataset<T> train, TrainPlan plan, TrainSettings s, string source, bool classification, List<string> notes)
    {
        double fraction = plan.ValidationSplit;
        if (fraction == 0) return (train, null);
        if (s.ValidationSplit is null && !TrainPlan.CanHoldOut(train.Count, fraction))
        {
            notes.Add($"{source}: {train.Count} training samples are too few to hold out a validation set, so early stopping watches the training loss");
            return (train, null);
        }
        return classification ? ValidationSplit.Stratified(train, fraction, s.Seed) : ValidationSplit.Split(train, fraction, s.Seed);
    }

    /// <summary>Refuses a set whose inputs are not all finite after scaling, naming the column and its largest raw value.</summary>
    private static void CheckFinite(Dataset<T> scaled, Dataset<T> raw, string file, string[]? columns)
    {
        if (scaled is not InMemoryDataset<T> memory) return;   // images are bytes, always finite
        var x = memory.Inputs;
        for (int r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (int c = 0; c < row.Length; c++)
            {
                if (T.IsFinite(row[c])) continue;
                double largest = 0;
                var (inputs, _) = raw.ToMatrices();
                for (int i = 0; i < inputs.Rows; i++) largest = Math.Max(largest, Math.Abs(double.CreateChecked(inputs[i, c])));
                string name = columns is not null && c < columns.Length ? $"column '{columns[c]}'" : $"input column {c}";
                string shown = largest >= 1e5 ? largest.ToString("0.##e+0", CultureInfo.InvariantCulture) : largest.ToString("G4", CultureInfo.InvariantCulture);
                throw new BackpropException($"{file}: {name} has values up to {shown}, which are not finite numbers after scaling; rescale this column.");
            }
        }
    }
}

/// <summary>The model-file description of prepared data.</summary>
public static class PreparedDataMetadata
{
    /// <summary>
    /// The metadata of the model; <paramref name="forCheckpoint"/> adds the target scaling its unfolded network needs. A model
    /// trained on images stores its normalisation in raw pixel units, the pixel scaling (x / 255) folded in, so that a raw
    /// pixel (a CSV of 0 to 255, the ONNX export's input) is rescaled as training rescaled the images.
    /// </summary>
    public static Serialization.ModelMetadata Metadata<T>(this PreparedData<T> data, bool forCheckpoint = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fitted = data.Normalizer is { } n ? new Serialization.Normalization(n.Kind.ToString().ToLowerInvariant(), n.Offset.ToArray(), n.Scale.ToArray()) : null;
        var normalization = data.PixelScale is double p ? Serialization.Normalization.OfPixels(p, data.Train.InputSize, fitted) : fitted;
        return new(data.Classification ? Serialization.ModelTasks.Classification : Serialization.ModelTasks.Regression, data.Loss,
            normalization, data.LabelNames?.ToArray(), data.Features, forCheckpoint ? data.TargetScaling : null);
    }
}
