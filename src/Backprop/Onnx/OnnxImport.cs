using Backprop.Layers;
using Backprop.Serialization;
using Backprop.Training;
using F = Backprop.Onnx.OnnxFields;

namespace Backprop.Onnx;

/// <summary>
/// Reads an ONNX file holding a multilayer perceptron or a convolution network (as <see cref="OnnxExport"/> writes
/// one, or as PyTorch's torch.onnx.export writes a Sequential of Linear, Conv2d, ZeroPad2d, MaxPool2d, Flatten and
/// activations) into a Backprop network that predicts the same. Leading Sub and Div nodes become the model's input normalisation; the task, loss and label names
/// come from metadata_props when the file has them. Anything else is refused with one line naming it.
/// </summary>
public static class OnnxImport
{
    /// <summary>Reads the ONNX model at <paramref name="path"/> as a float32 network with its metadata.</summary>
    /// <example><c>var model = OnnxImport.Load("model.onnx"); model.Network.Save("model.safetensors", model.Metadata);</c></example>
    /// <exception cref="ModelFormatException">The file is missing, damaged, not ONNX, or uses an operator or shape Backprop does not import.</exception>
    public static LoadedModel<float> Load(string path)
    {
        var model = OnnxReader.Read(path);
        var graph = model.Graph;
        var error = (string problem) => new ModelFormatException(path, problem);
        // An operator Backprop lacks is the most useful thing to hear first (a CNN's input shape is refused too).
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (node.Domain is not ("" or "ai.onnx"))
                throw error($"{node.Describe(i)} is from the operator domain '{node.Domain}'; Backprop imports only standard ONNX operators");
            if (!OnnxOperatorTable.Rows.ContainsKey(node.OpType))
                throw error($"{node.Describe(i)} uses the operator {node.OpType}, which Backprop cannot import; it imports {string.Join(", ", OnnxOperatorTable.Rows.Keys)}");
        }
        var input = GraphInput(graph, error);
        if (graph.Outputs.Count != 1) throw error($"the graph has {graph.Outputs.Count} outputs; Backprop imports networks with one");
        long opset = model.Opsets.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < 1) throw error("the file imports no version of the standard ONNX operators (opset_import has no entry for the default domain)");

        var (width, image) = InputShape(input, error);
        var chain = new OnnxImportChain(path, input.Name, width, opset, graph.Initializers, image);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (!OnnxConstantFolding.TryFold(chain, node, node.Describe(i))) OnnxOperatorTable.Rows[node.OpType](chain, node, node.Describe(i));
        }
        if (chain.Layers.Count == 0) throw error("the graph has no layers (no Gemm, MatMul, Conv, MaxPool or activation nodes)");
        if (chain.Current != graph.Outputs[0].Name)
            throw error($"the graph's output '{graph.Outputs[0].Name}' is not the end of the chain of layers ('{chain.Current}')");
        if (chain.Layout != OnnxLayout.Rows) throw error($"the graph's output '{graph.Outputs[0].Name}' is a batch of images; Backprop imports networks that end in rows (flatten them)");
        int inputSize = chain.InputWidth ?? throw error($"the width of the graph input '{input.Name}' is not fixed, and no weight tells it");

        var metadata = Metadata(path, model, inputSize, chain);
        return new LoadedModel<float>(path, Build(inputSize, chain.InputShape, chain.Layers), metadata);
    }

    // Before IR version 4 the initializers were listed among the inputs too; the data input is the one that is not.
    private static OnnxValueInfo GraphInput(OnnxGraph graph, Func<string, ModelFormatException> error)
    {
        var constants = graph.Initializers.Select(t => t.Name).ToHashSet();
        var inputs = graph.Inputs.Where(v => !constants.Contains(v.Name)).ToList();
        if (inputs.Count != 1) throw error($"the graph has {inputs.Count} data inputs; Backprop imports networks with one");
        var input = inputs[0];
        if (input.ElemType != F.DataType.Float)
            throw error($"the graph input '{input.Name}' holds {F.DataType.NameOf(input.ElemType)} values; Backprop imports float32 models");
        return input;
    }

    // Rows [batch, features] (the width may be left open), or NCHW images [batch, C, H, W] of a fixed size, which
    // the Backprop network takes as rows of the same images in H, W, C order.
    private static (int? Width, ImageShape? Image) InputShape(OnnxValueInfo input, Func<string, ModelFormatException> error)
    {
        if (input.Shape is null) return (null, null);
        if (input.Shape.Count == 4)
        {
            long?[] d = input.Shape.Skip(1).Select(s => s.Value).ToArray();
            if (d.Any(v => v is not (>= 1 and <= 1 << 20)))
                throw error($"the graph input '{input.Name}' is a batch of images [batch, C, H, W] whose sizes are not all fixed ({string.Join(", ", input.Shape.Skip(1).Select(s => s.Value?.ToString() ?? s.Param ?? "?"))}); export with a fixed image size");
            var image = new ImageShape((int)d[1]!, (int)d[2]!, (int)d[0]!);
            return (image.Size, image);
        }
        if (input.Shape.Count != 2)
            throw error($"the graph input '{input.Name}' has {input.Shape.Count} dimensions; Backprop imports networks whose input is a batch of rows, [batch, features], or of NCHW images, [batch, C, H, W]");
        return input.Shape[1].Value switch
        {
            null => (null, null),
            long w when w is >= 1 and <= int.MaxValue => ((int)w, null),
            long w => throw error($"the graph input '{input.Name}' has rows of {w} values"),
        };
    }

    /// <summary>
    /// The task, loss and label names from metadata_props, and the normalisation from the Sub and Div nodes. When
    /// metadata_props also holds Backprop's normalisation entry and it rounds to the nodes' float32 values, its
    /// exact double values and kind are kept, so a Backprop model survives export and import unchanged.
    /// </summary>
    private static ModelMetadata Metadata(string path, OnnxModel model, int inputSize, OnnxImportChain chain)
    {
        var entries = new Dictionary<string, string>();
        foreach (var (key, value) in model.MetadataProps) entries[key] = value;
        var stored = ModelMetadataCodec.Read(new MetadataReader(path, entries), inputSize);
        if (chain.Offset is null && chain.Scale is null) return stored with { Normalization = null };
        double[] offset = chain.Offset?.Select(v => (double)v).ToArray() ?? new double[inputSize];
        double[] scale = chain.Scale?.Select(v => (double)v).ToArray() ?? Enumerable.Repeat(1.0, inputSize).ToArray();
        var fromGraph = new Normalization(stored.Normalization?.Kind ?? "standard", offset, scale);
        bool sameAsStored = stored.Normalization is { } n && RoundsTo(n.Offset, offset) && RoundsTo(n.Scale, scale);
        return stored with { Normalization = sameAsStored ? stored.Normalization : fromGraph };
    }

    private static bool RoundsTo(double[] exact, double[] rounded) =>
        exact.Length == rounded.Length && exact.Zip(rounded).All(p => (float)p.First == (float)p.Second);

    private static Network<float> Build(int inputSize, ImageShape? image, List<ImportedLayer> layers)
    {
        var built = layers.Select(l => LayerConfigs.Create<float>(l.Config));
        var network = image is { } shape ? new Network<float>(shape, built) : new Network<float>(inputSize, built);
        for (int i = 0; i < layers.Count; i++)
            foreach (var p in network.Layers[i].Parameters)
                (p.Name == "W" ? layers[i].Weights : layers[i].Bias).AsSpan().CopyTo(p.Value.AsSpan());
        return network;
    }
}
