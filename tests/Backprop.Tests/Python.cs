using System.Diagnostics;

namespace Backprop.Tests;

/// <summary>Runs Debian's Python (or $BACKPROP_PYTHON) for the tests that check our files with NumPy, onnx and PyTorch.</summary>
internal static class Python
{
    public static string Program => Environment.GetEnvironmentVariable("BACKPROP_PYTHON") ?? "/usr/bin/python3";

    /// <summary>
    /// Skips the test when <see cref="Program"/> cannot import <paramref name="module"/>, naming the Debian package
    /// to install, except under CI=true: CI installs the package (.ci/run), so there a missing module fails the test.
    /// </summary>
    public static void Require(string module, string package)
    {
        string install = $"install it with `sudo apt-get install {package}` (CI does), or set BACKPROP_PYTHON to a Python that has it";
        bool ci = Environment.GetEnvironmentVariable("CI") is "true" or "1";
        string? problem = !File.Exists(Program) ? $"{Program} does not exist"
            : Run("-c", $"import {module}") is { Code: not 0 } r ? $"{Program} cannot import {module} ({r.Error.Trim().Split('\n')[^1]})"
            : null;
        if (problem is null) return;
        if (ci) Assert.Fail($"{problem}: {install}.");
        Skip.If(true, $"{problem}: {install}.");
    }

    /// <summary>Runs Python with <paramref name="arguments"/> and returns its exit code and what it printed.</summary>
    public static (int Code, string Output, string Error) Run(params string[] arguments) => Run(Timeout.InfiniteTimeSpan, arguments);

    /// <summary>
    /// Runs Python with <paramref name="arguments"/>; past <paramref name="limit"/> it and every process it started
    /// are killed and the test fails, so that a hung run (such as a torchrun whose processes never meet) ends.
    /// </summary>
    public static (int Code, string Output, string Error) Run(TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Program} {string.Join(" ", arguments)} ran past {limit.TotalSeconds:0} s and was stopped");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The folder holding Backprop.slnx, found by walking up from the test binaries (docs/ holds the scripts the tests run).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Backprop.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Backprop.slnx above {AppContext.BaseDirectory}.");
    }
}
