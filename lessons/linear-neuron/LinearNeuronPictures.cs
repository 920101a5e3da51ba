using Backprop.Plotting;

namespace Backprop.Lessons.LinearNeuron;

/// <summary>The lesson's picture: the error falling iteration by iteration, on a log scale.</summary>
public static class LinearNeuronPictures
{
    /// <summary>Writes linear-neuron-error.svg into <paramref name="folder"/> and returns its path.</summary>
    public static IReadOnlyList<string> Write(LinearNeuronResult result, string folder)
    {
        var pictures = new Pictures(folder);
        var iterations = Enumerable.Range(1, result.Errors.Length).Select(i => (double)i).ToArray();
        var chart = new LineChart("Linear neuron: error per iteration", "iteration", "E = 1/(2n) Σ (y − t)²") { LogY = true };
        chart.Add("E (full-batch gradient descent)", iterations, result.Errors);
        pictures.Save(chart, "linear-neuron-error");
        return pictures.Paths;
    }
}
