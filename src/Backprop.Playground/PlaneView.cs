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
/// training buffers alone. Each map is sent as little-endian float32 values, row by row from the top (largest x₂).
/// </summary>
public sealed class PlaneView<T>(Network<T> network, InputFeature[]? features, Normalizer? normalizer, (double X0, double X1, double Y0, double Y1) extent)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Points per side of the grid.</summary>
    public const int Size = 48;

    /// <summary>The plane shown: x₁ from X0 to X1, x₂ from Y0 to Y1.</summary>
    public (double X0, double X1, double Y0, double Y1) Extent => extent;

    private Matrix<T>? _inputs;

    /// <summary>The maps: the network's inputs, then each hidden activation's units, then the output layer's units.</summary>
    public (string[] Inputs, string[][] Hidden, string[] Output) Maps()
    {
        var x = _inputs ??= GridInputs();
        string[] inputs = Columns(x);
        var hidden = new List<string[]>();
        var layers = network.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var y = new Matrix<T>(x.Rows, layers[i].OutputSize);
            layers[i].Apply(x, y);
            x = y;
            if (layers[i] is not Dense<T> && i < layers.Count - 1) hidden.Add(Columns(x));
        }
        return (inputs, [.. hidden], Columns(x));
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

    private static string[] Columns(Matrix<T> m)
    {
        var maps = new string[m.Columns];
        var values = new float[m.Rows];
        for (int c = 0; c < m.Columns; c++)
        {
            for (int r = 0; r < m.Rows; r++) values[r] = float.CreateSaturating(m[r, c]);
            maps[c] = Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        return maps;
    }
}
