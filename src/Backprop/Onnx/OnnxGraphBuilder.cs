namespace Backprop.Onnx;

/// <summary>
/// Builds a chain-shaped ONNX graph one node at a time: each node reads the value the previous one wrote
/// (and any constants it names) and writes the next. The exporter's layer table calls it.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];

    /// <summary>Starts a chain at the graph input called <paramref name="input"/>.</summary>
    public OnnxGraphBuilder(string input) => Current = input;

    /// <summary>The value the next node reads: the graph input, then the last node's output.</summary>
    public string Current { get; private set; }

    /// <summary>
    /// Whether <see cref="Current"/> is an image batch in ONNX's NCHW layout rather than rows (the graph's input and
    /// output are rows: one flattened channels-last image, or one vector, per sample).
    /// </summary>
    public bool IsImage { get; private set; }

    /// <summary>Turns rows of channels-last images of <paramref name="shape"/> into an NCHW batch (Reshape, then Transpose), unless already one.</summary>
    public void ToImage(string prefix, Backprop.Layers.ImageShape shape)
    {
        if (IsImage) return;
        string dims = ConstantInt64($"{prefix}.image_shape", [-1, shape.Height, shape.Width, shape.Channels]);
        Node($"{prefix}.Reshape", "Reshape", [dims]);
        Node($"{prefix}.ToNCHW", "Transpose", null, OnnxAttribute.OfInts("perm", [0, 3, 1, 2]));
        IsImage = true;
    }

    /// <summary>Turns an NCHW batch back into rows of channels-last images (Transpose, then Flatten), unless already rows.</summary>
    public void ToRows(string prefix)
    {
        if (!IsImage) return;
        Node($"{prefix}.ToNHWC", "Transpose", null, OnnxAttribute.OfInts("perm", [0, 2, 3, 1]));
        Node($"{prefix}.Flatten", "Flatten", null, OnnxAttribute.OfInt("axis", 1));
        IsImage = false;
    }

    /// <summary>Adds a constant int64 vector (an initializer) and returns its name.</summary>
    public string ConstantInt64(string name, long[] values)
    {
        _initializers.Add(new OnnxTensor(name, [values.Length], OnnxFields.DataType.Int64, [], values));
        return name;
    }

    /// <summary>Adds a constant float tensor (an initializer) and returns its name.</summary>
    public string Constant(string name, long[] dims, float[] values)
    {
        _initializers.Add(new OnnxTensor(name, dims, OnnxFields.DataType.Float, values));
        return name;
    }

    /// <summary>
    /// Adds the node <paramref name="opType"/> reading <see cref="Current"/> and then <paramref name="constants"/>;
    /// its output, named after the node, becomes <see cref="Current"/>.
    /// </summary>
    public void Node(string name, string opType, string[]? constants = null, params OnnxAttribute[] attributes)
    {
        string output = $"{name}.output";
        _nodes.Add(new OnnxNode(name, opType, "", [Current, .. constants ?? []], [output], attributes));
        Current = output;
    }

    /// <summary>The graph, its last node's output renamed to <paramref name="output"/> so that users see a plain name.</summary>
    public OnnxGraph Build(string name, OnnxValueInfo input, OnnxValueInfo output)
    {
        var nodes = _nodes.ToList();
        if (nodes.Count > 0) nodes[^1] = nodes[^1] with { Outputs = [output.Name] };
        return new OnnxGraph(name, nodes, _initializers.ToList(), [input], [output]);
    }
}
