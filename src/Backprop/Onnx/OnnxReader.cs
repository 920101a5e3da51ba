using System.Buffers.Binary;
using Backprop.Serialization;
using F = Backprop.Onnx.OnnxFields;

namespace Backprop.Onnx;

/// <summary>
/// Decodes an ONNX file's protobuf bytes into an <see cref="OnnxModel"/>, keeping only the fields an MLP uses
/// and skipping the rest. Every problem, from a byte that is not protobuf to a tensor whose values do not fill
/// its shape, is a <see cref="ModelFormatException"/> naming the file.
/// </summary>
internal sealed class OnnxReader
{
    /// <summary>ONNX files of the networks Backprop trains are megabytes; past this the file is surely something else.</summary>
    private const long MaxFileBytes = 2L << 30;

    private readonly string _path;

    private OnnxReader(string path) => _path = path;

    /// <summary>Reads and decodes the file at <paramref name="path"/>.</summary>
    public static OnnxModel Read(string path)
    {
        if (Directory.Exists(path)) throw new ModelFormatException(path, "this is a folder, not an ONNX file");
        if (!File.Exists(path)) throw new ModelFormatException(path, "the file does not exist");
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes) throw new ModelFormatException(path, $"the file has {length:N0} bytes, more than the 2 GiB a protobuf ONNX file can hold");
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e) { throw new ModelFormatException(path, $"the file cannot be read: {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new ModelFormatException(path, $"the file cannot be read: {e.Message}", e); }
        return Decode(path, bytes);
    }

    /// <summary>Decodes <paramref name="bytes"/>, naming <paramref name="path"/> in errors.</summary>
    public static OnnxModel Decode(string path, byte[] bytes)
    {
        if (bytes.Length == 0) throw new ModelFormatException(path, "the file is empty");
        try { return new OnnxReader(path).Model(new ProtoReader(bytes)); }
        catch (ProtoFormatException e)
        {
            throw new ModelFormatException(path, $"the file is not a valid ONNX model: {e.Message}", e);
        }
    }

    private ModelFormatException Error(string problem) => new(_path, problem);

    private OnnxModel Model(ProtoReader r)
    {
        long? irVersion = null;
        string producer = "", producerVersion = "";
        OnnxGraph? graph = null;
        var opsets = new List<OnnxOpset>();
        var metadata = new List<KeyValuePair<string, string>>();
        while (r.Next())
        {
            switch (r.Field)
            {
                case F.Model.IrVersion: irVersion = r.Int(); break;
                case F.Model.ProducerName: producer = r.String(); break;
                case F.Model.ProducerVersion: producerVersion = r.String(); break;
                case F.Model.Graph: graph = Graph(r.Message()); break;
                case F.Model.OpsetImport: opsets.Add(Opset(r.Message())); break;
                case F.Model.MetadataProps: metadata.Add(Entry(r.Message())); break;
                default: r.Skip(); break;
            }
        }
        if (graph is null || irVersion is null)
            throw Error($"the file is not an ONNX model: it has no {(graph is null ? "graph" : "IR version")} (is it a model file of another kind?)");
        return new OnnxModel(irVersion.Value, opsets, producer, producerVersion, graph, metadata);
    }

    private static OnnxOpset Opset(ProtoReader r)
    {
        string domain = "";
        long version = 0;
        while (r.Next())
        {
            if (r.Field == F.OperatorSetId.Domain) domain = r.String();
            else if (r.Field == F.OperatorSetId.Version) version = r.Int();
            else r.Skip();
        }
        return new OnnxOpset(domain, version);
    }

    private static KeyValuePair<string, string> Entry(ProtoReader r)
    {
        string key = "", value = "";
        while (r.Next())
        {
            if (r.Field == F.StringStringEntry.Key) key = r.String();
            else if (r.Field == F.StringStringEntry.Value) value = r.String();
            else r.Skip();
        }
        return new(key, value);
    }

    private OnnxGraph Graph(ProtoReader r)
    {
        string name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        while (r.Next())
        {
            switch (r.Field)
            {
                case F.Graph.Node: nodes.Add(Node(r.Message())); break;
                case F.Graph.Name: name = r.String(); break;
                case F.Graph.Initializer: initializers.Add(Tensor(r.Message())); break;
                case F.Graph.Input: inputs.Add(ValueInfo(r.Message())); break;
                case F.Graph.Output: outputs.Add(ValueInfo(r.Message())); break;
                default: r.Skip(); break;
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    private OnnxNode Node(ProtoReader r)
    {
        string name = "", opType = "", domain = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        while (r.Next())
        {
            switch (r.Field)
            {
                case F.Node.Input: inputs.Add(r.String()); break;
                case F.Node.Output: outputs.Add(r.String()); break;
                case F.Node.Name: name = r.String(); break;
                case F.Node.OpType: opType = r.String(); break;
                case F.Node.Domain: domain = r.String(); break;
                case F.Node.Attribute: attributes.Add(Attribute(r.Message())); break;
                default: r.Skip(); break;
            }
        }
        return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
    }

    private OnnxAttribute Attribute(ProtoReader r)
    {
        string name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        OnnxTensor? tensor = null;
        string? text = null;
        var floats = new List<float>();
        var ints = new List<long>();
        while (r.Next())
        {
            switch (r.Field)
            {
                case F.Attribute.Name: name = r.String(); break;
                case F.Attribute.Type: type = (int)r.Int(); break;
                case F.Attribute.F: f = r.Float(); break;
                case F.Attribute.I: i = r.Int(); break;
                case F.Attribute.S: text = r.String(); break;
                case F.Attribute.T: tensor = Tensor(r.Message()); break;
                case F.Attribute.Floats: r.Floats(floats); break;
                case F.Attribute.Ints: r.Ints(ints); break;
                default: r.Skip(); break;
            }
        }
        return new OnnxAttribute(name, type, f, i, tensor, floats.ToArray(), ints.ToArray(), text);
    }

    private OnnxTensor Tensor(ProtoReader r)
    {
        string name = "";
        int dataType = 0;
        var dims = new List<long>();
        var floatData = new List<float>();
        var int64Data = new List<long>();
        byte[]? raw = null;
        bool external = false;
        while (r.Next())
        {
            switch (r.Field)
            {
                case F.Tensor.Dims: r.Ints(dims); break;
                case F.Tensor.DataType: dataType = (int)r.Int(); break;
                case F.Tensor.Name: name = r.String(); break;
                case F.Tensor.FloatData: r.Floats(floatData); break;
                case F.Tensor.Int64Data: r.Ints(int64Data); break;
                case F.Tensor.RawData: raw = r.Bytes().ToArray(); break;
                case F.Tensor.DataLocation: external = r.Int() == 1; break;
                case F.Tensor.ExternalData: external = true; r.Skip(); break;
                default: r.Skip(); break;
            }
        }
        string what = name.Length > 0 ? $"the tensor '{name}'" : "a tensor";
        if (external) throw Error($"{what} keeps its values in a separate file; Backprop reads only self-contained ONNX files (save the model without external data)");
        long count = Count(dims, what);
        if (dataType == F.DataType.Int64) return new OnnxTensor(name, dims.ToArray(), dataType, [], Int64s(raw, int64Data, count, dims, what));
        if (dataType != F.DataType.Float) return new OnnxTensor(name, dims.ToArray(), dataType, []);
        float[] values;
        if (raw is not null)
        {
            if (raw.Length != count * 4) throw Error($"{what} has shape [{string.Join(", ", dims)}], {count:N0} floats, but its raw data holds {raw.Length:N0} bytes");
            values = new float[count];
            for (int k = 0; k < values.Length; k++) values[k] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * k));
        }
        else
        {
            if (floatData.Count != count) throw Error($"{what} has shape [{string.Join(", ", dims)}], {count:N0} floats, but holds {floatData.Count:N0}");
            values = floatData.ToArray();
        }
        return new OnnxTensor(name, dims.ToArray(), dataType, values);
    }

    // int64 tensors are shapes, pads and indices (a Reshape's target shape, a Pad's pads): raw_data or int64_data.
    private long[] Int64s(byte[]? raw, List<long> int64Data, long count, List<long> dims, string what)
    {
        if (raw is null)
            return int64Data.Count == count ? int64Data.ToArray()
                : throw Error($"{what} has shape [{string.Join(", ", dims)}], {count:N0} int64 values, but holds {int64Data.Count:N0}");
        if (raw.Length != count * 8) throw Error($"{what} has shape [{string.Join(", ", dims)}], {count:N0} int64 values, but its raw data holds {raw.Length:N0} bytes");
        var values = new long[count];
        for (int k = 0; k < values.Length; k++) values[k] = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8 * k));
        return values;
    }

    /// <summary>The number of values a shape holds; a negative or absurd dimension is an error, not an overflow.</summary>
    private long Count(List<long> dims, string what)
    {
        long count = 1;
        foreach (long d in dims)
        {
            if (d < 0) throw Error($"{what} has the negative dimension {d}");
            if (d != 0 && count > int.MaxValue / d) throw Error($"{what} has shape [{string.Join(", ", dims)}], more values than an ONNX file can hold");
            count *= d;
        }
        return count;
    }

    private static OnnxValueInfo ValueInfo(ProtoReader r)
    {
        string name = "";
        int elemType = 0;
        List<OnnxDimension>? shape = null;
        while (r.Next())
        {
            if (r.Field == F.ValueInfo.Name) name = r.String();
            else if (r.Field == F.ValueInfo.Type) (elemType, shape) = TensorType(r.Message());
            else r.Skip();
        }
        return new OnnxValueInfo(name, elemType, shape);
    }

    // TypeProto → its Tensor → elem_type and shape; sequences and maps are skipped (and then refused as not a tensor).
    private static (int ElemType, List<OnnxDimension>? Shape) TensorType(ProtoReader type)
    {
        int elemType = 0;
        List<OnnxDimension>? shape = null;
        while (type.Next())
        {
            if (type.Field != F.Type.TensorType) { type.Skip(); continue; }
            var tensor = type.Message();
            while (tensor.Next())
            {
                if (tensor.Field == F.Type.ElemType) elemType = (int)tensor.Int();
                else if (tensor.Field == F.Type.Shape) shape = Shape(tensor.Message());
                else tensor.Skip();
            }
        }
        return (elemType, shape);
    }

    private static List<OnnxDimension> Shape(ProtoReader r)
    {
        var dims = new List<OnnxDimension>();
        while (r.Next())
        {
            if (r.Field != F.Type.Dim) { r.Skip(); continue; }
            var dim = r.Message();
            long? value = null;
            string? param = null;
            while (dim.Next())
            {
                if (dim.Field == F.Type.DimValue) value = dim.Int();
                else if (dim.Field == F.Type.DimParam) param = dim.String();
                else dim.Skip();
            }
            dims.Add(new OnnxDimension(value, param));
        }
        return dims;
    }
}
