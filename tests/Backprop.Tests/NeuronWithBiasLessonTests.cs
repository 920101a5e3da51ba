using System.Text.Json;
using Backprop.Lessons.NeuronWithBias;

namespace Backprop.Tests;

public class NeuronWithBiasLessonTests
{
    public static TheoryData<string, bool> Runs => new()
    {
        { "neuron-with-bias_seed42_lr0.01_it1000.json", false },
        { "neuron-with-bias_seed42_lr0.01_it1000.json", true },
        { "neuron-with-bias_seed42_lr0.1_it10000.json", false },
        { "neuron-with-bias_seed42_lr0.1_it10000.json", true },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void NeuronWithBiasLesson_MatchesTheNumPyReferenceRun(string file, bool fromScratch)
    {
        // Reference/neuron-with-bias_*.json: the document's program run under NumPy 1.24 with np.random.seed(42).
        var reference = TestData.Load(file);
        var options = new NeuronWithBiasOptions(
            (uint)reference.GetProperty("seed").GetInt32(), reference.GetProperty("lr").GetDouble(), reference.GetProperty("iterations").GetInt32());
        var r = NeuronWithBiasLesson.Train(options, fromScratch);
        AssertClose(reference.GetProperty("initial_weights_and_bias").Doubles(), r.InitialWeightsAndBias);
        AssertClose(reference.GetProperty("cumulative_errors").Doubles(), r.CumulativeErrors);
        AssertClose(reference.GetProperty("final_weights").Doubles(), r.Weights);
        AssertClose([reference.GetProperty("final_bias").GetDouble()], [r.Bias]);
    }

    [Fact]
    public void NeuronWithBiasLesson_BothVersionsComputeTheSameNumbersBitForBit()
    {
        var options = new NeuronWithBiasOptions() with { Seed = 7, Iterations = 2000, LearningRate = 0.05 };
        var scratch = NeuronWithBiasLesson.Train(options, fromScratch: true);
        var library = NeuronWithBiasLesson.Train(options, fromScratch: false);
        Assert.Equal(scratch.InitialWeightsAndBias, library.InitialWeightsAndBias);
        Assert.Equal(scratch.CumulativeErrors, library.CumulativeErrors);
        Assert.Equal(scratch.Weights, library.Weights);
        Assert.Equal(scratch.Bias, library.Bias);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NeuronWithBiasLesson_PrintsTheSeed42Numbers(bool fromScratch)
    {
        // The default run is the document's (lr 0.01, 1000 iterations) with seed 42, said in the first line.
        string output = CliRunner.Lesson("neuron-with-bias", fromScratch);
        Assert.StartsWith("seed 42, learning rate 0.01, 1000 iterations", output);
        Assert.Contains("iteration      0: 3.0651088890690916", output);
        Assert.Contains("iteration    900: 2.0009294306136725", output);
        Assert.Contains("learned weights [-0.14011318110615012, 0.1658564456154716], bias 0.2942187765454368", output);
    }

    [Fact]
    public void NeuronWithBiasLesson_JsonHasTheDocumentedKeys()
    {
        var json = JsonDocument.Parse(CliRunner.Lesson("neuron-with-bias", false, "--json", "--seed", "42")).RootElement;
        foreach (var key in new[] { "initial_weights_and_bias", "cumulative_errors", "weights", "bias" }) Assert.True(json.TryGetProperty(key, out _), key);
        Assert.Equal(10, json.GetProperty("cumulative_errors").GetArrayLength());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NeuronWithBiasLesson_TraceUsesTheDocumentsNames(bool fromScratch)
    {
        string output = CliRunner.Lesson("neuron-with-bias", fromScratch, "--trace");
        Assert.Contains("step 1: prediction = ", output);
        Assert.Contains("derror_dprediction = ", output);
        Assert.Contains("weights[0]: derivative = ", output);
        Assert.Contains("bias: derivative = ", output);
        Assert.Contains("step 3:", output);
        Assert.DoesNotContain("step 4:", output);
    }

    [Fact]
    public void NeuronWithBiasLesson_WritesItsThreePictures()
    {
        string folder = Path.Combine(Path.GetTempPath(), "backprop-nwb-" + Guid.NewGuid().ToString("N"));
        try
        {
            string output = CliRunner.Lesson("neuron-with-bias", false, "--plots", folder);
            foreach (var name in new[] { "neuron-with-bias-error", "neuron-with-bias-comparison", "neuron-with-bias-data" })
            {
                string path = Path.Combine(folder, name + ".svg");
                Assert.True(File.Exists(path), path);
                Assert.Contains($"picture: {path}", output);
            }
            // The comparison has both curves: the document's rate and a tenth of it for three times as long.
            string comparison = File.ReadAllText(Path.Combine(folder, "neuron-with-bias-comparison.svg"));
            Assert.Contains("0.001, 3000 iterations", comparison);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"[{i}] expected {expected[i]:R}, got {actual[i]:R}");
    }
}
