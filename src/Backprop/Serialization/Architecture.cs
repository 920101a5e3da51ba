using System.Numerics;
using System.Text.Json;
using Backprop.Layers;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// A network without its weights: the numeric type, the input width and each layer's configuration. It is
/// stored in the metadata entries "numeric_type", "input_size" and "layers", and it says which weight
/// tensors ("layers.{index}.{W|b}") the file must hold and their shapes.
/// </summary>
internal sealed record Architecture(string NumericType, int InputSize, IReadOnlyList<LayerConfig> Layers)
{
    /// <summary>The layer types a model file may name: Dense and each registered activation's layer.</summary>
    public static readonly string[] LayerTypes = ["Dense", .. Activations.All.Select(e => e.LayerName)];

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
        new(NumericTypeOf<T>(), network.InputSize, network.Layers.Select(l => l.Config).ToArray());

    /// <summary>Adds the architecture's metadata entries and the weights of <paramref name="network"/>.</summary>
    public static void Write<T>(Network<T> network, SafeTensorsWriter writer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var architecture = Of(network);
        writer.AddMetadata(MetadataKeys.NumericType, architecture.NumericType);
        writer.AddMetadata(MetadataKeys.InputSize, architecture.InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.AddMetadata(MetadataKeys.Layers, JsonSerializer.Serialize(architecture.Layers.Select(LayerJson).ToArray(), SerializationJson.Default.LayerEntryArray));
        for (int i = 0; i < network.Layers.Count; i++)
            foreach (var p in network.Layers[i].Parameters)
                writer.AddTensor<T>(TensorName(i, p.Name), p.Value.AsSpan(), p.Value.Rows, p.Value.Columns);
    }

    // Only the fields a type uses are written, so the JSON reads like the layer: {"type":"Dense","units":4,"bias":true}.
    private static LayerEntry LayerJson(LayerConfig c) => c.Type switch
    {
        "Dense" => new(c.Type, Units: c.Units, Bias: c.Bias),
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
        return new Architecture(numericType, inputSize, layers);
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
            _ when TakesAlpha(type) => new LayerConfig(type, Alpha: metadata.Number(metadata.Property(item, "alpha", what), $"{what}'s alpha")),
            _ when LayerTypes.Contains(type) => new LayerConfig(type),
            _ => throw metadata.Error($"{what} has the unknown type '{type}'; known types: {string.Join(", ", LayerTypes)}"),
        };
    }

    /// <summary>A new layer as <paramref name="config"/> describes it (its weights zero until the file's are copied in).</summary>
    internal static ILayer<T> LayerFrom<T>(LayerConfig config) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (config.Type == "Dense") return new Dense<T>(config.Units, config.Bias, new Initializer.Constant(0));
        var entry = Activations.All.FirstOrDefault(e => e.LayerName == config.Type)
            ?? throw new BackpropException($"Unknown layer type '{config.Type}'. Known: {string.Join(", ", LayerTypes)}.");
        return entry.Create<T>(config.Alpha);
    }

    /// <summary>The weight tensors the architecture needs, with their shapes, in layer order.</summary>
    public IEnumerable<(string Name, long Rows, long Columns)> Tensors()
    {
        long width = InputSize;
        for (int i = 0; i < Layers.Count; i++)
        {
            if (Layers[i] is not { Type: "Dense" } dense) continue;
            yield return (TensorName(i, "W"), width, dense.Units);   // W is inputs × outputs: Y = X·W
            if (dense.Bias) yield return (TensorName(i, "b"), 1, dense.Units);
            width = dense.Units;
        }
    }

    /// <summary>
    /// Builds the network with the file's weights. Every tensor is checked (present, right dtype and shape,
    /// finite) before any layer is made, so a damaged file cannot make us allocate what its header claims.
    /// </summary>
    public Network<T> Build<T>(SafeTensorsFile file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = Tensors().ToDictionary(t => t.Name, t => file.Values<T>(t.Name, t.Rows, t.Columns));
        var stray = file.Tensors.Keys.FirstOrDefault(name => name.StartsWith("layers.", StringComparison.Ordinal) && !weights.ContainsKey(name));
        if (stray is not null) throw file.Error($"the tensor '{stray}' is not part of the architecture");
        var network = new Network<T>(InputSize, Layers.Select(LayerFrom<T>));
        for (int i = 0; i < network.Layers.Count; i++)
            foreach (var p in network.Layers[i].Parameters)
                weights[TensorName(i, p.Name)].CopyTo(p.Value.AsSpan());
        return network;
    }
}
