using System.Text.Json;
using Backprop.Lessons.CrossEntropy;

namespace Backprop.Tests;

public class SoftmaxCrossEntropyLessonTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SoftmaxCrossEntropyLesson_PrintsTheSoftmaxAndCrossEntropyOfTheLogits(bool fromScratch)
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("softmax-crossentropy", fromScratch));
        // Part 3's example, as NumPy computes it: exp(x − max x) / Σ exp(x − max x).
        Assert.Equal("softmax([2.0, 1.0, 0.1]) = [0.6590011388859679, 0.24243297070471392, 0.09856589040931818]", lines[0]);
        Assert.Equal("cross-entropy for class 0: E = -ln 0.6590011388859679 = 0.4170300162778335", lines[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SoftmaxCrossEntropyLesson_FullJacobianAndFiniteDifferencesGiveYMinusT_TheDiagonalAloneDoesNot(bool fromScratch)
    {
        var r = fromScratch
            ? SoftmaxCrossEntropyFromScratch.Run(new SoftmaxCrossEntropyOptions(), (null, null))
            : SoftmaxCrossEntropyWithLibrary.Run(new SoftmaxCrossEntropyOptions(), (null, null));
        double[] yMinusT = [0.6590011388859679 - 1, 0.24243297070471392, 0.09856589040931818];
        Assert.Equal(yMinusT, r.Gradient.YMinusT);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(yMinusT[i], r.Gradient.FullJacobian[i], 15);
            Assert.Equal(yMinusT[i], r.Gradient.FiniteDifferences[i], 8);
        }
        // f(1 − f)·∂E/∂y is right for the true class only: the other two get nothing.
        Assert.Equal(yMinusT[0], r.Gradient.DiagonalOnly[0], 15);
        Assert.Equal([0.0, 0.0], r.Gradient.DiagonalOnly[1..]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SoftmaxCrossEntropyLesson_PrintsNielsensSlowdownNumbers(bool fromScratch)
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("softmax-crossentropy", fromScratch));
        // Nielsen, chapter 3: from w = b = 2 the quadratic cost still outputs 0.93 after 150 updates and 0.20 after 300,
        // while cross-entropy is below 0.1 after 50; from w = 0.6, b = 0.9 it is 273 updates against 41.
        Assert.Contains("  from w = 2.0, b = 2.0: output 0.98201379", lines);
        Assert.Contains("    quadratic cost:     output 0.9759334 after 50, 0.93341747 after 150, 0.20284842 after 300; not below 0.1 within 300 updates", lines);
        Assert.Contains(lines, l => l.StartsWith("    cross-entropy cost: output 0.09850393 after 50,") && l.EndsWith("; below 0.1 after 50 updates"));
        Assert.Contains("  from w = 0.6, b = 0.9: output 0.81757448", lines);
        Assert.Contains(lines, l => l.StartsWith("    quadratic cost:") && l.EndsWith("; below 0.1 after 273 updates"));
        Assert.Contains(lines, l => l.StartsWith("    cross-entropy cost:") && l.EndsWith("; below 0.1 after 41 updates"));
    }

    [Fact]
    public void SoftmaxCrossEntropyLesson_JsonHasTheDocumentedKeys()
    {
        var json = JsonDocument.Parse(CliRunner.Lesson("softmax-crossentropy", false, "--json")).RootElement;
        Assert.Equal(0.4170300162778335, json.GetProperty("cross_entropy").GetDouble());
        Assert.Equal(3, json.GetProperty("softmax").GetArrayLength());
        Assert.Equal(3, json.GetProperty("gradient").GetProperty("y_minus_t").GetArrayLength());
        var slowdown = json.GetProperty("slowdown");
        Assert.Equal(2, slowdown.GetArrayLength());
        Assert.Equal(273, slowdown[1].GetProperty("quadratic").GetProperty("updates_to_below").GetInt32());
        Assert.Equal(41, slowdown[1].GetProperty("cross_entropy").GetProperty("updates_to_below").GetInt32());
        Assert.Equal(0.933417472557329, slowdown[0].GetProperty("quadratic").GetProperty("output_after").GetProperty("150").GetDouble(), 8);
    }

    [Fact]
    public void SoftmaxCrossEntropyLesson_TraceShowsTheCrossEntropyGradientCancellingTheSigmoidsSlope()
    {
        string output = CliRunner.Lesson("softmax-crossentropy", false, "--trace", "--trace-steps", "1");
        // Quadratic: ∂C/∂w = (a − y)·a(1 − a) = 0.98201379·0.01766271 ≈ 0.0173; cross-entropy: ∂C/∂w = a − y = 0.98201379.
        Assert.Contains("step 1: a = 0.98201379, dC/da = 0.98201379, C (quadratic) = 0.48217554", output);
        Assert.Contains("    w: derivative = 0.01734502, update 2. - 0.15 * 0.01734502 = 1.99739825", output);
        Assert.Contains("    w: derivative = 0.98201379, update 2. - 0.15 * 0.98201379 = 1.85269793", output);
    }
}
