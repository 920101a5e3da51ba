using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Backprop.Tensors;

/// <summary>
/// A dense row-major matrix over a contiguous block of memory. A matrix may be a view of a range
/// of rows of another matrix (no copy), and its row count may shrink and grow again within its
/// capacity, so a layer can keep one buffer for full batches and the smaller last batch alike.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> for speed, <see cref="double"/> to reproduce float64 numbers.</typeparam>
public sealed class Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _data;
    private readonly int _offset;

    /// <summary>Creates a zero-filled matrix.</summary>
    public Matrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long length = (long)rows * columns;
        if (length > Array.MaxLength)
            throw new BackpropException($"A {rows:N0} × {columns:N0} matrix has {length:N0} values, more than one array can hold ({Array.MaxLength:N0}); use smaller layers or batches.");
        _data = new T[length];
        Rows = rows;
        Columns = columns;
        Capacity = rows;
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, length rows × columns) without copying.</summary>
    public Matrix(int rows, int columns, T[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != rows * columns)
            throw new ArgumentException($"Expected {rows * columns} values for a {rows}×{columns} matrix, got {data.Length}.", nameof(data));
        _data = data;
        Rows = rows;
        Columns = columns;
        Capacity = rows;
    }

    private Matrix(T[] data, int offset, int rows, int columns, int capacity)
    {
        _data = data;
        _offset = offset;
        Rows = rows;
        Columns = columns;
        Capacity = capacity;
    }

    /// <summary>Number of rows currently in use.</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The largest row count this matrix can take without reallocating.</summary>
    public int Capacity { get; }

    /// <summary>Rows × Columns.</summary>
    public int Length => Rows * Columns;

    /// <summary>Element at row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public T this[int row, int column]
    {
        get => _data[Index(row, column)];
        set => _data[Index(row, column)] = value;
    }

    private int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            throw new IndexOutOfRangeException($"({row}, {column}) is outside a {Rows}×{Columns} matrix.");
        return _offset + row * Columns + column;
    }

    /// <summary>The elements in use, row-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> AsSpan() => _data.AsSpan(_offset, Rows * Columns);

    /// <summary>
    /// A reference to element (0, 0), for kernels that have checked their indices against the shape; elements
    /// up to Rows × Columns from it are this matrix's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref T Origin() => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_data), _offset);

    /// <summary>One row.</summary>
    public Span<T> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row));
        return _data.AsSpan(_offset + row * Columns, Columns);
    }

    /// <summary>A view of <paramref name="count"/> rows starting at <paramref name="start"/>; writes go to this matrix.</summary>
    public Matrix<T> RowRange(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start}..{start + count} are outside a matrix of {Rows} rows.");
        return new Matrix<T>(_data, _offset + start * Columns, count, Columns, count);
    }

    /// <summary>
    /// A view of the same elements as rows of <paramref name="columns"/> values (a batch of images seen as one row per
    /// pixel); writes go to this matrix. Its capacity spans this matrix's whole capacity, so it can follow the batch size.
    /// </summary>
    internal Matrix<T> WithRowWidth(int columns)
    {
        if (columns <= 0 || Length % columns != 0 || Capacity * Columns % columns != 0)
            throw new ArgumentException($"A {Rows}×{Columns} matrix cannot be seen as rows of {columns} values.");
        return new Matrix<T>(_data, _offset, Length / columns, columns, Capacity * Columns / columns);
    }

    /// <summary>Whether this matrix starts at row <paramref name="row"/> of <paramref name="other"/>'s storage (a view made by <see cref="RowRange"/> or <see cref="WithRowWidth"/>).</summary>
    internal bool StartsAt(Matrix<T> other, int row = 0) => ReferenceEquals(_data, other._data) && _offset == other._offset + row * other.Columns;

    /// <summary>Uses the first <paramref name="rows"/> rows of the buffer (at most <see cref="Capacity"/>); allocates nothing.</summary>
    public void SetRowCount(int rows)
    {
        if ((uint)rows > (uint)Capacity) RowCountOutOfRange(rows);
        Rows = rows;
    }

    [DoesNotReturn]
    private void RowCountOutOfRange(int rows) =>
        throw new ArgumentOutOfRangeException(nameof(rows), $"Row count {rows} is outside 0..{Capacity}, the capacity.");

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(T value) => AsSpan().Fill(value);

    /// <summary>A deep copy of the rows in use.</summary>
    public Matrix<T> Clone() => new(Rows, Columns, AsSpan().ToArray());

    /// <summary>Copies this matrix into <paramref name="destination"/>, which must have the same shape.</summary>
    public void CopyTo(Matrix<T> destination)
    {
        if (destination.Rows != Rows || destination.Columns != Columns)
            throw new ArgumentException($"Shape {destination.Rows}×{destination.Columns} does not match {Rows}×{Columns}.");
        AsSpan().CopyTo(destination.AsSpan());
    }

    /// <summary>A copy of the elements, row-major.</summary>
    public T[] ToArray() => AsSpan().ToArray();

    /// <summary>A copy as a jagged array of rows.</summary>
    public T[][] ToRows()
    {
        var rows = new T[Rows][];
        for (int r = 0; r < Rows; r++) rows[r] = Row(r).ToArray();
        return rows;
    }

    /// <summary>Builds a matrix from rows of equal length.</summary>
    public static Matrix<T> FromRows(params T[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        var m = new Matrix<T>(rows.Length, columns);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != columns) throw new ArgumentException($"Row {r} has {rows[r].Length} values, expected {columns}.");
            rows[r].CopyTo(m.Row(r));
        }
        return m;
    }

    /// <summary>Builds a matrix from rows of doubles, converting each to <typeparamref name="T"/>.</summary>
    public static Matrix<T> FromDoubles(double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Length == 0 ? 0 : rows[0].Length;
        var m = new Matrix<T>(rows.Length, columns);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != columns) throw new ArgumentException($"Row {r} has {rows[r].Length} values, expected {columns}.");
            for (int c = 0; c < columns; c++) m[r, c] = T.CreateChecked(rows[r][c]);
        }
        return m;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append('[');
        for (int r = 0; r < Math.Min(Rows, 8); r++)
        {
            if (r > 0) sb.Append(", ");
            sb.Append('[').AppendJoin(", ", Row(r).ToArray().Take(8)).Append(Columns > 8 ? ", …]" : "]");
        }
        if (Rows > 8) sb.Append(", …");
        return sb.Append(']').ToString();
    }
}
