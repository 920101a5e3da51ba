using Backprop.Plotting;

namespace Backprop.Lessons.NeuronWithBias;

/// <summary>The lesson's three pictures: the error curve, the commentary's slower-learning comparison, and the data with the learned weights.</summary>
public static class NeuronWithBiasPictures
{
    /// <summary>Writes the pictures into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(NeuronWithBiasResult result, NeuronWithBiasResult slower, string folder)
    {
        var pictures = new Pictures(folder);
        int every = NeuronWithBiasLesson.RecordEvery;

        var error = new LineChart("Neuron with bias: error for all training instances", "iteration", "cumulative squared error");
        error.Add($"η = {PythonFormat.Repr(result.LearningRate)}", Pictures.EveryStep(result.CumulativeErrors.Length, every), result.CumulativeErrors);
        pictures.Save(error, "neuron-with-bias-error");

        var comparison = new LineChart("Learning rate ÷10, iterations ×3", "iteration", "cumulative squared error");
        comparison.Add($"η = {PythonFormat.Repr(result.LearningRate)}, {result.Iterations} iterations",
            Pictures.EveryStep(result.CumulativeErrors.Length, every), result.CumulativeErrors);
        comparison.Add($"η = {PythonFormat.Repr(slower.LearningRate)}, {slower.Iterations} iterations",
            Pictures.EveryStep(slower.CumulativeErrors.Length, every), slower.CumulativeErrors);
        pictures.Save(comparison, "neuron-with-bias-comparison");

        var inputs = NeuronWithBiasLesson.InputVectors;
        var scatter = new ScatterChart("Input vectors by class, and the learned weight vector", "x₁", "x₂")
        {
            ClassNames = ["target 0", "target 1"],
            XRange = (-1, 6.5),
            YRange = (-1, 4.5),
        };
        scatter.AddPoints(inputs.Select(v => v[0]).ToArray(), inputs.Select(v => v[1]).ToArray(),
                NeuronWithBiasLesson.Targets.Select(t => (int)t).ToArray())
            .ShadeProbability((x1, x2) => NeuronWithBiasLesson.Predict(result, x1, x2))
            .AddArrow(0, 0, result.Weights[0], result.Weights[1], "weights (w₁, w₂)");
        pictures.Save(scatter, "neuron-with-bias-data");
        return pictures.Paths;
    }
}
