using Backprop.Plotting;

namespace Backprop.Lessons.GradientDescent;

/// <summary>The lesson's picture: E after every epoch for each of the nine runs.</summary>
public static class GradientDescentPictures
{
    /// <summary>Writes the picture into <paramref name="folder"/> and returns its path.</summary>
    public static IReadOnlyList<string> Write(GradientDescentResult result, string folder)
    {
        var pictures = new Pictures(folder);
        var chart = new LineChart($"XOR: error per epoch, seed {result.Seed}", "epoch", "E = mean ½Σ(y − t)² after the epoch") { LogY = true, Width = 900 };
        // One colour per optimizer, one line style per batch mode.
        foreach (var run in result.Grid)
            chart.Add($"{run.BatchMode}, {run.Optimizer}", [.. Enumerable.Range(1, run.Errors.Length).Select(i => (double)i)], run.Errors,
                run.BatchSize switch { 4 => LineStyle.Solid, 2 => LineStyle.Dashed, _ => LineStyle.Dotted },
                Array.IndexOf(GradientDescentLesson.Optimizers, run.Optimizer));
        pictures.Save(chart, "gradient-descent-errors");
        return pictures.Paths;
    }
}
