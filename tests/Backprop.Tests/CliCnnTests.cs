using System.Globalization;
using Backprop.Random;
using Backprop.Serialization;
using Backprop.Tensors;

namespace Backprop.Tests;

/// <summary>Convolutional networks through the command: train on CSV images, save, predict, evaluate, resume.</summary>
public sealed class CliCnnTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// 6×6 grey images of one bright bar, across ("row") or down ("column"), at a random place, over noise:
    /// a convolution finds the bar's direction wherever it is.
    /// </summary>
    private string BarsCsv(string name, int count, uint seed)
    {
        var rng = new NumPyRandomState(seed);
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, 36).Select(i => $"p{i}").Append("label")) };
        for (int s = 0; s < count; s++)
        {
            bool across = s % 2 == 0;
            int at = (int)rng.RandInt(6);
            var pixels = new double[36];
            for (int i = 0; i < 36; i++) pixels[i] = 0.3 * rng.RandomSample();
            for (int j = 0; j < 6; j++) pixels[across ? at * 6 + j : j * 6 + at] += 1;
            lines.Add(string.Join(",", pixels.Select(p => p.ToString("F3", CultureInfo.InvariantCulture)).Append(across ? "row" : "column")));
        }
        return _dir.Write(name, string.Join("\n", lines) + "\n");
    }

    private string[] TrainArgs(string csv, string model, int epochs, params string[] extra) =>
    [
        "train", "--data", csv, "--input-shape", "6x6x1", "--layers", "conv4x3-same,maxpool2,8,dropout0.25", "--normalize", "none",
        "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--batch-size", "16", "--learning-rate", "0.01", "--seed", "3",
        "--model", model, .. extra,
    ];

    [Fact]
    public void CnnTrainedOnCsvImages_SavedAndRunByPredict_GivesTheLibrarysOutputs()
    {
        string train = BarsCsv("train.csv", 400, 1), test = BarsCsv("test.csv", 60, 2), model = Path.Combine(_dir.Path, "cnn.safetensors");
        var r = Cli.Run(TrainArgs(train, model, 15, "--test", test));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("(batch, 6, 6, 4)", r.Out);    // the summary shows each layer's output shape
        Assert.Contains("(batch, 3, 3, 4)", r.Out);

        string output = Path.Combine(_dir.Path, "predictions.csv");
        var p = Cli.Run("predict", "--model", model, "--data", test, "--drop", "label", "--output", output);
        Assert.True(p.ExitCode == 0, p.Err);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(61, lines.Length);
        Assert.EndsWith("label,p_row,p_column", lines[0]);   // classes in order of first appearance

        // The same file run through the library in this process: the same probabilities, and most answers right.
        var network = ModelFile.Load<float>(model).Network;
        var rows = File.ReadAllLines(test).Skip(1).Select(l => l.Split(',')).ToArray();
        var x = new Matrix<float>(rows.Length, 36);
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < 36; j++) x[i, j] = float.Parse(rows[i][j], CultureInfo.InvariantCulture);
        var expected = network.Predict(x);
        int right = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            string[] cells = lines[i + 1].Split(',');
            for (int c = 0; c < 2; c++)
                Assert.Equal(expected[i, c], float.Parse(cells[^(2 - c)], CultureInfo.InvariantCulture), 1e-6f);
            if (cells[^3] == rows[i][36]) right++;
        }
        Assert.True(right >= 54, $"{right} of 60 right");

        var e = Cli.Run("evaluate", "--model", model, "--data", test);
        Assert.True(e.ExitCode == 0, e.Err);
    }

    [Fact]
    public void CnnWithDropout_CheckpointedAndResumed_EndsWithTheWeightsOfAnUninterruptedRun()
    {
        string train = BarsCsv("train.csv", 100, 4);
        string straight = Path.Combine(_dir.Path, "straight.safetensors"), resumed = Path.Combine(_dir.Path, "resumed.safetensors");
        string checkpoint = Path.Combine(_dir.Path, "cp.safetensors");
        Assert.Equal(0, Cli.Run(TrainArgs(train, straight, 4, "--type", "double")).ExitCode);
        Assert.Equal(0, Cli.Run(TrainArgs(train, resumed, 2, "--type", "double", "--checkpoint-every", "1", "--checkpoint", checkpoint)).ExitCode);
        var r = Cli.Run(TrainArgs(train, resumed, 4, "--type", "double", "--resume", checkpoint));
        Assert.True(r.ExitCode == 0, r.Err);

        // Dropout draws its masks from the run's random state, which the checkpoint keeps.
        static double[] Weights(string path) => ModelFile.Load<double>(path).Network.Parameters.SelectMany(p => p.Value.ToArray()).ToArray();
        Assert.Equal(Weights(straight), Weights(resumed));
    }

    [Fact]
    public void ConvolutionOnCsvRowsWithoutAnInputShape_IsABadInputSayingHowToGiveIt()
    {
        string train = BarsCsv("train.csv", 20, 5);
        Cli.AssertBadInput(Cli.Run("train", "--data", train, "--layers", "conv4x3,8", "--epochs", "1"),
            "has convolution or pooling, which need images", "--input-shape HxWxC, such as 28x28x1");
    }

    [Theory]
    [InlineData("--input-shape", "5x5x1", "--input-shape 5x5x1 holds 25 values per image, but the data has 36 input columns")]
    [InlineData("--input-shape", "6x6", "--input-shape must be height x width x channels")]
    [InlineData("--layers", "conv4x3,maxpool9", "The MaxPool2D window of 9×9 does not fit in its 4×4 input")]
    [InlineData("--layers", "conv4", "--layers: 'conv4': it is not a layer")]
    public void BadConvolutionOptions_AreOneLineEachNamingTheFix(string option, string value, string message)
    {
        string train = BarsCsv("train.csv", 20, 6);
        var args = new List<string> { "train", "--data", train, "--epochs", "1", "--layers", "conv4x3", "--input-shape", "6x6x1" };
        int at = args.IndexOf(option);
        args[at + 1] = value;
        Cli.AssertBadInput(Cli.Run([.. args]), message);
    }
}
