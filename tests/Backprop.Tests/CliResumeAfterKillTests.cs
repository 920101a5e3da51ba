using System.Diagnostics;
using Backprop.Serialization;

namespace Backprop.Tests;

public class CliResumeAfterKillTests
{
    private static string[] Args(string checkpoint, string model, params string[] extra) =>
    [
        "train", "--data", "spirals", "--samples", "3000", "--layers", "64,64", "--type", "double", "--threads", "1",
        "--epochs", "400", "--batch-size", "16", "--optimizer", "adam", "--seed", "5",
        "--checkpoint-every", "1", "--checkpoint", checkpoint, "--model", model, .. extra,
    ];

    private static double[] Weights(string model) =>
        ModelFile.Load<double>(model).Network.Parameters.SelectMany(p => p.Value.ToArray()).ToArray();

    public static TheoryData<string[]> Runs => new()
    {
        Array.Empty<string>(),
        // Early stopping (its best weights and patience), a validation split and a plateau schedule (its best loss and
        // the rate it lowered) must all come back from the checkpoint too.
        new[] { "--early-stopping", "40", "--validation-split", "0.2", "--lr-schedule", "plateau" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void RunKilledWithSigkill_ThenResumed_EndsBitIdenticalToAnUninterruptedRun(string[] options)
    {
        using var dir = new ScratchFolder();
        string checkpoint = Path.Combine(dir.Path, "cp.safetensors"), killedModel = Path.Combine(dir.Path, "resumed.safetensors");

        // A real process, killed with SIGKILL once a few epochs are checkpointed.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backprop.dll"));
        foreach (string a in Args(checkpoint, killedModel, options)) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && (!File.Exists(checkpoint) || Checkpoint.Load(checkpoint).CompletedEpochs < 3))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint appeared");
            Thread.Sleep(5);
        }
        if (process.HasExited)
            Assert.Fail($"training ended (exit code {process.ExitCode}) before it could be killed; give it more epochs. {process.StandardError.ReadToEnd()}");
        process.Kill();   // SIGKILL on Linux
        process.WaitForExit();
        Assert.NotEqual(0, process.ExitCode);
        Assert.False(File.Exists(killedModel));
        int resumedFrom = Checkpoint.Load(checkpoint).CompletedEpochs;
        Assert.InRange(resumedFrom, 3, 399);

        var resumed = Cli.Run(Args(checkpoint, killedModel, [.. options, "--resume", checkpoint]));
        Assert.True(resumed.ExitCode == 0, resumed.Err);

        string straightCheckpoint = Path.Combine(dir.Path, "straight-cp.safetensors"), straightModel = Path.Combine(dir.Path, "straight.safetensors");
        var straight = Cli.Run(Args(straightCheckpoint, straightModel, options));
        Assert.True(straight.ExitCode == 0, straight.Err);

        Assert.Equal(Weights(straightModel), Weights(killedModel));
        Assert.Equal(Checkpoint.Load(straightCheckpoint).History.Epochs.Select(e => e.TrainLoss),
                     Checkpoint.Load(checkpoint).History.Epochs.Select(e => e.TrainLoss));
    }
}
