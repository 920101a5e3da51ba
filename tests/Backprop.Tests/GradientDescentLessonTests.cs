using System.Text.Json;
using Backprop.Lessons.GradientDescent;

namespace Backprop.Tests;

public class GradientDescentLessonTests
{
    // Epochs until E ≤ 0.001 with seed 0, row by row: batch, mini-batch, stochastic; columns sgd (0.5), momentum (0.05), adam (0.01).
    // Computed by both versions, and once by a separate NumPy port of the same loop (one RandomState drawing the
    // weights and then shuffling, Adam written with m̂ and v̂), which gave the same nine numbers.
    private static readonly int[] SeedZeroGrid = [645, 657, 196, 268, 320, 613, 168, 145, 527];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientDescentLesson_PrintsTheGridOfEpochsToTarget(bool fromScratch)
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("gradient-descent", fromScratch));
        Assert.Contains("  E = 0.0009265216948 <= 0.001 after 196 epochs", lines);
        int header = Array.FindIndex(lines, l => l.StartsWith("Epochs until E <= 0.001"));
        Assert.Equal("  batch       645               657               196", lines[header + 2].TrimEnd());
        Assert.Equal("  mini-batch  268               320               613", lines[header + 3].TrimEnd());
        Assert.Equal("  stochastic  168               145               527", lines[header + 4].TrimEnd());
    }

    [Fact]
    public void GradientDescentLesson_JsonHasTheGridAndAdamsFirstStep()
    {
        var json = JsonDocument.Parse(CliRunner.Lesson("gradient-descent", false, "--json")).RootElement;
        var grid = json.GetProperty("grid").EnumerateArray().ToArray();
        Assert.Equal(9, grid.Length);
        Assert.Equal(SeedZeroGrid, grid.Select(g => g.GetProperty("epochs").GetInt32()));
        Assert.Equal(["batch", "batch", "batch", "mini-batch", "mini-batch", "mini-batch", "stochastic", "stochastic", "stochastic"],
            grid.Select(g => g.GetProperty("batch_mode").GetString()));
        Assert.Equal(["sgd", "momentum", "adam"], grid.Take(3).Select(g => g.GetProperty("optimizer").GetString()));
        Assert.Equal(9, json.GetProperty("first_adam_step").GetArrayLength());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientDescentLesson_AdamsFirstStepMovesEveryWeightByTheLearningRateAgainstItsGradient(bool fromScratch)
    {
        var r = GradientDescentLesson.Compose(new GradientDescentOptions(),
            (spec, trace) => fromScratch ? GradientDescentFromScratch.Train(new GradientDescentOptions(), spec, trace) : GradientDescentWithLibrary.Train(new GradientDescentOptions(), spec, trace),
            _ => null);
        Assert.Equal(9, r.FirstAdamStep.Length);
        foreach (var s in r.FirstAdamStep)
        {
            // After one step m̂ = g and v̂ = g², so Δw = −0.01·g/(|g| + 1e-8): −0.01·sign(g) to within 0.01·1e-8/|g|.
            Assert.True(Math.Abs(s.Gradient) > 1e-4, s.Weight);
            Assert.Equal(-0.01 * Math.Sign(s.Gradient), s.MinusRateTimesSign);
            Assert.True(Math.Abs(s.Step - s.MinusRateTimesSign) <= 0.01 * 1.1e-8 / Math.Abs(s.Gradient) + 1e-12, $"{s}");
        }
    }

    [Fact]
    public void GradientDescentLesson_TraceShowsMomentumsVelocityAndAdamsMoments()
    {
        string output = CliRunner.Lesson("gradient-descent", false, "--trace", "--trace-steps", "1");
        // Step 1 from zero state: v = η·g = 0.05·g; m = 0.1·g, v = 0.001·g², and the corrections give back g and g².
        Assert.Contains("momentum, batches of 4, step 1: E = 0.1214082025", output);
        Assert.Contains("    w_11 (ij): g = -0.002521132884, v = -0.0001260566442, w 1.247373376 -> 1.247499433", output);
        Assert.Contains("    w_11 (ij): g = -0.002521132884, m = -0.0002521132884, v = 6.356111019e-09, m_hat = -0.002521132884, v_hat = 6.356111019e-06, w 1.247373376 -> 1.257373337", output);
    }

    [Fact]
    public void GradientDescentLesson_ABadSeedShowsRunsThatNeverGetThere()
    {
        // Seed 3 leaves three runs on a plateau past 20,000 epochs: the grid says so rather than hiding them.
        var lines = CliRunner.Lines(CliRunner.Lesson("gradient-descent", false, "--seed", "3"));
        Assert.Contains(lines, l => l.StartsWith("  batch       > 20000"));
    }
}
