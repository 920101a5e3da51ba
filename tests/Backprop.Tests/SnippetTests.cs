using System.Text.RegularExpressions;

namespace Backprop.Tests;

/// <summary>
/// The C# blocks of README.md and docs/library.md marked as complete programs (info string <c>csharp program</c>)
/// compile and run as pasted: each becomes the Program.cs of a new console project that references the packed
/// Backprop package, as a user's would after <c>dotnet add package Backprop</c>.
/// </summary>
[Collection("packages")]
public partial class SnippetTests(PackedPackages packed)
{
    [GeneratedRegex(@"^```csharp program\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ProgramBlock();

    public static IEnumerable<string> Programs(string document) =>
        ProgramBlock().Matches(File.ReadAllText(Path.Combine(Python.RepositoryRoot(), document)).ReplaceLineEndings("\n")).Select(m => m.Groups[1].Value);

    /// <summary>Builds and runs <paramref name="program"/>; returns its output, failing with the compiler's when it does not build.</summary>
    private string Run(string program, string name)
    {
        string folder = packed.NewFolder(name);
        File.WriteAllText(Path.Combine(folder, "Snippet.csproj"), PackedPackages.ConsoleProject("Backprop"));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        // The fixture's nuget.config lies in a folder above, so the restore finds it (and only its sources).
        var (code, output) = packed.Dotnet(folder, "run", "-c", "Release");
        Assert.True(code == 0, $"{name} does not build or run as pasted:\n{output}");
        return output;
    }

    [Fact]
    public void TheReadmesProgram_CompilesAndRuns_AndLearnsXor()
    {
        var blocks = Programs("README.md").ToList();
        Assert.Single(blocks);
        string[] lines = CliRunner.Lines(Run(blocks[0], "readme").ReplaceLineEndings("\n"));
        double[] answers = [.. lines[^4..].Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(answers[0] < 0.1 && answers[1] > 0.9 && answers[2] > 0.9 && answers[3] < 0.1, string.Join(", ", answers));
    }

    /// <summary>
    /// The playground shows the C# that trains its network with the library; pasted as a program, it gives the test
    /// loss that <c>backprop train</c> gives with the command line the page shows beside it, to the bit.
    /// </summary>
    [Fact]
    public void ThePlaygroundsCSharp_CompilesAndRuns_AndEndsWithTrainsTestLoss()
    {
        var options = new Dictionary<string, string>
        {
            ["data"] = "circle", ["noise"] = "0.2", ["validation-split"] = "0.3", ["layers"] = "5,3", ["activation"] = "tanh",
            ["optimizer"] = "sgd", ["learning-rate"] = "0.1", ["batch-size"] = "10", ["seed"] = "3", ["features"] = "x1,x2,x1x2,sinx1",
        };
        var settings = global::Backprop.Playground.PageOptions.Read(options, upload: null);
        string program = global::Backprop.Playground.EquivalentCommand.CSharp(settings, "circle", epochs: 5);
        string command = global::Backprop.Playground.EquivalentCommand.CommandLine(settings, "circle", epochs: 5);

        string printed = CliRunner.Lines(Run(program, "playground").ReplaceLineEndings("\n"))[^1];
        Assert.StartsWith("test loss ", printed);
        var r = global::Backprop.Tests.Cli.Run([.. command["backprop ".Length..].Split(' '), "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = System.Text.Json.JsonDocument.Parse(r.Out);
        double expected = json.RootElement.GetProperty("epochs")[4].GetProperty("validation_loss").GetDouble();
        Assert.Equal(expected, double.Parse(printed["test loss ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// With the page's early stopping on, the C# stops where train stops and keeps the same epoch's weights: its test
    /// loss after putting the best weights back is the kept epoch's validation loss that train reports, to the bit.
    /// </summary>
    [Fact]
    public void ThePlaygroundsCSharp_WithEarlyStopping_KeepsTrainsEpoch_AndItsTestLoss()
    {
        var options = new Dictionary<string, string>
        {
            ["data"] = "circle", ["noise"] = "0.3", ["validation-split"] = "0.3", ["layers"] = "8", ["activation"] = "tanh",
            ["optimizer"] = "adam", ["learning-rate"] = "0.1", ["batch-size"] = "10", ["seed"] = "5", ["type"] = "double",
        };
        // The page's patience box, as PlaygroundRun applies it.
        var settings = global::Backprop.Playground.PageOptions.Read(options, upload: null) with { EarlyStopping = 3 };
        string program = global::Backprop.Playground.EquivalentCommand.CSharp(settings, "circle", epochs: 200);
        string command = global::Backprop.Playground.EquivalentCommand.CommandLine(settings, "circle", epochs: 200);
        Assert.Contains("--early-stopping 3", command);

        string printed = CliRunner.Lines(Run(program, "playground-stopping").ReplaceLineEndings("\n"))[^1];
        var r = global::Backprop.Tests.Cli.Run([.. command["backprop ".Length..].Split(' '), "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var json = System.Text.Json.JsonDocument.Parse(r.Out);
        int kept = json.RootElement.GetProperty("kept_epoch").GetInt32();
        Assert.True(kept < json.RootElement.GetProperty("epochs").GetArrayLength(), "the run should stop early for this test to mean anything");
        double expected = json.RootElement.GetProperty("epochs")[kept - 1].GetProperty("validation_loss").GetDouble();
        Assert.Equal($"kept epoch {kept}, test loss {expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", printed);
    }

    [Fact]
    public void TheLibraryPagesPrograms_CompileAndRun()
    {
        var blocks = Programs("docs/library.md").ToList();
        Assert.True(blocks.Count >= 2, "docs/library.md should mark its complete programs with ```csharp program");
        for (int i = 0; i < blocks.Count; i++) Assert.NotEmpty(Run(blocks[i], $"library-{i}"));
    }
}
