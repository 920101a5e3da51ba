using System.Buffers.Binary;
using F = Backprop.Onnx.OnnxFields;

namespace Backprop.Onnx;

/// <summary>Encodes an <see cref="OnnxModel"/> as the protobuf bytes of an ONNX file (a ModelProto).</summary>
internal static class OnnxWriter
{
    /// <summary>The file's bytes.</summary>
    public static byte[] Encode(OnnxModel model)
    {
        var w = new ProtoWriter()
            .Int(F.Model.IrVersion, model.IrVersion)
            .String(F.Model.ProducerName, model.ProducerName)
            .String(F.Model.ProducerVersion, model.ProducerVersion)
            .Message(F.Model.Graph, g => Graph(g, model.Graph));
        foreach (var opset in model.Opsets)
            w.Message(F.Model.OpsetImport, o => o.String(F.OperatorSetId.Domain, opset.Domain).Int(F.OperatorSetId.Version, opset.Version));
        foreach (var (key, value) in model.MetadataProps)
            w.Message(F.Model.MetadataProps, e => e.String(F.StringStringEntry.Key, key).String(F.StringStringEntry.Value, value));
        return w.ToArray();
    }

    private static void Graph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes) w.Message(F.Graph.Node, n => Node(n, node));
        w.String(F.Graph.Name, graph.Name);
        foreach (var tensor in graph.Initializers) w.Message(F.Graph.Initializer, t => Tensor(t, tensor));
        foreach (var input in graph.Inputs) w.Message(F.Graph.Input, v => ValueInfo(v, input));
        foreach (var output in graph.Outputs) w.Message(F.Graph.Output, v => ValueInfo(v, output));
    }

    private static void Node(ProtoWriter w, OnnxNode node)
    {
        foreach (string input in node.Inputs) w.String(F.Node.Input, input);
        foreach (string output in node.Outputs) w.String(F.Node.Output, output);
        w.String(F.Node.Name, node.Name).String(F.Node.OpType, node.OpType);
        if (node.Domain.Length > 0) w.String(F.Node.Domain, node.Domain);
        foreach (var attribute in node.Attributes) w.Message(F.Node.Attribute, a => Attribute(a, attribute));
    }

    private static void Attribute(ProtoWriter w, OnnxAttribute a)
    {
        w.String(F.Attribute.Name, a.Name).Int(F.Attribute.Type, a.Type);
        switch (a.Type)
        {
            case F.AttributeType.Float: w.Float(F.Attribute.F, a.Float); break;
            case F.AttributeType.Int: w.Int(F.Attribute.I, a.Int); break;
            case F.AttributeType.Tensor: w.Message(F.Attribute.T, t => Tensor(t, a.Tensor!)); break;
            case F.AttributeType.Floats: foreach (float f in a.Floats!) w.Float(F.Attribute.Floats, f); break;
            case F.AttributeType.Ints: foreach (long i in a.Ints!) w.Int(F.Attribute.Ints, i); break;
            default: throw new ArgumentException($"The writer has no encoding for attribute type {a.Type}.", nameof(a));
        }
    }

    // Values as raw_data (little-endian IEEE 754), as PyTorch writes them: compact and read without parsing.
    private static void Tensor(ProtoWriter w, OnnxTensor tensor)
    {
        foreach (long d in tensor.Dims) w.Int(F.Tensor.Dims, d);
        w.Int(F.Tensor.DataType, tensor.DataType).String(F.Tensor.Name, tensor.Name);
        if (tensor.Int64Values is { } longs)
        {
            var bytes = new byte[longs.Length * 8];
            for (int i = 0; i < longs.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), longs[i]);
            w.Bytes(F.Tensor.RawData, bytes);
            return;
        }
        var raw = new byte[tensor.Values.Length * 4];
        for (int i = 0; i < tensor.Values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), tensor.Values[i]);
        w.Bytes(F.Tensor.RawData, raw);
    }

    private static void ValueInfo(ProtoWriter w, OnnxValueInfo value)
    {
        w.String(F.ValueInfo.Name, value.Name).Message(F.ValueInfo.Type, type => type.Message(F.Type.TensorType, tensor =>
        {
            tensor.Int(F.Type.ElemType, value.ElemType);
            if (value.Shape is { } shape)
                tensor.Message(F.Type.Shape, s =>
                {
                    foreach (var dim in shape)
                        s.Message(F.Type.Dim, d =>
                        {
                            if (dim.Value is long size) d.Int(F.Type.DimValue, size);
                            else d.String(F.Type.DimParam, dim.Param ?? "");
                        });
                });
        }));
    }
}
