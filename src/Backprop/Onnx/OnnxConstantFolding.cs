using F = Backprop.Onnx.OnnxFields;

namespace Backprop.Onnx;

/// <summary>
/// Works out int64 tensors that a graph computes from constants alone: the shapes, pads and indices that
/// torch.onnx.export writes as small chains of nodes (a ZeroPad2d's pads become Constant → ConstantOfShape → Concat →
/// Reshape → Slice → Transpose → Reshape → Cast; without constant folding, Shape, Gather, Mul and Sub too). A node
/// whose inputs are all such constants is evaluated here and its output becomes one more constant of the chain.
/// </summary>
internal static class OnnxConstantFolding
{
    private delegate Int64Tensor Fold(OnnxImportChain c, OnnxNode n, Int64Tensor[] inputs, string where);

    /// <summary>An n-dimensional int64 tensor, row-major.</summary>
    private sealed record Int64Tensor(long[] Dims, long[] Values);

    private static readonly Dictionary<string, Fold> Folds = new()
    {
        ["Shape"] = (c, n, x, w) => new([x[0].Dims.Length], x[0].Dims.ToArray()),
        ["Cast"] = (c, n, x, w) => Attribute(n, "to", F.DataType.Int64) == F.DataType.Int64 ? x[0]
            : throw c.Error($"{w} casts a shape to {F.DataType.NameOf((int)Attribute(n, "to", 0))}; Backprop works out only int64 shapes"),
        ["Gather"] = Gather,
        ["Concat"] = Concat,
        ["ConstantOfShape"] = ConstantOfShape,
        ["Reshape"] = (c, n, x, w) => new(TargetShape(c, x[0].Values.Length, x[0].Dims, x[1].Values, w), x[0].Values),
        ["Unsqueeze"] = Unsqueeze,
        ["Slice"] = Slice,
        ["Transpose"] = Transpose,
        ["Add"] = (c, n, x, w) => Elementwise(c, x, w, (a, b) => a + b),
        ["Sub"] = (c, n, x, w) => Elementwise(c, x, w, (a, b) => a - b),
        ["Mul"] = (c, n, x, w) => Elementwise(c, x, w, (a, b) => a * b),
        ["Div"] = (c, n, x, w) => Elementwise(c, x, w, (a, b) => b != 0 ? a / b : throw c.Error($"{w} divides by 0")),
    };

    /// <summary>The operators that are only ever folded (the others here also have a meaning on the data).</summary>
    public static readonly string[] Operators = ["Shape", "Cast", "Gather", "Concat", "ConstantOfShape", "Unsqueeze", "Slice", "Mul"];

    /// <summary>
    /// Evaluates the node when it can be folded and every input is an int64 constant (a Shape's input may be any
    /// constant); returns false, changing nothing, when it reads the data or a float constant.
    /// </summary>
    public static bool TryFold(OnnxImportChain c, OnnxNode n, string where)
    {
        if (!Folds.TryGetValue(n.OpType, out var fold) || n.Inputs.Count == 0 || n.Outputs.Count != 1) return false;
        var inputs = new Int64Tensor[n.Inputs.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (n.Inputs[i].Length == 0) { inputs[i] = new([0], []); continue; }   // an optional input left out
            if (c.ConstantOrNull(n.Inputs[i]) is not { } t) return false;
            if (t.Int64Values is { } longs) inputs[i] = new(t.Dims, longs);
            else if (n.OpType == "Shape") inputs[i] = new(t.Dims, []);
            else return false;
        }
        var result = fold(c, n, inputs, where);
        c.AddConstant(n.Outputs[0], new OnnxTensor("", result.Dims, F.DataType.Int64, [], result.Values));
        return true;
    }

    /// <summary>
    /// A Reshape's target: 0 keeps that dimension of <paramref name="dims"/>, one −1 takes what is left of
    /// <paramref name="count"/> values; a shape that does not hold them is an error.
    /// </summary>
    public static long[] TargetShape(OnnxImportChain c, long count, long[] dims, long[] shape, string where)
    {
        var result = shape.Select((d, i) => d == 0 && i < dims.Length ? dims[i] : d).ToArray();
        long known = result.Where(d => d != -1).Aggregate(1L, (a, b) => a * b);
        int free = Array.IndexOf(result, -1L);
        if (free >= 0 && known > 0 && count % known == 0 && result.Count(d => d == -1) == 1) result[free] = count / known;
        if (result.Any(d => d < 0) || result.Aggregate(1L, (a, b) => a * b) != count)
            throw c.Error($"{where} reshapes {count} values to [{string.Join(", ", shape)}]");
        return result;
    }

    private static long Attribute(OnnxNode n, string name, long fallback) => n.Attribute(name)?.Int ?? fallback;

    private static Int64Tensor Gather(OnnxImportChain c, OnnxNode n, Int64Tensor[] x, string where)
    {
        var (data, indices) = (x[0], x[1]);
        if (data.Dims.Length != 1 || Attribute(n, "axis", 0) is not (0 or -1))
            throw c.Error($"{where} gathers from a tensor of shape [{string.Join(", ", data.Dims)}]; Backprop works out Gather only from a vector");
        return new(indices.Dims, indices.Values.Select(i => i >= -data.Values.Length && i < data.Values.Length
            ? data.Values[i < 0 ? i + data.Values.Length : i] : throw c.Error($"{where} gathers index {i} from {data.Values.Length} values")).ToArray());
    }

    private static Int64Tensor Concat(OnnxImportChain c, OnnxNode n, Int64Tensor[] x, string where)
    {
        if (x.Any(t => t.Dims.Length != 1))
            throw c.Error($"{where} concatenates tensors that are not vectors; Backprop works out Concat only of vectors");
        return new([x.Sum(t => t.Values.Length)], x.SelectMany(t => t.Values).ToArray());
    }

    private static Int64Tensor ConstantOfShape(OnnxImportChain c, OnnxNode n, Int64Tensor[] x, string where)
    {
        var value = n.Attribute("value")?.Tensor;
        long fill = value is null ? 0 : value.Int64Values is [var v] ? v
            : throw c.Error($"{where} fills with a value that is not one int64; Backprop works out only int64 shapes");
        long count = x[0].Values.Aggregate(1L, (a, b) => a * b);
        if (x[0].Values.Any(d => d < 0) || count > 1 << 20) throw c.Error($"{where} makes a tensor of shape [{string.Join(", ", x[0].Values)}]");
        return new(x[0].Values, Enumerable.Repeat(fill, (int)count).ToArray());
    }

    private static Int64Tensor Unsqueeze(OnnxImportChain c, OnnxNode n, Int64Tensor[] x, string where)
    {
        long[] axes = x.Length > 1 ? x[1].Values : n.Attribute("axes")?.Ints ?? [];
        var dims = x[0].Dims.ToList();
        int rank = dims.Count + axes.Length;
        foreach (long a in axes.Select(a => a < 0 ? a + rank : a).Order()) dims.Insert((int)a, 1);
        return new(dims.ToArray(), x[0].Values);
    }

    private static Int64Tensor Elementwise(OnnxImportChain c, Int64Tensor[] x, string where, Func<long, long, long> op)
    {
        var (a, b) = (x[0], x[1]);
        if (a.Values.Length != b.Values.Length && a.Values.Length != 1 && b.Values.Length != 1)
            throw c.Error($"{where} combines tensors of shapes [{string.Join(", ", a.Dims)}] and [{string.Join(", ", b.Dims)}]");
        var shape = a.Values.Length >= b.Values.Length ? a.Dims : b.Dims;
        int count = Math.Max(a.Values.Length, b.Values.Length);
        return new(shape, Enumerable.Range(0, count).Select(i => op(a.Values[a.Values.Length == 1 ? 0 : i], b.Values[b.Values.Length == 1 ? 0 : i])).ToArray());
    }

    // ONNX's Slice: per axis a start, an end (both may count from the end, and are clamped) and a step (may be negative).
    private static Int64Tensor Slice(OnnxImportChain c, OnnxNode n, Int64Tensor[] x, string where)
    {
        var data = x[0];
        int rank = data.Dims.Length;
        long[] starts = x[1].Values, ends = x[2].Values;
        long[] axes = x.Length > 3 && x[3].Values.Length > 0 ? x[3].Values : Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        long[] steps = x.Length > 4 && x[4].Values.Length > 0 ? x[4].Values : Enumerable.Repeat(1L, starts.Length).ToArray();
        var first = new long[rank];
        var step = Enumerable.Repeat(1L, rank).ToArray();
        var dims = data.Dims.ToArray();
        for (int k = 0; k < axes.Length; k++)
        {
            int axis = (int)(axes[k] < 0 ? axes[k] + rank : axes[k]);
            long d = data.Dims[axis], s = steps[k];
            if (s == 0) throw c.Error($"{where} slices with a step of 0");
            long start = starts[k] < 0 ? starts[k] + d : starts[k], end = ends[k] < 0 ? ends[k] + d : ends[k];
            (start, end) = s > 0 ? (Math.Clamp(start, 0, d), Math.Clamp(end, 0, d)) : (Math.Clamp(start, 0, d - 1), Math.Clamp(end, -1, d - 1));
            first[axis] = start;
            step[axis] = s;
            dims[axis] = s > 0 ? Math.Max(0, (end - start + s - 1) / s) : Math.Max(0, (start - end - s - 1) / -s);
        }
        return new(dims, Pick(data.Dims, dims, (axis, i) => first[axis] + i * step[axis], data.Values));
    }

    private static Int64Tensor Transpose(OnnxImportChain c, OnnxNode n, Int64Tensor[] x, string where)
    {
        var data = x[0];
        long[] perm = n.Attribute("perm")?.Ints ?? Enumerable.Range(0, data.Dims.Length).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != data.Dims.Length || perm.Order().Where((p, i) => p != i).Any())
            throw c.Error($"{where} permutes a tensor of shape [{string.Join(", ", data.Dims)}] by [{string.Join(", ", perm)}]");
        var dims = perm.Select(p => data.Dims[p]).ToArray();
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        // Output place (i₀, i₁, …) reads input place (i_inverse[0], …): along input axis a, the output axis inverse[a].
        return new(dims, PickPermuted(data.Dims, dims, inverse, data.Values));
    }

    // The output's values in row-major order, each read from the input place whose index along axis a is at(a, i_a).
    private static long[] Pick(long[] inputDims, long[] outputDims, Func<int, long, long> at, long[] values) =>
        Walk(outputDims, index => Offset(inputDims, a => at(a, index[a])), values);

    private static long[] PickPermuted(long[] inputDims, long[] outputDims, int[] inverse, long[] values) =>
        Walk(outputDims, index => Offset(inputDims, a => index[inverse[a]]), values);

    private static long Offset(long[] dims, Func<int, long> index)
    {
        long offset = 0;
        for (int a = 0; a < dims.Length; a++) offset = offset * dims[a] + index(a);
        return offset;
    }

    private static long[] Walk(long[] dims, Func<long[], long> source, long[] values)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        var result = new long[count];
        var index = new long[dims.Length];
        for (long k = 0; k < count; k++)
        {
            result[k] = values[source(index)];
            for (int a = dims.Length - 1; a >= 0 && ++index[a] == dims[a]; a--) index[a] = 0;
        }
        return result;
    }
}
