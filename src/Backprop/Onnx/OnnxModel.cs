namespace Backprop.Onnx;

// The part of ONNX's object model (onnx.proto) that a network of dense layers and activations uses. The
// writer and the reader translate between these records and the protobuf bytes; the exporter and the
// importer never see a field number.

/// <summary>A whole ONNX file: the IR version, the operator sets, who wrote it, the graph and string metadata.</summary>
internal sealed record OnnxModel(
    long IrVersion,
    IReadOnlyList<OnnxOpset> Opsets,
    string ProducerName,
    string ProducerVersion,
    OnnxGraph Graph,
    IReadOnlyList<KeyValuePair<string, string>> MetadataProps);

/// <summary>An operator set a model uses: the default domain is "" (or "ai.onnx").</summary>
internal sealed record OnnxOpset(string Domain, long Version);

/// <summary>The computation: nodes in topological order, constant tensors, and the typed inputs and outputs.</summary>
internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>One operator applied to named values, producing named values.</summary>
internal sealed record OnnxNode(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes)
{
    /// <summary>The attribute called <paramref name="name"/>, or null.</summary>
    public OnnxAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    /// <summary>How errors name the node: its name if it has one, else its position, and its operator.</summary>
    public string Describe(int index) => Name.Length > 0 ? $"node '{Name}' ({OpType})" : $"node {index} ({OpType})";
}

/// <summary>A node's attribute; <see cref="Type"/> says which value is set (see <see cref="OnnxFields.AttributeType"/>).</summary>
internal sealed record OnnxAttribute(string Name, int Type, float Float = 0, long Int = 0, OnnxTensor? Tensor = null,
    float[]? Floats = null, long[]? Ints = null, string? String = null)
{
    public static OnnxAttribute OfFloat(string name, float value) => new(name, OnnxFields.AttributeType.Float, Float: value);

    public static OnnxAttribute OfInt(string name, long value) => new(name, OnnxFields.AttributeType.Int, Int: value);

    public static OnnxAttribute OfInts(string name, long[] values) => new(name, OnnxFields.AttributeType.Ints, Ints: values);
}

/// <summary>
/// A tensor: its shape and element type, and its values when they are float32 (the only kind a network of
/// ours holds). Other element types keep an empty <see cref="Values"/>, so an importer can name them in an error;
/// the exporter's one int64 tensor kind (a Reshape's target shape) carries its values in <see cref="Int64Values"/>.
/// </summary>
internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[] Values, long[]? Int64Values = null);

/// <summary>A graph input or output: its name, element type and shape (a dimension is a number or a name such as "batch").</summary>
internal sealed record OnnxValueInfo(string Name, int ElemType, IReadOnlyList<OnnxDimension>? Shape);

/// <summary>One dimension of a shape: a fixed size, or a symbolic name for a size chosen at run time.</summary>
internal sealed record OnnxDimension(long? Value, string? Param);
