using Backprop.Plotting;

namespace Backprop.Lessons.SingleWeight;

/// <summary>The lesson's pictures: the error falling epoch by epoch, and the weight climbing towards goal / input.</summary>
public static class SingleWeightPictures
{
    /// <summary>Writes single-weight-error.svg and single-weight-weight.svg into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(SingleWeightResult result, SingleWeightOptions options, string folder)
    {
        var pictures = new Pictures(folder);
        double[] epochs = [.. Enumerable.Range(1, result.Errors.Length).Select(i => (double)i)];
        var error = new LineChart("One weight: error per epoch", "epoch", "error = (pred − goal)²") { LogY = true, WholeNumbersX = true };
        error.Add($"alpha {PythonFormat.Repr(options.Alpha)}", epochs, result.Errors);
        pictures.Save(error, "single-weight-error");

        double[] steps = [.. Enumerable.Range(0, result.Weights.Length).Select(i => (double)i)];
        var weight = new LineChart("One weight: the weight after each epoch", "epoch (0 = the start)", "weight") { WholeNumbersX = true };
        weight.Add("weight", steps, result.Weights);
        // The weight that makes input × weight = goal, where the error is 0.
        double target = options.Goal / options.Input;
        weight.Add($"goal / input = {PythonFormat.Repr(target)}", [0, Math.Max(1, result.Errors.Length)], [target, target], LineStyle.Dashed, 1);
        pictures.Save(weight, "single-weight-weight");
        return pictures.Paths;
    }
}
