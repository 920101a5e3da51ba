namespace Backprop.Data;

/// <summary>How input columns are rescaled before training; see <see cref="Normalizer"/>.</summary>
public enum NormalizationKind
{
    /// <summary>Inputs are used as they are.</summary>
    None,

    /// <summary>Each column is mapped to [0, 1] by the training rows' minimum and maximum.</summary>
    MinMax,

    /// <summary>Each column gets zero mean and unit variance over the training rows.</summary>
    Standard,
}
