using System.Diagnostics;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// The one memory gate judges against the limit the process really has: under <c>prlimit --as</c> (an address-space
/// limit the runtime's own figure ignores) the runs of bad-inputs-2026-12-07 rows N24, N120 and N132 are refused at
/// once with exit 2 and their sizes, instead of growing until an OutOfMemoryException or a SIGSEGV.
/// </summary>
public class MemoryGateTests
{
    internal const long EightGiB = 8L << 30;

    /// <summary>Runs the built command as its own process under an address-space limit.</summary>
    internal static (int Exit, string Out, string Err) Limited(long addressSpace, params string[] args)
    {
        var start = new ProcessStartInfo("prlimit") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { $"--as={addressSpace}", "dotnet", Path.Combine(AppContext.BaseDirectory, "backprop.dll") }.Concat(args))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the run did not end in two minutes");
        return (process.ExitCode, output.Result, error.Result);
    }

    internal static void AssertRefusedWithSizes((int Exit, string Out, string Err) r, params string[] fragments)
    {
        Assert.True(r.Exit == 2, $"exit {r.Exit}: {r.Err}");
        string[] lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Err);
        Assert.Contains("needs about", lines[0]);
        Assert.Contains("half the 8.0 GiB address-space limit (ulimit -v)", lines[0]);
        foreach (string f in fragments) Assert.Contains(f, lines[0]);
        Assert.DoesNotContain("unexpected", r.Err);
    }

    [SkippableFact]
    public void N120_ALayerThatFitsTheMachineButNotTheAddressSpaceLimit_IsRefused()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "prlimit");
        // 30000×30000 weights with Adam: 13.6 GiB, under this machine's memory but over what an 8 GiB address space allows.
        AssertRefusedWithSizes(Limited(EightGiB, "train", "--data", "xor", "--layers", "30000,30000", "--epochs", "1"),
            "--layers 30000,30000", "14,647,684,112 bytes", "4,294,");
    }

    [SkippableFact]
    public void N24_AConvolutionOnTheBuiltInImages_IsSizedWithTheirShape_BeforeAnyImageIsRead()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "prlimit");
        // Without --input-shape: the built-in images' 28×28×1 is known before they are read, so the warm-up never starts.
        var r = Limited(EightGiB, "train", "--data", "fashion-mnist", "--layers", "conv4096x3-same,conv4096x3-same,10", "--limit", "1000", "--epochs", "1");
        AssertRefusedWithSizes(r, "on fashion-mnist's images", "58,840,227,712 bytes (54.8 GiB)");
        Assert.Equal("", r.Out);                                    // no note of the data: it was never read
    }

    [SkippableFact]
    public void N132_GeneratedData_IsSizedBeforeItIsMade()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "prlimit");
        AssertRefusedWithSizes(Limited(EightGiB, "train", "--data", "circle", "--samples", "100000000", "--epochs", "1"),
            "100,000,000 generated samples (--samples)", "12,800,000,000 bytes", "ask for fewer samples");
    }

    [SkippableFact]
    public void N73_N74_GradCheckIsSizedBeforeItAllocates()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "prlimit");
        AssertRefusedWithSizes(Limited(EightGiB, "gradcheck", "--samples", "1000000", "--layers", "1000"),
            "--layers 1000 on 1,000,000 samples of 4 inputs, the network", "to check", "check fewer --samples or smaller layers");
        AssertRefusedWithSizes(Limited(EightGiB, "gradcheck", "--layers", "conv8x3,5", "--input-shape", "1000x1000x3"),
            "--layers conv8x3,5 on 8 samples of 1000x1000x3", "to check");
    }

    [Fact]
    public void N130_N131_ABatchLargerThanTheData_IsTheWholeData_AndSaidOnce()
    {
        using var dir = new ScratchFolder();
        string data = dir.Write("good.csv", "a,b,label\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5},{(i % 2 == 0 ? "x" : "y")}\n")));
        var r = Cli.Run("train", "--data", data, "--batch-size", "2147483647", "--epochs", "2");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Single(r.Out.Split('\n'), l => l.Contains("--batch-size 2,147,483,647 is more than the 40 training samples: each step takes all of them"));
    }

    [SkippableFact]
    public void N09_AnInputShapeThatContradictsTheImages_IsRefused()
    {
        Skip.IfNot(Lessons.LessonData.IsInstalled("fashion-mnist"), "Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist).");
        var r = Cli.Run("train", "--data", "fashion-mnist", "--layers", "conv8x3,maxpool2,32", "--input-shape", "14x14x4", "--limit", "500", "--epochs", "1");
        Cli.AssertBadInput(r, "--input-shape 14x14x4: the images of fashion-mnist are 28x28x1", "leave out --input-shape");
    }
}

/// <summary>
/// The host's limit is process-wide: while this test sets it to 1 MiB, every other test in the process would be
/// refused, so it runs alone (its collection disables parallel runs).
/// </summary>
[CollectionDefinition(nameof(MemoryLimitHostTests), DisableParallelization = true)]
[Collection(nameof(MemoryLimitHostTests))]
public class MemoryLimitHostTests
{
    [SkippableFact]
    public void TheLimitNamesItsSource_AndHalvesTheAddressSpace()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads /proc/self/limits");
        var (bytes, source) = MemoryLimit.Limit();
        Assert.True(bytes > 0);
        Assert.Contains("GiB", source);
        Assert.True(MemoryLimit.AvailableBytes <= bytes);
        Assert.Equal(long.MaxValue, MemoryLimit.Bytes(long.MaxValue / 2, 4));
        MemoryLimit.HostLimitBytes = 1 << 20;
        try
        {
            Assert.Equal((1L << 20, "the 0.0 GiB this host allows"), MemoryLimit.Limit());
            var e = Assert.Throws<BackpropException>(() => MemoryLimit.Check(2 << 20, "a test", "ask for less"));
            Assert.StartsWith("a test needs about 2,097,152 bytes (0.0 GiB), more than the", e.Message);
            Assert.EndsWith("this process may use (the 0.0 GiB this host allows); ask for less.", e.Message);
        }
        finally { MemoryLimit.HostLimitBytes = null; }
    }
}
