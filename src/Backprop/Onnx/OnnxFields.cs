namespace Backprop.Onnx;

/// <summary>
/// The field numbers and enum values of onnx.proto that Backprop reads and writes, in one place so that the
/// writer and the reader cannot disagree. The names follow onnx.proto's.
/// </summary>
internal static class OnnxFields
{
    public static class Model
    {
        public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, DocString = 6, Graph = 7, OpsetImport = 8, MetadataProps = 14;
    }

    public static class OperatorSetId
    {
        public const int Domain = 1, Version = 2;
    }

    public static class StringStringEntry
    {
        public const int Key = 1, Value = 2;
    }

    public static class Graph
    {
        public const int Node = 1, Name = 2, Initializer = 5, Input = 11, Output = 12;
    }

    public static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5, Domain = 7;
    }

    public static class Attribute
    {
        public const int Name = 1, F = 2, I = 3, S = 4, T = 5, Floats = 7, Ints = 8, Type = 20;
    }

    /// <summary>AttributeProto.AttributeType.</summary>
    public static class AttributeType
    {
        public const int Float = 1, Int = 2, String = 3, Tensor = 4, Graph = 5, Floats = 6, Ints = 7;
    }

    public static class Tensor
    {
        public const int Dims = 1, DataType = 2, FloatData = 4, Int64Data = 7, Name = 8, RawData = 9, ExternalData = 13, DataLocation = 14;
    }

    /// <summary>TensorProto.DataType: the element types errors may name.</summary>
    public static class DataType
    {
        public const int Float = 1, Int64 = 7, Float16 = 10, Double = 11;

        public static string NameOf(int type) => type switch
        {
            1 => "FLOAT", 2 => "UINT8", 3 => "INT8", 4 => "UINT16", 5 => "INT16", 6 => "INT32", 7 => "INT64", 8 => "STRING",
            9 => "BOOL", 10 => "FLOAT16", 11 => "DOUBLE", 12 => "UINT32", 13 => "UINT64", 16 => "BFLOAT16",
            _ => $"data type {type}",
        };
    }

    public static class ValueInfo
    {
        public const int Name = 1, Type = 2;
    }

    /// <summary>TypeProto and its Tensor, TensorShapeProto and its Dimension.</summary>
    public static class Type
    {
        public const int TensorType = 1, ElemType = 1, Shape = 2, Dim = 1, DimValue = 1, DimParam = 2;
    }
}
