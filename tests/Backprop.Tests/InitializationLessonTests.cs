using System.Text.Json;
using Backprop.Lessons;

namespace Backprop.Tests;

public class InitializationLessonTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InitializationLesson_SampledSpreadsAreWithinTwoPercentOfTheDocumentsFigures(bool fromScratch)
    {
        var json = JsonDocument.Parse(CliRunner.Lesson("initialization", fromScratch, "--json", "--data", "random")).RootElement;
        var n01 = json.GetProperty("std_n01");
        var scaled = json.GetProperty("std_scaled");
        // Nielsen's case: 500 inputs of 1 and a bias, all N(0, 1), so z has variance 501 (the Go series' √500 leaves the
        // bias out); √(3/2) ≈ 1.22 with N(0, 1/n) weights and an N(0, 1) bias.
        Assert.Equal(Math.Sqrt(501), n01.GetProperty("exact").GetDouble());
        Assert.Equal(22.38302928559939, n01.GetProperty("exact").GetDouble());
        Assert.Equal(22.6189, n01.GetProperty("sampled").GetDouble(), 4);      // seed 0, 10,000 draws
        Assert.Equal(1.22591, scaled.GetProperty("sampled").GetDouble(), 5);
        Assert.Equal(1.224744871391589, scaled.GetProperty("exact").GetDouble());
        Assert.Equal(10_000, n01.GetProperty("draws").GetInt32());
        Assert.True(n01.GetProperty("relative_difference").GetDouble() < 0.02);
        Assert.True(scaled.GetProperty("relative_difference").GetDouble() < 0.02);
        // Most N(0, 1) units start saturated (|z| > ln 99 has probability 84 %); almost no scaled one does (1 in 10,000 here).
        Assert.InRange(n01.GetProperty("saturated_share").GetDouble(), 0.8, 0.9);
        Assert.InRange(scaled.GetProperty("saturated_share").GetDouble(), 0, 0.001);
    }

    [Fact]
    public void InitializationLesson_PrintsTheFiguresAndTheirSamples()
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("initialization", false, "--data", "random"));
        Assert.Equal("  weights N(0,1), bias N(0,1): std of z = sqrt(500 + 1) = sqrt(501) = 22.38302928559939; sampled 22.6189 (1.05 % off); " +
                     "sigmoid saturated (below 0.01 or above 0.99) in 83.81 % of draws", lines[1]);
        Assert.Equal("  weights N(0,1/n), bias N(0,1): std of z = sqrt(500/1000 + 1) = sqrt(1.5) = 1.224744871391589; sampled 1.22591 (0.10 % off); " +
                     "sigmoid saturated (below 0.01 or above 0.99) in 0.01 % of draws", lines[2]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InitializationLesson_FirstLayersGradientIsFarSmallerThanTheLastsOnAnyImages(bool fromScratch)
    {
        var norms = JsonDocument.Parse(CliRunner.Lesson("initialization", fromScratch, "--json", "--data", "random", "--draws", "100"))
            .RootElement.GetProperty("layer_gradient_norms").EnumerateArray().ToArray();
        Assert.Equal(5, norms.Length);
        double[] biases = [.. norms.Select(n => n.GetProperty("biases").GetDouble())];
        // Each sigmoid layer passes back at most a quarter of the gradient: |dE/db| grows towards the output.
        Assert.True(biases[0] * 20 < biases[3], string.Join(", ", biases));
        Assert.True(biases[1] < biases[2] && biases[2] < biases[3] && biases[3] < biases[4]);
    }

    [SkippableFact]
    public void InitializationLesson_OnFashionMnist_MeasuresTheVanishingGradient()
    {
        Skip.IfNot(LessonData.IsInstalled("fashion-mnist"), "Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist).");
        var lines = CliRunner.Lines(CliRunner.Lesson("initialization", false, "--draws", "100"));
        Assert.Contains("  1       784x30    0.00818515    0.00060533    ", lines);
        Assert.Contains("  5       30x10     0.393445      0.139605      ", lines);
        Assert.Contains("  The first hidden layer's biases learn 63 times slower than the last hidden layer's: each sigmoid multiplies the gradient by at most 0.25 on its way back.", lines);
    }

    [SkippableFact]
    public void InitializationLesson_WithoutItsData_IsOneLineNamingTheDataFolder()
    {
        Skip.If(LessonData.IsInstalled("mnist"), "MNIST is installed here.");
        var r = Cli.Run("lesson", "initialization", "--data", "mnist");
        Cli.AssertBadInput(r, "The initialization lesson needs mnist, which is not installed", "set BACKPROP_DATA to it");
        Assert.DoesNotContain("apt-get", r.Err);   // MNIST has no package; the one there is, Fashion-MNIST's, is no fix for it
    }
}
