using Backprop.ML;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.ML.Tests;

/// <summary>A prediction engine over the whole pipeline answers what the network answers for the same normalised row.</summary>
public class PredictionEngineTests
{
    public sealed class IrisRow
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
    }

    public sealed class IrisPrediction
    {
        public float[] Score { get; set; } = [];
        public string PredictedLabel { get; set; } = "";
    }

    public sealed class Normalised
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
    }

    [Fact]
    public void ThePredictionEngine_AnswersAsNetworkPredict_OnTheNormalisedRow()
    {
        var ml = new MLContext(seed: 0);
        var model = Tables.Pipeline(ml, "iris", Tables.Backprop(ml, "iris")).Fit(Tables.Load(ml, "iris", "train"));
        var step = Tables.Step(model);
        var test = Tables.Load(ml, "iris", "test");
        var raw = ml.Data.CreateEnumerable<IrisRow>(test, reuseRowObject: false).ToList();
        var normalised = ml.Data.CreateEnumerable<Normalised>(model.Transform(test), reuseRowObject: false).ToList();
        var engine = ml.Model.CreatePredictionEngine<IrisRow, IrisPrediction>(model);
        Assert.Equal(38, raw.Count);
        for (int i = 0; i < raw.Count; i++)
        {
            Assert.NotEqual(raw[i].Features, normalised[i].Features);
            var predicted = engine.Predict(raw[i]);
            float[] expected = step.Network.Predict(normalised[i].Features);
            Assert.Equal(expected, predicted.Score);
            Assert.Equal(step.ClassNames![Array.IndexOf(expected, expected.Max())], predicted.PredictedLabel);
        }
        // The label's key values are the classes in order of first appearance in the file, as train orders them.
        var labels = File.ReadLines(Tables.File("iris", "train")).Skip(1).Select(l => l.Split(',')[^1]).Distinct();
        Assert.Equal(labels, step.ClassNames);
    }
}
