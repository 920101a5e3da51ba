using Backprop.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.ML;

/// <summary>
/// A trained Backprop network as an ML.NET transformer: it adds the columns ML.NET's scorers add, under their names, so
/// that the evaluators, MapKeyToValue and prediction engines read them. Multiclass: Score (the K class probabilities,
/// slot names the class names) and PredictedLabel (a key with the label's key values). Binary: Score (the logit),
/// Probability and PredictedLabel (a Boolean). Regression: Score.
/// </summary>
public sealed class BackpropTransformer : ITransformer
{
    internal BackpropTransformer(Network<float> network, BackpropTask task, string featureColumnName, DataViewSchema.Annotations? labelKeyValues, IReadOnlyList<string>? classNames)
    {
        Network = network;
        Task = task;
        FeatureColumnName = featureColumnName;
        LabelKeyValues = labelKeyValues;
        ClassNames = classNames;
    }

    /// <summary>The trained network, in the target's units for regression; it takes the feature vector as the pipeline gives it.</summary>
    public Network<float> Network { get; }
    /// <summary>The task it was trained for.</summary>
    public BackpropTask Task { get; }
    /// <summary>The column it reads.</summary>
    public string FeatureColumnName { get; }
    /// <summary>The class names in the order of the network's outputs (the label's key order); null for regression.</summary>
    public IReadOnlyList<string>? ClassNames { get; }
    /// <summary>The loss and accuracy of each epoch; null for a transformer loaded from a file.</summary>
    public TrainingHistory? History { get; init; }
    /// <summary>What was decided while preparing the data, one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>The label column's KeyValues annotation, given to PredictedLabel (multiclass).</summary>
    internal DataViewSchema.Annotations? LabelKeyValues { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => new Mapper(this, inputSchema).OutputSchema;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedView(input, new Mapper(this, input.Schema));
    }

    /// <summary>ML.NET's ModelSaveContext has no public members, so no transformer outside ML.NET can write itself into its zip.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("A pipeline with a Backprop step is saved with mlContext.Model.SaveWithNetwork(model, schema, path) " +
                                        "and loaded with mlContext.Model.LoadWithNetwork(path, out schema): ML.NET's ModelSaveContext has no public members for a trainer outside ML.NET to write its weights with.");

    /// <summary>The width of a feature column, which must be a known-size vector of Single.</summary>
    internal static int FeatureWidth(DataViewSchema.Column column) =>
        column.Type is VectorDataViewType { ItemType: NumberDataViewType item, Size: > 0 and var size } && item.RawType == typeof(float) ? size
            : throw new ArgumentOutOfRangeException(nameof(column), $"the feature column '{column.Name}' is {column.Type}; Backprop needs a known-size vector of Single (Transforms.Concatenate makes one).");

    /// <summary>Copies <paramref name="source"/> into <paramref name="row"/>, zeros where a sparse vector has none.</summary>
    internal static void Densify(in VBuffer<float> source, float[] row)
    {
        if (source.Length != row.Length)
            throw new InvalidOperationException($"a feature vector has {source.Length} values; the network takes {row.Length}.");
        var values = source.GetValues();
        if (source.IsDense) { values.CopyTo(row); return; }
        Array.Clear(row);
        var indices = source.GetIndices();
        for (int i = 0; i < values.Length; i++) row[indices[i]] = values[i];
    }

    /// <summary>The network's answer for one feature vector: class probabilities, or the regression target.</summary>
    internal float[] Answer(in VBuffer<float> features)
    {
        var row = new float[Network.InputSize];
        Densify(features, row);
        return Network.Predict(row);
    }

    /// <summary>The columns added, each with a getter that reads the row's answer.</summary>
    private IEnumerable<(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations, Func<Func<float[]>, Delegate> Getter)> Outputs()
    {
        int k = Network.OutputSize;
        switch (Task)
        {
            case BackpropTask.Multiclass:
                var slots = new DataViewSchema.Annotations.Builder();
                var names = new VBuffer<ReadOnlyMemory<char>>(k, [.. ClassNames!.Select(n => n.AsMemory())]);
                slots.Add(AnnotationKinds.SlotNames, new VectorDataViewType(TextDataViewType.Instance, k), (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
                yield return (ColumnNames.Score, new VectorDataViewType(NumberDataViewType.Single, k), slots.ToAnnotations(), answer => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
                {
                    var editor = VBufferEditor.Create(ref v, k);
                    answer().CopyTo(editor.Values);
                    v = editor.Commit();
                }));
                yield return (ColumnNames.PredictedLabel, new KeyDataViewType(typeof(uint), k), LabelKeyValues,
                    answer => (ValueGetter<uint>)((ref uint v) => v = (uint)ArgMax(answer()) + 1));
                break;
            case BackpropTask.Binary:
                yield return (ColumnNames.Score, NumberDataViewType.Single, null, answer => (ValueGetter<float>)((ref float v) => v = Logit(answer())));
                yield return (ColumnNames.Probability, NumberDataViewType.Single, null, answer => (ValueGetter<float>)((ref float v) => v = answer()[1]));
                yield return (ColumnNames.PredictedLabel, BooleanDataViewType.Instance, null, answer => (ValueGetter<bool>)((ref bool v) => v = answer()[1] > answer()[0]));
                break;
            default:
                yield return (ColumnNames.Score, NumberDataViewType.Single, null, answer => (ValueGetter<float>)((ref float v) => v = answer()[0]));
                break;
        }
    }

    /// <summary>The first largest of the class probabilities.</summary>
    internal static int ArgMax(float[] p)
    {
        int best = 0;
        for (int i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    /// <summary>The log-odds of the positive class from the two softmax probabilities.</summary>
    internal static float Logit(float[] p) => MathF.Log(p[1]) - MathF.Log(p[0]);

    /// <summary>Maps rows of an input schema to the same rows with the network's columns added after the input's.</summary>
    private sealed class Mapper : IRowToRowMapper
    {
        private readonly BackpropTransformer _owner;
        private readonly DataViewSchema.Column _feature;
        private readonly Func<Func<float[]>, Delegate>[] _getters;

        public Mapper(BackpropTransformer owner, DataViewSchema input)
        {
            ArgumentNullException.ThrowIfNull(input);
            _owner = owner;
            var feature = input.GetColumnOrNull(owner.FeatureColumnName)
                ?? throw new ArgumentOutOfRangeException(nameof(input), $"the input has no feature column '{owner.FeatureColumnName}', which the Backprop step reads.");
            int width = FeatureWidth(feature);
            if (width != owner.Network.InputSize)
                throw new ArgumentOutOfRangeException(nameof(input), $"the feature column '{feature.Name}' has {width} values; the network was trained on {owner.Network.InputSize}.");
            _feature = feature;
            InputSchema = input;
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(input);
            var outputs = owner.Outputs().ToArray();
            foreach (var (name, type, annotations, _) in outputs) builder.AddColumn(name, type, annotations);
            _getters = [.. outputs.Select(o => o.Getter)];
            OutputSchema = builder.ToSchema();
        }

        public DataViewSchema InputSchema { get; }
        public DataViewSchema OutputSchema { get; }

        private bool IsAdded(DataViewSchema.Column column) => column.Index >= InputSchema.Count;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        {
            var columns = dependingColumns.ToList();
            var needed = columns.Where(c => !IsAdded(c)).Select(c => InputSchema[c.Index]).ToList();
            if (columns.Any(IsAdded) && !needed.Any(c => c.Index == _feature.Index)) needed.Add(_feature);
            return needed;
        }

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
            new MappedRow(this, input, activeColumns.Where(IsAdded).Select(c => c.Index - InputSchema.Count).ToHashSet());

        /// <summary>A row of the input with the network's columns; the answer is computed once per row, when first read.</summary>
        private sealed class MappedRow(Mapper mapper, DataViewRow input, HashSet<int> added) : DataViewRow
        {
            private readonly ValueGetter<VBuffer<float>>? _features = added.Count > 0 ? input.GetGetter<VBuffer<float>>(mapper._feature) : null;
            private VBuffer<float> _buffer;
            private float[] _answer = [];
            private long _answered = -1;

            public override DataViewSchema Schema => mapper.OutputSchema;
            public override long Position => input.Position;
            public override long Batch => input.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) =>
                mapper.IsAdded(column) ? added.Contains(column.Index - mapper.InputSchema.Count) : input.IsColumnActive(mapper.InputSchema[column.Index]);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (!mapper.IsAdded(column)) return input.GetGetter<TValue>(mapper.InputSchema[column.Index]);
                int which = column.Index - mapper.InputSchema.Count;
                if (!added.Contains(which)) throw new InvalidOperationException($"column '{column.Name}' was not asked for.");
                return mapper._getters[which](Answer) as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
            }

            private float[] Answer()
            {
                if (_answered != input.Position || input.Position < 0)
                {
                    _features!(ref _buffer);
                    _answer = mapper._owner.Answer(_buffer);
                    _answered = input.Position;
                }
                return _answer;
            }

        }
    }

    /// <summary>The input data view with the network's columns, read through <see cref="Mapper"/>.</summary>
    private sealed class MappedView(IDataView input, Mapper mapper) : IDataView
    {
        public bool CanShuffle => input.CanShuffle;
        public DataViewSchema Schema => mapper.OutputSchema;
        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, System.Random? rand = null)
        {
            var needed = columnsNeeded.ToList();
            var cursor = input.GetRowCursor(mapper.GetDependencies(needed), rand);
            return new MappedCursor(cursor, mapper.GetRow(cursor, needed));
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, System.Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];

        private sealed class MappedCursor(DataViewRowCursor cursor, DataViewRow row) : DataViewRowCursor
        {
            public override DataViewSchema Schema => row.Schema;
            public override long Position => cursor.Position;
            public override long Batch => cursor.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => cursor.GetIdGetter();
            public override bool IsColumnActive(DataViewSchema.Column column) => row.IsColumnActive(column);
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => row.GetGetter<TValue>(column);
            public override bool MoveNext() => cursor.MoveNext();

            protected override void Dispose(bool disposing)
            {
                if (disposing) cursor.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
