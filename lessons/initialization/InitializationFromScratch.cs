using Backprop.Random;

namespace Backprop.Lessons.Initialization;

/// <summary>
/// The lesson in plain C#: draws of one unit's weights and its weighted input, and one forward and backward pass through
/// the 784-30-30-30-30-10 sigmoid network with loops (δ of the softmax cross-entropy is y − t; each sigmoid layer passes
/// back δ·Wᵀ times σ' = y(1 − y)). NumPyRandomState plays the random generator.
/// </summary>
public static class InitializationFromScratch
{
    /// <summary>Measures both spreads and the layers' gradient norms.</summary>
    public static InitializationResult Run(InitializationOptions options, InitializationBatch batch, Action<string, int, double>? trace = null)
    {
        var random = new NumPyRandomState(options.Seed);
        var n01 = Spread(options, random, 1.0, scaled: false, trace);
        var scaled = Spread(options, random, Math.Sqrt(1.0 / InitializationOptions.Inputs), scaled: true, trace);
        return new InitializationResult(n01, scaled, batch.Name, batch.Labels.Length, GradientNorms(options, batch));
    }

    /// <summary>Draws a unit's 1000 weights (N(0, std²)) and its N(0, 1) bias again and again, measuring z = Σ wᵢxᵢ + b with xᵢ = 1 for the first 500.</summary>
    private static SpreadOfZ Spread(InitializationOptions options, NumPyRandomState random, double std, bool scaled, Action<string, int, double>? trace)
    {
        int inputs = InitializationOptions.Inputs;
        double[] z = new double[options.Draws];
        for (int d = 0; d < z.Length; d++)
        {
            double sum = 0;
            for (int i = 0; i < inputs; i++)
            {
                double w = std * random.StandardNormal();
                if (i < inputs / 2) sum += w;   // x_i = 1 for half of the inputs, 0 for the rest
            }
            z[d] = sum + random.StandardNormal();
            trace?.Invoke(scaled ? "N(0,1/n)" : "N(0,1)", d, z[d]);
        }
        return InitializationWithLibrary.Describe(scaled, z);
    }

    /// <summary>‖∂E/∂W‖ and ‖∂E/∂b‖ of every layer for one batch, from the seeded N(0, 1/n) start.</summary>
    private static LayerGradientNorm[] GradientNorms(InitializationOptions options, InitializationBatch batch)
    {
        int[] widths = [batch.Images.Columns, .. InitializationOptions.Hidden, 10];
        int layers = widths.Length - 1, n = batch.Labels.Length;
        var random = new NumPyRandomState(options.Seed);
        var w = new double[layers][,];
        for (int l = 0; l < layers; l++)
        {
            // Weights N(0, 1/fan-in), drawn row by row; biases start at 0 and draw nothing.
            w[l] = new double[widths[l], widths[l + 1]];
            double std = Math.Sqrt(1.0 / widths[l]);
            for (int i = 0; i < widths[l]; i++) for (int j = 0; j < widths[l + 1]; j++) w[l][i, j] = std * random.StandardNormal();
        }
        // Forward: a[l + 1] = σ(a[l]·W[l]) for the hidden layers, softmax at the end.
        var a = new double[layers + 1][,];
        a[0] = new double[n, widths[0]];
        for (int r = 0; r < n; r++) for (int c = 0; c < widths[0]; c++) a[0][r, c] = batch.Images[r, c];
        for (int l = 0; l < layers; l++)
        {
            a[l + 1] = Multiply(a[l], w[l]);
            for (int r = 0; r < n; r++)
            {
                if (l < layers - 1) for (int c = 0; c < widths[l + 1]; c++) a[l + 1][r, c] = 1 / (1 + Math.Exp(-a[l + 1][r, c]));
                else Softmax(a[l + 1], r);
            }
        }
        // Backward: δ = (y − t)/n at the output, then δ·Wᵀ ∘ y(1 − y) for each hidden layer.
        var delta = new double[n, 10];
        for (int r = 0; r < n; r++) for (int c = 0; c < 10; c++) delta[r, c] = (a[layers][r, c] - (batch.Labels[r] == c ? 1 : 0)) / n;
        var norms = new LayerGradientNorm[layers];
        for (int l = layers - 1; l >= 0; l--)
        {
            double gw = 0, gb = 0;
            for (int j = 0; j < widths[l + 1]; j++)
            {
                double b = 0;
                for (int r = 0; r < n; r++) b += delta[r, j];
                gb += b * b;
                for (int i = 0; i < widths[l]; i++)
                {
                    double g = 0;
                    for (int r = 0; r < n; r++) g += a[l][r, i] * delta[r, j];
                    gw += g * g;
                }
            }
            norms[l] = new LayerGradientNorm(l + 1, $"{widths[l]}x{widths[l + 1]}", Math.Sqrt(gw), Math.Sqrt(gb));
            if (l == 0) break;
            var back = new double[n, widths[l]];
            for (int r = 0; r < n; r++)
                for (int i = 0; i < widths[l]; i++)
                {
                    double s = 0;
                    for (int j = 0; j < widths[l + 1]; j++) s += delta[r, j] * w[l][i, j];
                    back[r, i] = s * (a[l][r, i] * (1 - a[l][r, i]));
                }
            delta = back;
        }
        return [.. norms.Select(InitializationWithLibrary.Rounded)];
    }

    private static double[,] Multiply(double[,] x, double[,] w)
    {
        int n = x.GetLength(0), k = x.GetLength(1), m = w.GetLength(1);
        var y = new double[n, m];
        for (int r = 0; r < n; r++)
            for (int i = 0; i < k; i++)
            {
                double xi = x[r, i];
                if (xi == 0) continue;
                for (int j = 0; j < m; j++) y[r, j] += xi * w[i, j];
            }
        return y;
    }

    private static void Softmax(double[,] y, int r)
    {
        int m = y.GetLength(1);
        double max = double.NegativeInfinity, sum = 0;
        for (int c = 0; c < m; c++) max = Math.Max(max, y[r, c]);
        for (int c = 0; c < m; c++) sum += y[r, c] = Math.Exp(y[r, c] - max);
        for (int c = 0; c < m; c++) y[r, c] /= sum;
    }
}
