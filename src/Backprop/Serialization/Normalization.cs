namespace Backprop.Serialization;

/// <summary>
/// How the model's inputs were rescaled during training, stored so that prediction rescales new inputs the
/// same way: x' = (x − Offset) / Scale, column by column.
/// </summary>
/// <param name="Kind">The rescaling's name, such as "none", "minmax" or "standard".</param>
/// <param name="Offset">Per input column, the value subtracted.</param>
/// <param name="Scale">Per input column, the divisor (never 0).</param>
public sealed record Normalization(string Kind, double[] Offset, double[] Scale)
{
    /// <summary>
    /// The rescaling a prediction applies to the inputs of a model stored with <paramref name="normalization"/>: that
    /// one, or null when there is none or its kind is "none". Predict and the ONNX exporter both ask here.
    /// </summary>
    public static Normalization? Applied(Normalization? normalization) =>
        normalization is { } n && !n.Kind.Equals("none", StringComparison.OrdinalIgnoreCase) ? n : null;
}
