using System.Numerics;

namespace Backprop.Tensors;

/// <summary>Keeps a reusable matrix sized for the current batch: it grows when needed and otherwise only changes its row count.</summary>
internal static class Buffers
{
    public static Matrix<T> Ensure<T>(ref Matrix<T>? buffer, int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (buffer is null || buffer.Capacity < rows || buffer.Columns != columns)
            buffer = new Matrix<T>(rows, columns);
        else
            buffer.SetRowCount(rows);
        return buffer;
    }
}
