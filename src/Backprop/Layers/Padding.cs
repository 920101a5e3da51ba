namespace Backprop.Layers;

/// <summary>How a convolution treats the image's border.</summary>
public enum Padding
{
    /// <summary>No padding: the window only visits places where it fits, so the output is smaller (28 → 26 for a 3×3 kernel).</summary>
    Valid,

    /// <summary>
    /// Zeros around the border so that the output is ⌈input / stride⌉ long (28 → 28 at stride 1); an odd extra zero goes
    /// after (bottom, right), as in TensorFlow and Keras.
    /// </summary>
    Same,
}

/// <summary>
/// A window of <see cref="Size"/> cells sliding along one axis in steps of <see cref="Stride"/>: where it goes and how
/// many places it visits. Convolution and pooling share it, and model files use it to check shapes before building.
/// </summary>
/// <param name="Size">The window's length (the kernel or pool size).</param>
/// <param name="Stride">The step between two places.</param>
/// <param name="Padding">Valid or same.</param>
internal readonly record struct SlidingWindow(int Size, int Stride, Padding Padding)
{
    /// <summary>Places visited along an axis of <paramref name="input"/> cells: ⌊(input − size) / stride⌋ + 1, or ⌈input / stride⌉ for same.</summary>
    public int OutputLength(int input) =>
        Padding == Padding.Same ? (input + Stride - 1) / Stride
        : input < Size ? 0 : (input - Size) / Stride + 1;

    /// <summary>Zeros before the first cell: half of what same padding needs, rounded down; 0 for valid.</summary>
    public int PadBefore(int input) => PadTotal(input) / 2;

    /// <summary>Zeros after the last cell: the rest of what same padding needs (the odd one goes here); 0 for valid.</summary>
    public int PadAfter(int input) => PadTotal(input) - PadBefore(input);

    // The zeros same padding adds along an axis so that the last place fits: (places − 1)·stride + size − input.
    private int PadTotal(int input) => Padding == Padding.Valid ? 0 : Math.Max((OutputLength(input) - 1) * Stride + Size - input, 0);

    /// <summary>The output shape over <paramref name="input"/>, or a <see cref="BackpropException"/> naming <paramref name="layer"/> when the window does not fit.</summary>
    public ImageShape Output(ImageShape input, int channels, string layer)
    {
        int height = OutputLength(input.Height), width = OutputLength(input.Width);
        if (height <= 0 || width <= 0)
            throw new BackpropException($"The {layer} window of {Size}×{Size} does not fit in its {input.Height}×{input.Width} input; " +
                "use a smaller kernel or pool, padding 'same', or fewer layers before it.");
        return new ImageShape(height, width, channels);
    }
}
