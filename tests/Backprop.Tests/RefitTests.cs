using System.Text.Json;
using Backprop.Serialization;

namespace Backprop.Tests;

/// <summary>
/// With early stopping on the default validation split, the split only chooses the number of epochs: the model is then
/// trained from the same start on every training row for that many epochs (as scikit-learn trains on every row), which
/// is exactly <c>--validation-split 0 --epochs K</c>. A split the user gives, a fixed length, or --no-refit keep the
/// network trained without the held-out rows.
/// </summary>
public class RefitTests
{
    private static string Table(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "tables", name);

    private static JsonElement Json(Cli.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Err);
        return JsonDocument.Parse(r.Out).RootElement;
    }

    private static float[][] Weights(string model) => [.. ModelFile.Load<float>(model).Network.Parameters.Select(p => p.Value.ToArray())];

    [Fact]
    public void TheDefault_TrainsAgainOnEveryRow_ForTheKeptEpochs_AsValidationSplitZeroWould_ToTheBit()
    {
        using var dir = new ScratchFolder();
        string refit = Path.Combine(dir.Path, "refit.safetensors"), plain = Path.Combine(dir.Path, "plain.safetensors");
        var json = Json(Cli.Run("train", "--data", Table("iris_train.csv"), "--test", Table("iris_test.csv"), "--model", refit, "--json"));
        int kept = json.GetProperty("kept_epoch").GetInt32();
        Assert.Equal(kept, json.GetProperty("refit_epochs").GetInt32());
        Assert.Equal(112, json.GetProperty("train_samples").GetInt32());        // every training row
        Assert.Equal(22, json.GetProperty("validation_samples").GetInt32());    // the fifth that chose the epochs
        Assert.Contains($"the best was epoch {kept} ", json.GetProperty("stopped").GetString());
        Assert.EndsWith($"then trained again on all 112 training samples for {kept} epochs", json.GetProperty("stopped").GetString());

        var again = Json(Cli.Run("train", "--data", Table("iris_train.csv"), "--test", Table("iris_test.csv"), "--validation-split", "0",
            "--epochs", kept.ToString(System.Globalization.CultureInfo.InvariantCulture), "--model", plain, "--json"));
        Assert.Equal(again.GetProperty("test_loss").GetDouble(), json.GetProperty("test_loss").GetDouble());
        Assert.Equal(Weights(plain), Weights(refit));
        Assert.True(json.GetProperty("test_accuracy").GetDouble() >= 0.9737 - 0.02);
    }

    [Theory]
    [InlineData("--no-refit")]
    [InlineData("--validation-split", "0.2")]
    public void NoRefit_OrAGivenSplit_KeepsTheNetworkTrainedWithoutTheHeldOutRows(params string[] options)
    {
        var json = Json(Cli.Run(["train", "--data", Table("iris_train.csv"), "--test", Table("iris_test.csv"), "--json", .. options]));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("refit_epochs").ValueKind);
        Assert.Equal(90, json.GetProperty("train_samples").GetInt32());
        Assert.Contains("kept the weights of epoch", json.GetProperty("stopped").GetString());
    }

    [Fact]
    public void TheLibrarysTrain_RefitsAsTheCommandDoes()
    {
        var run = Runs.TrainRun<float>.Create(new TrainSettings { Data = Table("iris_train.csv") });
        var model = run.Train();
        Assert.NotSame(run, model);
        Assert.Equal(112, model.Data.Train.Count);
        Assert.Null(model.Data.Validation);
        Assert.Equal(run.Stopping!.BestEpoch, model.Trainer.CompletedEpochs);
        // A run with its split given is its own model.
        var given = Runs.TrainRun<float>.Create(new TrainSettings { Data = Table("iris_train.csv"), ValidationSplit = 0.2 });
        Assert.Same(given, given.Train());
    }
}
