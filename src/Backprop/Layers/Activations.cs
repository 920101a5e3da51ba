using System.Numerics;

namespace Backprop.Layers;

/// <summary>
/// A registered activation: its names, what it computes and its defaults, and how to make its layer. Each entry sits in
/// its layer's file and makes the layer with <c>new</c>: no reflection, so a trimmed app keeps every constructor it needs.
/// </summary>
/// <param name="Name">The name on the command line and the page.</param>
/// <param name="Description">One line: the function (and its derivative).</param>
/// <param name="Aliases">Other names it answers to.</param>
/// <param name="DefaultAlpha">The default negative slope, for an activation that takes one (leaky ReLU); null otherwise.</param>
/// <param name="Weights">
/// The initializer (by name) of every layer of a network whose hidden layers use this activation, when none is chosen:
/// PyTorch's start (U(±1/√fan-in), biases drawn too) for rectifiers, which on small tables trains as well as
/// scikit-learn's MLP where He's left a gap (docs/own-data.md); Xavier otherwise.
/// </param>
public abstract record ActivationEntry(string Name, string Description, string[]? Aliases = null, double? DefaultAlpha = null,
    string Weights = "xavier") : IRegistryEntry
{
    IReadOnlyList<string> IRegistryEntry.Aliases => Aliases ?? [];

    /// <summary>The layer's own name, as model files store it (<see cref="LayerConfig.Type"/>): "Sigmoid", "LeakyReLU".</summary>
    public string LayerName => _layerName ??= Create<double>().Name;

    private string? _layerName;

    /// <summary>
    /// Whether each unit's output depends on its own input alone (true for all but softmax, which spreads a row over
    /// the classes): only such an activation makes sense between hidden layers.
    /// </summary>
    public virtual bool EachUnitAlone => true;

    /// <summary>A new layer of this activation for <typeparamref name="T"/>, with slope <paramref name="alpha"/> where it takes one.</summary>
    public abstract ILayer<T> Create<T>(double? alpha = null) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>The activations, by the names used on the command line, in model files and on the playground page.</summary>
public static class Activations
{
    /// <summary>Every activation, in the order help lists them.</summary>
    public static readonly Registry<ActivationEntry> All = new("activation",
        new IdentityEntry(), new SigmoidEntry(), new TanhEntry(), new ReLUEntry(), new LeakyReLUEntry(), new SoftmaxEntry());

    /// <summary>Which initializer a network gets when none is chosen, in words: "pytorch for relu and leaky-relu, xavier otherwise".</summary>
    public static string DefaultInitDescription
    {
        get
        {
            var usual = All.Get("identity").Weights;
            var others = All.Where(e => e.Weights != usual).GroupBy(e => e.Weights).Select(g => $"{g.Key} for {string.Join(" and ", g.Select(e => e.Name))}");
            return string.Join(", ", others.Append($"{usual} otherwise"));
        }
    }

    /// <summary>The valid activation names.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>The activation called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static ILayer<T> Create<T>(string name, double? alpha = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        All.Get(name).Create<T>(alpha);
}
