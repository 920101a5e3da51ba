using Backprop.Lessons.SingleWeight;

namespace Backprop.Tests;

public class SingleWeightLessonTests
{
    // The twenty lines printed in 001_df25bba17a983abe.txt (Leo Gau, "How I Implemented The Most Simple Neural Network").
    private static readonly string[] DocumentErrors =
    [
        "1369.0", "770.0625", "433.16015625", "243.6525878906251", "137.05458068847665", "77.09320163726807",
        "43.36492592096329", "24.39277083054185", "13.72093359217979", "7.718025145601132", "4.341389144400637",
        "2.442031393725358", "1.373642658970514", "0.7726739956709141", "0.43462912256489855", "0.24447888144275018",
        "0.13751937081154697", "0.07735464608149517", "0.043511988420844", "0.02447549348672308",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SingleWeightLesson_PrintsTheDocumentsTwentyErrors(bool fromScratch)
    {
        var lines = CliRunner.Lines(CliRunner.Lesson("single-weight", fromScratch));
        Assert.Equal(DocumentErrors.Select(e => "Error: " + e), lines.Take(20));
        // "the network's final prediction is off by about 0.02"; Python: 5 * w after the loop is 41.88266515825944
        Assert.StartsWith("Prediction for 5.0 after 20 epochs: 41.88266515825944", lines[20]);
    }

    [Fact]
    public void SingleWeightLesson_BothVersionsComputeTheSameNumbersBitForBit()
    {
        var options = new SingleWeightOptions();
        var scratch = SingleWeightFromScratch.Train(options);
        var library = SingleWeightWithLibrary.Train(options);
        Assert.Equal(scratch.Errors, library.Errors);
        Assert.Equal(scratch.Weight, library.Weight);
        Assert.Equal(scratch.Prediction, library.Prediction);
        Assert.Equal(41.88266515825944, library.Prediction);
        // The picture's weights: 1.0 at the start, the final weight after epoch 20, and the same in both versions.
        Assert.Equal(scratch.Weights, library.Weights);
        Assert.Equal(21, library.Weights.Length);
        Assert.Equal(1.0, library.Weights[0]);
        Assert.Equal(library.Weight, library.Weights[^1]);
        // Each update leaves (1 − alpha·input²) = 0.75 of the distance to goal / input = 8.4.
        for (int i = 1; i < library.Weights.Length; i++)
            Assert.Equal(0.75 * (8.4 - library.Weights[i - 1]), 8.4 - library.Weights[i], 1e-12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SingleWeightLesson_OptionsChangeTheProblem(bool fromScratch)
    {
        // Python: SimpleNN().train(input=2, goal=10, epochs=3) with alpha 0.1 prints 64.0, 23.04, 8.2944
        var lines = CliRunner.Lines(CliRunner.Lesson("single-weight", fromScratch, "--input", "2", "--goal", "10", "--alpha", "0.1", "--epochs", "3"));
        Assert.Equal(["Error: 64.0", "Error: 23.04", "Error: 8.2944"], lines.Take(3));
    }

    [Fact]
    public void SingleWeightLesson_JsonHasTheErrorsWeightAndPrediction()
    {
        var json = System.Text.Json.JsonDocument.Parse(CliRunner.Lesson("single-weight", false, "--json")).RootElement;
        Assert.Equal(["errors", "weight", "prediction"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1369.0, json.GetProperty("errors")[0].GetDouble());
        Assert.Equal(0.02447549348672308, json.GetProperty("errors")[19].GetDouble());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SingleWeightLesson_TraceShowsPredictionDeltaErrorDerivativeAndUpdate(bool fromScratch)
    {
        string output = CliRunner.Lesson("single-weight", fromScratch, "--trace", "--trace-steps", "2");
        Assert.Contains("step 1: pred = 5.0, delta = -37.0, error = 1369.0", output);
        Assert.Contains("weight: derivative = -185.0, update 1.0 - 0.01 * -185.0 = 2.85", output);
        Assert.Contains("step 2: pred = 14.25", output);
        Assert.DoesNotContain("step 3:", output);
    }
}
