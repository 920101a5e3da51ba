using Backprop.Layers;
using Backprop.Losses;
using Backprop.Random;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Lessons.Initialization;

/// <summary>
/// The same with Backprop's parts: <see cref="Initializer.Normal"/> and <see cref="Initializer.LeCun"/> fill a Dense(1)
/// unit's weights for each draw and its Forward gives z; then a <see cref="Network{T}"/> of Dense(30, LeCun, Zeros) and
/// Sigmoid layers with a Softmax, one <see cref="SoftmaxCrossEntropy{T}"/> gradient and Backward, and the parameters' gradients.
/// </summary>
public static class InitializationWithLibrary
{
    /// <summary>Measures both spreads and the layers' gradient norms.</summary>
    public static InitializationResult Run(InitializationOptions options, InitializationBatch batch, Action<string, int, double>? trace = null)
    {
        var random = new NumPyRandomState(options.Seed);
        var n01 = Spread(options, random, new Initializer.Normal(0, 1), scaled: false, trace);
        var scaled = Spread(options, random, new Initializer.LeCun(), scaled: true, trace);
        return new InitializationResult(n01, scaled, batch.Name, batch.Labels.Length, GradientNorms(options, batch));
    }

    private static SpreadOfZ Spread(InitializationOptions options, NumPyRandomState random, Initializer weights, bool scaled, Action<string, int, double>? trace)
    {
        int inputs = InitializationOptions.Inputs;
        var unit = new Dense<double>(1, bias: true, new Initializer.Zeros());
        var bias = new Initializer.Normal(0, 1);
        unit.Build(inputs, random);
        var x = new Matrix<double>(1, inputs);
        x.AsSpan()[..(inputs / 2)].Fill(1);   // half of the inputs are 1
        double[] z = new double[options.Draws];
        for (int d = 0; d < z.Length; d++)
        {
            weights.Fill(unit.Weights.Value.AsSpan(), inputs, 1, random);
            bias.Fill(unit.Bias!.Value.AsSpan(), inputs, 1, random);
            z[d] = unit.Forward(x)[0, 0];
            trace?.Invoke(scaled ? "N(0,1/n)" : "N(0,1)", d, z[d]);
        }
        return Describe(scaled, z);
    }

    /// <summary>The standard deviation of the draws, the document's figure beside it, and the share of saturated sigmoids.</summary>
    internal static SpreadOfZ Describe(bool scaled, double[] z)
    {
        double mean = z.Average(), variance = z.Sum(v => (v - mean) * (v - mean)) / z.Length;
        double saturated = (double)z.Count(v => Math.Abs(v) > InitializationOptions.SaturatedBeyond) / z.Length;
        double sampled = PythonFormat.Round(Math.Sqrt(variance), 12);
        return scaled
            ? new SpreadOfZ("N(0,1/n)", "N(0,1)", "sqrt(500/1000 + 1) = sqrt(1.5)", Math.Sqrt(1.5), sampled, z.Length, saturated)
            : new SpreadOfZ("N(0,1)", "N(0,1)", "sqrt(500 + 1) = sqrt(501)", Math.Sqrt(501), sampled, z.Length, saturated);
    }

    private static LayerGradientNorm[] GradientNorms(InitializationOptions options, InitializationBatch batch)
    {
        var layers = new List<ILayer<double>>();
        foreach (int width in InitializationOptions.Hidden)
        {
            layers.Add(new Dense<double>(width, weights: new Initializer.LeCun(), biasInit: new Initializer.Zeros()));
            layers.Add(new Sigmoid<double>());
        }
        layers.Add(new Dense<double>(10, weights: new Initializer.LeCun(), biasInit: new Initializer.Zeros()));
        layers.Add(new Softmax<double>());
        var network = new Network<double>(batch.Images.Columns, layers, new NumPyRandomState(options.Seed));
        var targets = new Matrix<double>(batch.Labels.Length, 10);
        for (int r = 0; r < batch.Labels.Length; r++) targets[r, batch.Labels[r]] = 1;
        var loss = new SoftmaxCrossEntropy<double>();
        var gradient = new Matrix<double>(targets.Rows, 10);
        loss.Compute(network.Forward(batch.Images), targets, gradient);
        network.Backward(gradient, loss.GradientIsForLogits);
        return [.. network.Layers.OfType<Dense<double>>().Select((d, i) => Rounded(new LayerGradientNorm(i + 1, $"{d.InputSize}x{d.OutputSize}",
            Norm(d.Weights.Gradient), Norm(d.Bias!.Gradient))))];
    }

    private static double Norm(Matrix<double> m) => Math.Sqrt(m.AsSpan().ToArray().Sum(v => v * v));

    /// <summary>
    /// The norms to <see cref="InitializationOptions.Digits"/> digits: the library's matrix products add in blocks with
    /// fused multiply-adds, the plain loops one by one, so the two agree to about 14 digits.
    /// </summary>
    internal static LayerGradientNorm Rounded(LayerGradientNorm n) =>
        n with { Weights = PythonFormat.Round(n.Weights, InitializationOptions.Digits), Biases = PythonFormat.Round(n.Biases, InitializationOptions.Digits) };
}
