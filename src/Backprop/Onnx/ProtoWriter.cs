using System.Buffers.Binary;
using System.Text;

namespace Backprop.Onnx;

/// <summary>
/// The writing half of the Protocol Buffers wire format, as much of it as an ONNX file needs: each field is a
/// tag (field number × 8 + wire type) followed by a varint, a 4-byte little-endian value, or a length and that
/// many bytes (strings, bytes, packed arrays and nested messages).
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintType = 0, LengthType = 2, Fixed32Type = 5;
    private readonly MemoryStream _buffer = new();

    /// <summary>An integer field (int32, int64 or enum); negative values take ten bytes, as protobuf writes them.</summary>
    public ProtoWriter Int(int field, long value)
    {
        Tag(field, VarintType);
        Varint((ulong)value);
        return this;
    }

    /// <summary>A float field.</summary>
    public ProtoWriter Float(int field, float value)
    {
        Tag(field, Fixed32Type);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>A bytes field.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> bytes)
    {
        Tag(field, LengthType);
        Varint((ulong)bytes.Length);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>A string field, in UTF-8.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A nested message, written by <paramref name="write"/> and prefixed with its length.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        return Bytes(field, inner._buffer.GetBuffer().AsSpan(0, (int)inner._buffer.Length));
    }

    /// <summary>The message written so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    private void Tag(int field, int wireType) => Varint((ulong)(field << 3 | wireType));

    // Seven bits per byte, least significant first; the high bit says another byte follows.
    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
