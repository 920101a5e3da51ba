using Microsoft.ML;

namespace Backprop.ML.Tests;

/// <summary>ML.NET's own Save cannot hold a Backprop step; it says so, and a model saved with the network cannot be used after a plain Load by mistake.</summary>
public class SavingTests
{
    private static (MLContext Ml, ITransformer Model, IDataView Data) TwoEpochIris()
    {
        var ml = new MLContext(seed: 0);
        var data = Tables.Load(ml, "iris", "train");
        var model = Tables.Pipeline(ml, "iris", ml.MulticlassClassification.Trainers.Backprop(new BackpropTrainer.Options { Epochs = 2 })).Fit(data);
        return (ml, model, data);
    }

    [Fact]
    public void PlainSave_Refuses_AndNamesSaveWithNetwork()
    {
        var (ml, model, data) = TwoEpochIris();
        using var folder = new ScratchFolder();
        var e = Record.Exception(() => ml.Model.Save(model, data.Schema, Path.Combine(folder.Path, "model.zip")));
        Assert.NotNull(e);
        Assert.Contains("SaveWithNetwork", e.ToString());
    }

    [Fact]
    public void PlainLoad_OfASavedNetwork_FailsWhenUsed_NamingLoadWithNetwork()
    {
        var (ml, model, data) = TwoEpochIris();
        using var folder = new ScratchFolder();
        string zip = Path.Combine(folder.Path, "model.zip");
        ml.Model.SaveWithNetwork(model, data.Schema, zip);
        var loaded = new MLContext().Model.Load(zip, out _);
        var e = Record.Exception(() => loaded.Transform(data).Preview());
        Assert.NotNull(e);
        Assert.Contains("LoadWithNetwork", e.Message);
    }

    [Fact]
    public void LoadWithNetwork_OfAPlainModel_SaysHowItWasSaved()
    {
        var ml = new MLContext(seed: 0);
        var data = Tables.Load(ml, "iris", "train");
        var model = ml.Transforms.NormalizeMeanVariance("Features").Fit(data);
        using var folder = new ScratchFolder();
        string zip = Path.Combine(folder.Path, "plain.zip");
        ml.Model.Save(model, data.Schema, zip);
        var e = Assert.Throws<InvalidDataException>(() => ml.Model.LoadWithNetwork(zip, out _));
        Assert.Contains("not saved with SaveWithNetwork", e.Message);
    }

    [Fact]
    public void BadOptions_AreRefused_NamingTheSetting()
    {
        var ml = new MLContext();
        var e = Assert.Throws<ArgumentException>(() => ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { BatchSize = 0 }));
        Assert.StartsWith("Backprop trainer options: --batch-size must be at least 1, got 0; try 64.", e.Message);
    }

    public sealed class Row
    {
        [Microsoft.ML.Data.VectorType(2)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    [Fact]
    public void RowsWithAMissingValue_AreSkipped_AndCounted()
    {
        var ml = new MLContext();
        var rows = Enumerable.Range(0, 40).Select(i => new Row { Features = [i, i % 3], Label = i % 7 == 0 ? float.NaN : 2 * i })
            .Append(new Row { Features = [float.NaN, 1], Label = 3 }).ToList();
        var model = ml.Regression.Trainers.Backprop(new BackpropTrainer.Options { Epochs = 1 }).Fit(ml.Data.LoadFromEnumerable(rows));
        // Six NaN labels (0, 7, …, 35) and one NaN feature.
        Assert.Contains("7 rows with a missing label or feature value were skipped, as ML.NET's trainers skip them", model.Notes);
    }
}
