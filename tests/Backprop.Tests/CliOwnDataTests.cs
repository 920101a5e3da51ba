using System.Text.Json;

namespace Backprop.Tests;

/// <summary>
/// `backprop train` on a new user's own table, with no options but the data: it decides the task and the header, says
/// so, stops early on a validation split, keeps the best epoch, and reaches what scikit-learn reaches on the same split.
/// </summary>
public class CliOwnDataTests
{
    private static string Table(string name) => Path.Combine(AppContext.BaseDirectory, "Reference", "tables", name);

    private static JsonElement Json(Cli.Result r)
    {
        Assert.True(r.ExitCode == 0, r.Err);
        return JsonDocument.Parse(r.Out).RootElement;
    }

    [Fact]
    public void TheDefaultCommand_OnIris_IsWithinTwoPointsOfScikitLearnsMlp()
    {
        var r = Cli.Run("train", "--data", Table("iris_train.csv"), "--test", Table("iris_test.csv"), "--json");
        var json = Json(r);
        // MLPClassifier with a StandardScaler on the same split: 97.37 % (37 of 38) for seeds 0-4 (bench/sklearn_tables.py).
        double accuracy = json.GetProperty("test_accuracy").GetDouble();
        Assert.True(accuracy >= 0.9737 - 0.02, $"test accuracy {accuracy}");
        Assert.Equal(22, json.GetProperty("validation_samples").GetInt32());        // a stratified fifth held out for early stopping,
        Assert.Equal(112, json.GetProperty("train_samples").GetInt32());            // then every row for the epochs it chose
        Assert.StartsWith("stopped early after epoch", json.GetProperty("stopped").GetString());
    }

    [Fact]
    public void TheDefaultCommand_OnDiabetes_IsARegression_WithinTenPercentOfLeastSquares_InTheTargetsUnits()
    {
        var r = Cli.Run("train", "--data", Table("diabetes_train.csv"), "--test", Table("diabetes_test.csv"), "--json");
        var json = Json(r);
        // Ordinary least squares on the same split: test MSE 3180.16 (bench/sklearn_tables.py).
        double mse = json.GetProperty("test_mse").GetDouble();
        Assert.True(mse <= 1.10 * 3180.16, $"test MSE {mse}");
        Assert.Equal(1, json.GetProperty("test_loss").GetDouble() / mse, 4);     // the loss is the MSE (summed in float)
        Assert.InRange(json.GetProperty("test_mae").GetDouble(), 30, 60);           // in the target's units (25 … 346)
        Assert.InRange(json.GetProperty("test_r2").GetDouble(), 0.3, 0.7);
        Assert.Contains("regression, because", json.GetProperty("notes")[0].GetString());
        // Losses are reported in the target's units too: the first epoch's is near the target's variance, not 1.
        Assert.True(json.GetProperty("epochs")[0].GetProperty("train_loss").GetDouble() > 1000);
    }

    [Fact]
    public void TheDecisions_AreNotes_BeforeTheNetworkSummary_AndTheEndSaysWhichEpochWasKept()
    {
        var r = Cli.Run("train", "--data", Table("diabetes_train.csv"));
        Assert.True(r.ExitCode == 0, r.Err);
        string[] lines = CliRunner.Lines(r.Out);
        int note = Array.FindIndex(lines, l => l.Contains("regression, because the target column 'target' holds 187 different whole numbers (more than 20) (--task classification to override)"));
        int summary = Array.FindIndex(lines, l => l.StartsWith("Total parameters"));
        int firstEpoch = Array.FindIndex(lines, l => l.StartsWith("epoch "));
        Assert.True(note >= 0 && note < summary && summary < firstEpoch, r.Out);
        Assert.Contains(lines, l => l.StartsWith("264 training samples, 67 validation; early stopping: up to 500 epochs"));
        Assert.Matches(@"stopped early after epoch \d+: the validation loss had not improved for \d+ epochs; the best was epoch (\d+) .*; then trained again on all 331 training samples for \1 epochs", r.Out);
    }

    [Fact]
    public void PipedOutput_IsPlainLines_WithOneNamePerSet_AndNoTable()
    {
        var r = Cli.Run("train", "--data", Table("iris_train.csv"), "--epochs", "3", "--validation-split", "0.2");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Matches(@"epoch 1/3  train loss [0-9.]+ acc [0-9.]+ %  validation loss [0-9.]+ acc [0-9.]+ %", r.Out);
        Assert.DoesNotContain("val-", r.Out);
        foreach (string border in new[] { "┌", "│", "+--", "|" }) Assert.DoesNotContain(border, r.Out);
        Assert.Contains("trained 3 epochs, --epochs 3", r.Out);
    }

    [Fact]
    public void Quiet_PrintsOnlyTheResults()
    {
        var r = Cli.Run("train", "--data", Table("iris_train.csv"), "--test", Table("iris_test.csv"), "--epochs", "2", "--quiet");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.DoesNotContain("note:", r.Out);
        Assert.DoesNotContain("epoch 1/2", r.Out);
        Assert.DoesNotContain("Total parameters", r.Out);
        Assert.Contains("test accuracy", r.Out);
    }

    [Fact]
    public void AHeaderlessFile_LosesNoRow_InTrainEvaluateAndPredict()
    {
        using var dir = new ScratchFolder();
        string[] rows = File.ReadAllLines(Table("iris_train.csv"))[1..];
        string csv = dir.Write("noheader.csv", string.Join("\n", rows) + "\n");
        string model = Path.Combine(dir.Path, "m.safetensors");
        var train = Json(Cli.Run("train", "--data", csv, "--epochs", "2", "--model", model, "--json"));
        Assert.Equal(112, train.GetProperty("train_samples").GetInt32());

        var evaluate = Json(Cli.Run("evaluate", "--model", model, "--data", csv, "--plots", dir.Path, "--json"));
        Assert.Equal(112, evaluate.GetProperty("samples").GetInt32());

        string points = dir.Write("points.csv", string.Join("\n", rows.Take(3).Select(l => string.Join(",", l.Split(',')[..4]))) + "\n");
        var predict = Cli.Run("predict", "--model", model, "--data", points);
        Assert.True(predict.ExitCode == 0, predict.Err);
        Assert.Equal(4, CliRunner.Lines(predict.Out).Length);                        // the x0 … x3 header and three predictions
        Assert.StartsWith("x0,x1,x2,x3,label,", predict.Out);
        Assert.Contains("it is data, not a header", predict.Err);
    }

    [Fact]
    public void PredictJson_GivesEachClassItsProbability()
    {
        using var dir = new ScratchFolder();
        string model = Path.Combine(dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", Table("iris_train.csv"), "--epochs", "5", "--model", model, "--quiet").ExitCode);
        var one = Json(Cli.Run("predict", "--model", model, "--input", "5.1,3.5,1.4,0.2", "--json"));
        var probabilities = one.GetProperty("probabilities");
        Assert.Equal(["setosa", "versicolor", "virginica"], probabilities.EnumerateObject().Select(p => p.Name).Order());
        double[] outputs = [.. one.GetProperty("output").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(outputs.Sum(), probabilities.EnumerateObject().Sum(p => p.Value.GetDouble()), 12);
        Assert.Equal(outputs.Max(), probabilities.GetProperty(one.GetProperty("label").GetString()!).GetDouble());

        string points = dir.Write("p.csv", "sl,sw,pl,pw\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        var many = Json(Cli.Run("predict", "--model", model, "--data", points, "--json"));
        Assert.Equal(2, many.GetArrayLength());
        Assert.Equal(3, many[1].GetProperty("probabilities").EnumerateObject().Count());
    }
}
