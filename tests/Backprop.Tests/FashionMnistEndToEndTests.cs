using System.Text.Json;

namespace Backprop.Tests;

public class FashionMnistEndToEndTests
{
    private const string Folder = "/usr/share/datasets/fashion-mnist";

    [SkippableFact]
    public void TrainOn2000Images_ReachesAtLeast78PercentOnTheTestSet_ThenEvaluateAgrees()
    {
        // CI installs dataset-fashion-mnist (.ci/run), so there this test always runs; elsewhere it is skipped
        // with the package to install.
        bool ci = Environment.GetEnvironmentVariable("CI") is "true" or "1";
        if (!ci) Skip.IfNot(Directory.Exists(Folder), $"{Folder} is missing: sudo apt-get install dataset-fashion-mnist");
        using var dir = new ScratchFolder();
        string model = Path.Combine(dir.Path, "fashion.safetensors");
        var train = Cli.Run("train", "--data", "fashion-mnist", "--limit", "2000", "--layers", "64", "--epochs", "8", "--optimizer", "adam",
            "--learning-rate", "0.002", "--batch-size", "32", "--seed", "1", "--json", "--model", model);
        Assert.True(train.ExitCode == 0, train.Err);
        var json = JsonDocument.Parse(train.Out).RootElement;
        Assert.Equal(2000, json.GetProperty("train_samples").GetInt32());
        Assert.Equal(10000, json.GetProperty("test_samples").GetInt32());
        double accuracy = json.GetProperty("test_accuracy").GetDouble();
        // Measured: 81.05% for this seed (bit-identical for any thread count); 78% leaves room for nothing but a regression.
        Assert.True(accuracy >= 0.78, $"test accuracy {accuracy:P2}");

        var evaluate = Cli.Run("evaluate", "--model", model, "--data", "fashion-mnist", "--json", "--plots", dir.Path);
        Assert.True(evaluate.ExitCode == 0, evaluate.Err);
        var e = JsonDocument.Parse(evaluate.Out).RootElement;
        Assert.Equal(accuracy, e.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal("T-shirt/top", e.GetProperty("labels")[0].GetString());
        Assert.Equal(10000, e.GetProperty("confusion").EnumerateArray().Sum(r => r.EnumerateArray().Sum(c => c.GetInt32())));
    }
}
