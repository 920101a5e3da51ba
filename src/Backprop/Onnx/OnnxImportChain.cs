using Backprop.Layers;
using Backprop.Serialization;

namespace Backprop.Onnx;

/// <summary>
/// A layer read from an ONNX graph: its configuration and, for a dense or convolution layer, W and b in Backprop's
/// layout (W is inputs × outputs, or K·K·C × filters, row-major).
/// </summary>
internal sealed record ImportedLayer(LayerConfig Config, float[]? Weights = null, float[]? Bias = null);

/// <summary>How the value flowing down the chain holds its numbers: rows, or a batch of images in NCHW or NHWC order.</summary>
internal enum OnnxLayout { Rows, Nchw, Nhwc }

/// <summary>
/// The state of an import while <see cref="OnnxOperatorTable"/> walks the graph's nodes in order: the value that
/// flows down the chain, its width, the constants seen so far, the layers built, and the normalisation read
/// from leading Sub and Div nodes. Its helpers check each node and phrase the errors.
/// </summary>
internal sealed class OnnxImportChain(string path, string input, int? width, long opset, IEnumerable<OnnxTensor> initializers, ImageShape? image = null)
{
    private readonly Dictionary<string, OnnxTensor> _constants = initializers.ToDictionary(t => t.Name);
    private bool _lastWasMatMul;
    private (long Top, long Left, long Bottom, long Right)? _pads;   // a Pad node's zeros, for the Conv right after it
    private ImageShape? _flattenedChw;                               // NCHW images flattened: the next dense layer reads C, H, W

    /// <summary>Whether <see cref="Current"/> is rows or images, and in which order an image's numbers come.</summary>
    public OnnxLayout Layout { get; private set; } = image is null ? OnnxLayout.Rows : OnnxLayout.Nchw;

    /// <summary>The size of the images <see cref="Current"/> holds; null for rows.</summary>
    public ImageShape? Image { get; private set; } = image;

    /// <summary>The images the network takes (the graph's NCHW input, or rows reshaped to images at the start); null for rows.</summary>
    public ImageShape? InputShape { get; private set; } = image;

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

    /// <summary>The constant called <paramref name="name"/> of any element type, or null.</summary>
    public OnnxTensor? ConstantOrNull(string name) => _constants.GetValueOrDefault(name);

    /// <summary>The int64 constant input <paramref name="index"/> of the node (a shape or pads); anything else is an error.</summary>
    public long[] Int64Constant(OnnxNode node, int index, string where)
    {
        if (index >= node.Inputs.Count || node.Inputs[index].Length == 0) throw Error($"{where} has no input {index + 1}");
        return ConstantOrNull(node.Inputs[index])?.Int64Values
            ?? throw Error($"{where} reads '{node.Inputs[index]}' as a shape, but it is not an int64 tensor worked out from constants; Backprop imports networks whose shapes are fixed");
    }

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
        if (_pads is not null && node.OpType != "Conv")
            throw Error($"{where} follows a Pad node; Backprop imports Pad only right before a Conv, as its padding");
    }

    private string LayoutName => Layout switch { OnnxLayout.Rows => "rows", OnnxLayout.Nchw => "NCHW images", _ => "NHWC images" };

    /// <summary>Checks that the chain holds <paramref name="layout"/> here; the error says what it holds instead.</summary>
    public void ExpectLayout(OnnxLayout layout, string where, string why)
    {
        if (Layout != layout) throw Error($"{where} takes {why}, but the value here holds {LayoutName}");
    }

    /// <summary>Adds a layer that keeps the shape of what it takes (an activation, Dropout) from a node whose data is input 0.</summary>
    public void ShapeKeeping(OnnxNode node, string where, LayerConfig config)
    {
        ExpectData(node, 0, where);
        Layers.Add(new ImportedLayer(config));
        _lastWasMatMul = false;
        Advance(node);
    }

    /// <summary>
    /// Rows reshaped to a batch of NHWC images of <paramref name="shape"/>, as Backprop's export begins an image
    /// network: only at the start, before any layer with weights.
    /// </summary>
    public void RowsToImages(OnnxNode node, string where, ImageShape shape)
    {
        if (InputShape is not null || Layers.Any(l => l.Weights is not null))
            throw Error($"{where} turns rows into images after the network's first layers; Backprop imports image networks whose input is the image");
        if (Width is int w && w != shape.Size) throw Error($"{where} reshapes rows of {w} values to {shape.Height}×{shape.Width}×{shape.Channels} images");
        InputShape = Image = shape;
        Width = shape.Size;
        InputWidth ??= shape.Size;
        Layout = OnnxLayout.Nhwc;
        Advance(node);
    }

    /// <summary>A Transpose between NHWC and NCHW (perm [0, 3, 1, 2] or [0, 2, 3, 1]); other permutations of images are refused.</summary>
    public void Transpose(OnnxNode node, string where, long[] perm)
    {
        ExpectData(node, 0, where);
        Layout = (Layout, perm) switch
        {
            (OnnxLayout.Nhwc, [0, 3, 1, 2]) => OnnxLayout.Nchw,
            (OnnxLayout.Nchw, [0, 2, 3, 1]) => OnnxLayout.Nhwc,
            _ => throw Error($"{where} permutes {LayoutName} by [{string.Join(", ", perm)}]; Backprop imports only the transposes between NHWC and NCHW images"),
        };
        Advance(node);
    }

    /// <summary>
    /// Images flattened to rows: a Flatten layer. NHWC images flatten in Backprop's own order; NCHW images in C, H, W
    /// order, so the next dense layer's weight rows are reordered to H, W, C.
    /// </summary>
    public void Flatten(OnnxNode node, string where)
    {
        ExpectData(node, 0, where);
        if (Layout != OnnxLayout.Rows)
        {
            Layers.Add(new ImportedLayer(new LayerConfig("Flatten")));
            if (Layout == OnnxLayout.Nchw) _flattenedChw = Image;
            Layout = OnnxLayout.Rows;
            Image = null;
        }
        _lastWasMatMul = false;
        Advance(node);
    }

    /// <summary>Records a Pad node's zeros (top, left, bottom, right) for the Conv that must come next.</summary>
    public void Pad(OnnxNode node, string where, (long Top, long Left, long Bottom, long Right) pads)
    {
        ExpectData(node, 0, where);
        ExpectLayout(OnnxLayout.Nchw, where, "NCHW images");
        Advance(node);
        _pads = pads;
    }

    /// <summary>The zeros a Pad node before this Conv put around the image (none without one); taking them clears them.</summary>
    public (long Top, long Left, long Bottom, long Right) TakePads()
    {
        var pads = _pads ?? (0, 0, 0, 0);
        _pads = null;
        return pads;
    }

    /// <summary>Adds an image layer (Conv2D or MaxPool2D) on NCHW images; its output shape is Backprop's own.</summary>
    public void ImageLayer(OnnxNode node, string where, LayerConfig config, float[]? weights = null, float[]? bias = null)
    {
        var image = Image!.Value;
        try { (Width, Image, _) = LayerConfigs.Apply(config, image.Size, image); }
        catch (BackpropException e) { throw Error($"{where}: {e.Message}"); }
        Layers.Add(new ImportedLayer(config, weights, bias));
        _lastWasMatMul = false;
        Advance(node);
    }

    /// <summary>Moves the chain on to the node's output.</summary>
    private void Advance(OnnxNode node) => Current = node.Outputs[0];

    /// <summary>Adds an activation (a layer without weights) read from a one-input node.</summary>
    public void Activation(OnnxNode node, string where, LayerConfig config)
    {
        if (node.Inputs.Count != 1) throw Error($"{where} has {node.Inputs.Count} inputs where its operator takes 1");
        ShapeKeeping(node, where, config);
    }

    /// <summary>Adds a dense layer Y = X·W (+ b) with W of shape <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public void Dense(OnnxNode node, string where, string weightName, int rows, int columns, float[] weights, float[]? bias)
    {
        ExpectLayout(OnnxLayout.Rows, where, "rows (flatten the images before it)");
        if (Width is int w && w != rows)
            throw Error($"{where}: the weight '{weightName}' takes rows of {rows} values, but the layer before gives {w}");
        InputWidth ??= rows;
        if (_flattenedChw is { } chw) weights = ChwRowsToHwc(weights, chw, columns);
        _flattenedChw = null;
        Layers.Add(new ImportedLayer(new LayerConfig("Dense", columns, bias is not null), weights, bias));
        Width = columns;
        _lastWasMatMul = bias is null && node.OpType == "MatMul";
        Advance(node);
    }

    // Row (c·H + y)·W + x of a weight that read NCHW images flattened becomes row (y·W + x)·C + c, Backprop's order.
    private static float[] ChwRowsToHwc(float[] weights, ImageShape shape, int columns)
    {
        var result = new float[weights.Length];
        int h = shape.Height, w = shape.Width, channels = shape.Channels;
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    Array.Copy(weights, ((c * h + y) * w + x) * columns, result, ((y * w + x) * channels + c) * columns, columns);
        return result;
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
