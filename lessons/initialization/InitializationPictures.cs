using Backprop.Plotting;

namespace Backprop.Lessons.Initialization;

/// <summary>The lesson's picture: each layer's gradient norm at the start of training, on a log scale.</summary>
public static class InitializationPictures
{
    /// <summary>Writes the picture into <paramref name="folder"/> and returns its path.</summary>
    public static IReadOnlyList<string> Write(InitializationResult result, string folder)
    {
        var pictures = new Pictures(folder);
        var chart = new LineChart($"Gradients at the start: 784-30-30-30-30-10 sigmoid, {result.Data}", "Dense layer (1 = next to the input)", "gradient norm") { LogY = true, WholeNumbersX = true };
        double[] layers = [.. result.LayerGradientNorms.Select(l => (double)l.Layer)];
        chart.Add("|dE/dW|", layers, [.. result.LayerGradientNorms.Select(l => l.Weights)]);
        chart.Add("|dE/db|", layers, [.. result.LayerGradientNorms.Select(l => l.Biases)]);
        pictures.Save(chart, "initialization-gradient-norms");
        return pictures.Paths;
    }
}
