namespace Backprop.Tests;

/// <summary>Runs the backprop command in-process and captures what it prints.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        return new Result(code, output, error);
    }

    /// <summary>Asserts the CLI's bad-input contract: exit code 2, one line on stderr containing each fragment, no stack trace.</summary>
    public static void AssertBadInput(Result r, params string[] fragments)
    {
        Assert.True(r.ExitCode == 2, $"exit code {r.ExitCode}, stderr: {r.Err}");
        string[] lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {r.Err}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", r.Err);
        foreach (string f in fragments) Assert.Contains(f, lines[0]);
    }
}
