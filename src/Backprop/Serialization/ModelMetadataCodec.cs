using System.Text.Json;
using Backprop.Losses;

namespace Backprop.Serialization;

/// <summary>Writes <see cref="ModelMetadata"/> into metadata entries and reads it back, checking each value.</summary>
internal static class ModelMetadataCodec
{
    /// <summary>Adds the entries for the parts of <paramref name="metadata"/> that are set.</summary>
    public static void Write(ModelMetadata metadata, int inputSize, SafeTensorsWriter writer)
    {
        foreach (var (key, value) in Entries(metadata, inputSize)) writer.AddMetadata(key, value);
    }

    /// <summary>The entries for the parts of <paramref name="metadata"/> that are set, checked against the network's input width.</summary>
    public static List<KeyValuePair<string, string>> Entries(ModelMetadata metadata, int inputSize)
    {
        var entries = new List<KeyValuePair<string, string>>();
        if (metadata.Task is { } task)
        {
            if (!ModelTasks.Names.Contains(task))
                throw new BackpropException($"The task '{task}' is not one of {string.Join(", ", ModelTasks.Names)}.");
            entries.Add(new(MetadataKeys.Task, task));
        }
        if (metadata.Loss is { } loss)
        {
            if (!Loss.All.TryGet(loss, out var entry))
                throw new BackpropException($"The loss '{loss}' is not one of {Loss.All.List()}.");
            entries.Add(new(MetadataKeys.Loss, entry.Name));
        }
        if (metadata.Normalization is { } n)
        {
            if (n.Offset.Length != inputSize || n.Scale.Length != inputSize)
                throw new BackpropException($"The normalization has {n.Offset.Length} offsets and {n.Scale.Length} scales, but the network has {inputSize} inputs.");
            if (!n.Offset.Concat(n.Scale).All(double.IsFinite) || n.Scale.Contains(0))
                throw new BackpropException("The normalization's offsets and scales must be finite, and no scale may be 0.");
            if (n.PixelScale is double p && !(p > 0 && double.IsFinite(p)))
                throw new BackpropException($"The normalization's pixel scale must be a positive finite number, got {p}.");
            entries.Add(new(MetadataKeys.Normalization, JsonSerializer.Serialize(n, SerializationJson.Default.Normalization)));
        }
        if (metadata.LabelNames is { } labels) entries.Add(new(MetadataKeys.LabelNames, JsonSerializer.Serialize(labels, SerializationJson.Default.StringArray)));
        if (metadata.InputFeatures is { } features)
        {
            Data.InputFeatures.Parse(features);
            if (features.Length != inputSize)
                throw new BackpropException($"The model has {features.Length} input features but the network has {inputSize} inputs.");
            entries.Add(new(MetadataKeys.InputFeatures, JsonSerializer.Serialize(features, SerializationJson.Default.StringArray)));
        }
        if (metadata.TargetScaling is { } t)
        {
            if (!double.IsFinite(t.Offset) || !double.IsFinite(t.Scale) || t.Scale == 0)
                throw new BackpropException("The target scaling's offset and scale must be finite, and the scale not 0.");
            entries.Add(new(MetadataKeys.TargetScaling, JsonSerializer.Serialize(t, SerializationJson.Default.TargetScaling)));
        }
        return entries;
    }

    /// <summary>Reads the optional entries; each one present must be well formed.</summary>
    public static ModelMetadata Read(MetadataReader metadata, int inputSize)
    {
        string? task = metadata.Optional(MetadataKeys.Task);
        if (task is not null && !ModelTasks.Names.Contains(task))
            throw metadata.Error($"the task '{task}' is not one of {string.Join(", ", ModelTasks.Names)}");
        string? loss = metadata.Optional(MetadataKeys.Loss);
        if (loss is not null && !Loss.All.TryGet(loss, out _))
            throw metadata.Error($"the loss '{loss}' is unknown; known losses: {Loss.All.List()}");
        var labels = metadata.OptionalJson(MetadataKeys.LabelNames) is { } l ? metadata.Strings(l, "the label names") : null;
        var features = metadata.OptionalJson(MetadataKeys.InputFeatures) is { } f ? metadata.Strings(f, "the input features") : null;
        if (features is not null)
        {
            if (features.FirstOrDefault(name => !Data.InputFeatures.All.TryGet(name, out _)) is { } unknown)
                throw metadata.Error($"the input feature '{unknown}' is unknown; known features: {Data.InputFeatures.All.List()}");
            if (features.Length != inputSize)
                throw metadata.Error($"the model lists {features.Length} input features but the network has {inputSize} inputs");
        }
        return new ModelMetadata(task, loss, ReadNormalization(metadata, inputSize), labels, features, ReadTargetScaling(metadata));
    }

    private static Data.TargetScaling? ReadTargetScaling(MetadataReader metadata)
    {
        if (metadata.OptionalJson(MetadataKeys.TargetScaling) is not { } json) return null;
        const string what = "the target scaling";
        double offset = metadata.Number(metadata.Property(json, "offset", what), "the target scaling's offset");
        double scale = metadata.Number(metadata.Property(json, "scale", what), "the target scaling's scale");
        if (scale == 0 || !double.IsFinite(scale) || !double.IsFinite(offset))
            throw metadata.Error("the target scaling's offset and scale must be finite numbers, and the scale not 0");
        return new Data.TargetScaling(offset, scale);
    }

    private static Normalization? ReadNormalization(MetadataReader metadata, int inputSize)
    {
        if (metadata.OptionalJson(MetadataKeys.Normalization) is not { } json) return null;
        const string what = "the normalization";
        var n = new Normalization(
            metadata.String(metadata.Property(json, "kind", what), "the normalization's kind"),
            metadata.Numbers(metadata.Property(json, "offset", what), "the normalization's offset"),
            metadata.Numbers(metadata.Property(json, "scale", what), "the normalization's scale"),
            json.TryGetProperty("pixel_scale", out var pixels) ? metadata.Number(pixels, "the normalization's pixel_scale") : null);
        if (n.Offset.Length != inputSize || n.Scale.Length != inputSize)
            throw metadata.Error($"the normalization has {n.Offset.Length} offsets and {n.Scale.Length} scales, but the network has {inputSize} inputs");
        if (n.Scale.Contains(0))
            throw metadata.Error("the normalization has a scale of 0 (inputs are divided by it)");
        if (n.PixelScale is double p && !(p > 0 && double.IsFinite(p)))
            throw metadata.Error($"the normalization's pixel_scale must be a positive number (255 for 8-bit images), got {p}");
        return n;
    }
}
