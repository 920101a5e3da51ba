using System.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Turns a <see cref="LayerConfig"/> back into a layer, and works out from configurations alone what each layer
/// makes of its input: a model file checks every weight's shape this way before any layer is built.
/// </summary>
public static class LayerConfigs
{
    /// <summary>Rebuilds a layer from its configuration (weights zero until loaded).</summary>
    public static ILayer<T> Create<T>(LayerConfig config) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Type switch
        {
            "Conv2D" => new Conv2D<T>(config.Filters, config.Kernel, config.Stride, ParsePadding(config.Padding), config.Bias, new Initializer.Constant(0)),
            "MaxPool2D" => new MaxPool2D<T>(config.Kernel, config.Stride),
            "Flatten" => new Flatten<T>(),
            "Dropout" => new Dropout<T>(config.Rate),
            "Dense" => new Dense<T>(config.Units, config.Bias, new Initializer.Constant(0)),
            _ => (Activations.All.FirstOrDefault(e => e.LayerName == config.Type)
                  ?? throw new BackpropException($"Unknown layer type '{config.Type}'.")).Create<T>(config.Alpha),
        };
    }

    /// <summary>"valid" or "same" as a <see cref="Padding"/>; anything else is an error listing both.</summary>
    public static Padding ParsePadding(string? name) => name switch
    {
        "valid" => Padding.Valid,
        "same" => Padding.Same,
        _ => throw new BackpropException($"Unknown padding '{name}'. Valid paddings: valid, same."),
    };

    /// <summary>
    /// What a layer of <paramref name="config"/> outputs for rows of <paramref name="width"/> values laid out as
    /// <paramref name="shape"/> (null for plain vectors), and the shapes of its weight tensors, named as in its
    /// <see cref="ILayer{T}.Parameters"/>. A configuration that cannot take that input is a <see cref="BackpropException"/>.
    /// </summary>
    public static (int Width, ImageShape? Shape, (string Name, int Rows, int Columns)[] Weights) Apply(LayerConfig config, int width, ImageShape? shape)
    {
        ArgumentNullException.ThrowIfNull(config);
        switch (config.Type)
        {
            case "Dense":
                return (config.Units, null, WeightAndBias(width, config.Units, config.Bias));
            case "Conv2D":
            {
                var input = Image(config.Type, shape);
                var output = new SlidingWindow(config.Kernel, config.Stride, ParsePadding(config.Padding)).Output(input, config.Filters, "Conv2D");
                return (output.Size, output, WeightAndBias(config.Kernel * config.Kernel * input.Channels, config.Filters, config.Bias));
            }
            case "MaxPool2D":
            {
                var input = Image(config.Type, shape);
                var output = new SlidingWindow(config.Kernel, config.Stride, Padding.Valid).Output(input, input.Channels, "MaxPool2D");
                return (output.Size, output, []);
            }
            case "Flatten":
                return (width, null, []);
            default:
                return (width, shape, []);
        }
    }

    private static (string, int, int)[] WeightAndBias(int inputs, int outputs, bool bias) =>
        bias ? [("W", inputs, outputs), ("b", 1, outputs)] : [("W", inputs, outputs)];

    private static ImageShape Image(string type, ImageShape? shape) => shape ?? throw new BackpropException(
        $"A {type} layer needs image input (height × width × channels), but its input is a plain vector.");
}
