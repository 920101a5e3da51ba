using Backprop.Plotting;

namespace Backprop.Lessons.Xor;

/// <summary>The lesson's pictures: the decision boundary over the unit square, and the error curve.</summary>
public static class XorPictures
{
    /// <summary>Writes the pictures into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(XorResult result, string folder)
    {
        var pictures = new Pictures(folder);
        var inputs = XorLesson.Inputs;
        var boundary = new ScatterChart($"XOR learned by a 2-{result.Hidden}-1 network", "x₁", "x₂")
        {
            ClassNames = ["XOR = 0", "XOR = 1"],
            XRange = (-0.1, 1.1),
            YRange = (-0.1, 1.1),
        };
        // The output is linear, so clamp it into [0, 1] to shade it as a probability; the 0.5 line is the boundary.
        boundary.AddPoints(inputs.Select(v => v[0]).ToArray(), inputs.Select(v => v[1]).ToArray(), XorLesson.Targets.Select(t => (int)t).ToArray())
            .ShadeProbability((a, b) => Math.Clamp(result.Predict(a, b), 0, 1));
        pictures.Save(boundary, $"xor-2-{result.Hidden}-1-boundary");

        var epochs = Enumerable.Range(1, result.Errors.Length).Select(i => (double)i).ToArray();
        var error = new LineChart("XOR: error per epoch", "epoch", "E = 1/(2n) Σ (y − t)²") { LogY = true };
        error.Add($"2-{result.Hidden}-1, full batch", epochs, result.Errors);
        pictures.Save(error, $"xor-2-{result.Hidden}-1-error");
        return pictures.Paths;
    }
}
