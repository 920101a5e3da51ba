using System.Numerics;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;

namespace Backprop.Training;

/// <summary>
/// A multilayer perceptron described the way the command line describes it: hidden layer sizes, one
/// hidden activation and a loss. The output layer follows from the loss (its registry entry names the output
/// activation): Softmax for softmax cross-entropy, Sigmoid for binary cross-entropy, Identity for the squared errors.
/// </summary>
/// <param name="Hidden">The width of each hidden Dense layer, first to last (may be empty).</param>
/// <param name="Activation">The hidden layers' activation (see <see cref="Activations.All"/>).</param>
/// <param name="Loss">The loss name (see <see cref="Losses.Loss.All"/>).</param>
/// <param name="Init">
/// The weight initializer of every Dense layer (see <see cref="Initializers.All"/>); null for the one that suits each:
/// the hidden activation's (He for rectifiers, Xavier otherwise) and Xavier for the output layer.
/// </param>
public sealed record NetworkRecipe(IReadOnlyList<int> Hidden, string Activation, string Loss, string? Init = null)
{
    /// <summary>The loss that suits a target of <paramref name="targetWidth"/> columns for a classifier or a regression.</summary>
    public static string DefaultLoss(int targetWidth, bool classification) =>
        !classification ? "mse" : targetWidth == 1 ? "binary-crossentropy" : "softmax-crossentropy";

    /// <summary>The output activation that goes with <paramref name="loss"/>.</summary>
    public static string OutputActivation(string loss) => Losses.Loss.All.Get(loss).OutputActivation;

    /// <summary>Reads hidden layer sizes written as on the command line, "128,64" (empty for none); a bad one is a <see cref="BackpropException"/>.</summary>
    public static int[] ParseHidden(string text, string option = "--layers")
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var sizes = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n))
                throw new BackpropException($"{option} takes comma-separated whole numbers such as 128,64; '{part}' is not one.");
            if (n <= 0) throw new BackpropException($"Every layer size must be at least 1, got {n} in {option} {text}.");
            sizes.Add(n);
        }
        return [.. sizes];
    }

    /// <summary>Checks the sizes and names, throwing a <see cref="BackpropException"/> that says what to fix.</summary>
    public void Validate()
    {
        foreach (int width in Hidden)
            if (width <= 0) throw new BackpropException($"Every layer size must be at least 1, got {width} in --layers {string.Join(",", Hidden)}.");
        Activations.All.Get(Activation);
        Losses.Loss.All.Get(Loss);
        if (Init is not null) Initializers.All.Get(Init);
    }

    /// <summary>The biases' initializer: the chosen one when its entry starts biases too (PyTorch's), else zeros.</summary>
    private Initializer? BiasInit() => Init is not null && Initializers.All.Get(Init) is { Biases: true } entry ? entry.Create() : null;

    /// <summary>Builds the network for <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs.</summary>
    public Network<T> Build<T>(int inputs, int outputs, NumPyRandomState random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate();
        var hidden = Activations.All.Get(Activation);
        var layers = new List<ILayer<T>>();
        foreach (int width in Hidden)
        {
            layers.Add(new Dense<T>(width, weights: Initializers.Create(Init ?? hidden.Weights), biasInit: BiasInit()));
            layers.Add(hidden.Create<T>());
        }
        layers.Add(new Dense<T>(outputs, weights: Initializers.Create(Init ?? "xavier"), biasInit: BiasInit()));
        layers.Add(Activations.Create<T>(OutputActivation(Loss)));
        return new Network<T>(inputs, layers, random);
    }
}
