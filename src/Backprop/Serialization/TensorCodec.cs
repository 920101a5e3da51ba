using System.Runtime.InteropServices;

namespace Backprop.Serialization;

/// <summary>
/// Turns arrays of numbers into the raw little-endian bytes a safetensors file stores, and back, and knows the
/// safetensors names of the element types ("F32", "F64", "U32", "I32").
/// </summary>
internal static class TensorCodec
{
    /// <summary>The safetensors dtype of <typeparamref name="T"/>.</summary>
    public static string DType<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? "F32"
        : typeof(T) == typeof(double) ? "F64"
        : typeof(T) == typeof(uint) ? "U32"
        : typeof(T) == typeof(int) ? "I32"
        : throw new BackpropException($"A model file stores float or double numbers, not {typeof(T).Name}.");

    /// <summary>Bytes per element of a safetensors dtype, or 0 for a name safetensors does not define.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E4M3" or "F8_E5M2" => 1,
        "U16" or "I16" or "F16" or "BF16" => 2,
        "U32" or "I32" or "F32" => 4,
        "U64" or "I64" or "F64" => 8,
        _ => 0,
    };

    /// <summary>The values as little-endian bytes.</summary>
    public static byte[] Encode<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) ReverseEach(bytes, Marshal.SizeOf<T>());
        return bytes;
    }

    /// <summary>The values stored in <paramref name="bytes"/> (little-endian), whose length is a multiple of the element size.</summary>
    public static T[] Decode<T>(ReadOnlySpan<byte> bytes) where T : unmanaged
    {
        var values = new T[bytes.Length / Marshal.SizeOf<T>()];
        var target = MemoryMarshal.AsBytes(values.AsSpan());
        bytes.CopyTo(target);
        if (!BitConverter.IsLittleEndian) ReverseEach(target, Marshal.SizeOf<T>());
        return values;
    }

    private static void ReverseEach(Span<byte> bytes, int size)
    {
        for (int i = 0; i + size <= bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }
}
