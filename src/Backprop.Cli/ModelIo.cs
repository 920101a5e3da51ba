using System.Numerics;
using Backprop.Data;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>Saves a trained network with what prediction needs, and reads back the normalisation it used.</summary>
internal static class ModelIo
{
    public static void Save<T>(Network<T> network, string path, ModelMetadata metadata) where T : unmanaged, IFloatingPointIeee754<T> =>
        network.Save(path, metadata);

    /// <summary>The normaliser stored with a model, or null when training used none.</summary>
    public static Normalizer? NormalizerOf(ModelMetadata metadata) =>
        metadata.Normalization is { } n && !n.Kind.Equals("none", StringComparison.OrdinalIgnoreCase)
            ? new Normalizer(Normalizer.ParseKind(n.Kind), n.Offset, n.Scale)
            : null;

    /// <summary>Applies the model's normalisation to a data set (a view for stored-as-bytes sets).</summary>
    public static Dataset<T> Normalize<T>(Dataset<T> data, ModelMetadata metadata) where T : unmanaged, IFloatingPointIeee754<T> =>
        NormalizerOf(metadata)?.Apply(data) ?? data;
}
