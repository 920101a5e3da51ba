using System.Numerics;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;

namespace Backprop.Training;

/// <summary>
/// A network described the way the command line describes it: hidden layers, one hidden activation, a loss and
/// optionally a weight initializer. Each Dense and convolution layer is followed by the activation; a Flatten goes
/// where images meet the first Dense layer. The output layer follows from the loss (its registry entry names the
/// output activation): Softmax for softmax cross-entropy, Sigmoid for binary cross-entropy, Identity for the squared errors.
/// </summary>
/// <param name="Hidden">The hidden layers, first to last (may be empty); a number alone is a Dense layer of that width.</param>
/// <param name="Activation">The hidden layers' activation (see <see cref="Activations.All"/>).</param>
/// <param name="Loss">The loss name (see <see cref="Losses.Loss.All"/>).</param>
/// <param name="Init">
/// The weight initializer of every Dense and convolution layer (see <see cref="Initializers.All"/>); null for the hidden
/// activation's (<see cref="ActivationEntry.Weights"/>: PyTorch's start for rectifiers, Xavier otherwise).
/// </param>
public sealed record NetworkRecipe(IReadOnlyList<LayerSpec> Hidden, string Activation, string Loss, string? Init = null)
{
    /// <summary>The layout of an input row when the inputs are images; convolution and pooling need it.</summary>
    public ImageShape? InputShape { get; init; }

    /// <summary>The loss that suits a target of <paramref name="targetWidth"/> columns for a classifier or a regression.</summary>
    public static string DefaultLoss(int targetWidth, bool classification) =>
        !classification ? MeanSquaredErrorEntry.Key : targetWidth == 1 ? BinaryCrossEntropyEntry.Key : SoftmaxCrossEntropyEntry.Key;

    /// <summary>The output activation that goes with <paramref name="loss"/>.</summary>
    public static string OutputActivation(string loss) => Losses.Loss.All.Get(loss).OutputActivation;

    /// <summary>
    /// Reads hidden layers written as on the command line, "128,64" or "conv32x3,maxpool2,128" ("none" or empty for none); a
    /// bad one is a <see cref="BackpropException"/> that shows the forms.
    /// </summary>
    public static LayerSpec[] ParseHidden(string text) => LayerSpec.ParseList(text);

    /// <summary>Hidden layers as <see cref="ParseHidden"/> reads them: "128,64", or "none".</summary>
    public static string FormatHidden(IEnumerable<LayerSpec> layers) => LayerSpec.FormatList(layers);

    /// <summary>Checks the sizes and names, throwing a <see cref="BackpropException"/> that says what to fix.</summary>
    public void Validate()
    {
        foreach (var layer in Hidden)
            if (layer is LayerSpec.Dense { Units: <= 0 } dense)
                throw new BackpropException($"Every layer size must be at least 1, got {dense.Units} in --layers {string.Join(",", Hidden)}.");
        // A dense layer (or flatten) turns images into a row of values; a convolution or pooling after it has no image.
        int flat = Hidden.ToList().FindIndex(l => l is LayerSpec.Dense or LayerSpec.Flatten);
        int image = flat < 0 ? -1 : Hidden.Skip(flat + 1).ToList().FindIndex(l => l.NeedsImages);
        if (image >= 0)
            throw new BackpropException(
                $"--layers {string.Join(",", Hidden)}: {Hidden[flat + 1 + image]} comes after {Hidden[flat]}, which makes the images one flat row; " +
                $"put the convolution and pooling layers first, such as --layers {string.Join(",", Hidden.Where(l => l.NeedsImages).Concat(Hidden.Where(l => !l.NeedsImages)))}.");
        Activations.All.Get(Activation);
        Losses.Loss.All.Get(Loss);
        if (Init is not null) Initializers.All.Get(Init);
    }

    /// <summary>The initializer of every layer: the one chosen, else the hidden activation's.</summary>
    public string EffectiveInit => Init ?? Activations.All.Get(Activation).Weights;

    /// <summary>The biases' initializer: the network's when its entry starts biases too (PyTorch's), else zeros.</summary>
    private Initializer? BiasInit() => Initializers.All.Get(EffectiveInit) is { Biases: true } entry ? entry.Create() : null;

    /// <summary>Builds the network for <paramref name="inputs"/> inputs and <paramref name="outputs"/> outputs.</summary>
    public Network<T> Build<T>(int inputs, int outputs, NumPyRandomState random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate();
        var hidden = Activations.All.Get(Activation);
        var init = Initializers.Create(EffectiveInit);
        var layers = new List<ILayer<T>>();
        bool images = false;   // whether the last layer so far gives images, which a Dense layer flattens first
        for (int i = 0; i < Hidden.Count; i++)
        {
            switch (Hidden[i])
            {
                case LayerSpec.Dense d:
                    if (images) layers.Add(new Flatten<T>());
                    layers.Add(new Dense<T>(d.Units, weights: init, biasInit: BiasInit()));
                    layers.Add(hidden.Create<T>());
                    images = false;
                    break;
                case LayerSpec.Convolution c:
                    layers.Add(new Conv2D<T>(c.Filters, c.Kernel, c.Stride, c.Padding, weights: init, biasInit: BiasInit()));
                    // ReLU and max pooling commute exactly: max(relu(x)) = relu(max(x)), and the gradient reaches the
                    // same input either way (the window's first maximum, times 1 if it is positive, else nothing reaches
                    // any). So a convolution followed by pooling is built as convolution → pooling → ReLU, which applies
                    // the ReLU to a quarter of the values, forward and backward. Other activations keep their place.
                    if (hidden.Name == "relu" && i + 1 < Hidden.Count && Hidden[i + 1] is LayerSpec.MaxPool pool)
                    {
                        layers.Add(new MaxPool2D<T>(pool.Size, pool.Stride));
                        i++;
                    }
                    layers.Add(hidden.Create<T>());
                    images = true;
                    break;
                case LayerSpec.MaxPool m:
                    layers.Add(new MaxPool2D<T>(m.Size, m.Stride));
                    images = true;
                    break;
                case LayerSpec.Dropout r:
                    layers.Add(new Dropout<T>(r.Rate));
                    break;
                case LayerSpec.Flatten:
                    layers.Add(new Flatten<T>());
                    images = false;
                    break;
            }
        }
        if (images) layers.Add(new Flatten<T>());
        layers.Add(new Dense<T>(outputs, weights: Initializers.Create(EffectiveInit), biasInit: BiasInit()));
        layers.Add(Activations.Create<T>(OutputActivation(Loss)));
        if (!Hidden.Any(l => l.NeedsImages)) return new Network<T>(inputs, layers, random);
        var shape = InputShape ?? throw new BackpropException(
            $"--layers {string.Join(",", Hidden)} has convolution or pooling, which need images: IDX data gives their shape; " +
            "for CSV rows pass --input-shape HxWxC, such as 28x28x1.");
        if (shape.Size != inputs)
            throw new BackpropException($"--input-shape {shape} holds {shape.Size} values per image, but the data has {inputs} input columns.");
        return new Network<T>(shape, layers, random);
    }
}
