using System.Globalization;

namespace Backprop.Layers;

/// <summary>
/// The layout of one sample's row when it is an image: <see cref="Height"/> rows of <see cref="Width"/> pixels of
/// <see cref="Channels"/> values, stored channels-last (NHWC): value (y, x, c) is element (y·Width + x)·Channels + c.
/// A batch stays a matrix with one flattened image per row.
/// </summary>
/// <param name="Height">Pixel rows.</param>
/// <param name="Width">Pixel columns.</param>
/// <param name="Channels">Values per pixel (1 for grey, 3 for colour, the filter count after a convolution).</param>
public readonly record struct ImageShape(int Height, int Width, int Channels)
{
    /// <summary>Height × Width × Channels: the width of a row.</summary>
    public int Size => checked(Height * Width * Channels);

    /// <summary>Height × Width.</summary>
    public int Pixels => Height * Width;

    /// <summary>Where value (<paramref name="y"/>, <paramref name="x"/>, <paramref name="c"/>) lies in the image's row: (y·Width + x)·Channels + c.</summary>
    internal int Index(int y, int x, int c) => (y * Width + x) * Channels + c;

    /// <summary>"28x28x1".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Height}x{Width}x{Channels}");

    /// <summary>
    /// The input shape of an image layer called <paramref name="layer"/>: the one the network passes, else the one given
    /// to the layer's constructor; a missing shape, or one that does not hold <paramref name="inputSize"/> values, is a
    /// <see cref="BackpropException"/> that says how to give it.
    /// </summary>
    internal static ImageShape ForLayer(string layer, int inputSize, ImageShape? passed, ImageShape? declared)
    {
        var shape = passed ?? declared ?? throw new BackpropException(
            $"A {layer} layer needs its input's shape (height × width × channels): build the network with " +
            "new Network<T>(new ImageShape(28, 28, 1), layers), or give the layer an inputShape.");
        if (shape.Size != inputSize)
            throw new BackpropException($"A {layer} layer was given {inputSize} inputs per row, but its input shape {shape} has {shape.Size}.");
        return shape;
    }

    /// <summary>
    /// Reads "HxWxC" (such as "28x28x1"; '×' also works); a bad text is a <see cref="BackpropException"/> that says
    /// what <paramref name="what"/> should look like.
    /// </summary>
    public static ImageShape Parse(string text, string what = "an image shape")
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('x', 'X', '×');
        var values = new int[parts.Length];
        bool ok = parts.Length == 3;
        for (int i = 0; ok && i < 3; i++)
            ok = int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) && values[i] > 0;
        if (!ok || (long)values[0] * values[1] * values[2] > int.MaxValue)
            throw new BackpropException($"{what} must be height x width x channels in whole numbers of at least 1, such as 28x28x1; got '{text}'.");
        return new ImageShape(values[0], values[1], values[2]);
    }
}
