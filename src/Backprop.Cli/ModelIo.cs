using System.Numerics;
using Backprop.Data;
using Backprop.Serialization;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Cli;

/// <summary>Saves a trained network with what prediction needs, and reads back the normalisation it used.</summary>
internal static class ModelIo
{
    public static void Save<T>(Network<T> network, string path, ModelMetadata metadata) where T : unmanaged, IFloatingPointIeee754<T> =>
        network.Save(path, metadata);

    /// <summary>
    /// The normaliser stored with a model, or null when training used none. <paramref name="scaledPixels"/>: the inputs are
    /// images already read as pixel / 255 (IDX files), so a model's pixel scaling is not applied a second time.
    /// </summary>
    public static Normalizer? NormalizerOf(ModelMetadata metadata, bool scaledPixels = false)
    {
        if (Normalization.Applied(metadata.Normalization) is not { } n) return null;
        if (scaledPixels) n = n.ForScaledPixels();
        return new Normalizer(Normalizer.ParseKind(n.Kind), n.Offset, n.Scale);
    }

    /// <summary>
    /// Applies the model's input features and normalisation to a data set (a view for stored-as-bytes sets);
    /// <paramref name="scaledPixels"/> as for <see cref="NormalizerOf"/>.
    /// </summary>
    public static Dataset<T> Normalize<T>(Dataset<T> data, ModelMetadata metadata, bool scaledPixels = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (metadata.InputFeatures is { } features) data = InputFeatures.Apply(data, InputFeatures.Parse(features));
        return NormalizerOf(metadata, scaledPixels)?.Apply(data) ?? data;
    }

    /// <summary>The width of a raw input row: 2 for a model trained on input features, else the network's.</summary>
    public static int RawInputSize(LoadedModel model) => model.Metadata.InputFeatures is null ? model.InputSize : 2;

    /// <summary>Raw input rows as the network takes them: the model's input features, then its normalisation.</summary>
    public static Matrix<T> Prepare<T>(Matrix<T> raw, ModelMetadata metadata) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = metadata.InputFeatures is { } features ? InputFeatures.Apply(raw, InputFeatures.Parse(features)) : raw.Clone();
        NormalizerOf(metadata)?.Apply(inputs);
        return inputs;
    }
}
