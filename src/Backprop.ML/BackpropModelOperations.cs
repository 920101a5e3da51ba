using System.IO.Compression;
using System.Text.Json;
using Backprop.ML;
using Backprop.Serialization;
using Backprop.Training;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML;

/// <summary>
/// Saving and loading a pipeline that holds a Backprop step, with the network's weights inside the model zip.
/// ML.NET writes the pipeline (its ModelSaveContext offers nothing public for a trainer outside ML.NET to write with),
/// with each Backprop step standing as a column copy whose input column's name says how to load the model; the networks
/// go into the same zip as Backprop model files (safetensors) beside a list of where they stand.
/// <see cref="LoadWithNetwork"/> loads ML.NET's part and puts the networks back in their places.
/// </summary>
public static class BackpropModelOperations
{
    /// <summary>The name of the column a saved Backprop step reads in place of the features, which ML.NET names if the model is used after a plain Load.</summary>
    public const string PlaceholderColumn = "Backprop step: load this model with mlContext.Model.LoadWithNetwork";

    private const string Folder = "Backprop/", StepsEntry = Folder + "steps.json";

    private sealed record SavedStep(int[] Path, string Entry, string Task, string FeatureColumnName, string[]? ClassNames, string? KeyValuesType, string[]? KeyValues);

    /// <summary>Saves <paramref name="model"/> as <see cref="ModelOperationsCatalog.Save(ITransformer, DataViewSchema, string)"/> does, with its Backprop networks in the zip.</summary>
    public static void SaveWithNetwork(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        var steps = new List<(SavedStep Step, Network<float> Network)>();
        var saved = WithPlaceholders(model, [], steps);
        catalog.Save(saved, inputSchema, filePath);
        using var zip = ZipFile.Open(filePath, ZipArchiveMode.Update);
        foreach (var (step, network) in steps)
        {
            string file = Path.GetTempFileName();
            try
            {
                network.Save(file, new ModelMetadata(Task: step.Task == nameof(BackpropTask.Regression) ? ModelTasks.Regression : ModelTasks.Classification,
                    LabelNames: step.ClassNames));
                zip.CreateEntryFromFile(file, step.Entry);
            }
            finally { File.Delete(file); }
        }
        using var writer = new StreamWriter(zip.CreateEntry(StepsEntry).Open());
        writer.Write(JsonSerializer.Serialize(steps.Select(s => s.Step).ToArray()));
    }

    /// <summary>Loads a model saved with <see cref="SaveWithNetwork"/>: ML.NET's steps as ML.NET loads them, the Backprop steps with their networks.</summary>
    public static ITransformer LoadWithNetwork(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var model = catalog.Load(filePath, out inputSchema);
        using var zip = ZipFile.OpenRead(filePath);
        var list = zip.GetEntry(StepsEntry)
            ?? throw new InvalidDataException($"{filePath}: the zip holds no {StepsEntry}; it was not saved with SaveWithNetwork (load it with mlContext.Model.Load).");
        SavedStep[] steps;
        using (var reader = new StreamReader(list.Open())) steps = JsonSerializer.Deserialize<SavedStep[]>(reader.ReadToEnd()) ?? [];
        foreach (var step in steps)
        {
            var entry = zip.GetEntry(step.Entry) ?? throw new InvalidDataException($"{filePath}: {StepsEntry} names {step.Entry}, which the zip does not hold.");
            string file = Path.GetTempFileName();
            Network<float> network;
            try
            {
                entry.ExtractToFile(file, overwrite: true);
                network = ModelFile.Load<float>(file).Network;
            }
            finally { File.Delete(file); }
            var task = Enum.Parse<BackpropTask>(step.Task);
            var keyValues = step.KeyValuesType is string type ? KeyValueText.Build(type, step.KeyValues ?? []) : null;
            model = Replace(model, step.Path, 0, new BackpropTransformer(network, task, step.FeatureColumnName, keyValues, step.ClassNames), filePath);
        }
        return model;
    }

    /// <summary><paramref name="model"/> with each Backprop step replaced by a placeholder that ML.NET saves, recorded in <paramref name="steps"/>.</summary>
    private static ITransformer WithPlaceholders(ITransformer model, int[] path, List<(SavedStep, Network<float>)> steps)
    {
        if (model is BackpropTransformer backprop)
        {
            string? keyValuesType = null;
            string[]? keyValues = null;
            if (backprop.LabelKeyValues?.Schema.GetColumnOrNull(AnnotationKinds.KeyValues) is { } column)
            {
                keyValuesType = KeyValueText.NameOf(column.Type) ?? throw new NotSupportedException($"label key values of type {column.Type} cannot be saved; map the label from text or numbers.");
                keyValues = KeyValueText.Read(backprop.LabelKeyValues, column);
            }
            steps.Add((new SavedStep(path, $"{Folder}step{steps.Count}.safetensors", backprop.Task.ToString(), backprop.FeatureColumnName,
                backprop.ClassNames?.ToArray(), keyValuesType, keyValues), backprop.Network));
            return Placeholder();
        }
        if (model is not IEnumerable<ITransformer> chain) return model;
        var parts = chain.ToArray();
        int before = steps.Count;
        var replaced = parts.Select((t, i) => WithPlaceholders(t, [.. path, i], steps)).ToArray();
        return steps.Count == before ? model : new TransformerChain<ITransformer>(replaced);
    }

    /// <summary>The step at <paramref name="path"/> replaced by <paramref name="step"/>, checking that a placeholder stands there.</summary>
    private static ITransformer Replace(ITransformer model, int[] path, int depth, ITransformer step, string file)
    {
        if (depth == path.Length)
            return model is ColumnCopyingTransformer ? step
                : throw new InvalidDataException($"{file}: step {string.Join(".", path)} is {model.GetType().Name}, not a saved Backprop step; the zip's {StepsEntry} does not fit its pipeline.");
        if (model is not IEnumerable<ITransformer> chain)
            throw new InvalidDataException($"{file}: step {string.Join(".", path[..depth])} is not a chain; the zip's {StepsEntry} does not fit its pipeline.");
        var parts = chain.ToArray();
        parts[path[depth]] = Replace(parts[path[depth]], path, depth + 1, step, file);
        return new TransformerChain<ITransformer>(parts);
    }

    /// <summary>A step ML.NET saves and loads, which fails with <see cref="PlaceholderColumn"/> in its message if it is ever run.</summary>
    private static ITransformer Placeholder()
    {
        var ml = new MLContext(seed: 0);
        var definition = SchemaDefinition.Create(typeof(Marker));
        definition[0].ColumnName = PlaceholderColumn;
        var view = ml.Data.LoadFromEnumerable(new[] { new Marker() }, definition);
        return ml.Transforms.CopyColumns(ColumnNames.Score, PlaceholderColumn).Fit(view);
    }

    private sealed class Marker
    {
        public float Value { get; set; }
    }
}
