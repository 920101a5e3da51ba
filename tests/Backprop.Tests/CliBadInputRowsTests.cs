using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Tests;

/// <summary>
/// The rows of bad-inputs-2026-12-07.md that were not right (crashes, ignored options, messages pointing the wrong way):
/// each now gets exit 2 and one line that names the problem and a fix the user has not already made, or, for input
/// that is in fact fine, success.
/// </summary>
public partial class CliBadInputRowsTests
{
    /// <summary>8×8 one-channel "images" of two classes, as sklearn's digits are laid out (64 pixel columns and a label).</summary>
    private static string Digits(ScratchFolder dir)
    {
        var rng = new System.Random(3);
        var rows = Enumerable.Range(0, 40).Select(i =>
            string.Join(",", Enumerable.Range(0, 64).Select(p => (rng.Next(16) + (i % 2 == 0 && p % 8 < 4 ? 8 : 0)).ToString(CultureInfo.InvariantCulture))) + $",{i % 2}");
        return dir.Write("digits.csv", string.Join(",", Enumerable.Range(0, 64).Select(p => $"p{p}")) + ",label\n" + string.Join("\n", rows) + "\n");
    }

    [Fact]
    public void N22_AConvolutionAfterADenseLayer_IsExplainedInTheCommandLinesWords()
    {
        using var dir = new ScratchFolder();
        var r = Cli.Run("train", "--data", Digits(dir), "--layers", "128,conv32x3", "--input-shape", "8x8x1", "--epochs", "1");
        Cli.AssertBadInput(r, "--layers 128,conv32x3: conv32x3 comes after 128", "put the convolution and pooling layers first, such as --layers conv32x3,128");
        Assert.DoesNotContain("Network<T>", r.Err);
    }

    [Fact]
    public void N100_ResumingAConvolutionCheckpointWithAnotherInputShape_IsRefused()
    {
        using var dir = new ScratchFolder();
        string data = Digits(dir), checkpoint = Path.Combine(dir.Path, "cnnck.safetensors");
        var first = Cli.Run("train", "--data", data, "--layers", "conv8x3,maxpool2,32", "--input-shape", "8x8x1", "--epochs", "2",
                            "--checkpoint-every", "1", "--checkpoint", checkpoint, "--quiet");
        Assert.True(first.ExitCode == 0, first.Err);
        var r = Cli.Run("train", "--data", data, "--layers", "conv8x3,maxpool2,32", "--input-shape", "4x4x4", "--epochs", "8", "--resume", checkpoint);
        Cli.AssertBadInput(r, "cnnck.safetensors: the checkpoint's network takes images of 8x8x1, but this run's are 4x4x4", "--input-shape 8x8x1");
    }

    [Fact]
    public void N66_GradCheckRefusesInputsThatTheInputShapeOverrides()
    {
        Cli.AssertBadInput(Cli.Run("gradcheck", "--layers", "conv2x3,4", "--input-shape", "6x6x2", "--inputs", "5"),
            "--inputs 5 and --input-shape 6x6x2", "72 values", "leave out --inputs");
        Cli.AssertBadInput(Cli.Run("gradcheck", "--data", "xor", "--outputs", "4"), "with --data xor the data gives its own widths");
        // Without the contradiction both still run.
        Assert.Equal(0, Cli.Run("gradcheck", "--layers", "conv2x3,4", "--input-shape", "6x6x2", "--samples", "2").ExitCode);
    }

    [SkippableFact]
    public void N137_GradCheckOnTheBuiltInImages_TakesTheirShape()
    {
        Skip.IfNot(Lessons.LessonData.IsInstalled("fashion-mnist"), "Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist).");
        var r = Cli.Run("gradcheck", "--data", "fashion-mnist", "--layers", "conv2x3,maxpool2,4", "--samples", "2");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("1. Conv2D", r.Out);
        Assert.Matches(@"All \d+ gradients agree", r.Out);
    }

    [Fact]
    public void N148_DivergenceIsReportedInTheTargetsOwnUnits()
    {
        using var dir = new ScratchFolder();
        var rng = new System.Random(1);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            double a = rng.NextDouble(), b = rng.NextDouble();
            return string.Create(CultureInfo.InvariantCulture, $"{a:F4},{b:F4},{1000 + 500 * a - 300 * b:F2}");
        });
        string data = dir.Write("reg.csv", "x1,x2,y\n" + string.Join("\n", rows) + "\n");
        var r = Cli.Run("train", "--data", data, "--optimizer", "sgd", "--learning-rate", "3", "--seed", "1", "--epochs", "5");
        Cli.AssertBadInput(r, "Training diverged at epoch 1");
        // Trained in standard units the untrained loss is near 1; in the target's units (y spreads over hundreds) it is
        // the spread squared, as every epoch line shows it.
        var start = double.Parse(StartingValue().Match(r.Err).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(start > 1000, r.Err);
    }

    [GeneratedRegex(@"starting value of ([0-9.e+]+)\.")]
    private static partial Regex StartingValue();

    [Fact]
    public void P08_APlaygroundHostThisMachineDoesNotHave_IsOneLine_AndNoWarningFirst()
    {
        var r = Cli.Run("playground", "--no-browser", "--host", "192.0.2.1", "--port", "0");   // TEST-NET-1: never this machine's
        Cli.AssertBadInput(r, "--host 192.0.2.1: this machine has no such address", "127.0.0.1");
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Evaluate_Limit_MeasuresTheFirstNSamples_LikeTrain()
    {
        using var dir = new ScratchFolder();
        string data = Digits(dir), model = Path.Combine(dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", data, "--epochs", "2", "--model", model, "--quiet").ExitCode);
        var all = Cli.Run("evaluate", "--model", model, "--data", data, "--json", "--plots", dir.Path);
        var first = Cli.Run("evaluate", "--model", model, "--data", data, "--json", "--limit", "10", "--plots", dir.Path);
        Assert.True(first.ExitCode == 0, first.Err);
        using var a = System.Text.Json.JsonDocument.Parse(all.Out);
        using var f = System.Text.Json.JsonDocument.Parse(first.Out);
        Assert.Equal(40, Samples(a.RootElement));
        Assert.Equal(10, Samples(f.RootElement));
        Assert.Equal(10, f.RootElement.GetProperty("samples").GetInt32());
        Cli.AssertBadInput(Cli.Run("evaluate", "--model", model, "--data", data, "--limit", "0"), "--limit must be at least 1, got 0.");
    }

    /// <summary>The number of samples a confusion matrix counts.</summary>
    private static int Samples(System.Text.Json.JsonElement result) =>
        result.GetProperty("confusion").EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt32()));
}
