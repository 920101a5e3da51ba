using Backprop.Layers;
using Backprop.Losses;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// Central finite differences for the image layers' tests, (E(w + h) − E(w − h)) / 2h: a whole network's largest
/// relative error, one layer's ∂E/∂x under E = Σ c·y, and seeded random matrices. The library's own check is
/// <see cref="Training.GradientCheck"/>; this one returns a single worst error, which these tests assert on.
/// </summary>
internal static class FiniteDifferences
{
    public static double RelativeError(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) / Math.Max(1e-8, Math.Abs(analytic) + Math.Abs(numeric));

    /// <summary>Largest relative error over every parameter and every input of the network.</summary>
    public static double MaxError(Network<double> network, ILoss<double> loss, Matrix<double> x, Matrix<double> t, double h = 1e-6)
    {
        var grad = new Matrix<double>(x.Rows, network.OutputSize);
        double E() => loss.Value(network.Forward(x), t);
        var output = network.Forward(x);
        loss.Compute(output, t, grad);
        network.Backward(grad, loss.GradientIsForLogits);
        // Copy the analytic gradients before the probing forward passes reuse the buffers.
        var analytic = network.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        double worst = 0;
        for (int p = 0; p < network.Parameters.Count; p++)
        {
            var w = network.Parameters[p].Value.AsSpan();
            for (int i = 0; i < w.Length; i++)
            {
                double keep = network.Parameters[p].Value.AsSpan()[i];
                network.Parameters[p].Value.AsSpan()[i] = keep + h; double plus = E();
                network.Parameters[p].Value.AsSpan()[i] = keep - h; double minus = E();
                network.Parameters[p].Value.AsSpan()[i] = keep;
                worst = Math.Max(worst, RelativeError(analytic[p][i], (plus - minus) / (2 * h)));
            }
        }
        return worst;
    }

    /// <summary>Largest relative error of ∂E/∂x for one layer under the loss E = Σ c·y (a fixed random c).</summary>
    public static double LayerInputError(ILayer<double> layer, Matrix<double> x, int seed = 3)
    {
        var rng = new Random.NumPyRandomState((uint)seed);
        var y = layer.Forward(x);
        var c = new Matrix<double>(y.Rows, y.Columns);
        for (int i = 0; i < c.Length; i++) c.AsSpan()[i] = rng.StandardNormal();
        double E()
        {
            var o = layer.Forward(x);
            double s = 0;
            for (int i = 0; i < o.Length; i++) s += o.AsSpan()[i] * c.AsSpan()[i];
            return s;
        }
        layer.Forward(x);
        var dx = layer.Backward(c).ToArray();
        double worst = 0;
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            double keep = x.AsSpan()[i];
            x.AsSpan()[i] = keep + h; double plus = E();
            x.AsSpan()[i] = keep - h; double minus = E();
            x.AsSpan()[i] = keep;
            worst = Math.Max(worst, RelativeError(dx[i], (plus - minus) / (2 * h)));
        }
        return worst;
    }

    public static Matrix<double> RandomMatrix(int rows, int columns, uint seed, double scale = 1)
    {
        var rng = new Random.NumPyRandomState(seed);
        var m = new Matrix<double>(rows, columns);
        for (int i = 0; i < m.Length; i++) m.AsSpan()[i] = scale * rng.StandardNormal();
        return m;
    }
}
