using Backprop.Layers;

namespace Backprop.Onnx;

/// <summary>A layer about to be exported: its position, its configuration and its parameters as float32 tensors by name ("W", "b").</summary>
internal sealed record ExportedLayer(int Index, LayerConfig Config, IReadOnlyDictionary<string, (long[] Dims, float[] Values)> Parameters)
{
    /// <summary>The node and initializer names of this layer start with this, as the model file's tensors do.</summary>
    public string Prefix => $"layers.{Index}";
}

/// <summary>
/// How each Backprop layer type becomes ONNX nodes, one row per type. A new layer (a convolution, pooling,
/// flattening) is one more row here and one more operator in <see cref="OnnxOperatorTable"/>.
/// </summary>
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
    };

    // Y = X·W + b is Gemm(X, W, b) with W as stored (inputs × outputs, so no transB) and b of shape [outputs];
    // without a bias it is MatMul(X, W).
    private static void Dense(OnnxGraphBuilder g, ExportedLayer l)
    {
        var (wDims, w) = l.Parameters["W"];
        string weights = g.Constant($"{l.Prefix}.W", wDims, w);
        if (l.Parameters.TryGetValue("b", out var b))
            g.Node($"{l.Prefix}.Gemm", "Gemm", [weights, g.Constant($"{l.Prefix}.b", [b.Values.Length], b.Values)]);
        else
            g.Node($"{l.Prefix}.MatMul", "MatMul", [weights]);
    }
}
