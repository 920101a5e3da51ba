using System.Diagnostics;
using Backprop.Cli;

namespace Backprop.Tests;

/// <summary>The one quoting function behind train's resume line and the page's equivalent command, checked against a real shell.</summary>
public class ShellQuoteTests
{
    [Fact]
    public void EveryQuotedWord_ReachesTheProgramAsItWas_ThroughSh()
    {
        string[] words = ["4,2", "", "my data.csv", "it's", "$HOME", "*.csv", "a;b", "\"x\"", "back\\slash", "--lr=0.1", "café", "a\tb", "'"];
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("for w in " + string.Join(" ", words.Select(Shell.Quote)) + "; do printf '[%s]\\n' \"$w\"; done");
        var (code, output) = PackedPackages.Run(start);
        Assert.Equal(0, code);
        Assert.Equal(string.Concat(words.Select(w => $"[{w}]\n")), output);
        Assert.Equal(["4,2", "--lr=0.1", "'my data.csv'", "''"], new[] { "4,2", "--lr=0.1", "my data.csv", "" }.Select(Shell.Quote));
    }
}
