using System.Buffers.Binary;
using System.Text;

namespace Backprop.Onnx;

/// <summary>Bytes that do not follow the protobuf wire format; <see cref="OnnxReader"/> turns it into a ModelFormatException.</summary>
internal sealed class ProtoFormatException(long offset, string problem) : Exception($"at byte {offset:N0}, {problem}")
{
    /// <summary>Where in the file the problem is.</summary>
    public long Offset { get; } = offset;

    /// <summary>What is wrong, without the place.</summary>
    public string Problem { get; } = problem;
}

/// <summary>
/// The reading half of the Protocol Buffers wire format over one message's bytes. Every length is checked
/// against the bytes that are actually there before anything is read or allocated, so damaged input ends in
/// a <see cref="ProtoFormatException"/>, never in a huge allocation or a read past the end.
/// </summary>
internal sealed class ProtoReader
{
    /// <summary>The wire types: varint, 8 bytes, length-delimited, (groups 3 and 4, obsolete), 4 bytes.</summary>
    public const int VarintType = 0, Fixed64Type = 1, LengthType = 2, Fixed32Type = 5;

    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    /// <summary>A reader over the whole of <paramref name="data"/>.</summary>
    public ProtoReader(byte[] data) : this(data, 0, data.Length) { }

    private ProtoReader(byte[] data, int start, int end) => (_data, _position, _end) = (data, start, end);

    /// <summary>The number of the field last read by <see cref="Next"/>.</summary>
    public int Field { get; private set; }

    /// <summary>The wire type of the field last read by <see cref="Next"/>.</summary>
    public int WireType { get; private set; }

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool Next()
    {
        if (_position >= _end) return false;
        int start = _position;
        ulong tag = Varint();
        Field = (int)Math.Min(tag >> 3, int.MaxValue);
        WireType = (int)(tag & 7);
        if (Field == 0) throw new ProtoFormatException(start, "a field number of 0, which protobuf never uses");
        if (WireType is not (VarintType or Fixed64Type or LengthType or Fixed32Type))
            throw new ProtoFormatException(start, $"wire type {WireType}, which protobuf does not use");
        return true;
    }

    /// <summary>The current field as an integer (int32, int64, enum or bool).</summary>
    public long Int()
    {
        Expect(VarintType, "a whole number");
        return (long)Varint();
    }

    /// <summary>The current field as a float.</summary>
    public float Float()
    {
        Expect(Fixed32Type, "a float");
        return BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    }

    /// <summary>The current field's bytes (bytes, string, packed array or message).</summary>
    public ReadOnlySpan<byte> Bytes()
    {
        Expect(LengthType, "a length-delimited value");
        return Take(Length());
    }

    /// <summary>The current field as UTF-8 text.</summary>
    public string String() => Encoding.UTF8.GetString(Bytes());

    /// <summary>A reader over the current field's nested message.</summary>
    public ProtoReader Message()
    {
        Expect(LengthType, "a nested message");
        int length = Length();
        var inner = new ProtoReader(_data, _position, _position + length);
        _position += length;
        return inner;
    }

    /// <summary>
    /// The current field of a repeated float: either one value (fixed32) or a packed run of them. Protobuf
    /// readers must accept both, whatever the .proto file declares.
    /// </summary>
    public void Floats(List<float> into)
    {
        if (WireType == Fixed32Type)
        {
            into.Add(Float());
            return;
        }
        var bytes = Bytes();
        if (bytes.Length % 4 != 0) throw new ProtoFormatException(_position, $"a packed float array of {bytes.Length} bytes, not a multiple of 4");
        for (int i = 0; i < bytes.Length; i += 4) into.Add(BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]));
    }

    /// <summary>The current field of a repeated integer: one varint, or a packed run of them.</summary>
    public void Ints(List<long> into)
    {
        if (WireType == VarintType)
        {
            into.Add(Int());
            return;
        }
        var packed = Message();
        while (packed._position < packed._end) into.Add((long)packed.Varint());
    }

    /// <summary>Skips the current field (one this reader does not need).</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case VarintType: Varint(); break;
            case Fixed64Type: Take(8); break;
            case Fixed32Type: Take(4); break;
            default: Take(Length()); break;
        }
    }

    private void Expect(int wireType, string what)
    {
        if (WireType != wireType)
            throw new ProtoFormatException(_position, $"field {Field} has wire type {WireType} where {what} belongs");
    }

    private int Length()
    {
        int start = _position;
        ulong length = Varint();
        if (length > (ulong)(_end - _position))
            throw new ProtoFormatException(start, $"a length of {length:N0} bytes where only {_end - _position:N0} remain, so the file is truncated or damaged");
        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _end - _position)
            throw new ProtoFormatException(_position, $"a {count}-byte value where only {_end - _position} bytes remain, so the file is truncated or damaged");
        var span = _data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    // Seven bits per byte, least significant first; at most ten bytes for 64 bits.
    private ulong Varint()
    {
        int start = _position;
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _end) throw new ProtoFormatException(start, "a number cut off by the end of its message, so the file is truncated or damaged");
            byte b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new ProtoFormatException(start, "a number longer than ten bytes");
    }
}
