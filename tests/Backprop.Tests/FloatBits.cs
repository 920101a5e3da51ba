using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Tests;

/// <summary>Matrices compared bit for bit, in float or double.</summary>
internal static class FloatBits
{
    /// <summary>Each value's bits, as a double's (exact for a float, and −0 stays apart from +0).</summary>
    public static long[] Of<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        m.ToArray().Select(v => BitConverter.DoubleToInt64Bits(double.CreateChecked(v))).ToArray();

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> hold the same bits.</summary>
    public static bool Same<T>(Matrix<T> a, Matrix<T> b) where T : unmanaged, IFloatingPointIeee754<T> => Of(a).SequenceEqual(Of(b));
}
