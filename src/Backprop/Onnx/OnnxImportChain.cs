using Backprop.Layers;
using Backprop.Serialization;

namespace Backprop.Onnx;

/// <summary>A layer read from an ONNX graph: its configuration and, for a dense layer, W (inputs × outputs, row-major) and b.</summary>
internal sealed record ImportedLayer(LayerConfig Config, float[]? Weights = null, float[]? Bias = null);

/// <summary>
/// The state of an import while <see cref="OnnxOperatorTable"/> walks the graph's nodes in order: the value that
/// flows down the chain, its width, the constants seen so far, the layers built, and the normalisation read
/// from leading Sub and Div nodes. Its helpers check each node and phrase the errors.
/// </summary>
internal sealed class OnnxImportChain(string path, string input, int? width, long opset, IEnumerable<OnnxTensor> initializers)
{
    private readonly Dictionary<string, OnnxTensor> _constants = initializers.ToDictionary(t => t.Name);
    private bool _lastWasMatMul;

    /// <summary>The operator set version the file imports from the default domain.</summary>
    public long Opset { get; } = opset;

    /// <summary>The value the next node must read: the graph input, then the output of the node before.</summary>
    public string Current { get; private set; } = input;

    /// <summary>The number of values per row of <see cref="Current"/>, once known.</summary>
    public int? Width { get; private set; } = width;

    /// <summary>
    /// The width of an input row: the graph input's, or when that is not fixed, the width first learnt from a
    /// leading Sub or Div or from the first dense layer's weight (only width-keeping nodes come before them).
    /// </summary>
    public int? InputWidth { get; private set; } = width;

    /// <summary>The layers so far, first to last.</summary>
    public List<ImportedLayer> Layers { get; } = [];

    /// <summary>The offsets of a leading Sub node: x − offset.</summary>
    public float[]? Offset { get; private set; }

    /// <summary>The scales of a leading Div node: (x − offset) / scale.</summary>
    public float[]? Scale { get; private set; }

    /// <summary>An error about this file.</summary>
    public ModelFormatException Error(string problem) => new(path, problem);

    /// <summary>Records a constant produced by a node (Constant, or a Transpose of a weight).</summary>
    public void AddConstant(string name, OnnxTensor tensor) => _constants[name] = tensor with { Name = name };

    /// <summary>Makes <paramref name="name"/> another name of the constant <paramref name="constant"/>.</summary>
    public void Alias(string name, string constant) => AddConstant(name, _constants[constant]);

    /// <summary>Whether <paramref name="name"/> is a constant (an initializer or a constant node's output).</summary>
    public bool IsConstant(string name) => _constants.ContainsKey(name);

    /// <summary>The float32 constant input <paramref name="index"/> of the node; anything else is an error.</summary>
    public OnnxTensor Constant(OnnxNode node, int index, string where)
    {
        if (index >= node.Inputs.Count || node.Inputs[index].Length == 0) throw Error($"{where} has no input {index + 1}");
        string name = node.Inputs[index];
        if (!_constants.TryGetValue(name, out var tensor))
            throw Error($"{where} reads '{name}' as a weight, but it is not a constant (an initializer or a Constant node's output); Backprop imports networks whose weights are fixed");
        if (tensor.DataType != OnnxFields.DataType.Float)
            throw Error($"{where} reads the tensor '{name}' of type {OnnxFields.DataType.NameOf(tensor.DataType)}; Backprop imports float32 models (in PyTorch, call model.float() before exporting)");
        int bad = Array.FindIndex(tensor.Values, v => !float.IsFinite(v));
        if (bad >= 0) throw Error($"the tensor '{name}' holds {tensor.Values[bad]} at index {bad}; a model's weights must be finite");
        return tensor;
    }

    /// <summary>Checks that input <paramref name="index"/> is the chain's current value and that the node has one output.</summary>
    public void ExpectData(OnnxNode node, int index, string where)
    {
        if (node.Outputs.Count != 1 || node.Outputs[0].Length == 0)
            throw Error($"{where} has {node.Outputs.Count} outputs; Backprop imports nodes with one");
        if (index >= node.Inputs.Count || node.Inputs[index] != Current)
            throw Error($"{where} does not read '{Current}', the output of the node before it; Backprop imports a chain of layers, each feeding the next");
    }

    /// <summary>Moves the chain on to the node's output.</summary>
    private void Advance(OnnxNode node) => Current = node.Outputs[0];

    /// <summary>Adds an activation (a layer without weights) read from a one-input node.</summary>
    public void Activation(OnnxNode node, string where, LayerConfig config)
    {
        ExpectData(node, 0, where);
        if (node.Inputs.Count != 1) throw Error($"{where} has {node.Inputs.Count} inputs where its operator takes 1");
        Layers.Add(new ImportedLayer(config));
        _lastWasMatMul = false;
        Advance(node);
    }

    /// <summary>Adds a dense layer Y = X·W (+ b) with W of shape <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public void Dense(OnnxNode node, string where, string weightName, int rows, int columns, float[] weights, float[]? bias)
    {
        if (Width is int w && w != rows)
            throw Error($"{where}: the weight '{weightName}' takes rows of {rows} values, but the layer before gives {w}");
        InputWidth ??= rows;
        Layers.Add(new ImportedLayer(new LayerConfig("Dense", columns, bias is not null), weights, bias));
        Width = columns;
        _lastWasMatMul = bias is null && node.OpType == "MatMul";
        Advance(node);
    }

    /// <summary>Gives the dense layer just made by a MatMul its bias (MatMul + Add is how some exporters write Linear).</summary>
    public void AddBias(OnnxNode node, string where, float[] bias)
    {
        if (!_lastWasMatMul)
            throw Error($"{where}: Backprop imports Add only as the bias right after a MatMul");
        var dense = Layers[^1];
        Layers[^1] = dense with { Config = dense.Config with { Bias = true }, Bias = bias };
        _lastWasMatMul = false;
        Advance(node);
    }

    /// <summary>Reads a leading Sub (the normalisation's offsets) or Div (its scales).</summary>
    public void Normalization(OnnxNode node, string where, float[] values, bool isScale)
    {
        if (Layers.Count > 0 || (isScale ? Scale : Offset) is not null || (!isScale && Scale is not null))
            throw Error($"{where}: Backprop imports {node.OpType} only at the start of the graph, as the input normalisation (x − offset) / scale");
        int zero = Array.IndexOf(values, 0f);
        if (isScale && zero >= 0)
            throw Error($"{where} divides input column {zero} by 0");
        if (isScale) Scale = values;
        else Offset = values;
        Width ??= values.Length;
        InputWidth ??= values.Length;
        Advance(node);
    }

    /// <summary>
    /// The values of <paramref name="tensor"/> as one per column of a row <paramref name="length"/> wide: shape
    /// [length] or [1, length], or a single value repeated.
    /// </summary>
    public float[] PerColumn(OnnxTensor tensor, int? length, string where)
    {
        if (tensor.Values.Length == 1 && length is int n) return Enumerable.Repeat(tensor.Values[0], n).ToArray();
        bool rowShaped = tensor.Dims.Length == 1 || (tensor.Dims.Length == 2 && tensor.Dims[0] == 1);
        if (!rowShaped || (length is int m && tensor.Values.Length != m))
            throw Error($"{where}: the tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Dims)}], but the rows here have {(length is int k ? k.ToString() : "an unknown number of")} values");
        return tensor.Values;
    }
}
