using System.Numerics;
using System.Text.Json;
using Backprop.Layers;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// A network without its weights: the numeric type, the input width (and shape, for images) and each layer's
/// configuration. It is stored in the metadata entries "numeric_type", "input_size", "input_shape" and "layers",
/// and it says which weight tensors ("layers.{index}.{W|b}") the file must hold and their shapes.
/// </summary>
internal sealed record Architecture(string NumericType, int InputSize, IReadOnlyList<LayerConfig> Layers, ImageShape? InputShape = null)
{
    /// <summary>The layer types a model file may name: Dense, the image layers and each registered activation's layer.</summary>
    public static readonly string[] LayerTypes = ["Dense", "Conv2D", "MaxPool2D", "Flatten", "Dropout", .. Activations.All.Select(e => e.LayerName)];

    /// <summary>The activation layers that take a slope α (leaky ReLU), by their type name.</summary>
    private static bool TakesAlpha(string type) => Activations.All.Any(e => e.LayerName == type && e.DefaultAlpha is not null);

    /// <summary>The name of the tensor holding parameter <paramref name="parameter"/> of layer <paramref name="layer"/>.</summary>
    public static string TensorName(int layer, string parameter) => $"layers.{layer}.{parameter}";

    /// <summary>"float32" or "float64", the name of <typeparamref name="T"/> in model files.</summary>
    public static string NumericTypeOf<T>() =>
        typeof(T) == typeof(float) ? "float32"
        : typeof(T) == typeof(double) ? "float64"
        : throw new BackpropException($"Models of {typeof(T).Name} cannot be saved; use float or double.");

    /// <summary>The architecture of <paramref name="network"/>.</summary>
    public static Architecture Of<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(NumericTypeOf<T>(), network.InputSize, network.Layers.Select(l => l.Config).ToArray(), network.InputShape);

    /// <summary>Adds the architecture's metadata entries and the weights of <paramref name="network"/>.</summary>
    public static void Write<T>(Network<T> network, SafeTensorsWriter writer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = Of(network);
        writer.AddMetadata(MetadataKeys.NumericType, architecture.NumericType);
        writer.AddMetadata(MetadataKeys.InputSize, architecture.InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (architecture.InputShape is { } shape) writer.AddMetadata(MetadataKeys.InputShape, shape.ToString());
        writer.AddMetadata(MetadataKeys.Layers, JsonSerializer.Serialize(architecture.Layers.Select(LayerJson).ToArray(), SerializationJson.Default.LayerEntryArray));
        for (int i = 0; i < network.Layers.Count; i++)
            foreach (var p in network.Layers[i].Parameters)
                writer.AddTensor<T>(TensorName(i, p.Name), p.Value.AsSpan(), p.Value.Rows, p.Value.Columns);
    }

    // Only the fields a type uses are written, so the JSON reads like the layer: {"type":"Dense","units":4,"bias":true}.
    private static LayerEntry LayerJson(LayerConfig c) => c.Type switch
    {
        "Dense" => new(c.Type, Units: c.Units, Bias: c.Bias),
        "Conv2D" => new(c.Type, Bias: c.Bias, Filters: c.Filters, Kernel: c.Kernel, Stride: c.Stride, Padding: c.Padding),
        "MaxPool2D" => new(c.Type, Kernel: c.Kernel, Stride: c.Stride),
        "Dropout" => new(c.Type, Rate: c.Rate),
        _ when TakesAlpha(c.Type) => new(c.Type, Alpha: c.Alpha),
        _ => new(c.Type),
    };

    /// <summary>Reads and checks the architecture entries.</summary>
    public static Architecture Read(MetadataReader metadata)
    {
        string numericType = metadata.Required(MetadataKeys.NumericType);
        if (numericType is not ("float32" or "float64"))
            throw metadata.Error($"the numeric type '{numericType}' is not float32 or float64");
        string inputText = metadata.Required(MetadataKeys.InputSize);
        if (!int.TryParse(inputText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int inputSize) || inputSize < 1)
            throw metadata.Error($"the input size '{inputText}' is not a whole number of at least 1");
        var items = metadata.Array(metadata.RequiredJson(MetadataKeys.Layers), "the metadata entry 'layers'");
        if (items.Count == 0) throw metadata.Error("the architecture has no layers");
        var layers = items.Select((item, i) => ReadLayer(metadata, item, i)).ToArray();
        ImageShape? inputShape = null;
        if (metadata.Optional(MetadataKeys.InputShape) is { } shapeText)
        {
            try { inputShape = ImageShape.Parse(shapeText, "the input shape"); }
            catch (BackpropException e) { throw metadata.Error(e.Message.TrimEnd('.')); }
            if (inputShape.Value.Size != inputSize)
                throw metadata.Error($"the input shape {inputShape} holds {inputShape.Value.Size} values but the input size is {inputSize}");
        }
        return new Architecture(numericType, inputSize, layers, inputShape);
    }

    private static LayerConfig ReadLayer(MetadataReader metadata, JsonElement item, int index)
    {
        string what = $"layer {index}";
        string type = metadata.String(metadata.Property(item, "type", what), $"{what}'s type");
        return type switch
        {
            "Dense" => new LayerConfig(type,
                Units: (int)metadata.Integer(metadata.Property(item, "units", what), $"{what}'s units", 1, int.MaxValue),
                Bias: metadata.Bool(metadata.Property(item, "bias", what), $"{what}'s bias")),
            "Conv2D" => new LayerConfig(type,
                Bias: metadata.Bool(metadata.Property(item, "bias", what), $"{what}'s bias"),
                Filters: Positive(metadata, item, "filters", what),
                Kernel: Positive(metadata, item, "kernel", what),
                Stride: Positive(metadata, item, "stride", what),
                Padding: metadata.String(metadata.Property(item, "padding", what), $"{what}'s padding") is var padding && padding is "valid" or "same"
                    ? padding : throw metadata.Error($"{what}'s padding '{padding}' is not valid or same")),
            "MaxPool2D" => new LayerConfig(type, Kernel: Positive(metadata, item, "kernel", what), Stride: Positive(metadata, item, "stride", what)),
            "Dropout" => new LayerConfig(type, Rate: metadata.Number(metadata.Property(item, "rate", what), $"{what}'s rate") is var rate && rate is >= 0 and < 1
                ? rate : throw metadata.Error($"{what}'s rate {rate} is not at least 0 and below 1")),
            _ when TakesAlpha(type) => new LayerConfig(type, Alpha: metadata.Number(metadata.Property(item, "alpha", what), $"{what}'s alpha")),
            _ when LayerTypes.Contains(type) => new LayerConfig(type),
            _ => throw metadata.Error($"{what} has the unknown type '{type}'; known types: {string.Join(", ", LayerTypes)}"),
        };
    }

    private static int Positive(MetadataReader metadata, JsonElement item, string name, string what) =>
        (int)metadata.Integer(metadata.Property(item, name, what), $"{what}'s {name}", 1, int.MaxValue);

    /// <summary>
    /// The weight tensors the architecture needs, with their shapes, in layer order: a Dense layer's W is inputs ×
    /// outputs (Y = X·W), a Conv2D layer's is K·K·C × filters. Layers that cannot take their input are an error.
    /// </summary>
    public IEnumerable<(string Name, long Rows, long Columns)> Tensors(SafeTensorsFile file)
    {
        int width = InputSize;
        var shape = InputShape;
        var tensors = new List<(string, long, long)>();
        for (int i = 0; i < Layers.Count; i++)
        {
            (string Name, int Rows, int Columns)[] weights;
            try { (width, shape, weights) = LayerConfigs.Apply(Layers[i], width, shape); }
            catch (BackpropException e)
            {
                string hint = InputShape is null ? $" (the metadata has no '{MetadataKeys.InputShape}' entry)" : "";
                throw file.Error($"layer {i} ({Layers[i].Type}): {e.Message.TrimEnd('.')}{hint}");
            }
            foreach (var (name, rows, columns) in weights) tensors.Add((TensorName(i, name), rows, columns));
        }
        return tensors;
    }

    /// <summary>
    /// Builds the network with the file's weights. Every tensor is checked (present, right dtype and shape,
    /// finite) before any layer is made, so a damaged file cannot make us allocate what its header claims.
    /// </summary>
    public Network<T> Build<T>(SafeTensorsFile file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = Tensors(file).ToDictionary(t => t.Name, t => file.Values<T>(t.Name, t.Rows, t.Columns));
        var stray = file.Tensors.Keys.FirstOrDefault(name => name.StartsWith("layers.", StringComparison.Ordinal) && !weights.ContainsKey(name));
        if (stray is not null) throw file.Error($"the tensor '{stray}' is not part of the architecture");
        var layers = Layers.Select(LayerConfigs.Create<T>);
        var network = InputShape is { } shape ? new Network<T>(shape, layers) : new Network<T>(InputSize, layers);
        for (int i = 0; i < network.Layers.Count; i++)
            foreach (var p in network.Layers[i].Parameters)
                weights[TensorName(i, p.Name)].CopyTo(p.Value.AsSpan());
        return network;
    }
}
