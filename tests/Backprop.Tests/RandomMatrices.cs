using Backprop.Random;
using Backprop.Tensors;

namespace Backprop.Tests;

/// <summary>Seeded matrices of standard normal values, for gradient checks.</summary>
internal static class RandomMatrices
{
    public static Matrix<double> Normal(int rows, int columns, uint seed, double scale = 1)
    {
        var rng = new NumPyRandomState(seed);
        var m = new Matrix<double>(rows, columns);
        for (int i = 0; i < m.Length; i++) m.AsSpan()[i] = scale * rng.StandardNormal();
        return m;
    }
}
