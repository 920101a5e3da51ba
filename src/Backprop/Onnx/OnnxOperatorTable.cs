using Backprop.Layers;
using F = Backprop.Onnx.OnnxFields;

namespace Backprop.Onnx;

/// <summary>
/// How each ONNX operator becomes part of a Backprop network, one row per operator: what PyTorch's
/// torch.onnx.export writes for a Sequential of Linear layers and activations (Gemm with transB = 1, or MatMul
/// and Add, with the weight perhaps behind a Transpose or a Constant node), and what <see cref="OnnxExport"/>
/// writes. An operator without a row is refused, naming it and its node.
/// </summary>
internal static class OnnxOperatorTable
{
    /// <summary>Reads one node into the chain.</summary>
    public delegate void Import(OnnxImportChain chain, OnnxNode node, string where);

    /// <summary>The rows, by ONNX operator name.</summary>
    public static readonly IReadOnlyDictionary<string, Import> Rows = new Dictionary<string, Import>
    {
        ["Constant"] = Constant,
        ["Transpose"] = Transpose,
        ["Gemm"] = Gemm,
        ["MatMul"] = MatMul,
        ["Add"] = Add,
        ["Sub"] = (c, n, w) => Normalization(c, n, w, isScale: false),
        ["Div"] = (c, n, w) => Normalization(c, n, w, isScale: true),
        ["Identity"] = Identity,
        ["Sigmoid"] = (c, n, w) => c.Activation(n, w, new LayerConfig("Sigmoid")),
        ["Tanh"] = (c, n, w) => c.Activation(n, w, new LayerConfig("Tanh")),
        ["Relu"] = (c, n, w) => c.Activation(n, w, new LayerConfig("ReLU")),
        ["LeakyRelu"] = (c, n, w) => c.Activation(n, w, new LayerConfig("LeakyReLU", Alpha: FloatAttribute(c, n, w, "alpha", 0.01f))),
        ["Softmax"] = Softmax,
    };

    // A constant node's value becomes a constant of the chain (PyTorch writes some weights this way).
    private static void Constant(OnnxImportChain c, OnnxNode n, string where)
    {
        if (n.Outputs.Count != 1) throw c.Error($"{where} has {n.Outputs.Count} outputs; a Constant has one");
        var value = n.Attributes.Count == 1 ? n.Attributes[0] : throw c.Error($"{where} has {n.Attributes.Count} attributes; a Constant has one, its value");
        var tensor = (value.Name, value.Type) switch
        {
            ("value", F.AttributeType.Tensor) when value.Tensor is not null => value.Tensor,
            ("value_float", F.AttributeType.Float) => new OnnxTensor("", [], F.DataType.Float, [value.Float]),
            ("value_floats", F.AttributeType.Floats) => new OnnxTensor("", [value.Floats!.Length], F.DataType.Float, value.Floats),
            _ => throw c.Error($"{where} gives its value as '{value.Name}'; Backprop reads value, value_float and value_floats"),
        };
        c.AddConstant(n.Outputs[0], tensor);
    }

    // PyTorch writes Identity to give one constant two names (tied or equal initializers); on the data it is a layer.
    private static void Identity(OnnxImportChain c, OnnxNode n, string where)
    {
        if (n.Inputs.Count == 1 && n.Outputs.Count == 1 && c.IsConstant(n.Inputs[0])) c.Alias(n.Outputs[0], n.Inputs[0]);
        else c.Activation(n, where, new LayerConfig("Identity"));
    }

    // A transposed weight is folded into a constant; transposing the data itself is not a layer Backprop has.
    private static void Transpose(OnnxImportChain c, OnnxNode n, string where)
    {
        if (n.Inputs.Count != 1 || !c.IsConstant(n.Inputs[0]))
            throw c.Error($"{where} transposes '{(n.Inputs.Count > 0 ? n.Inputs[0] : "")}', which is not a weight; Backprop imports Transpose only of a 2-D weight");
        var t = c.Constant(n, 0, where);
        long[] perm = n.Attribute("perm")?.Ints ?? [1, 0];
        if (t.Dims.Length != 2 || perm is not [1, 0])
            throw c.Error($"{where} permutes a tensor of shape [{string.Join(", ", t.Dims)}] by [{string.Join(", ", perm)}]; Backprop imports only the transpose of a 2-D weight");
        c.AddConstant(n.Outputs.Count == 1 ? n.Outputs[0] : throw c.Error($"{where} has {n.Outputs.Count} outputs; a Transpose has one"),
            new OnnxTensor("", [t.Dims[1], t.Dims[0]], F.DataType.Float, Transposed(t.Values, (int)t.Dims[0], (int)t.Dims[1])));
    }

    // Y = alpha·A·op(B) + beta·C, with A the data: W = alpha·op(B) (inputs × outputs) and b = beta·C.
    private static void Gemm(OnnxImportChain c, OnnxNode n, string where)
    {
        c.ExpectData(n, 0, where);
        if (IntAttribute(c, n, where, "transA", 0) != 0) throw c.Error($"{where} transposes its data input (transA = 1); Backprop imports Gemm with transA = 0");
        bool transB = IntAttribute(c, n, where, "transB", 0) != 0;
        float alpha = FloatAttribute(c, n, where, "alpha", 1f), beta = FloatAttribute(c, n, where, "beta", 1f);
        var b = Matrix(c, c.Constant(n, 1, where), where);
        var (rows, columns) = transB ? (b.Columns, b.Rows) : (b.Rows, b.Columns);
        float[] w = transB ? Transposed(b.Tensor.Values, b.Rows, b.Columns) : b.Tensor.Values.ToArray();
        if (alpha != 1f) for (int i = 0; i < w.Length; i++) w[i] *= alpha;
        float[]? bias = null;
        if (n.Inputs.Count > 2 && n.Inputs[2].Length > 0)
        {
            bias = c.PerColumn(c.Constant(n, 2, where), columns, where).ToArray();
            if (beta != 1f) for (int i = 0; i < bias.Length; i++) bias[i] *= beta;
        }
        c.Dense(n, where, b.Tensor.Name, rows, columns, w, bias);
    }

    private static void MatMul(OnnxImportChain c, OnnxNode n, string where)
    {
        c.ExpectData(n, 0, where);
        var b = Matrix(c, c.Constant(n, 1, where), where);
        c.Dense(n, where, b.Tensor.Name, b.Rows, b.Columns, b.Tensor.Values.ToArray(), bias: null);
    }

    // Add is commutative: the data may be either input, and the bias the other.
    private static void Add(OnnxImportChain c, OnnxNode n, string where)
    {
        int data = n.Inputs.Count == 2 && n.Inputs[1] == c.Current ? 1 : 0;
        c.ExpectData(n, data, where);
        if (n.Inputs.Count != 2) throw c.Error($"{where} has {n.Inputs.Count} inputs where Add takes 2");
        c.AddBias(n, where, c.PerColumn(c.Constant(n, 1 - data, where), c.Width, where).ToArray());
    }

    private static void Normalization(OnnxImportChain c, OnnxNode n, string where, bool isScale)
    {
        c.ExpectData(n, 0, where);
        if (n.Inputs.Count != 2) throw c.Error($"{where} has {n.Inputs.Count} inputs where {n.OpType} takes 2");
        c.Normalization(n, where, c.PerColumn(c.Constant(n, 1, where), c.Width, where).ToArray(), isScale);
    }

    // On a batch of rows, softmax over the last axis: -1, or 1 (also the default before opset 13).
    private static void Softmax(OnnxImportChain c, OnnxNode n, string where)
    {
        long axis = IntAttribute(c, n, where, "axis", c.Opset >= 13 ? -1 : 1);
        if (axis is not (-1 or 1)) throw c.Error($"{where} takes the softmax over axis {axis}; Backprop's Softmax is over each row (axis -1 or 1)");
        c.Activation(n, where, new LayerConfig("Softmax"));
    }

    private static (OnnxTensor Tensor, int Rows, int Columns) Matrix(OnnxImportChain c, OnnxTensor t, string where) =>
        t.Dims.Length == 2 && t.Dims[0] > 0 && t.Dims[1] > 0
            ? (t, (int)t.Dims[0], (int)t.Dims[1])
            : throw c.Error($"{where}: the weight '{t.Name}' has shape [{string.Join(", ", t.Dims)}]; a dense layer's weight is a 2-D matrix");

    private static float[] Transposed(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < columns; k++) result[k * rows + r] = values[r * columns + k];
        return result;
    }

    private static float FloatAttribute(OnnxImportChain c, OnnxNode n, string where, string name, float fallback) => n.Attribute(name) switch
    {
        null => fallback,
        { Type: F.AttributeType.Float } a when float.IsFinite(a.Float) => a.Float,
        _ => throw c.Error($"{where}: the attribute '{name}' is not a finite float"),
    };

    private static long IntAttribute(OnnxImportChain c, OnnxNode n, string where, string name, long fallback) => n.Attribute(name) switch
    {
        null => fallback,
        { Type: F.AttributeType.Int } a => a.Int,
        _ => throw c.Error($"{where}: the attribute '{name}' is not an integer"),
    };
}
