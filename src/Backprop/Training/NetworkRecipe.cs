using System.Numerics;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;

namespace Backprop.Training;

/// <summary>
/// A multilayer perceptron described the way the command line describes it: hidden layer sizes, one
/// hidden activation and a loss. The output layer follows from the loss: Softmax for softmax
/// cross-entropy, Sigmoid for binary cross-entropy, Identity for the squared errors.
/// </summary>
/// <param name="Hidden">The width of each hidden Dense layer, first to last (may be empty).</param>
/// <param name="Activation">The hidden layers' activation (see <see cref="Activations.Names"/>).</param>
/// <param name="Loss">The loss name (see <see cref="Losses.Loss.Names"/>).</param>
public sealed record NetworkRecipe(IReadOnlyList<int> Hidden, string Activation, string Loss)
{
    /// <summary>The loss that suits a target of <paramref name="targetWidth"/> columns for a classifier or a regression.</summary>
    public static string DefaultLoss(int targetWidth, bool classification) =>
        !classification ? "mse" : targetWidth == 1 ? "binary-crossentropy" : "softmax-crossentropy";

    /// <summary>The output activation that goes with <paramref name="loss"/>.</summary>
    public static string OutputActivation(string loss) => loss.ToLowerInvariant() switch
    {
        "softmax-crossentropy" or "crossentropy" or "cross-entropy" => "softmax",
        "binary-crossentropy" or "bce" => "sigmoid",
        _ => "identity",
    };

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
        _ = Activations.Create<double>(Activation);
        _ = Losses.Loss.Create<double>(Loss);
    }

    /// <summary>Builds the network for <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs.</summary>
    public Network<T> Build<T>(int inputs, int outputs, NumPyRandomState random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate();
        string hidden = Activation.ToLowerInvariant();
        // He initialisation keeps rectifiers' signal variance; Xavier suits the saturating functions.
        Initializer init = hidden is "relu" or "leaky-relu" or "leakyrelu" ? new Initializer.He() : new Initializer.Xavier();
        var layers = new List<ILayer<T>>();
        foreach (int width in Hidden)
        {
            layers.Add(new Dense<T>(width, weights: init));
            layers.Add(Activations.Create<T>(hidden));
        }
        layers.Add(new Dense<T>(outputs, weights: new Initializer.Xavier()));
        layers.Add(Activations.Create<T>(OutputActivation(Loss)));
        return new Network<T>(inputs, layers, random);
    }
}
