using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Playground;

/// <summary>
/// Every neuron's output over the input plane: a grid of (x₁, x₂) points is turned into the network's inputs (the
/// chosen features, then the normalisation) and run through the layers one by one with <c>Apply</c>, which leaves the
/// training buffers alone. The maps are sent as bytes, little-endian float32 values: each column's layer output as it
/// is (a row per grid point, row by row from the top, largest x₂, then its units), one column after another, copied
/// whole rather than value by value (in the browser's interpreter, a loop per value costs more than the layers).
/// </summary>
public sealed class PlaneView<T>(Network<T> network, InputFeature[]? features, Normalizer? normalizer, (double X0, double X1, double Y0, double Y1) extent)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Points per side of the grid.</summary>
    public const int Size = 48;

    /// <summary>The plane shown: x₁ from X0 to X1, x₂ from Y0 to Y1.</summary>
    public (double X0, double X1, double Y0, double Y1) Extent => extent;

    /// <summary>How many maps each column of the drawing has: the network's inputs, each hidden activation's units, the output layer's units.</summary>
    public int[] Columns => [network.InputSize, .. HiddenAndOutput().Select(i => network.Layers[i].OutputSize)];

    private Matrix<T>? _inputs;

    /// <summary>The layers whose outputs are drawn: each hidden activation, then the last layer.</summary>
    private IEnumerable<int> HiddenAndOutput()
    {
        var layers = network.Layers;
        for (int i = 0; i < layers.Count; i++)
            if ((layers[i] is not Dense<T> && i < layers.Count - 1) || i == layers.Count - 1) yield return i;
    }

    /// <summary>The outputs of <see cref="Columns"/>, one after another: Size × Size rows of that column's units each.</summary>
    public byte[] Maps()
    {
        var x = _inputs ??= GridInputs();
        var bytes = new List<byte>(Columns.Sum() * Size * Size * sizeof(float));
        Append(x, bytes);
        var drawn = HiddenAndOutput().ToHashSet();
        var layers = network.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var y = new Matrix<T>(x.Rows, layers[i].OutputSize);
            layers[i].Apply(x, y);
            x = y;
            if (drawn.Contains(i)) Append(x, bytes);
        }
        return [.. bytes];
    }

    private Matrix<T> GridInputs()
    {
        var grid = new Matrix<T>(Size * Size, 2);
        for (int r = 0; r < Size; r++)
            for (int c = 0; c < Size; c++)
            {
                grid[r * Size + c, 0] = T.CreateChecked(extent.X0 + (extent.X1 - extent.X0) * c / (Size - 1));
                grid[r * Size + c, 1] = T.CreateChecked(extent.Y1 - (extent.Y1 - extent.Y0) * r / (Size - 1));
            }
        var inputs = features is null ? grid : InputFeatures.Apply(grid, features);
        normalizer?.Apply(inputs);
        return inputs;
    }

    /// <summary>The values of <paramref name="m"/> as float32 bytes: copied as they are for float, converted for double.</summary>
    private static void Append(Matrix<T> m, List<byte> bytes)
    {
        if (typeof(T) == typeof(float)) bytes.AddRange(MemoryMarshal.AsBytes(m.AsSpan()));
        else
        {
            var values = new float[m.Rows * m.Columns];
            var from = m.AsSpan();
            for (int i = 0; i < values.Length; i++) values[i] = float.CreateSaturating(from[i]);
            bytes.AddRange(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }
}
