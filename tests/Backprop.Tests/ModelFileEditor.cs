using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Backprop.Tests;

/// <summary>
/// Takes a model file apart into its JSON header and tensor bytes, so a test can damage one thing on purpose
/// and put the file back together with a consistent header length.
/// </summary>
internal sealed class ModelFileEditor
{
    public ModelFileEditor(byte[] file)
    {
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        Header = JsonNode.Parse(file.AsSpan(8, (int)n))!.AsObject();
        Data = file[(8 + (int)n)..];
    }

    public JsonObject Header { get; }

    public byte[] Data { get; set; }

    public JsonObject Metadata => Header["__metadata__"]!.AsObject();

    public JsonObject Tensor(string name) => Header[name]!.AsObject();

    public (int Begin, int End) Offsets(string name) =>
        ((int)Tensor(name)["data_offsets"]![0]!, (int)Tensor(name)["data_offsets"]![1]!);

    public void SetOffsets(string name, long begin, long end) => Tensor(name)["data_offsets"] = new JsonArray(begin, end);

    /// <summary>Removes a tensor and its bytes, moving the later tensors up so the file stays well formed.</summary>
    public void RemoveTensor(string name)
    {
        var (begin, end) = Offsets(name);
        Header.Remove(name);
        Data = [.. Data[..begin], .. Data[end..]];
        foreach (var (key, value) in Header)
            if (key != "__metadata__" && (int)value!["data_offsets"]![0]! >= end)
                SetOffsets(key, (int)value["data_offsets"]![0]! - (end - begin), (int)value["data_offsets"]![1]! - (end - begin));
    }

    public string HeaderText => Header.ToJsonString();

    public byte[] ToBytes() => Pack(HeaderText, Data);

    /// <summary>A file with the given header text and data.</summary>
    public static byte[] Pack(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }
}
