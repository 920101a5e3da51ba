using System.Text.Json;
using Backprop.Serialization;

namespace Backprop.Tests;

public class CliTrainPredictTests
{
    [Fact]
    public void Help_And_Version_Work()
    {
        var help = Cli.Run("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string command in new[] { "tour", "lesson", "train", "evaluate", "predict" }) Assert.Contains(command, help.Out);
        var version = Cli.Run("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out.Trim());
    }

    [Theory]
    [InlineData("rmsprop", "lecun")]
    [InlineData("adagrad", "xavier")]
    public void Train_WithTheNewOptimizersAndInitializers_LearnsXor(string optimizer, string init)
    {
        // Each optimizer at its registry's default step size (rmsprop 0.001 would be slow here: 0.01 is given).
        var train = Cli.Run("train", "--data", "xor", "--layers", "8", "--activation", "tanh", "--optimizer", optimizer, "--init", init,
            "--learning-rate", optimizer == "rmsprop" ? "0.01" : "0.1", "--epochs", "400", "--batch-size", "4", "--seed", "1", "--json");
        Assert.True(train.ExitCode == 0, train.Err);
        var json = JsonDocument.Parse(train.Out).RootElement;
        var last = json.GetProperty("epochs").EnumerateArray().Last();
        Assert.Equal(1.0, last.GetProperty("train_accuracy").GetDouble());
    }

    [Fact]
    public void TrainSavePredict_OnXor_GivesTheFourAnswers()
    {
        using var dir = new ScratchFolder();
        string model = Path.Combine(dir.Path, "xor.safetensors");
        var train = Cli.Run("train", "--data", "xor", "--layers", "4", "--activation", "tanh", "--epochs", "300", "--batch-size", "4",
            "--learning-rate", "0.05", "--seed", "0", "--model", model);
        Assert.True(train.ExitCode == 0, train.Err);
        Assert.Contains("answer: 0, 1 -> ", train.Out);   // piped output: plain lines, no table
        (string Input, string Label)[] cases = [("0,0", "0"), ("0,1", "1"), ("1,0", "1"), ("1,1", "0")];
        foreach (var (input, label) in cases)
        {
            var predict = Cli.Run("predict", "--model", model, "--input", input, "--json");
            Assert.True(predict.ExitCode == 0, predict.Err);
            var json = JsonDocument.Parse(predict.Out).RootElement;
            Assert.Equal(label, json.GetProperty("label").GetString());
            double p = json.GetProperty("output")[0].GetDouble();
            Assert.True(label == "1" ? p > 0.9 : p < 0.1, $"{input} → {p}");
        }
    }

    [Fact]
    public void TrainJson_ReportsEpochsSpeedMemoryAndTestAccuracy()
    {
        using var dir = new ScratchFolder();
        string csv = dir.Write("train.csv", "x,y,class\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i =>
            $"{i % 10},{i / 10},{(i % 10 + i / 10 > 7 ? "high" : "low")}")));
        string test = dir.Write("test.csv", "x,y,class\n1,1,low\n9,5,high\n0,2,low\n8,8,high\n");
        var r = Cli.Run("train", "--data", csv, "--test", test, "--layers", "8", "--epochs", "60", "--batch-size", "8",
            "--learning-rate", "0.05", "--json", "--plots", dir.Path);
        Assert.True(r.ExitCode == 0, r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(60, json.GetProperty("epochs").GetArrayLength());
        var last = json.GetProperty("epochs")[59];
        Assert.True(last.GetProperty("train_loss").GetDouble() < 0.3);
        Assert.True(json.GetProperty("samples_per_second").GetDouble() > 0);
        Assert.True(json.GetProperty("peak_memory_bytes").GetInt64() > 1 << 20);
        Assert.Equal(1.0, json.GetProperty("test_accuracy").GetDouble());
        Assert.True(File.Exists(Path.Combine(dir.Path, "loss.svg")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "accuracy.svg")));
    }

    [Fact]
    public void PredictCsv_NormalisesLikeTraining_AndWritesOneRowPerInput()
    {
        using var dir = new ScratchFolder();
        // Features on very different scales: standard normalisation, fitted in training, must be reapplied in predict.
        string csv = dir.Write("d.csv", "small,big,label\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i =>
            $"{i * 0.01},{1000 + (i % 2) * 500},{(i % 2 == 0 ? "even" : "odd")}")));
        string model = Path.Combine(dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", csv, "--layers", "4", "--epochs", "100", "--learning-rate", "0.05", "--model", model).ExitCode);
        Assert.Equal("standard", ModelFile.Load(model).Metadata.Normalization!.Kind);
        string output = Path.Combine(dir.Path, "out.csv");
        var r = Cli.Run("predict", "--model", model, "--data", csv, "--drop", "label", "--output", output);
        Assert.True(r.ExitCode == 0, r.Err);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal("small,big,label,p_even,p_odd", lines[0]);
        Assert.Equal(41, lines.Length);
        Assert.All(lines.Skip(1).Select((l, i) => (l, i)), x => Assert.Equal(x.i % 2 == 0 ? "even" : "odd", x.l.Split(',')[2]));
    }

    [Fact]
    public void Evaluate_PrintsAccuracyAndConfusion_AndWritesAHeatMap()
    {
        using var dir = new ScratchFolder();
        string model = Path.Combine(dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", "spirals", "--layers", "32,32", "--epochs", "150", "--learning-rate", "0.01", "--model", model).ExitCode);
        var r = Cli.Run("evaluate", "--model", model, "--data", "spirals", "--json", "--plots", dir.Path);
        Assert.True(r.ExitCode == 0, r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.True(json.GetProperty("accuracy").GetDouble() > 0.9, r.Out);
        var confusion = json.GetProperty("confusion");
        Assert.Equal(3, confusion.GetArrayLength());
        Assert.Equal(300, confusion.EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt32())));
        Assert.True(File.Exists(Path.Combine(dir.Path, "confusion.svg")));
    }
}
