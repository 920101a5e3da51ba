using System.Text.Json;
using Backprop.Lessons.Autograd;

namespace Backprop.Tests;

public class AutogradLessonTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AutogradLesson_PrintsMicrogradsReadmeNumbers(bool fromScratch)
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("autograd", fromScratch));
        // micrograd's README: print(f'{g.data:.4f}') → 24.7041, a.grad → 138.8338, b.grad → 645.5773.
        Assert.StartsWith("  g = 24.7041 (", lines[1]);
        Assert.Contains("dg/da = 138.8338 (", lines[1]);
        Assert.Contains("dg/db = 645.5773 (", lines[1]);
    }

    [Fact]
    public void Value_SharedInput_GetsFourFromTheSortedBackwardAndEightFromTheNaiveOne()
    {
        var (a, c) = AutogradExamples.SharedInput();
        c.Backward();
        Assert.Equal(4.0, a.Grad);
        c.NaiveRecursiveBackward();
        Assert.Equal(8.0, a.Grad);
    }

    [Fact]
    public void Value_MicrogradExpression_GradientsMatchFiniteDifferences()
    {
        var (a, b, g) = AutogradExamples.MicrogradExpression();
        g.Backward();
        static double G(double av, double bv) => AutogradExamples.MicrogradExpression(av, bv).G.Data;
        const double h = 1e-6;
        Assert.Equal(a.Grad, (G(-4 + h, 2) - G(-4 - h, 2)) / (2 * h), 4);
        Assert.Equal(b.Grad, (G(-4, 2 + h) - G(-4, 2 - h)) / (2 * h), 4);
        Assert.Equal(24.70408163265306, g.Data, 12);
    }

    [Fact]
    public void AutogradLesson_MlpTrainedWithValueAndWithTheLibraryHasTheSameLossCurve()
    {
        var options = new AutogradOptions();
        double[] withValue = AutogradFromScratch.Train(options, null), withLibrary = AutogradWithLibrary.Train(options, null);
        Assert.Equal(options.Epochs, withValue.Length);
        Assert.Equal(withValue.Length, withLibrary.Length);
        for (int i = 0; i < withValue.Length; i++)
            Assert.True(Math.Abs(withValue[i] - withLibrary[i]) <= 1e-13 * withValue[i], $"epoch {i + 1}: {withValue[i]} vs {withLibrary[i]}");
        // And it learns: E falls from 0.22 to 0.012 in 200 epochs.
        Assert.Equal(0.223029724, withValue[0], 9);
        Assert.True(withValue[^1] < 0.0125);
    }

    [Fact]
    public void AutogradLesson_JsonHasTheDocumentedKeys()
    {
        var json = JsonDocument.Parse(CliRunner.Lesson("autograd", false, "--json")).RootElement;
        Assert.Equal(24.7041, json.GetProperty("g").GetDouble(), 4);
        Assert.Equal(138.8338, json.GetProperty("dg_da").GetDouble(), 4);
        Assert.Equal(645.5773, json.GetProperty("dg_db").GetDouble(), 4);
        Assert.Equal(4.0, json.GetProperty("dc_da").GetDouble());
        Assert.Equal(0.7071067811865476, json.GetProperty("neuron").GetProperty("o").GetDouble(), 15);
    }

    [Fact]
    public void ValueGraph_DotTextHasABoxPerValueAndAnEllipsePerOperation()
    {
        string dot = ValueGraph.Dot(AutogradFromScratch.DifferentiatedNeuron());
        Assert.StartsWith("digraph {", dot);
        Assert.Contains("label=\"{ o | data 0.7071 | grad 1 }\"", dot);
        Assert.Contains("label=\"{ b | data 6.8814 | grad 0.5 }\"", dot);
        Assert.Equal(5, dot.Split("shape=ellipse").Length - 1);   // two *, two +, tanh
    }
}
