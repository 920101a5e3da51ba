using Backprop.Lessons;
using Backprop.Lessons.SigmoidNeuron;

namespace Backprop.Tests;

public class SigmoidNeuronLessonTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SigmoidNeuronLesson_PrintsTheDocumentsStartingWeightsAndUntrainedAnswer(bool fromScratch)
    {
        // 004_beb282d364c6c98a.txt: the seed-1 starting weights and the untrained answer for [1, 0, 0].
        string output = CliRunner.Lesson("sigmoid-neuron", fromScratch);
        Assert.Contains("[[-0.16595599]\n [ 0.44064899]\n [-0.99977125]]", output);
        Assert.Contains("[ 0.45860596]", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SigmoidNeuronLesson_PrintsTheDocumentsTrainedWeightsAndAnswer(bool fromScratch)
    {
        // 004 shows the first two trained weights (9.67299303, -0.2078435) and 003 and 004 the answer 0.99993704;
        // the third weight, -4.62963669, is what the 9-line program prints under NumPy 1.24.
        string output = CliRunner.Lesson("sigmoid-neuron", fromScratch);
        Assert.Contains("[[ 9.67299303]\n [-0.2078435 ]\n [-4.62963669]]", output);
        Assert.Contains("[ 0.99993704]", output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SigmoidNeuronLesson_NumbersRoundToTheDocumentsEightDecimals(bool fromScratch)
    {
        var options = new SigmoidNeuronOptions();
        var r = fromScratch ? SigmoidNeuronFromScratch.Train(options) : SigmoidNeuronWithLibrary.Train(options);
        Assert.Equal(["-0.16595599", "0.44064899", "-0.99977125"], r.InitialWeights.Select(NumPyFormat.Value));
        Assert.Equal("0.45860596", NumPyFormat.Value(r.UntrainedOutput));
        Assert.Equal(["9.67299303", "-0.2078435", "-4.62963669"], r.Weights.Select(NumPyFormat.Value));
        Assert.Equal("0.99993704", NumPyFormat.Value(r.Output));
        // Full-precision values from the 9-line program (NumPy 1.24); the summation order may move the last bit.
        Assert.Equal(9.672993027736892, r.Weights[0], 1e-12);
        Assert.Equal(-0.20784349926631968, r.Weights[1], 1e-12);
        Assert.Equal(-4.62963668773159, r.Weights[2], 1e-12);
    }

    [Fact]
    public void SigmoidNeuronLesson_BothVersionsComputeTheSameNumbersBitForBit()
    {
        var options = new SigmoidNeuronOptions() with { Iterations = 500, Query = [0, 1, 1] };
        var scratch = SigmoidNeuronFromScratch.Train(options);
        var library = SigmoidNeuronWithLibrary.Train(options);
        Assert.Equal(scratch.UntrainedOutput, library.UntrainedOutput);
        Assert.Equal(scratch.Output, library.Output);
        Assert.Equal(scratch.InitialWeights, library.InitialWeights);
        Assert.Equal(scratch.Weights, library.Weights);
        // The pictures' path: the starting weights, then the weights after each iteration, and E before each update.
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(scratch.Path.Weights[j], library.Path.Weights[j]);
            Assert.Equal(501, library.Path.Weights[j].Length);
            Assert.Equal(library.InitialWeights[j], library.Path.Weights[j][0]);
            Assert.Equal(library.Weights[j], library.Path.Weights[j][^1]);
        }
        Assert.Equal(500, library.Path.Errors.Length);
        for (int i = 0; i < 500; i++) Assert.Equal(scratch.Path.Errors[i], library.Path.Errors[i], 1e-15);
        Assert.True(library.Path.Errors[^1] < library.Path.Errors[0] / 100, "E falls");
    }

    [Fact]
    public void SigmoidNeuronLesson_OptionsSetSeedIterationsAndQuery()
    {
        string output = CliRunner.Lesson("sigmoid-neuron", false, "--seed", "2", "--iterations", "10", "--query", "0,1,1");
        Assert.Contains("Considering new situation [0, 1, 1]", output);
        Assert.Contains("(10 iterations)", output);
        var (code, _, error) = CliRunner.Run("lesson", "sigmoid-neuron", "--query", "1,zero,0");
        Assert.Equal(2, code);
        Assert.Contains("'zero' is not a number", error);
    }

    [Fact]
    public void SigmoidNeuronLesson_JsonHasTheDocumentedKeys()
    {
        var json = System.Text.Json.JsonDocument.Parse(CliRunner.Lesson("sigmoid-neuron", true, "--json")).RootElement;
        Assert.Equal(["initial_weights", "untrained_output", "weights", "output"], json.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SigmoidNeuronLesson_TraceShowsOutputDeltaErrorDerivativesAndUpdates(bool fromScratch)
    {
        string output = CliRunner.Lesson("sigmoid-neuron", fromScratch, "--trace", "--trace-steps", "1");
        Assert.Contains("step 1: output = [", output);
        Assert.Contains("output - target = [", output);
        Assert.Contains("w1: derivative = ", output);
        Assert.Contains("update -0.16595599 - 1. * ", output);
        Assert.DoesNotContain("step 2:", output);
    }
}
