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
        bool csvFile = loaded.Columns is not null;
        if (csvFile && train.Count < 2)
            throw new BackpropException($"{s.Data}: the file has {train.Count} data row, too few to train on; give at least 2 (and dozens to learn anything).");
        Dataset<T>? test = loaded.Test;
        if (s.TestFile is string testFile)
        {
            var read = CsvDataReader.ReadWithNotes<T>(testFile, csv with { LabelNames = loaded.LabelNames, Task = loaded.Task });
            notes.AddRange(read.Notes);
            test = read.Data;
        }
        bool classification = loaded.Task == LearningTask.Classification;
        string[]? columns = loaded.Columns?.Where(c => c != loaded.Target).ToArray();
        if (s.Features is { } names)
        {
            var features = InputFeatures.Parse(names);
            train = InputFeatures.Apply(train, features);
            test = test is null ? null : InputFeatures.Apply(test, features);
            columns = names;
        }

        var (fit, validation) = Split(train, plan, s, classification, notes);
        var kind = Normalizer.ParseKind(s.NormalizationFor(csvFile));
        Normalizer? normalizer = kind == NormalizationKind.None ? null : Normalizer.Fit(kind, fit);
        Dataset<T> Normalized(Dataset<T> set, string file)
        {
            var result = normalizer?.Apply(set) ?? set;
            CheckFinite(result, set, file, columns);
            return result;
        }
        fit = Normalized(fit, s.Data);
        validation = validation is null ? null : Normalized(validation, s.Data);
        test = test is null ? null : Normalized(test, s.TestFile ?? s.Data);

        string loss = s.Loss ?? NetworkRecipe.DefaultLoss(fit.TargetSize, classification);
        TargetScaling? scaling = null;
        // A CSV's regression target with a linear output is learnt in standard units and reported in its own (the
        // built-in sets are the tutorials' numbers, left as they are).
        if (csvFile && !classification && fit.TargetSize == 1 && Losses.Loss.All.Get(loss).OutputActivation == "identity")
        {
            try { scaling = TargetScaling.Fit(fit); }
            catch (BackpropException e)
            {
                throw new BackpropException($"{s.Data}: {(loaded.Target is string t ? $"target column '{t}'" : "the target")}: {e.Message}", e);
            }
        }
        return new PreparedData<T>
        {
            Train = scaling?.Apply(fit) ?? fit,
            Validation = validation is null ? null : scaling?.Apply(validation) ?? validation,
            Test = test is null ? null : scaling?.Apply(test) ?? test,
            TestInUnits = test,
            Classification = classification,
            LabelNames = loaded.LabelNames,
            Normalizer = normalizer,
            TargetScaling = scaling,
            Loss = loss,
            Source = s.Data,
            ImageShape = loaded.ImageShape,
            PixelScale = loaded.PixelScale,
            Notes = notes,
            // x1,x2 is the input as it is: nothing for a model file to record (and ONNX export can write it).
            Features = s.Features is { } f && !f.SequenceEqual(["x1", "x2"]) ? f : null,
        };
    }

    /// <summary>
    /// The validation split the plan asks for, stratified for classification. A default split that would hold out
    /// fewer than <see cref="TrainPlan.MinValidationRows"/> rows is not made (early stopping then watches the training
    /// loss); a split the user asked for is made, or refused when it leaves no rows on a side.
    /// </summary>
    private static (Dataset<T> Fit, Dataset<T>? Validation) Split(Dataset<T> train, TrainPlan plan, TrainSettings s, bool classification, List<string> notes)
    {
        double fraction = plan.ValidationSplit;
        if (fraction == 0) return (train, null);
        if (s.ValidationSplit is null && Math.Ceiling(fraction * train.Count) < TrainPlan.MinValidationRows)
        {
            notes.Add($"{s.Data}: {train.Count} training samples are too few to hold out a validation set, so early stopping watches the training loss");
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
