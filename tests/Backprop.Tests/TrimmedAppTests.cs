using System.Diagnostics;
using System.Text.RegularExpressions;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>
/// A trimmed, self-contained console app (PublishTrimmed, linux-x64) that references src/Backprop makes every registered
/// activation, loss, optimizer, initializer, learning-rate schedule and input feature by its name (TrimmedApp/EveryName.cs)
/// and prints what each computes. Trimming must leave the registries whole: the app prints what the untrimmed library
/// prints here, and the trimmer warns about nothing in Backprop.Core. One publish (a minute or two); the packs come from
/// the machine's NuGet cache, so it runs offline.
/// </summary>
public partial class TrimmedAppTests
{
    // Third-party assemblies whose own trim warnings would be allowed; today the trimmer warns about none (CsvHelper's
    // reflection is not reached from the registries).
    private static readonly string[] AllowedWarningSources = ["CsvHelper"];

    [Fact]
    public void ATrimmedApp_MakesEveryRegisteredNameAndPrintsWhatTheLibraryPrints_WithNoTrimWarningFromBackprop()
    {
        using var folder = new ScratchFolder();
        string root = Python.RepositoryRoot();
        // The library as the test run built it (Release or Debug, read from where this test runs): the publish does not build it again.
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        folder.Write("TrimmedApp.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
                <SelfContained>true</SelfContained>
                <PublishTrimmed>true</PublishTrimmed>
                <TrimmerSingleWarn>false</TrimmerSingleWarn>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(root, "src", "Backprop", "Backprop.csproj")}" />
              </ItemGroup>
            </Project>
            """);
        folder.Write("EveryName.cs", File.ReadAllText(Path.Combine(root, "tests", "Backprop.Tests", "TrimmedApp", "EveryName.cs")));
        folder.Write("Program.cs", "foreach (string line in TrimmedApp.EveryName.Lines()) Console.WriteLine(line);\n");

        var publish = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "publish", "-c", configuration, "-p:BuildProjectReferences=false", "-o", "out" }) publish.ArgumentList.Add(a);
        publish.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        publish.Environment["DOTNET_NOLOGO"] = "1";
        var (code, log) = PackedPackages.Run(publish);
        Assert.True(code == 0, log);

        // Every trim warning names where it comes from; none may come from Backprop (its types, or its sources).
        var warnings = log.Split('\n').Where(l => TrimWarning().IsMatch(l)).Distinct().ToList();
        Assert.DoesNotContain(warnings, w => w.Contains("Backprop.") || w.Contains($"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}Backprop"));
        Assert.All(warnings, w => Assert.Contains(AllowedWarningSources, source => w.Contains(source)));
        // Trimmed it is: the app's copy of the library lost what the registries never reach.
        Assert.True(new FileInfo(Path.Combine(folder.Path, "out", "Backprop.Core.dll")).Length < new FileInfo(Path.Combine(AppContext.BaseDirectory, "Backprop.Core.dll")).Length);

        var run = PackedPackages.Run(new ProcessStartInfo(Path.Combine(folder.Path, "out", "TrimmedApp")) { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.True(run.Code == 0, run.Output);
        var lines = run.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(TrimmedApp.EveryName.Lines(), lines);
        Assert.Equal(Activations.All.Count + Loss.All.Count + OptimizerFactory.All.Count + Initializers.All.Count + LearningRateSchedules.All.Count
            + InputFeatures.All.Count + BatchModes.All.Count, lines.Length);

        // A few lines worked out by hand: σ and ReLU of (−1, 0, 2), two SGD steps of 0.1 · (0.5, −0.25), x₁x₂ at (0.5, −2).
        double[] Numbers(string prefix) => [.. lines.Single(l => l.StartsWith(prefix + ": ")).Split(": ")[1].Split(' ').Select(double.Parse)];
        static void Close(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-15);
        }
        Close([1 / (1 + Math.E), 0.5, 1 / (1 + Math.Exp(-2))], Numbers("activation sigmoid Sigmoid"));
        Assert.Equal([0.0, 0, 2], Numbers("activation relu ReLU"));
        Close([0.9, -1.95], Numbers("optimizer sgd sgd"));
        Assert.Equal([-1.0], Numbers("feature x1x2 x₁x₂"));
        Assert.Equal(Enumerable.Repeat(0.1, 12), Numbers("schedule constant constant"));
        Assert.Equal(new double[6], Numbers("initializer zeros"));
        Assert.Equal([4.0, 3, 1], Numbers("batch mode mini"));     // batches of 4, 4 and 2, shuffled
    }

    [GeneratedRegex(@"warning IL\d{4}")]
    private static partial Regex TrimWarning();
}
