using System.Numerics;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Onnx;

/// <summary>
/// Writes a network as an ONNX file (opset 13, IR version 7) that ONNX Runtime and other tools run: each Dense
/// layer a Gemm (MatMul without bias), each activation its ONNX operator, convolution and max pooling as Conv and
/// MaxPool on NCHW images (see <see cref="OnnxLayerTable"/>), the input normalisation as Sub and Div
/// nodes in front, a batch dimension chosen at run time, and the task, loss, normalisation and label names in
/// metadata_props. Values are float32; a double network is rounded to float32.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set version the file uses.</summary>
    public const long Opset = 13;

    /// <summary>The ONNX IR version the file declares (the one that goes with opset 13).</summary>
    public const long IrVersion = 7;

    /// <summary>The names of the graph's input and output.</summary>
    public const string InputName = "input", OutputName = "output";

    /// <summary>Saves <paramref name="network"/> (and the metadata that goes with it) as an ONNX file, atomically.</summary>
    /// <example><c>network.SaveOnnx("model.onnx", new ModelMetadata(Task: "classification", LabelNames: ["no", "yes"]));</c></example>
    /// <exception cref="BackpropException">A layer has no ONNX form, a weight is too large for float32, the metadata does not fit, or the file cannot be written.</exception>
    public static void SaveOnnx<T>(this Network<T> network, string path, ModelMetadata? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] bytes = OnnxWriter.Encode(ToOnnx(network, metadata));
        AtomicFile.WriteOrExplain(path, stream => stream.Write(bytes));
    }

    /// <summary>Saves a loaded model (float or double) with its own metadata as an ONNX file, atomically.</summary>
    /// <example><c>ModelFile.Load("model.safetensors").SaveOnnx("model.onnx");</c></example>
    /// <exception cref="BackpropException">As for <see cref="SaveOnnx{T}(Network{T}, string, ModelMetadata?)"/>.</exception>
    public static void SaveOnnx(this LoadedModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Match(m => Save(m, path), m => Save(m, path));

        static bool Save<T>(LoadedModel<T> m, string path) where T : unmanaged, IFloatingPointIeee754<T>
        {
            m.Network.SaveOnnx(path, m.Metadata);
            return true;
        }
    }

    /// <summary>The ONNX model of <paramref name="network"/>.</summary>
    internal static OnnxModel ToOnnx<T>(Network<T> network, ModelMetadata? metadata) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        metadata ??= ModelMetadata.None;
        if (metadata.InputFeatures is { } features)
            throw new BackpropException($"The model was trained on input features ({string.Join(",", features)}), which ONNX export does not write; train on the plain inputs to export it.");
        var properties = ModelMetadataCodec.Entries(metadata, network.InputSize);
        var graph = new OnnxGraphBuilder(InputName);
        if (Normalization.Applied(metadata.Normalization) is { } n)
        {
            long[] dims = [n.Offset.Length];
            graph.Node("normalization.Sub", "Sub", [graph.Constant("normalization.offset", dims, ToFloat32(n.Offset, "normalization offset"))]);
            graph.Node("normalization.Div", "Div", [graph.Constant("normalization.scale", dims, ToFloat32(n.Scale, "normalization scale"))]);
        }
        var shape = network.InputShape;   // the images the next layer takes, null for plain rows
        for (int i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            if (!OnnxLayerTable.Rows.TryGetValue(layer.Config.Type, out var export))
                throw new BackpropException($"Layer {i} ({layer.Name}) has no ONNX form yet; layers that export: {string.Join(", ", OnnxLayerTable.Rows.Keys)}.");
            var parameters = layer.Parameters.ToDictionary(p => p.Name, p => (
                Dims: new long[] { p.Value.Rows, p.Value.Columns },
                Values: ToFloat32<T>(p.Value.AsSpan(), $"layers.{i}.{p.Name}")));
            export(graph, new ExportedLayer(i, layer.Config, parameters, shape));
            shape = layer.OutputShape;
        }
        graph.ToRows("output");
        var onnx = graph.Build("backprop", Value(InputName, network.InputSize), Value(OutputName, network.OutputSize));
        return new OnnxModel(IrVersion, [new OnnxOpset("", Opset)], "Backprop",
            typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "", onnx, properties);
    }

    // A batch of float rows: [batch, width], with the batch size left to the caller ("batch").
    private static OnnxValueInfo Value(string name, int width) =>
        new(name, OnnxFields.DataType.Float, [new OnnxDimension(null, "batch"), new OnnxDimension(width, null)]);

    private static float[] ToFloat32<T>(ReadOnlySpan<T> values, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)double.CreateChecked(values[i]);   // rounds to the nearest float32; too large becomes infinite
            if (!float.IsFinite(result[i]))
                throw new BackpropException($"The {what} value {values[i]} at index {i} does not fit in float32, which ONNX models use.");
        }
        return result;
    }

    private static float[] ToFloat32(double[] values, string what) => ToFloat32<double>(values, what);
}
