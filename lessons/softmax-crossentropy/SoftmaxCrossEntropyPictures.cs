using Backprop.Plotting;

namespace Backprop.Lessons.CrossEntropy;

/// <summary>The lesson's picture: the neuron's output against the number of updates, both costs from both starts.</summary>
public static class SoftmaxCrossEntropyPictures
{
    /// <summary>Writes the picture into <paramref name="folder"/> and returns its path.</summary>
    public static IReadOnlyList<string> Write(SoftmaxCrossEntropyResult result, string folder)
    {
        var pictures = new Pictures(folder);
        var chart = new LineChart("One sigmoid neuron learning to output 0", "updates", "output a") { YRange = (0, 1) };
        foreach (var start in result.Slowdown)
            foreach (var run in new[] { start.Quadratic, start.CrossEntropy })
                chart.Add($"{run.Cost}, from w = {PythonFormat.Repr(start.W)}, b = {PythonFormat.Repr(start.B)}", Pictures.EveryStep(run.Outputs.Length, 1), run.Outputs);
        pictures.Save(chart, "softmax-crossentropy-slowdown");
        return pictures.Paths;
    }
}
