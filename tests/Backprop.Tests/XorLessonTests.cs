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
}
