using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Backprop.Serialization;

namespace Backprop.Tests;

/// <summary>
/// No command writes its output over one of its own inputs (the same path, a symbolic link, a hard link): it refuses in
/// one line with exit 2 and the input is left byte for byte as it was (bad-inputs-2026-12-07 rows N116, N117, N118);
/// Ctrl-C while predictions are written leaves no temporary file (S4).
/// </summary>
public class CliOverwriteTests
{
    private const string Iris = "sl,sw,pl,pw,species\n5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n" +
                                "6.4,3.2,4.5,1.5,versicolor\n6.3,3.3,6.0,2.5,virginica\n5.8,2.7,5.1,1.9,virginica\n";

    public enum Alias { SamePath, SymbolicLink, HardLink }

    /// <summary>A second name for <paramref name="file"/> in its folder: the path itself, a symlink, or a hard link.</summary>
    private static string Other(ScratchFolder dir, string file, Alias alias, string name)
    {
        string other = Path.Combine(dir.Path, name);
        switch (alias)
        {
            case Alias.SamePath: return Path.Combine(dir.Path, ".", Path.GetFileName(file));
            case Alias.SymbolicLink: File.CreateSymbolicLink(other, file); return other;
            default: Assert.Equal(0, Link(file, other)); return other;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);

    private static string Md5(string path) => Convert.ToHexString(MD5.HashData(File.ReadAllBytes(path)));

    private static void AssertFilesAre(ScratchFolder dir, params string[] names) =>
        Assert.Equal(names.Order(), Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());

    [SkippableTheory]
    [InlineData(Alias.SamePath)]
    [InlineData(Alias.SymbolicLink)]
    [InlineData(Alias.HardLink)]
    public void Train_ModelOntoItsOwnData_IsRefused_AndTheDataKept(Alias alias)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "links made with libc");
        using var dir = new ScratchFolder();
        string data = dir.Write("good.csv", Iris), hash = Md5(data);
        string model = Other(dir, data, alias, "model.csv");
        var r = Cli.Run("train", "--data", data, "--epochs", "2", "--model", model);
        Cli.AssertBadInput(r, $"--model {model}", "the --data file", "give --model another file name");
        Assert.Equal(hash, Md5(data));
    }

    [SkippableTheory]
    [InlineData(Alias.SamePath)]
    [InlineData(Alias.SymbolicLink)]
    [InlineData(Alias.HardLink)]
    public void Predict_OutputOntoItsOwnData_IsRefused_AndTheDataKept(Alias alias)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "links made with libc");
        using var dir = new ScratchFolder();
        string data = dir.Write("good.csv", Iris);
        string model = Path.Combine(dir.Path, "iris.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", data, "--epochs", "2", "--model", model, "--quiet").ExitCode);
        string hash = Md5(data), modelHash = Md5(model);
        string output = Other(dir, data, alias, "preds.csv");
        var r = Cli.Run("predict", "--model", model, "--data", data, "--drop", "species", "--output", output);
        Cli.AssertBadInput(r, $"--output {output}", "the --data file");
        Assert.Equal(hash, Md5(data));

        // Nor over the model it predicts with.
        string linkToModel = Other(dir, model, alias, "preds2.csv");
        Cli.AssertBadInput(Cli.Run("predict", "--model", model, "--data", data, "--drop", "species", "--output", linkToModel), "the --model file");
        Assert.Equal(modelHash, Md5(model));
    }

    [Fact]
    public void Train_CheckpointAndModelAtOnePath_IsRefused_BeforeTraining()
    {
        using var dir = new ScratchFolder();
        string data = dir.Write("good.csv", Iris);
        string same = Path.Combine(dir.Path, "same.safetensors");
        var r = Cli.Run("train", "--data", data, "--epochs", "3", "--checkpoint-every", "1", "--checkpoint", same, "--model", same);
        Cli.AssertBadInput(r, "--model", "--checkpoint", "one file", "different names");
        AssertFilesAre(dir, "good.csv");
    }

    [Fact]
    public void Train_ModelOntoTheCheckpointItResumes_IsRefused_ButTheCheckpointMayBeKeptThere()
    {
        using var dir = new ScratchFolder();
        string data = dir.Write("good.csv", Iris);
        string checkpoint = Path.Combine(dir.Path, "ck.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", data, "--epochs", "2", "--checkpoint-every", "1", "--checkpoint", checkpoint, "--quiet").ExitCode);
        string hash = Md5(checkpoint);
        Cli.AssertBadInput(Cli.Run("train", "--data", data, "--epochs", "4", "--resume", checkpoint, "--model", checkpoint), "the --resume file");
        Assert.Equal(hash, Md5(checkpoint));
        Assert.Equal(2, Checkpoint.Load(checkpoint).CompletedEpochs);

        // Resuming and checkpointing to the same file is how a run goes on: allowed.
        var r = Cli.Run("train", "--data", data, "--epochs", "4", "--checkpoint-every", "1", "--checkpoint", checkpoint, "--resume", checkpoint, "--quiet");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(4, Checkpoint.Load(checkpoint).CompletedEpochs);
    }

    [SkippableFact]
    public void ExportAndImport_ThroughALinkOntoTheirInput_AreRefused()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "symbolic links");
        using var dir = new ScratchFolder();
        string data = dir.Write("good.csv", Iris);
        string model = Path.Combine(dir.Path, "m.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", data, "--epochs", "2", "--model", model, "--quiet").ExitCode);
        string hash = Md5(model);
        string onnxLink = Path.Combine(dir.Path, "m.onnx");
        File.CreateSymbolicLink(onnxLink, model);
        Cli.AssertBadInput(Cli.Run("export", "--model", model, "--onnx", onnxLink), "--onnx", "the --model file (through a link)");
        Assert.Equal(hash, Md5(model));

        string onnx = Path.Combine(dir.Path, "real.onnx");
        Assert.Equal(0, Cli.Run("export", "--model", model, "--onnx", onnx).ExitCode);
        string onnxHash = Md5(onnx);
        string modelLink = Path.Combine(dir.Path, "back.safetensors");
        File.CreateSymbolicLink(modelLink, onnx);
        Cli.AssertBadInput(Cli.Run("import", "--onnx", onnx, "--model", modelLink), "the --onnx file (through a link)");
        Assert.Equal(onnxHash, Md5(onnx));
    }

    [Fact]
    public void FileIdentity_TellsOneFileFromTwo()
    {
        using var dir = new ScratchFolder();
        string a = dir.Write("a.csv", "1"), b = dir.Write("b.csv", "1");
        Assert.True(FileIdentity.Same(a, Path.Combine(dir.Path, "sub", "..", "a.csv")));
        Assert.False(FileIdentity.Same(a, b));                                   // same content, two files
        Assert.True(FileIdentity.Same(Path.Combine(dir.Path, "new.safetensors"), Path.Combine(dir.Path, ".", "new.safetensors")));
        Assert.False(FileIdentity.Same(Path.Combine(dir.Path, "x.safetensors"), Path.Combine(dir.Path, "y.safetensors")));
    }

    /// <summary>
    /// S4: Ctrl-C while a large CSV's predictions are being written ends the run with 130, leaves the earlier predictions
    /// file as it was, and leaves no hidden temporary file beside it.
    /// </summary>
    [SkippableFact]
    public async Task CtrlC_WhilePredictionsAreWritten_LeavesNoTemporaryFile_AndTheOldOutput()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "sends SIGINT with kill");
        using var dir = new ScratchFolder();
        string small = dir.Write("good.csv", Iris);
        string model = Path.Combine(dir.Path, "iris.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", small, "--epochs", "2", "--model", model, "--quiet").ExitCode);

        // 1.5 million rows: their predictions take a few seconds to write, a wide window for the signal.
        string big = Path.Combine(dir.Path, "big.csv");
        using (var w = new StreamWriter(big))
        {
            w.Write("sl,sw,pl,pw\n");
            var rng = new System.Random(1);
            for (int i = 0; i < 1_500_000; i++)
                w.Write(string.Create(CultureInfo.InvariantCulture, $"{4 + 4 * rng.NextDouble():F2},{2 + 2 * rng.NextDouble():F2},{1 + 6 * rng.NextDouble():F2},{2.5 * rng.NextDouble():F2}\n"));
        }
        string preds = dir.Write("preds.csv", "earlier predictions\n");

        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "backprop.dll"),
                                     "predict", "--model", model, "--data", big, "--output", preds })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        string[] temps;
        while ((temps = Directory.GetFiles(dir.Path, ".preds.csv.*.tmp")).Length == 0 || new FileInfo(temps[0]).Length == 0)
        {
            if (process.HasExited) Assert.Fail($"predict ended (exit {process.ExitCode}) before its temporary file could be seen: {await error}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "no temporary file appeared");
            Thread.Sleep(2);
        }
        Assert.Equal(0, Kill(process.Id, 2));
        Assert.True(process.WaitForExit(60_000), "predict did not stop on Ctrl-C");
        await output;
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {await error}");
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.TopDirectoryOnly).Concat(Directory.GetFiles(dir.Path, ".*")));
        Assert.Equal("earlier predictions\n", File.ReadAllText(preds));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public void Predict_EchoesFloatInputsAsTheyWereWritten()
    {
        using var dir = new ScratchFolder();
        string data = dir.Write("good.csv", Iris);
        string model = Path.Combine(dir.Path, "iris.safetensors");
        Assert.Equal(0, Cli.Run("train", "--data", data, "--epochs", "2", "--model", model, "--quiet").ExitCode);
        var r = Cli.Run("predict", "--model", model, "--data", data, "--drop", "species");
        Assert.Equal(0, r.ExitCode);
        string[] lines = CliRunner.Lines(r.Out);
        Assert.StartsWith("sl,sw,pl,pw,label,", lines[0]);
        Assert.StartsWith("5.1,3.5,1.4,0.2,", lines[1]);                      // not 5.099999904632568
        Assert.StartsWith("6.3,3.3,6,2.5,", lines[5]);
        Assert.Equal(Encoding.UTF8.GetByteCount(r.Out), r.Out.Length);
    }
}
