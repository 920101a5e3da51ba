using System.Text.Json;
using Backprop.Lessons.Xor;

namespace Backprop.Tests;

public class XorLessonTests
{
    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void XorLesson_LearnsXor(bool fromScratch, int hidden)
    {
        var options = new XorOptions() with { Hidden = hidden };
        var r = fromScratch ? XorFromScratch.Train(options) : XorWithLibrary.Train(options);
        Assert.True(r.FinalError < options.TargetError, $"E = {r.FinalError} after {r.Epochs} epochs");
        // E < 0.0001 means every answer is within √(8·0.0001) ≈ 0.03 of its target.
        for (int p = 0; p < 4; p++) Assert.Equal(XorLesson.Targets[p], r.Outputs[p], 0.03);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void XorLesson_BothVersionsComputeTheSameNumbersBitForBit(int hidden)
    {
        var options = new XorOptions() with { Hidden = hidden };
        var scratch = XorFromScratch.Train(options);
        var library = XorWithLibrary.Train(options);
        Assert.Equal(scratch.Errors, library.Errors);
        Assert.Equal(scratch.Outputs, library.Outputs);
    }

    [Fact]
    public void XorLesson_PrintsTheFourAnswers()
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("xor", false));
        Assert.Contains(lines, l => l.StartsWith("E = ") && l.Contains("< 0.0001 after 1450 epochs"));
        Assert.Equal(4, lines.Count(l => l.Contains(" XOR ") && l.Contains("network says")));
    }

    [Fact]
    public void XorLesson_JsonHasTheDocumentedKeys()
    {
        var json = JsonDocument.Parse(CliRunner.Lesson("xor", true, "--json", "--hidden", "3")).RootElement;
        foreach (var key in new[] { "outputs", "epochs", "final_error" }) Assert.True(json.TryGetProperty(key, out _), key);
        Assert.Equal(4, json.GetProperty("outputs").GetArrayLength());
    }

    [Fact]
    public void XorLesson_TraceNamesEveryWeightAndBias()
    {
        string output = CliRunner.Lesson("xor", false, "--trace", "--trace-steps", "1");
        foreach (var name in new[] { "w_11 (ij)", "w_22 (ij)", "b_2 (hidden)", "w_2 (jk)", "b (output)" }) Assert.Contains(name + ": derivative = ", output);
    }

    [Theory]
    [InlineData("tanh", "2", "E = 9.80290535503032e-05 < 0.0001 after 213 epochs")]
    [InlineData("relu", "3", "E = 7.991071525606215e-05 < 0.0001 after 65 epochs")]
    public void XorLesson_OtherHiddenActivations_LearnXorAndBothVersionsPrintTheSame(string activation, string hidden, string line)
    {
        string library = CliRunner.Lesson("xor", false, "--activation", activation, "--hidden", hidden);
        Assert.Equal(library, CliRunner.Lesson("xor", true, "--activation", activation, "--hidden", hidden));
        Assert.Contains(line, CliRunner.Lines(library));
        Assert.StartsWith($"2-{hidden}-1 network, {activation} hidden layer", library);
    }

    [Fact]
    public void XorLesson_ReluWithTwoDeadUnits_StaysAtAConstantHalf()
    {
        // Seed 1 starts both ReLU units below 0 for every input: no gradient reaches them, the output learns the mean 0.5,
        // and E = 1/(2·4)·4·0.5² = 0.125 for good.
        var lines = CliRunner.Lines(CliRunner.Lesson("xor", false, "--activation", "relu", "--seed", "1", "--max-epochs", "2000"));
        Assert.Equal("E = 0.125 after 2000 epochs: not yet below 0.0001 (try more --max-epochs or another --seed)", lines[1]);
    }

    [Fact]
    public void XorLesson_UnknownActivation_IsOneLineAndExitCodeTwo() =>
        Cli.AssertBadInput(Cli.Run("lesson", "xor", "--activation", "softplus"), "--activation must be one of sigmoid, tanh, relu");
}
