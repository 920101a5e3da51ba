namespace Backprop.Layers;

/// <summary>A registered initializer: its name, what it draws, and how to make it.</summary>
/// <param name="Name">The name on the command line and the page.</param>
/// <param name="Description">One line: the distribution, and what it suits.</param>
/// <param name="Create">Makes the initializer.</param>
/// <param name="Aliases">Other names it answers to.</param>
/// <param name="Biases">Whether it starts the biases too (they start at 0 otherwise).</param>
public sealed record InitializerEntry(string Name, string Description, Func<Initializer> Create, string[]? Aliases = null, bool Biases = false) : IRegistryEntry
{
    IReadOnlyList<string> IRegistryEntry.Aliases => Aliases ?? [];
}

/// <summary>The weight initializers, by the names used on the command line and the playground page.</summary>
public static class Initializers
{
    /// <summary>Every initializer, in the order help lists them.</summary>
    public static readonly Registry<InitializerEntry> All = new("initializer",
        new("xavier", "Glorot uniform, U(±√(6/(fan-in + fan-out))): keeps the spread through sigmoid and tanh layers", () => new Initializer.Xavier(),
            Aliases: ["glorot"]),
        new("xavier-normal", "Glorot normal, N(0, 2/(fan-in + fan-out)): the same spread as xavier, drawn from a normal", () => new Initializer.XavierNormal(),
            Aliases: ["glorot-normal"]),
        new("he", "He normal, N(0, 2/fan-in): keeps the spread through ReLU layers", () => new Initializer.He()),
        new("lecun", "LeCun normal, N(0, 1/fan-in): a weighted sum of unit inputs keeps variance 1", () => new Initializer.LeCun()),
        new("normal", "N(0, 1) whatever the layer's size: sums of many inputs grow wide and saturate", () => new Initializer.Normal()),
        new("uniform", "U(−1, 1), the tutorials' 2·random() − 1", () => new Initializer.Uniform(-1, 1)),
        new("zeros", "every weight 0: every unit of a layer stays the same as the others (a lesson, not a choice)", () => new Initializer.Zeros()),
        new("pytorch", "U(±1/√fan-in) for weights and biases: PyTorch's nn.Linear default", () => new Initializer.FanInUniform(), Biases: true));

    /// <summary>The initializer called <paramref name="name"/>; an unknown name is an error listing the valid ones.</summary>
    public static Initializer Create(string name) => All.Get(name).Create();
}
