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

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Backprop" Version="0.1.0" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>Builds and runs <paramref name="program"/>; returns its output, failing with the compiler's when it does not build.</summary>
    private string Run(string program, string name)
    {
        string folder = packed.NewFolder(name);
        File.WriteAllText(Path.Combine(folder, "Snippet.csproj"), Project);
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

    [Fact]
    public void TheLibraryPagesPrograms_CompileAndRun()
    {
        var blocks = Programs("docs/library.md").ToList();
        Assert.True(blocks.Count >= 2, "docs/library.md should mark its complete programs with ```csharp program");
        for (int i = 0; i < blocks.Count; i++) Assert.NotEmpty(Run(blocks[i], $"library-{i}"));
    }
}
