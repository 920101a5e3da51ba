using System.Diagnostics;
using Backprop.Serialization;

namespace Backprop.Tests;

/// <summary>Ctrl-C (SIGINT) stops a run after the step it is taking, says what was kept and how to go on, and exits 130.</summary>
public partial class CliInterruptTests
{
    [SkippableFact]
    public async Task CtrlC_StopsAfterTheCurrentStep_NamesTheCheckpointAndTheResumeCommand_AndExits130()
    {
        Skip.If(OperatingSystem.IsWindows(), "sends SIGINT with kill");
        using var dir = new ScratchFolder();
        string checkpoint = Path.Combine(dir.Path, "cp.safetensors"), model = Path.Combine(dir.Path, "m.safetensors");
        File.WriteAllText(model, "previous model");
        string[] args = ["train", "--data", "spirals", "--samples", "3000", "--layers", "64,64", "--epochs", "400", "--batch-size", "16",
                         "--checkpoint-every", "1", "--checkpoint", checkpoint, "--model", model];
        // A process started from a non-interactive shell's background job inherits SIGINT ignored, and .NET then never
        // sees it (as nohup intends); env --default-signal gives the run the default disposition a terminal gives it.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "backprop.dll") }) start.ArgumentList.Add(a);
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && !File.Exists(checkpoint))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint appeared");
            Thread.Sleep(5);
        }
        if (process.HasExited) Assert.Fail($"training ended before Ctrl-C: {await error}");
        Assert.Equal(0, Kill(process.Id, SigInt));
        Assert.True(process.WaitForExit(60_000), "the run did not stop after Ctrl-C");

        await output;
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}: {await error}");
        string[] lines = CliRunner.Lines(await error);
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^stopped by Ctrl-C after (step \d+ of epoch \d+|epoch \d+); the checkpoint {Regex(checkpoint)} \(epoch \d+\) is kept$", lines[0]);
        Assert.Equal($"continue with: backprop {string.Join(" ", args)} --resume {checkpoint}", lines[1]);
        Assert.Equal("previous model", File.ReadAllText(model));                     // an unfinished run saves no model
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        int kept = Checkpoint.Load(checkpoint).CompletedEpochs;
        Assert.Contains($"(epoch {kept})", lines[0]);
    }

    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
