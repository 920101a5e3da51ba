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

    /// <summary>Rebuilds the model from a checked safetensors file.</summary>
    internal static LoadedModel Read(SafeTensorsFile file)
    {
        var metadata = new MetadataReader(file);
        CheckVersion(metadata);
        var architecture = Architecture.Read(metadata);
        var modelMetadata = ModelMetadataCodec.Read(metadata, architecture.InputSize);
        return architecture.NumericType == "float32"
            ? new LoadedModel<float>(file.Path, architecture.Build<float>(file), modelMetadata)
            : new LoadedModel<double>(file.Path, architecture.Build<double>(file), modelMetadata);
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
