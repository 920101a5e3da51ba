using Backprop.Cli;

namespace Backprop.Tests;

/// <summary>Runs the backprop command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs a lesson, with --from-scratch when asked, and returns its standard output (failing on a non-zero exit).</summary>
    public static string Lesson(string name, bool fromScratch, params string[] options)
    {
        string[] args = ["lesson", name, .. options, .. (fromScratch ? new[] { "--from-scratch" } : [])];
        var (code, output, error) = Run(args);
        Assert.True(code == 0, $"exit code {code}: {error}");
        return output;
    }

    /// <summary>The lines of a text, without the trailing empty one.</summary>
    public static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');
}
