using System.Globalization;
using Backprop.Layers;
using F = Backprop.Onnx.OnnxFields;

namespace Backprop.Onnx;

/// <summary>
/// How each ONNX operator becomes part of a Backprop network, one row per operator: what PyTorch's
/// torch.onnx.export writes for a Sequential of Linear layers and activations (Gemm with transB = 1, or MatMul
/// and Add, with the weight perhaps behind a Transpose or a Constant node) and of Conv2d, ZeroPad2d (a Pad whose
/// pads a few int64 nodes work out, see <see cref="OnnxConstantFolding"/>), MaxPool2d and Flatten on NCHW images,
/// and what <see cref="OnnxExport"/> writes (rows reshaped and transposed to NCHW, transposed back before Flatten).
/// A node whose inputs are all int64 constants is folded before its row is asked. An operator without a row is
/// refused, naming it and its node.
/// </summary>
internal static class OnnxOperatorTable
{
    /// <summary>Reads one node into the chain.</summary>
    public delegate void Import(OnnxImportChain chain, OnnxNode node, string where);

    /// <summary>The rows, by ONNX operator name.</summary>
    public static readonly IReadOnlyDictionary<string, Import> Rows = WithFoldedOperators(new Dictionary<string, Import>
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
        ["Conv"] = Conv,
        ["MaxPool"] = MaxPool,
        ["Pad"] = Pad,
        ["Flatten"] = Flatten,
        ["Reshape"] = Reshape,
        ["Dropout"] = Dropout,
    });

    private static Dictionary<string, Import> WithFoldedOperators(Dictionary<string, Import> rows)
    {
        foreach (string op in OnnxConstantFolding.Operators) rows[op] = OnlyOnConstants;
        return rows;
    }

    // Shape, Gather, Concat and the like are folded when their inputs are constants; on the data they are not layers.
    private static void OnlyOnConstants(OnnxImportChain c, OnnxNode n, string where) =>
        throw c.Error($"{where} computes on '{string.Join("', '", n.Inputs)}', which is not worked out from int64 constants; Backprop imports {n.OpType} only where it computes a fixed shape");

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

    // A transposed weight is folded into a constant; on the data, only the transposes between NHWC and NCHW images.
    private static void Transpose(OnnxImportChain c, OnnxNode n, string where)
    {
        long[] perm = n.Attribute("perm")?.Ints ?? [1, 0];
        if (n.Inputs.Count == 1 && n.Inputs[0] == c.Current && c.Layout != OnnxLayout.Rows)
        {
            c.Transpose(n, where, perm);
            return;
        }
        if (n.Inputs.Count != 1 || !c.IsConstant(n.Inputs[0]))
            throw c.Error($"{where} transposes '{(n.Inputs.Count > 0 ? n.Inputs[0] : "")}', which is not a weight; Backprop imports Transpose only of a 2-D weight or between NHWC and NCHW images");
        var t = c.Constant(n, 0, where);
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
        c.ExpectLayout(OnnxLayout.Rows, where, "rows");
        long axis = IntAttribute(c, n, where, "axis", c.Opset >= 13 ? -1 : 1);
        if (axis is not (-1 or 1)) throw c.Error($"{where} takes the softmax over axis {axis}; Backprop's Softmax is over each row (axis -1 or 1)");
        c.Activation(n, where, new LayerConfig("Softmax"));
    }

    // Conv on NCHW images: W (filters × C × K × K) reordered to Backprop's (K·K·C) × filters, row (ky·K + kx)·C + c;
    // its padding (pads, auto_pad, and a Pad node before it) must be none or exactly Backprop's same.
    private static void Conv(OnnxImportChain c, OnnxNode n, string where)
    {
        c.ExpectData(n, 0, where);
        c.ExpectLayout(OnnxLayout.Nchw, where, "NCHW images");
        var image = c.Image!.Value;
        var w = c.Constant(n, 1, where);
        if (w.Dims is not [var filters and >= 1 and <= int.MaxValue, var channels, var kh, var kw] || channels != image.Channels || kh != kw || kh < 1)
            throw c.Error($"{where}: the weight '{w.Name}' has shape [{string.Join(", ", w.Dims)}]; Backprop's Conv2D takes filters × {image.Channels} × K × K (a square kernel over the image's channels)");
        int k = (int)kh;
        if (IntAttribute(c, n, where, "group", 1) != 1) throw c.Error($"{where} is a grouped convolution; Backprop's Conv2D has group 1");
        if (n.Attribute("dilations")?.Ints is { } dilations && dilations.Any(d => d != 1)) throw c.Error($"{where} is dilated; Backprop's Conv2D is not");
        if (n.Attribute("kernel_shape")?.Ints is { } shape && (shape.Length != 2 || shape.Any(v => v != k)))
            throw c.Error($"{where} has kernel_shape [{string.Join(", ", shape)}] but a {k}×{k} weight");
        int s = Stride(c, n, where);
        var (top, left, bottom, right) = c.TakePads();
        long[] pads = n.Attribute("pads")?.Ints ?? [0, 0, 0, 0];
        if (pads.Length != 4 || pads.Any(p => p < 0)) throw c.Error($"{where} has pads [{string.Join(", ", pads)}]; an image takes four, none negative");
        var same = new SlidingWindow(k, s, Padding.Same);
        (long, long, long, long) upper = (same.PadBefore(image.Height), same.PadBefore(image.Width), same.PadAfter(image.Height), same.PadAfter(image.Width));
        var total = (n.Attribute("auto_pad")?.String ?? "NOTSET") switch
        {
            "NOTSET" => (top + pads[0], left + pads[1], bottom + pads[2], right + pads[3]),
            "VALID" => (top, left, bottom, right),
            "SAME_UPPER" when (top, left, bottom, right) == (0, 0, 0, 0) => upper,
            "SAME_LOWER" when (top, left, bottom, right) == (0, 0, 0, 0) => (upper.Item3, upper.Item4, upper.Item1, upper.Item2),
            var other => throw c.Error($"{where} has auto_pad '{other}'{(other.StartsWith("SAME", StringComparison.Ordinal) ? " after a Pad node" : "")}; Backprop imports NOTSET, VALID, SAME_UPPER and SAME_LOWER where it equals SAME_UPPER"),
        };
        string padding = total == (0, 0, 0, 0) ? "valid"
            : total == upper ? "same"
            : throw c.Error($"{where} pads its {image.Height}×{image.Width} input with {total.Item1}, {total.Item2}, {total.Item3}, {total.Item4} zeros (top, left, bottom, right); " +
                            $"Backprop's Conv2D pads with none (valid) or {upper.Item1}, {upper.Item2}, {upper.Item3}, {upper.Item4} (same, the odd zero after)");
        int f = (int)filters, channelCount = image.Channels;
        var weights = new float[w.Values.Length];
        for (int m = 0; m < f; m++)
            for (int ch = 0; ch < channelCount; ch++)
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        weights[((ky * k + kx) * channelCount + ch) * f + m] = w.Values[((m * channelCount + ch) * k + ky) * k + kx];
        float[]? bias = n.Inputs.Count > 2 && n.Inputs[2].Length > 0 ? c.PerColumn(c.Constant(n, 2, where), f, where).ToArray() : null;
        c.ImageLayer(n, where, new LayerConfig("Conv2D", Bias: bias is not null, Filters: f, Kernel: k, Stride: s, Padding: padding), weights, bias);
    }

    private static void MaxPool(OnnxImportChain c, OnnxNode n, string where)
    {
        c.ExpectData(n, 0, where);
        c.ExpectLayout(OnnxLayout.Nchw, where, "NCHW images");
        if (n.Attribute("kernel_shape")?.Ints is not [var k and >= 1 and <= int.MaxValue, var k2] || k2 != k)
            throw c.Error($"{where} has kernel_shape [{string.Join(", ", n.Attribute("kernel_shape")?.Ints ?? [])}]; Backprop's MaxPool2D has a square window");
        int s = Stride(c, n, where);
        bool padded = n.Attribute("pads")?.Ints is { } pads && pads.Any(p => p != 0);
        if (padded || n.Attribute("auto_pad")?.String is not (null or "NOTSET" or "VALID"))
            throw c.Error($"{where} pads its input; Backprop's MaxPool2D does not");
        if (IntAttribute(c, n, where, "ceil_mode", 0) != 0) throw c.Error($"{where} rounds its output size up (ceil_mode 1); Backprop's MaxPool2D rounds down");
        if (n.Attribute("dilations")?.Ints is { } dilations && dilations.Any(d => d != 1)) throw c.Error($"{where} is dilated; Backprop's MaxPool2D is not");
        c.ImageLayer(n, where, new LayerConfig("MaxPool2D", Kernel: (int)k, Stride: s));
    }

    private static int Stride(OnnxImportChain c, OnnxNode n, string where) => n.Attribute("strides")?.Ints switch
    {
        null => 1,
        [var s and >= 1 and <= int.MaxValue, var s2] when s2 == s => (int)s,
        var other => throw c.Error($"{where} has strides [{string.Join(", ", other)}]; Backprop's image layers take the same stride along both axes"),
    };

    // Zeros around NCHW images, for the Conv after it: pads [n, c, top, left, n, c, bottom, right] (input 2 from opset 11, attribute before).
    private static void Pad(OnnxImportChain c, OnnxNode n, string where)
    {
        if (n.Attribute("mode")?.String is not (null or "constant")) throw c.Error($"{where} pads in mode '{n.Attribute("mode")!.String}'; Backprop pads with zeros");
        long[] pads = c.Opset >= 11 ? c.Int64Constant(n, 1, where) : n.Attribute("pads")?.Ints ?? [];
        float value = c.Opset >= 11
            ? (n.Inputs.Count > 2 && n.Inputs[2].Length > 0 ? c.Constant(n, 2, where).Values is [var v] ? v : float.NaN : 0f)
            : FloatAttribute(c, n, where, "value", 0f);
        if (pads is not [0, 0, >= 0, >= 0, 0, 0, >= 0, >= 0] || value != 0f)
            throw c.Error($"{where} pads with {value} by [{string.Join(", ", pads)}]; Backprop imports zeros around an image's height and width, before a Conv");
        c.Pad(n, where, (pads[2], pads[3], pads[6], pads[7]));
    }

    private static void Flatten(OnnxImportChain c, OnnxNode n, string where)
    {
        long axis = IntAttribute(c, n, where, "axis", 1);
        if (axis != 1) throw c.Error($"{where} flattens from axis {axis}; Backprop flattens each sample (axis 1)");
        c.Flatten(n, where);
    }

    // On the data, a Reshape turns rows into NHWC images at the start (as Backprop's export does) or images into rows.
    private static void Reshape(OnnxImportChain c, OnnxNode n, string where)
    {
        c.ExpectData(n, 0, where);
        long[] shape = c.Int64Constant(n, 1, where);
        int size = c.Image?.Size ?? c.Width ?? 0;
        bool batchFirst = shape.Length > 0 && shape[0] is -1 or 0;
        if (c.Layout == OnnxLayout.Rows && batchFirst && shape is [_, > 0 and <= int.MaxValue, > 0 and <= int.MaxValue, > 0 and <= int.MaxValue])
            c.RowsToImages(n, where, new ImageShape((int)shape[1], (int)shape[2], (int)shape[3]));
        else if (shape is [_, var width] && (batchFirst ? width == size || width == -1 && shape[0] == 0 : width == -1) && size > 0)
            c.Flatten(n, where);
        else
            throw c.Error($"{where} reshapes {(c.Layout == OnnxLayout.Rows ? "rows" : "images")} to [{string.Join(", ", shape)}]; Backprop imports a Reshape of rows to [-1, H, W, C] images at the start, or of images to rows");
    }

    // Dropout passes everything when predicting; its rate is input 2 from opset 12, the attribute 'ratio' before.
    private static void Dropout(OnnxImportChain c, OnnxNode n, string where)
    {
        float rate = c.Opset >= 12
            ? (n.Inputs.Count > 1 && n.Inputs[1].Length > 0 ? c.Constant(n, 1, where).Values is [var r] ? r : float.NaN : 0.5f)
            : FloatAttribute(c, n, where, "ratio", 0.5f);
        if (!(rate is >= 0 and < 1)) throw c.Error($"{where} has the rate {rate}; Backprop's Dropout takes one rate, at least 0 and below 1");
        // The shortest text of the float32 rate: 0.3 comes back as 0.3, not 0.30000001192092896.
        c.ShapeKeeping(n, where, new LayerConfig("Dropout", Rate: double.Parse(rate.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)));
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
