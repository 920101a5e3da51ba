namespace Backprop.Serialization;

/// <summary>
/// How the model's inputs were rescaled during training, stored so that prediction rescales new inputs the
/// same way: x' = (x − Offset) / Scale, column by column.
/// </summary>
/// <param name="Kind">The rescaling's name, such as "none", "minmax" or "standard".</param>
/// <param name="Offset">Per input column, the value subtracted.</param>
/// <param name="Scale">Per input column, the divisor (never 0).</param>
public sealed record Normalization(string Kind, double[] Offset, double[] Scale);
