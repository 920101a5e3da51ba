using Backprop.Data;
using Backprop.Runs;
using Backprop.Tensors;
using Backprop.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.ML;

/// <summary>What a Backprop trainer learns: ML.NET's three supervised tasks that a multilayer perceptron covers.</summary>
public enum BackpropTask
{
    /// <summary>A key-typed label of K classes; Score (K probabilities) and PredictedLabel (a key).</summary>
    Multiclass,
    /// <summary>A Boolean label; Score (the logit), Probability and PredictedLabel (a Boolean).</summary>
    Binary,
    /// <summary>A Single label; Score.</summary>
    Regression,
}

/// <summary>
/// An ML.NET estimator that trains a Backprop multilayer perceptron on a vector-of-Single feature column. It sets its
/// run up through the library's own <see cref="TrainSettings"/>, <see cref="TrainPlan"/>, <see cref="PreparedData{T}"/>
/// and <see cref="TrainRun{T}"/>, as <c>backprop train</c> does, so that the same table trains the same way; only the
/// normalisation is left to the pipeline (ML.NET's NormalizeMeanVariance, say).
/// </summary>
public sealed class BackpropTrainer : IEstimator<BackpropTransformer>
{
    /// <summary>The settings of a Backprop trainer. Every initial value is the library's default (<see cref="TrainSettings.Defaults"/>).</summary>
    public sealed class Options
    {
        /// <summary>The label column: a key for multiclass, a Boolean for binary, a Single for regression.</summary>
        public string LabelColumnName { get; set; } = ColumnNames.Label;
        /// <summary>The feature column: a known-size vector of Single.</summary>
        public string FeatureColumnName { get; set; } = ColumnNames.Features;
        /// <summary>
        /// Exactly this many epochs (passes over the training rows), without early stopping; null (the default) for early
        /// stopping on a held-out validation fraction within <see cref="TrainPlan.DefaultBudget"/> epochs. Named Epochs,
        /// not NumberOfIterations: an ML.NET iteration is a linear solver's or a tree's, while a network counts passes
        /// over the data, as ML.NET's own ImageClassification trainer (Epoch) and Backprop's --epochs do.
        /// </summary>
        public int? Epochs { get; set; } = TrainSettings.Defaults.Epochs;
        /// <summary>The hidden layers as <c>backprop train --layers</c> writes them: "100", "128,64", "64,dropout0.2", or "none".</summary>
        public string HiddenLayers { get; set; } = LayerSpec.FormatList(TrainSettings.Defaults.Layers);
        /// <summary>The hidden activation's name, as <c>backprop train --activation</c> takes it (<see cref="Backprop.Layers.Activations.All"/>).</summary>
        public string Activation { get; set; } = TrainSettings.Defaults.Activation;
        /// <summary>The optimizer's name, as <c>backprop train --optimizer</c> takes it (<see cref="Backprop.Optimizers.OptimizerFactory.All"/>).</summary>
        public string Optimizer { get; set; } = TrainSettings.Defaults.Optimizer;
        /// <summary>The step size; null for the optimizer's own default.</summary>
        public double? LearningRate { get; set; } = TrainSettings.Defaults.LearningRate;
        /// <summary>Rows per mini-batch.</summary>
        public int BatchSize { get; set; } = TrainSettings.Defaults.BatchSize;
        /// <summary>L2 weight decay λ.</summary>
        public double WeightDecay { get; set; } = TrainSettings.Defaults.WeightDecay;
        /// <summary>The seed of the weights, the shuffles and the validation split (ML.NET's MLContext seed is out of a trainer's reach).</summary>
        public uint Seed { get; set; } = TrainSettings.Defaults.Seed;
        /// <summary>Epochs without a better validation loss before training stops; null for the plan's (10 without <see cref="Epochs"/>).</summary>
        public int? EarlyStoppingPatience { get; set; } = TrainSettings.Defaults.EarlyStopping;
        /// <summary>Train every epoch of the budget, with no early stopping.</summary>
        public bool NoEarlyStopping { get; set; } = TrainSettings.Defaults.NoEarlyStopping;
        /// <summary>
        /// Keep the network trained without the held-out rows. By default early stopping's default split only chooses the
        /// number of epochs, and the model is trained again on every row for that many, as <c>backprop train</c> does.
        /// </summary>
        public bool NoRefit { get; set; } = TrainSettings.Defaults.NoRefit;
        /// <summary>The fraction of the training rows held out for early stopping; null for the plan's (0.2 when stopping early).</summary>
        public double? ValidationFraction { get; set; } = TrainSettings.Defaults.ValidationSplit;
        /// <summary>The learning-rate schedule's name, as <c>backprop train --lr-schedule</c> takes it (<see cref="LearningRateSchedules.All"/>).</summary>
        public string LearningRateSchedule { get; set; } = TrainSettings.Defaults.LrSchedule;

        /// <summary>The library's settings these options stand for. Normalisation is the pipeline's step, so Backprop's own is off.</summary>
        public TrainSettings ToSettings(BackpropTask task)
        {
            var settings = TrainSettings.Defaults with
            {
                Data = $"ML.NET column '{FeatureColumnName}'",
                Task = task == BackpropTask.Regression ? "regression" : "classification",
                Normalize = "none",
                Layers = LayerSpec.ParseList(HiddenLayers),
                Activation = Activation, Optimizer = Optimizer, LearningRate = LearningRate, BatchSize = BatchSize,
                WeightDecay = WeightDecay, Seed = Seed, Epochs = Epochs, EarlyStopping = EarlyStoppingPatience,
                NoEarlyStopping = NoEarlyStopping, NoRefit = NoRefit, ValidationSplit = ValidationFraction, LrSchedule = LearningRateSchedule,
            };
            return settings.Validate();
        }
    }

    private readonly BackpropTask _task;
    private readonly Options _options;

    internal BackpropTrainer(BackpropTask task, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _task = task;
        _options = options;
        try { options.ToSettings(task); }
        catch (BackpropException e) { throw new ArgumentException($"Backprop trainer options: {e.Message}", nameof(options), e); }
    }

    /// <summary>Reads the label and feature columns, trains the network and returns the transformer that scores with it.</summary>
    public BackpropTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = _options.ToSettings(_task);
        var table = TrainingTable.Read(input, _task, _options.LabelColumnName, _options.FeatureColumnName);
        var plan = TrainPlan.For(settings);
        bool classification = _task != BackpropTask.Regression;
        PreparedData<float> Prepare(TrainSettings s, TrainPlan p) => PreparedData<float>.From(table.Data, classification, table.ClassNames, s, p, table.SlotNames);
        var data = Prepare(settings, plan);
        // As backprop train: early stopping's split chooses the epochs, then the model is trained again on every row.
        var run = TrainRun<float>.Create(settings, plan, data, prepare: Prepare);
        var model = run.Train();
        var (history, network) = (run.Trainer.History, model.Network);
        var notes = new List<string>(data.Notes);
        if (table.SkippedRows > 0) notes.Add($"{table.SkippedRows} rows with a missing label or feature value were skipped, as ML.NET's trainers skip them");
        return new BackpropTransformer(network, _task, _options.FeatureColumnName, table.LabelKeyValues, table.ClassNames) { History = history, Notes = notes };
    }

    /// <summary>
    /// The columns the trained transformer adds, as ML.NET's own trainer for the task declares them (Score,
    /// PredictedLabel, Probability), which also checks the label and feature columns. SchemaShape.Column has no public
    /// constructor, so a trainer outside ML.NET borrows the shape of one inside it (SDCA's; nothing is trained).
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var ml = new MLContext(seed: 0);
        string label = _options.LabelColumnName, features = _options.FeatureColumnName;
        return _task switch
        {
            BackpropTask.Multiclass => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(label, features).GetOutputSchema(inputSchema),
            BackpropTask.Binary => ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features).GetOutputSchema(inputSchema),
            _ => ml.Regression.Trainers.Sdca(label, features).GetOutputSchema(inputSchema),
        };
    }

    /// <summary>The rows of an ML.NET data view as a Backprop data set: one-hot targets for the classes, the label for regression.</summary>
    private sealed record TrainingTable(InMemoryDataset<float> Data, string[]? ClassNames, string[]? SlotNames, DataViewSchema.Annotations? LabelKeyValues, int SkippedRows)
    {
        public static TrainingTable Read(IDataView input, BackpropTask task, string labelName, string featureName)
        {
            var schema = input.Schema;
            var feature = schema.GetColumnOrNull(featureName)
                ?? throw new ArgumentOutOfRangeException(nameof(input), $"there is no feature column '{featureName}'; concatenate the features into one (Transforms.Concatenate(\"{featureName}\", …)) or name yours with featureColumnName.");
            int width = BackpropTransformer.FeatureWidth(feature);
            var label = schema.GetColumnOrNull(labelName)
                ?? throw new ArgumentOutOfRangeException(nameof(input), $"there is no label column '{labelName}'; name yours with labelColumnName.");
            int classes = task switch
            {
                BackpropTask.Multiclass => label.Type is KeyDataViewType { Count: > 1 and <= int.MaxValue } key && key.RawType == typeof(uint) ? (int)key.Count
                    : throw new ArgumentOutOfRangeException(nameof(input), $"the label column '{labelName}' is {label.Type}; a multiclass trainer needs a key: map it with Transforms.Conversion.MapValueToKey(\"{labelName}\")."),
                BackpropTask.Binary => label.Type is BooleanDataViewType ? 2
                    : throw new ArgumentOutOfRangeException(nameof(input), $"the label column '{labelName}' is {label.Type}; a binary trainer needs a Boolean label."),
                _ => label.Type is NumberDataViewType { RawType: var t } && t == typeof(float) ? 1
                    : throw new ArgumentOutOfRangeException(nameof(input), $"the label column '{labelName}' is {label.Type}; a regression trainer needs a Single label."),
            };
            var rows = new List<float[]>();
            var targets = new List<int>();
            var values = new List<float>();
            int skipped = 0;
            using (var cursor = input.GetRowCursor([feature, label]))
            {
                var getFeatures = cursor.GetGetter<VBuffer<float>>(feature);
                Func<(bool Ok, int Class, float Value)> getLabel = task switch
                {
                    BackpropTask.Multiclass => Reader<uint>(cursor, label, k => (k > 0 && k <= classes, (int)k - 1, 0)),
                    BackpropTask.Binary => Reader<bool>(cursor, label, b => (true, b ? 1 : 0, 0)),
                    _ => Reader<float>(cursor, label, v => (float.IsFinite(v), 0, v)),
                };
                VBuffer<float> buffer = default;
                while (cursor.MoveNext())
                {
                    getFeatures(ref buffer);
                    var row = new float[width];
                    BackpropTransformer.Densify(buffer, row);
                    var (ok, c, v) = getLabel();
                    if (!ok || !Array.TrueForAll(row, float.IsFinite)) { skipped++; continue; }
                    rows.Add(row);
                    targets.Add(c);
                    values.Add(v);
                }
            }
            var inputs = new Matrix<float>(rows.Count, width);
            var outputs = new Matrix<float>(rows.Count, task == BackpropTask.Regression ? 1 : classes);
            for (int r = 0; r < rows.Count; r++)
            {
                rows[r].CopyTo(inputs.Row(r));
                if (task == BackpropTask.Regression) outputs[r, 0] = values[r];
                else outputs[r, targets[r]] = 1;
            }
            string[]? names = task switch
            {
                BackpropTask.Multiclass => ClassNamesOf(label, classes),
                BackpropTask.Binary => [bool.FalseString, bool.TrueString],
                _ => null,
            };
            DataViewSchema.Annotations? keyValues = null;
            if (task == BackpropTask.Multiclass && label.Annotations.Schema.GetColumnOrNull(AnnotationKinds.KeyValues) is not null)
            {
                var builder = new DataViewSchema.Annotations.Builder();
                builder.Add(label.Annotations, kind => kind == AnnotationKinds.KeyValues);
                keyValues = builder.ToAnnotations();
            }
            string[]? slotNames = null;
            if (feature.HasSlotNames())
            {
                VBuffer<ReadOnlyMemory<char>> slots = default;
                feature.GetSlotNames(ref slots);
                slotNames = [.. slots.DenseValues().Select(s => s.ToString())];
                if (slotNames.Length != width || slotNames.Any(string.IsNullOrEmpty)) slotNames = null;
            }
            return new TrainingTable(new InMemoryDataset<float>(inputs, outputs) { LabelNames = names }, names, slotNames, keyValues, skipped);
        }

        private static Func<(bool, int, float)> Reader<TLabel>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<TLabel, (bool, int, float)> read)
        {
            var getter = cursor.GetGetter<TLabel>(column);
            TLabel value = default!;
            return () => { getter(ref value); return read(value); };
        }

        /// <summary>The label key's values as text, in key order ("1", "2", … when the key has none).</summary>
        private static string[] ClassNamesOf(DataViewSchema.Column label, int classes)
        {
            var kv = label.Annotations.Schema.GetColumnOrNull(AnnotationKinds.KeyValues);
            if (kv?.Type is VectorDataViewType { ItemType: TextDataViewType })
            {
                VBuffer<ReadOnlyMemory<char>> names = default;
                label.GetKeyValues(ref names);
                return [.. names.DenseValues().Select(n => n.ToString())];
            }
            if (kv is not null) return KeyValueText.Read(label.Annotations, kv.Value);
            return [.. Enumerable.Range(1, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }
    }
}

/// <summary>The annotation kinds this package reads and writes, under ML.NET's names.</summary>
internal static class AnnotationKinds
{
    public const string KeyValues = "KeyValues";
    public const string SlotNames = "SlotNames";
}

/// <summary>ML.NET's default column names (its own DefaultColumnNames is internal).</summary>
internal static class ColumnNames
{
    public const string Label = "Label", Features = "Features", Score = "Score", PredictedLabel = "PredictedLabel", Probability = "Probability";
}
