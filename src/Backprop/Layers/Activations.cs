using System.Numerics;

namespace Backprop.Layers;

/// <summary>A registered activation: its names, what it computes, its layer type and its defaults.</summary>
/// <param name="Name">The name on the command line and the page.</param>
/// <param name="Layer">The layer type, open over the numeric type: <c>typeof(Sigmoid&lt;&gt;)</c>.</param>
/// <param name="Description">One line: the function (and its derivative).</param>
/// <param name="Aliases">Other names it answers to.</param>
/// <param name="DefaultAlpha">The default negative slope, for an activation that takes one (leaky ReLU); null otherwise.</param>
/// <param name="Weights">The initializer (by name) that suits a Dense layer feeding this activation: He for rectifiers, Xavier otherwise.</param>
public sealed record ActivationEntry(string Name, Type Layer, string Description, string[]? Aliases = null, double? DefaultAlpha = null,
    string Weights = "xavier") : IRegistryEntry
{
    IReadOnlyList<string> IRegistryEntry.Aliases => Aliases ?? [];

    /// <summary>The layer's own name, as model files store it (<see cref="LayerConfig.Type"/>): "Sigmoid", "LeakyReLU".</summary>
    public string LayerName => _layerName ??= Create<double>().Name;

    private string? _layerName;

    /// <summary>A new layer of this activation for <typeparamref name="T"/>, with slope <paramref name="alpha"/> where it takes one.</summary>
    public ILayer<T> Create<T>(double? alpha = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        object?[] arguments = DefaultAlpha is double a ? [alpha ?? a] : [];
        return (ILayer<T>)Activator.CreateInstance(Layer.MakeGenericType(typeof(T)), arguments)!;
    }
}

/// <summary>The activations, by the names used on the command line, in model files and on the playground page.</summary>
public static class Activations
{
    /// <summary>Every activation, in the order help lists them.</summary>
    public static readonly Registry<ActivationEntry> All = new("activation",
        new("identity", typeof(Identity<>), "f(x) = x, f' = 1: the output of a regression", Aliases: ["linear"]),
        new("sigmoid", typeof(Sigmoid<>), "σ(x) = 1/(1 + e^−x), σ' = σ(1 − σ) ≤ 0.25: squashes to (0, 1)"),
        new("tanh", typeof(Tanh<>), "tanh(x), f' = 1 − f²: squashes to (−1, 1), centred on 0"),
        new("relu", typeof(ReLU<>), "max(0, x), f' = 1 for x > 0 else 0: cheap, but a unit stuck below 0 learns no more", Weights: "he"),
        new("leaky-relu", typeof(LeakyReLU<>), "x for x > 0, else αx (α = 0.01): a ReLU whose units never quite die",
            Aliases: ["leakyrelu"], DefaultAlpha: 0.01, Weights: "he"),
        new("softmax", typeof(Softmax<>), "e^xᵢ / Σⱼ e^xⱼ over a row: probabilities that sum to 1, for classes"));

    /// <summary>The valid activation names.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>The activation called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static ILayer<T> Create<T>(string name, double? alpha = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        All.Get(name).Create<T>(alpha);
}
