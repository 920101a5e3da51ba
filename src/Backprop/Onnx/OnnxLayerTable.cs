using Backprop.Layers;

namespace Backprop.Onnx;

/// <summary>
/// A layer about to be exported: its position, its configuration, its parameters as float32 tensors by name ("W",
/// "b"), and the shape of the images it takes (null when it takes plain rows).
/// </summary>
internal sealed record ExportedLayer(int Index, LayerConfig Config, IReadOnlyDictionary<string, (long[] Dims, float[] Values)> Parameters,
    ImageShape? InputShape = null)
{
    /// <summary>The node and initializer names of this layer start with this, as the model file's tensors do.</summary>
    public string Prefix => $"layers.{Index}";
}

/// <summary>
/// How each Backprop layer type becomes ONNX nodes, one row per type. A new layer is one more row here (and one
/// more operator in <see cref="OnnxOperatorTable"/> for import).
/// </summary>
/// <remarks>
/// Images: Backprop keeps an image as a row, channels last (NHWC), and ONNX's Conv and MaxPool take NCHW. So the
/// first image layer turns the rows into an NCHW batch (Reshape, Transpose), image layers and activations work on
/// it, and a Flatten or Dense layer turns it back into channels-last rows (Transpose, Flatten): the graph's input
/// and output stay rows, as <c>predict</c> takes them, and a Dense layer after the images reads the values in the
/// order it was trained on.
/// </remarks>
internal static class OnnxLayerTable
{
    /// <summary>Appends the nodes (and initializers) of one layer to the graph.</summary>
    public delegate void Export(OnnxGraphBuilder graph, ExportedLayer layer);

    /// <summary>The rows, by <see cref="LayerConfig.Type"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Export> Rows = new Dictionary<string, Export>
    {
        ["Dense"] = Dense,
        // Identity is kept as a node, so that export and import give back the same layer list.
        ["Identity"] = (g, l) => g.Node($"{l.Prefix}.Identity", "Identity"),
        ["Sigmoid"] = (g, l) => g.Node($"{l.Prefix}.Sigmoid", "Sigmoid"),
        ["Tanh"] = (g, l) => g.Node($"{l.Prefix}.Tanh", "Tanh"),
        ["ReLU"] = (g, l) => g.Node($"{l.Prefix}.Relu", "Relu"),
        ["LeakyReLU"] = (g, l) => g.Node($"{l.Prefix}.LeakyRelu", "LeakyRelu", null, OnnxAttribute.OfFloat("alpha", (float)l.Config.Alpha)),
        ["Softmax"] = (g, l) => g.Node($"{l.Prefix}.Softmax", "Softmax", null, OnnxAttribute.OfInt("axis", -1)),
        ["Conv2D"] = Conv2D,
        ["MaxPool2D"] = MaxPool2D,
        ["Flatten"] = (g, l) => g.ToRows(l.Prefix),
        // Dropout does nothing at prediction time; ONNX's Dropout node does the same outside training and keeps the rate.
        ["Dropout"] = (g, l) => g.Node($"{l.Prefix}.Dropout", "Dropout", [g.Constant($"{l.Prefix}.ratio", [], [(float)l.Config.Rate])]),
    };

    // A convolution: ONNX's W is filters × C × K × K where Backprop's is (K·K·C) × filters with row (ky·K + kx)·C + c;
    // same padding puts the odd extra zero after, as the layer does, so the pads are given explicitly.
    private static void Conv2D(OnnxGraphBuilder g, ExportedLayer l)
    {
        var shape = l.InputShape ?? throw new BackpropException($"Layer {l.Index} (Conv2D) has no input image shape to export.");
        g.ToImage(l.Prefix, shape);
        var c = l.Config;
        int k = c.Kernel, channels = shape.Channels, filters = c.Filters;
        var (_, w) = l.Parameters["W"];
        var onnx = new float[w.Length];
        for (int m = 0; m < filters; m++)
            for (int ch = 0; ch < channels; ch++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        onnx[((m * channels + ch) * k + ky) * k + kx] = w[((ky * k + kx) * channels + ch) * filters + m];
        var window = new SlidingWindow(k, c.Stride, LayerConfigs.ParsePadding(c.Padding));
        long top = window.PadBefore(shape.Height), left = window.PadBefore(shape.Width);
        long bottom = window.PadAfter(shape.Height), right = window.PadAfter(shape.Width);
        string[] inputs = [g.Constant($"{l.Prefix}.W", [filters, channels, k, k], onnx),
                           .. l.Parameters.TryGetValue("b", out var b) ? [g.Constant($"{l.Prefix}.b", [filters], b.Values)] : Array.Empty<string>()];
        g.Node($"{l.Prefix}.Conv", "Conv", inputs,
            OnnxAttribute.OfInts("kernel_shape", [k, k]), OnnxAttribute.OfInts("strides", [c.Stride, c.Stride]),
            OnnxAttribute.OfInts("pads", [top, left, bottom, right]));
    }

    private static void MaxPool2D(OnnxGraphBuilder g, ExportedLayer l)
    {
        var shape = l.InputShape ?? throw new BackpropException($"Layer {l.Index} (MaxPool2D) has no input image shape to export.");
        g.ToImage(l.Prefix, shape);
        g.Node($"{l.Prefix}.MaxPool", "MaxPool", null,
            OnnxAttribute.OfInts("kernel_shape", [l.Config.Kernel, l.Config.Kernel]), OnnxAttribute.OfInts("strides", [l.Config.Stride, l.Config.Stride]));
    }

    // Y = X·W + b is Gemm(X, W, b) with W as stored (inputs × outputs, so no transB) and b of shape [outputs];
    // without a bias it is MatMul(X, W).
    private static void Dense(OnnxGraphBuilder g, ExportedLayer l)
    {
        g.ToRows(l.Prefix);
        var (wDims, w) = l.Parameters["W"];
        string weights = g.Constant($"{l.Prefix}.W", wDims, w);
        if (l.Parameters.TryGetValue("b", out var b))
            g.Node($"{l.Prefix}.Gemm", "Gemm", [weights, g.Constant($"{l.Prefix}.b", [b.Values.Length], b.Values)]);
        else
            g.Node($"{l.Prefix}.MatMul", "MatMul", [weights]);
    }
}
