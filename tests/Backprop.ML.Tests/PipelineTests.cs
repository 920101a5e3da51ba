using Backprop.ML;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Backprop.ML.Tests;

/// <summary>
/// The issue's pipeline (label → key, NormalizeMeanVariance, Backprop, key → label) on the five tables: ML.NET's
/// evaluator reports within 2 points (10 % for the MSE) of <c>backprop train</c> on the same files, and the model saved
/// with its network and loaded in a fresh MLContext scores every test row exactly as before.
/// </summary>
public class PipelineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("iris")]
    [InlineData("wine")]
    [InlineData("breast_cancer")]
    [InlineData("digits")]
    [InlineData("diabetes")]
    public void ThePipeline_ScoresAsTrainDoes_AndSavesAndLoadsToTheSameScores(string name)
    {
        var ml = new MLContext(seed: 0);
        var train = Tables.Load(ml, name, "train");
        var test = Tables.Load(ml, name, "test");
        var model = Tables.Pipeline(ml, name, Tables.Backprop(ml, name)).Fit(train);
        var scored = model.Transform(test);
        double pipeline = Tables.Evaluate(ml, name, scored);
        double cli = Tables.Train(name);
        output.WriteLine($"{name}: pipeline {pipeline:F2}, backprop train {cli:F2}, {Tables.Step(model).History!.Epochs.Count} epochs; {string.Join("; ", Tables.Step(model).Notes)}");
        if (Tables.TaskOf(name) == BackpropTask.Regression)
            Assert.InRange(pipeline, cli * 0.9, cli * 1.1);
        else
            Assert.InRange(pipeline, cli - 2, cli + 2);

        using var folder = new ScratchFolder();
        string zip = Path.Combine(folder.Path, "model.zip");
        ml.Model.SaveWithNetwork(model, train.Schema, zip);
        var fresh = new MLContext(seed: 1);
        var loaded = fresh.Model.LoadWithNetwork(zip, out var schema);
        Assert.Equal(train.Schema.Select(c => (c.Name, c.Type.ToString())), schema.Select(c => (c.Name, c.Type.ToString())));
        var again = loaded.Transform(Tables.Load(fresh, name, "test"));
        Assert.Equal(Scores(scored), Scores(again));
        Assert.Equal(Predicted(scored, Tables.TaskOf(name)), Predicted(again, Tables.TaskOf(name)));
        Assert.Equal(pipeline, Tables.Evaluate(fresh, name, again));
    }

    /// <summary>Every row's Score, as bits (a vector for multiclass, one number otherwise).</summary>
    internal static List<int[]> Scores(IDataView scored)
    {
        var column = scored.Schema["Score"];
        var rows = new List<int[]>();
        using var cursor = scored.GetRowCursor([column]);
        if (column.Type is VectorDataViewType)
        {
            var get = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> v = default;
            while (cursor.MoveNext()) { get(ref v); rows.Add([.. v.DenseValues().Select(BitConverter.SingleToInt32Bits)]); }
        }
        else
        {
            var get = cursor.GetGetter<float>(column);
            float v = 0;
            while (cursor.MoveNext()) { get(ref v); rows.Add([BitConverter.SingleToInt32Bits(v)]); }
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>PredictedLabel's values as text: the class name, true or false; none for regression.</summary>
    internal static List<string> Predicted(IDataView view, BackpropTask task) => task switch
    {
        BackpropTask.Multiclass => [.. view.GetColumn<string>("PredictedLabel")],
        BackpropTask.Binary => [.. view.GetColumn<bool>("PredictedLabel").Select(b => b.ToString())],
        _ => [],
    };
}
