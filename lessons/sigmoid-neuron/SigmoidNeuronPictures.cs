using Backprop.Plotting;

namespace Backprop.Lessons.SigmoidNeuron;

/// <summary>The lesson's pictures: the three weights over the iterations, and the error falling.</summary>
public static class SigmoidNeuronPictures
{
    /// <summary>Writes sigmoid-neuron-weights.svg and sigmoid-neuron-error.svg into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(SigmoidNeuronResult result, string folder)
    {
        var pictures = new Pictures(folder);
        var path = result.Path;
        double[] iterations = [.. Enumerable.Range(0, path.Errors.Length + 1).Select(i => (double)i)];
        var weights = new LineChart("Sigmoid neuron: the three weights", "iteration (0 = the start)", "weight");
        for (int j = 0; j < path.Weights.Length; j++)
            weights.Add($"w{j + 1} (input {j + 1})", iterations, path.Weights[j]);
        pictures.Save(weights, "sigmoid-neuron-weights");

        var error = new LineChart("Sigmoid neuron: error per iteration", "iteration", "E = ½ Σ (output − target)²") { LogY = true };
        error.Add("E, 4 examples", iterations[1..], path.Errors);
        pictures.Save(error, "sigmoid-neuron-error");
        return pictures.Paths;
    }
}
