using System.Text.Json.Serialization;

namespace Backprop.Serialization;

/// <summary>
/// How the model's inputs were rescaled during training, stored so that prediction rescales new inputs the
/// same way: x' = (x − Offset) / Scale, column by column.
/// </summary>
/// <param name="Kind">The rescaling's name, such as "none", "minmax" or "standard".</param>
/// <param name="Offset">Per input column, the value subtracted.</param>
/// <param name="Scale">Per input column, the divisor (never 0).</param>
/// <param name="PixelScale">
/// For a model trained on 8-bit images (IDX files), which Backprop reads as pixel / 255: that divisor, 255. Offset and
/// Scale are then in raw pixel units (0 to 255) with the division folded in, so a raw pixel goes through the one
/// rescaling; <see cref="ForScaledPixels"/> gives the rescaling of pixels already divided. Null for other models.
/// </param>
public sealed record Normalization(string Kind, double[] Offset, double[] Scale,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PixelScale = null)
{
    /// <summary>
    /// The rescaling a prediction applies to the inputs of a model stored with <paramref name="normalization"/>: that
    /// one, or null when there is none or its kind is "none". Predict and the ONNX exporter both ask here.
    /// </summary>
    public static Normalization? Applied(Normalization? normalization) =>
        normalization is { } n && !n.Kind.Equals("none", StringComparison.OrdinalIgnoreCase) ? n : null;

    /// <summary>
    /// The rescaling of inputs that are pixels already divided by <see cref="PixelScale"/> (as IDX images are read):
    /// offset and scale divided by it, so (x/p − o/p) / (s/p) = (x − o) / s. Itself when the model was not trained on pixels.
    /// </summary>
    public Normalization ForScaledPixels() => PixelScale is double p
        ? new Normalization(Kind, [.. Offset.Select(o => o / p)], [.. Scale.Select(s => s / p)])
        : this;

    /// <summary>
    /// The normalisation of a model trained on pixels that were divided by <paramref name="pixelScale"/> and then rescaled
    /// by <paramref name="fitted"/> (null: not rescaled), in raw pixel units: offset·p and scale·p, or 0 and p.
    /// </summary>
    public static Normalization OfPixels(double pixelScale, int inputs, Normalization? fitted) => fitted is { } f
        ? new Normalization(f.Kind, [.. f.Offset.Select(o => o * pixelScale)], [.. f.Scale.Select(s => s * pixelScale)], pixelScale)
        // x / 255 is min-max scaling by a byte's own range, 0 to 255.
        : new Normalization("minmax", new double[inputs], Enumerable.Repeat(pixelScale, inputs).ToArray(), pixelScale);
}
