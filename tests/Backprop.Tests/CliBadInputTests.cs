using System.IO.Compression;

namespace Backprop.Tests;

/// <summary>Every bad input gives one line on stderr naming the file and the problem, exit code 2, and writes nothing.</summary>
public class CliBadInputTests
{
    private static Cli.Result TrainCsv(ScratchFolder dir, string csvPath, params string[] extra) =>
        Cli.Run(["train", "--data", csvPath, "--epochs", "1", "--model", Path.Combine(dir.Path, "m.safetensors"), .. extra]);

    private static void AssertNoModel(ScratchFolder dir) =>
        Assert.Empty(Directory.GetFiles(dir.Path, "m.safetensors*"));

    [Theory]
    [InlineData("empty.csv", "", "1", "empty")]
    [InlineData("header.csv", "a,b,label\n", "2", "no data rows")]
    [InlineData("ragged.csv", "a,b,label\n1,2,x\n3,y\n", "3:", "cells")]
    [InlineData("text.csv", "a,b,label\n1,2,x\n3,four,y\n", "3:2", "'four' is not a number")]
    public void Csv_BadFile_NamesTheFileAndLine(string name, string text, string location, string problem)
    {
        using var dir = new ScratchFolder();
        string path = dir.Write(name, text);
        Cli.AssertBadInput(TrainCsv(dir, path), name, location, problem);
        AssertNoModel(dir);
    }

    [Fact]
    public void Csv_MissingTargetColumn_ListsTheColumns()
    {
        using var dir = new ScratchFolder();
        string path = dir.Write("d.csv", "a,b,label\n1,2,x\n");
        Cli.AssertBadInput(TrainCsv(dir, path, "--target", "species"), "d.csv", "'species'", "'label'");
    }

    [Fact]
    public void Csv_MissingFile_And_Directory_AreClearErrors()
    {
        using var dir = new ScratchFolder();
        Cli.AssertBadInput(TrainCsv(dir, Path.Combine(dir.Path, "nope.csv")), "nope.csv");
        string folder = Directory.CreateDirectory(Path.Combine(dir.Path, "folder.csv")).FullName;
        Cli.AssertBadInput(TrainCsv(dir, folder), "folder.csv");
        AssertNoModel(dir);
    }

    [Fact]
    public void Evaluate_UnknownLabel_NamesTheLabelAndLine()
    {
        using var dir = new ScratchFolder();
        string train = dir.Write("t.csv", "a,label\n0,cat\n1,dog\n0,cat\n1,dog\n");
        string model = Path.Combine(dir.Path, "model.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", train, "--layers", "2", "--epochs", "2", "--model", model).ExitCode);
        string other = dir.Write("e.csv", "a,label\n0,cat\n1,bird\n");
        Cli.AssertBadInput(Cli.Run("evaluate", "--model", model, "--data", other, "--plots", dir.Path), "e.csv", ":3", "bird");
    }

    private static void WriteIdx(ScratchFolder dir, int images, int labels, uint imageMagic = 0x803, int truncateBy = 0)
    {
        static byte[] BigEndian(params uint[] values) => values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
        byte[] img = [.. BigEndian(imageMagic, (uint)images, 2, 2), .. new byte[images * 4 - truncateBy]];
        byte[] lab = [.. BigEndian(0x801, (uint)labels), .. new byte[labels]];
        foreach (string set in new[] { "train", "t10k" })
        {
            dir.Write($"{set}-images-idx3-ubyte", img);
            dir.Write($"{set}-labels-idx1-ubyte", lab);
        }
    }

    [Theory]
    [InlineData(0x1234u, 0, 5, "magic")]
    [InlineData(0x803u, 7, 5, "truncated")]
    [InlineData(0x803u, 0, 4, "5")]
    public void Idx_BadFile_NamesTheFileAndTheProblem(uint magic, int truncateBy, int labels, string problem)
    {
        using var dir = new ScratchFolder();
        WriteIdx(dir, 5, labels, magic, truncateBy);
        var r = Cli.Run("train", "--data", dir.Path, "--epochs", "1");
        Cli.AssertBadInput(r, "idx", problem);
    }

    [Fact]
    public void N109_IdxTestImagesOfAnotherSize_AreRefusedBeforeTraining_NamingBothFiles()
    {
        using var dir = new ScratchFolder();
        WriteIdx(dir, 5, 5);
        static byte[] BigEndian(params uint[] values) => values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
        dir.Write("t10k-images-idx3-ubyte", [.. BigEndian(0x803, 5, 3, 3), .. new byte[5 * 9]]);
        var r = Cli.Run("train", "--data", dir.Path, "--epochs", "1");
        Cli.AssertBadInput(r, "t10k-images-idx3-ubyte: the test images are 3×3", "train-images-idx3-ubyte are 2×2");
        Assert.Equal("", r.Out);                                       // found before the first epoch
    }

    [Fact]
    public void ModelFile_Truncated_IsAOneLineError()
    {
        using var dir = new ScratchFolder();
        string model = Path.Combine(dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", "xor", "--layers", "3", "--epochs", "1", "--model", model).ExitCode);
        byte[] bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(model, bytes[..(bytes.Length - 10)]);
        Cli.AssertBadInput(Cli.Run("predict", "--model", model, "--input", "1,0"), "m.safetensors", "truncated");
        File.WriteAllBytes(model, [.. bytes[..8], .. "{not json"u8.ToArray(), .. bytes[17..]]);
        Cli.AssertBadInput(Cli.Run("predict", "--model", model, "--input", "1,0"), "m.safetensors");
    }

    [Theory]
    [InlineData("1,0,1", "expects 2")]
    [InlineData("1,x", "'x' is not a number")]
    public void Predict_BadInput_IsAClearError(string input, string problem)
    {
        using var dir = new ScratchFolder();
        string model = Path.Combine(dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", "xor", "--layers", "3", "--epochs", "1", "--model", model).ExitCode);
        Cli.AssertBadInput(Cli.Run("predict", "--model", model, "--input", input), problem);
    }

    [Theory]
    [InlineData("--learning-rate", "0", "--learning-rate")]
    [InlineData("--learning-rate", "-0.1", "--learning-rate")]
    [InlineData("--batch-size", "0", "--batch-size")]
    [InlineData("--epochs", "-3", "--epochs")]
    [InlineData("--layers", "16,0", "layer size")]
    [InlineData("--activation", "swish", "identity, sigmoid, tanh, relu, leaky-relu, softmax")]
    [InlineData("--loss", "hinge", "half-sse, half-mse, mse, binary-crossentropy, softmax-crossentropy")]
    [InlineData("--init", "orthogonal", "xavier, xavier-normal, he, lecun, normal, uniform, zeros, pytorch")]
    [InlineData("--optimizer", "adadelta", "sgd, momentum, nesterov, adam, rmsprop, adagrad")]
    public void Train_BadOption_SaysWhatIsValid(string option, string value, string expected)
    {
        using var dir = new ScratchFolder();
        var r = Cli.Run("train", "--data", "xor", option, value, "--model", Path.Combine(dir.Path, "m.safetensors"));
        Cli.AssertBadInput(r, expected);
        AssertNoModel(dir);
    }

    [Fact]
    public void Verbose_ShowsTheStackTrace()
    {
        var r = Cli.Run("train", "--data", "nope.csv", "--verbose");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("   at ", r.Err);
    }

    [Fact]
    public void DivergingTraining_StopsWithEpochAndStep_AndKeepsTheLastGoodCheckpoint()
    {
        using var dir = new ScratchFolder();
        string checkpoint = Path.Combine(dir.Path, "cp.safetensors");
        string model = Path.Combine(dir.Path, "m.safetensors");
        File.WriteAllText(model, "previous model");
        // 5 → 42 with MSE and learning rate 0.05: each step multiplies the error by −1.5, so the loss (its square) grows
        // 2.25 times an epoch and passes 1,000 times its start at epoch 9.
        var r = Cli.Run("train", "--data", "single-weight", "--layers", "", "--loss", "mse", "--optimizer", "sgd", "--learning-rate", "0.05",
            "--type", "double", "--epochs", "5000", "--batch-size", "1", "--checkpoint-every", "2", "--checkpoint", checkpoint, "--model", model);
        Cli.AssertBadInput(r, "diverged at epoch 9, step 9", "more than 1,000 times its starting value", "smaller learning rate", "cp.safetensors");
        Assert.Equal("previous model", File.ReadAllText(model));
        var saved = Serialization.Checkpoint.Load(checkpoint);
        Assert.Equal(8, saved.CompletedEpochs);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
    }
}
