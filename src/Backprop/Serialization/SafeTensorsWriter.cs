using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Backprop.Serialization;

/// <summary>
/// Collects named tensors and string metadata and writes them as one safetensors file: an 8-byte
/// little-endian header length, the JSON header (padded with spaces to a multiple of 8 bytes, so the
/// tensor data that follows is aligned), then every tensor's bytes back to back in the order added.
/// </summary>
internal sealed class SafeTensorsWriter
{
    private readonly List<(string Name, string DType, long[] Shape, byte[] Bytes)> _tensors = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];

    /// <summary>Adds a metadata entry (safetensors metadata maps strings to strings).</summary>
    public void AddMetadata(string key, string value) => _metadata.Add(new(key, value));

    /// <summary>Adds a tensor of <paramref name="values"/> with the given shape.</summary>
    public void AddTensor<T>(string name, ReadOnlySpan<T> values, params long[] shape) where T : unmanaged
    {
        if (shape.Aggregate(1L, (a, b) => a * b) != values.Length)
            throw new ArgumentException($"The shape [{string.Join(", ", shape)}] does not hold {values.Length} values.", nameof(shape));
        _tensors.Add((name, TensorCodec.DType<T>(), shape, TensorCodec.Encode(values)));
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/> atomically; a folder that is missing or not writable is a
    /// <see cref="BackpropException"/> naming the path.
    /// </summary>
    public void Save(string path) => AtomicFile.WriteOrExplain(path, WriteTo);

    /// <summary>Writes the whole file to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        byte[] header = Header();
        int padded = (header.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(header);
        for (int i = header.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var tensor in _tensors) stream.Write(tensor.Bytes);
    }

    private byte[] Header()
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps the JSON inside metadata values readable (\" rather than \u0022).
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in _metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, dtype, shape, bytes) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (long d in shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += bytes.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
