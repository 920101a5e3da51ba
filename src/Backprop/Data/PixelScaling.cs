using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Data;

/// <summary>Turns 8-bit pixels into values in [0, 1]: x / 255, exactly as the scalar division rounds it.</summary>
internal static class PixelScaling
{
    /// <summary>The divisor: a byte's largest value.</summary>
    public const int Divisor = byte.MaxValue;

    /// <summary>Writes pixels[i] / 255 to destination[i]; allocates nothing.</summary>
    public static void ToUnitInterval<T>(ReadOnlySpan<byte> pixels, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            ToUnitInterval(pixels, MemoryMarshal.Cast<T, float>(destination));
            return;
        }
        TensorPrimitives.ConvertTruncating(pixels, destination);
        TensorPrimitives.Divide(destination, T.CreateChecked(Divisor), destination);
    }

    /// <summary>
    /// The float path, the one training uses: 32 bytes at a time are widened to four vectors of eight
    /// ints, converted and divided. Two to four times faster than converting and dividing in two passes.
    /// </summary>
    private static void ToUnitInterval(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length) throw new ArgumentException("The destination is shorter than the pixels.", nameof(destination));
        var max = Vector256.Create((float)Divisor);
        ref byte source = ref MemoryMarshal.GetReference(pixels);
        ref float target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= pixels.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref source, (nuint)i);
            (Vector256<ushort> low, Vector256<ushort> high) = Vector256.Widen(bytes);
            (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(low);
            (Vector256<uint> c, Vector256<uint> d) = Vector256.Widen(high);
            (Vector256.ConvertToSingle(a.AsInt32()) / max).StoreUnsafe(ref target, (nuint)i);
            (Vector256.ConvertToSingle(b.AsInt32()) / max).StoreUnsafe(ref target, (nuint)(i + 8));
            (Vector256.ConvertToSingle(c.AsInt32()) / max).StoreUnsafe(ref target, (nuint)(i + 16));
            (Vector256.ConvertToSingle(d.AsInt32()) / max).StoreUnsafe(ref target, (nuint)(i + 24));
        }
        for (; i < pixels.Length; i++) Unsafe.Add(ref target, i) = Unsafe.Add(ref source, i) / (float)Divisor;
    }
}
