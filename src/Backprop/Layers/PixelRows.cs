using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Layers;

/// <summary>
/// The per-channel bias of an image layer, over its output seen as one row of channels per pixel: added to every
/// pixel, and summed over every pixel for its gradient. A batch of 64 images of 26×26 pixels is 43,264 rows of a few
/// dozen values, too short for a library call per row to pay; these loops keep the bias in vector registers' reach.
/// </summary>
internal static class PixelRows
{
    /// <summary>pixels[r, c] += bias[c] for every row r of <paramref name="pixels"/> (rows of bias.Length values).</summary>
    public static void AddBias<T>(Span<T> pixels, ReadOnlySpan<T> bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = bias.Length, vectorEnd = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
        for (int start = 0; start < pixels.Length; start += c)
        {
            var row = pixels.Slice(start, c);
            for (int j = 0; j < vectorEnd; j += Vector256<T>.Count)
                (Vector256.Create<T>(row[j..]) + Vector256.Create<T>(bias[j..])).CopyTo(row[j..]);
            for (int j = vectorEnd; j < c; j++) row[j] += bias[j];
        }
    }

    /// <summary>sums[c] = Σ over the rows r of <paramref name="pixels"/> of pixels[r, c], added row by row in order.</summary>
    public static void Sum<T>(ReadOnlySpan<T> pixels, Span<T> sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = sums.Length, vectorEnd = Vector256.IsHardwareAccelerated ? c - c % Vector256<T>.Count : 0;
        sums.Clear();
        for (int start = 0; start < pixels.Length; start += c)
        {
            var row = pixels.Slice(start, c);
            for (int j = 0; j < vectorEnd; j += Vector256<T>.Count)
                (Vector256.Create<T>(sums[j..]) + Vector256.Create<T>(row[j..])).CopyTo(sums[j..]);
            for (int j = vectorEnd; j < c; j++) sums[j] += row[j];
        }
    }
}
