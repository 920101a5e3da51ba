using Backprop.Lessons.LinearNeuron;

namespace Backprop.Tests;

public class LinearNeuronLessonTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearNeuronLesson_PrintsTheWorkedExample(bool fromScratch)
    {
        // 000_984c10394056329f.txt: inputs 0.2 and 0.4, weights 1.0 → 0.6; expected 0.5, a difference of 0.1;
        // lowering w1 to 0.5 does the trick.
        string output = CliRunner.Lesson("linear-neuron", fromScratch);
        Assert.Contains("y = x1*w1 + x2*w2 = 0.2*1.0 + 0.4*1.0 = 0.6", output);
        Assert.Contains("expected 0.5: a difference of y - t = 0.1", output);
        Assert.Contains("lowering w1 to 0.5 gives y = 0.5", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearNeuronLesson_WorkedExampleNumbersAreTheDocuments(bool fromScratch)
    {
        var ex = Train(fromScratch, new LinearNeuronOptions()).WorkedExample;
        Assert.Equal(0.6, ex.Output, 15);
        Assert.Equal(0.1, ex.Difference, 15);
        Assert.Equal(0.5, ex.OutputWithLoweredW1);   // 0.2·0.5 + 0.4·1.0 is exactly 0.5
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearNeuronLesson_LearnsZeroForTwoOnesAndOneForAOneAndAZero(bool fromScratch)
    {
        var r = Train(fromScratch, new LinearNeuronOptions());
        // With both weights 1.0 the outputs are 2 and 1, so E = (2² + 0²)/(2·2) = 1; then E falls below 0.0001.
        Assert.Equal(1.0, r.Errors[0]);
        Assert.Equal(0.8125, r.Errors[1]);
        Assert.True(r.Errors[^1] < 0.0001);
        Assert.True(r.Errors[..^1].All(e => e >= 0.0001));
        // Computed with /usr/bin/python3 from the same loop: 207 iterations, E = 9.800043096309024e-05.
        Assert.Equal(207, r.Iterations);
        Assert.Equal(9.800043096309024e-05, r.Errors[^1]);
        Assert.Equal(0, r.Predictions[0], 1);   // ≈0
        Assert.Equal(1, r.Predictions[1], 1);   // ≈1
    }

    [Fact]
    public void LinearNeuronLesson_BothVersionsComputeTheSameNumbersBitForBit()
    {
        foreach (var options in new[] { new LinearNeuronOptions(), new LinearNeuronOptions() with { Seed = 3 } })
        {
            var scratch = Train(true, options);
            var library = Train(false, options);
            Assert.Equal(scratch.Errors, library.Errors);
            Assert.Equal(scratch.Weights, library.Weights);
            Assert.Equal(scratch.Predictions, library.Predictions);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearNeuronLesson_WithASeedStartsFromNumPysRandomWeights(bool fromScratch)
    {
        // Python: np.random.RandomState(3).random_sample() twice; the loop then stops after 207 iterations.
        var r = Train(fromScratch, new LinearNeuronOptions() with { Seed = 3 });
        Assert.Equal([0.5507979025745755, 0.7081478226181048], r.InitialWeights);
        Assert.Equal(0.4466817158280811, r.Errors[0]);
        Assert.Equal(207, r.Iterations);
        Assert.Equal(9.661084462884653e-05, r.Errors[^1]);
    }

    [Fact]
    public void LinearNeuronLesson_EveryPrintsEveryKthErrorAndTheLast()
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("linear-neuron", false, "--every", "50"));
        var iterations = lines.Where(l => l.StartsWith("iteration ")).Select(l => l.Split(':')[0]).ToArray();
        Assert.Equal(["iteration 1", "iteration 51", "iteration 101", "iteration 151", "iteration 201", "iteration 207"], iterations);
        Assert.Contains("E < 0.0001 after 207 iterations", lines.Single(l => l.StartsWith("E < ")));
    }

    [Fact]
    public void LinearNeuronLesson_JsonHasTheDocumentedKeys()
    {
        var json = System.Text.Json.JsonDocument.Parse(CliRunner.Lesson("linear-neuron", false, "--json")).RootElement;
        foreach (var key in new[] { "errors", "iterations", "weights", "predictions" }) Assert.True(json.TryGetProperty(key, out _), key);
        Assert.Equal(207, json.GetProperty("iterations").GetInt32());
    }

    private static LinearNeuronResult Train(bool fromScratch, LinearNeuronOptions options) =>
        fromScratch ? LinearNeuronFromScratch.Train(options) : LinearNeuronWithLibrary.Train(options);
}
