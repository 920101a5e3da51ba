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

    /// <summary>
    /// <paramref name="source"/> seen as rows of <paramref name="columns"/> values, through a view kept in
    /// <paramref name="view"/>: made again only when the source is another buffer, so a training loop allocates nothing.
    /// </summary>
    public static Matrix<T> View<T>(ref Matrix<T>? view, Matrix<T> source, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = source.Length / columns;
        if (view is null || !view.StartsAt(source) || view.Columns != columns || view.Capacity < rows)
            view = source.WithRowWidth(columns);
        else
            view.SetRowCount(rows);
        return view;
    }

    /// <summary>
    /// Rows <paramref name="start"/> … start + <paramref name="rows"/> − 1 of <paramref name="source"/>, through a view
    /// kept in <paramref name="views"/>[<paramref name="index"/>] (one per block of a loop over a batch): made again only
    /// when the source is another buffer or the block needs more rows than before, so the loop allocates nothing.
    /// </summary>
    public static Matrix<T> Block<T>(ref Matrix<T>?[] views, int index, Matrix<T> source, int start, int rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (index >= views.Length) Array.Resize(ref views, index + 1);
        ref var view = ref views[index];
        if (view is null || !view.StartsAt(source, start) || view.Columns != source.Columns || view.Capacity < rows)
            view = source.RowRange(start, rows);
        else
            view.SetRowCount(rows);
        return view;
    }
}
