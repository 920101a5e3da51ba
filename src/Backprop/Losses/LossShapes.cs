using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Losses;

internal static class LossShapes
{
    // The check is small enough to inline into every loss; the message is built only when it fails.
    public static void Check<T>(Matrix<T> output, Matrix<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Rows != target.Rows || output.Columns != target.Columns) Mismatch(output, target);
    }

    [DoesNotReturn]
    private static void Mismatch<T>(Matrix<T> output, Matrix<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        throw new BackpropException($"The network gives {output.Rows}×{output.Columns} outputs but the targets are {target.Rows}×{target.Columns}: the last layer's size must equal the number of target columns.");
    }
}
