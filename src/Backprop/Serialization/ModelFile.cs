using System.Globalization;
using System.Numerics;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// Saves and loads models as safetensors files: the weights as tensors "layers.{i}.W" and "layers.{i}.b",
/// the architecture and <see cref="ModelMetadata"/> as "__metadata__" entries (see docs/model-format.md).
/// Any safetensors reader can open the weights; Backprop rebuilds the whole network.
/// </summary>
public static class ModelFile
{
    /// <summary>The format version this Backprop writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Saves the network (and optional metadata) to <paramref name="path"/>, atomically.</summary>
    /// <example><c>network.Save("model.safetensors", new ModelMetadata(Task: "classification", LabelNames: ["no", "yes"]));</c></example>
    /// <exception cref="BackpropException">The metadata does not fit the network, or the file cannot be written.</exception>
    public static void Save<T>(this Network<T> network, string path, ModelMetadata? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T> => CreateWriter(network, metadata).Save(path);

    /// <summary>Loads the model at <paramref name="path"/> in the numeric type the file holds.</summary>
    /// <exception cref="ModelFormatException">The file is missing, damaged, or not a Backprop model.</exception>
    /// <example><c>var model = ModelFile.Load("model.safetensors"); Console.WriteLine(model.Summary());</c></example>
    public static LoadedModel Load(string path) => Read(SafeTensorsFile.Read(path));

    /// <summary>Loads the model at <paramref name="path"/>, which must hold <typeparamref name="T"/> weights.</summary>
    /// <exception cref="ModelFormatException">The file is damaged, or holds the other numeric type.</exception>
    /// <example><c>Network&lt;float&gt; net = ModelFile.Load&lt;float&gt;("model.safetensors").Network;</c></example>
    public static LoadedModel<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = Load(path);
        return model as LoadedModel<T> ?? throw new ModelFormatException(path,
            $"the model's numbers are {model.NumericType}, not {Architecture.NumericTypeOf<T>()}; load it as {(model.NumericType == "float32" ? "float" : "double")}");
    }

    /// <summary>A writer holding the network's weights, architecture and metadata (checkpoints add to it).</summary>
    internal static SafeTensorsWriter CreateWriter<T>(Network<T> network, ModelMetadata? metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var writer = new SafeTensorsWriter();
        writer.AddMetadata(MetadataKeys.Format, FormatVersion.ToString(CultureInfo.InvariantCulture));
        Architecture.Write(network, writer);
        ModelMetadataCodec.Write(metadata ?? ModelMetadata.None, network.InputSize, writer);
        return writer;
    }

    /// <summary>
    /// Rebuilds the model from a checked safetensors file. A network that predicts scaled targets (a regression
    /// checkpoint's) gets the scaling folded into its last layer, so that it predicts in the target's units, unless
    /// <paramref name="asTrained"/> asks for the weights as they were trained (to resume the run).
    /// </summary>
    internal static LoadedModel Read(SafeTensorsFile file, bool asTrained = false)
    {
        var metadata = new MetadataReader(file);
        CheckVersion(metadata);
        var architecture = Architecture.Read(metadata);
        var modelMetadata = ModelMetadataCodec.Read(metadata, architecture.InputSize);
        return architecture.NumericType == "float32"
            ? Loaded(file, architecture.Build<float>(file), modelMetadata, asTrained)
            : Loaded(file, architecture.Build<double>(file), modelMetadata, asTrained);
    }

    private static LoadedModel<T> Loaded<T>(SafeTensorsFile file, Network<T> network, ModelMetadata metadata, bool asTrained)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (metadata.TargetScaling is { } scaling && !asTrained)
        {
            try { scaling.FoldInto(network); }
            catch (BackpropException e) { throw file.Error(e.Message.TrimEnd('.')); }
            metadata = metadata with { TargetScaling = null };
        }
        return new LoadedModel<T>(file.Path, network, metadata);
    }

    private static void CheckVersion(MetadataReader metadata)
    {
        string version = metadata.Optional(MetadataKeys.Format)
            ?? throw metadata.Error($"the metadata has no '{MetadataKeys.Format}' entry, so the file was not written by Backprop");
        if (version == FormatVersion.ToString(CultureInfo.InvariantCulture)) return;
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw metadata.Error($"the model format version '{version}' is not a whole number");
        throw metadata.Error($"model format version {version} is not supported by this Backprop (it reads version {FormatVersion}); " +
            $"use the Backprop that wrote it, or a newer one");
    }
}
