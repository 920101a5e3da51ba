using System.Numerics;

namespace Backprop.Layers;

/// <summary>Creates layers by the names used on the command line and in model files.</summary>
public static class Activations
{
    /// <summary>The valid activation names.</summary>
    public static readonly string[] Names = ["identity", "sigmoid", "tanh", "relu", "leaky-relu", "softmax"];

    /// <summary>The activation called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static ILayer<T> Create<T>(string name, double alpha = 0.01) where T : unmanaged, IFloatingPointIeee754<T> =>
        name.ToLowerInvariant() switch
        {
            "identity" or "linear" => new Identity<T>(),
            "sigmoid" => new Sigmoid<T>(),
            "tanh" => new Tanh<T>(),
            "relu" => new ReLU<T>(),
            "leaky-relu" or "leakyrelu" => new LeakyReLU<T>(alpha),
            "softmax" => new Softmax<T>(),
            _ => throw new BackpropException($"Unknown activation '{name}'. Valid activations: {string.Join(", ", Names)}."),
        };

    /// <summary>Rebuilds a layer from its configuration (used when loading a model).</summary>
    public static ILayer<T> FromConfig<T>(LayerConfig config) where T : unmanaged, IFloatingPointIeee754<T> =>
        config.Type switch
        {
            "Dense" => new Dense<T>(config.Units, config.Bias, new Initializer.Constant(0)),
            "LeakyReLU" => new LeakyReLU<T>(config.Alpha),
            _ => Create<T>(config.Type),
        };
}
