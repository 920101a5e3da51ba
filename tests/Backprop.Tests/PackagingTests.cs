using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Tests;

/// <summary>The library packs as a NuGet package with full metadata, and the command as a .NET tool that installs and runs.</summary>
[Collection("packages")]
public partial class PackagingTests(PackedPackages packed)
{
    private static XElement Metadata(string nupkg, string nuspec)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var stream = zip.GetEntry(nuspec)!.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Value(XElement metadata, string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

    private static string RepositoryUrl() =>
        Regex.Match(File.ReadAllText(Path.Combine(Python.RepositoryRoot(), "Directory.Build.props")), "<RepositoryUrl>(.*)</RepositoryUrl>").Groups[1].Value;

    [Theory]
    [InlineData("Backprop", "neural-network")]
    [InlineData("Backprop.Cli", "dotnet-tool")]
    public void ThePackage_HasAuthorsLicenceDescriptionTagsRepositoryAndReadme(string id, string tag)
    {
        string nupkg = Path.Combine(packed.Feed, $"{id}.0.1.0.nupkg");
        var m = Metadata(nupkg, $"{id}.nuspec");
        Assert.Equal(id, Value(m, "id"));
        Assert.False(string.IsNullOrWhiteSpace(Value(m, "authors")));
        Assert.Equal("MIT", Value(m, "license"));
        Assert.True(Value(m, "description").Length > 80);
        Assert.Contains(tag, Value(m, "tags").Split(' '));
        string repository = m.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value;
        Assert.Equal(RepositoryUrl(), repository);
        Assert.Equal("PACKAGE.md", Value(m, "readme"));
        using var zip = ZipFile.OpenRead(nupkg);
        using var reader = new StreamReader(zip.GetEntry("PACKAGE.md")!.Open());
        // A package page cannot follow a link relative to the repository: every link must be a full address there.
        var links = Link().Matches(reader.ReadToEnd()).Select(l => l.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith(repository, l));
    }

    [GeneratedRegex(@"\]\(([^)]+)\)")]
    private static partial Regex Link();

    [Fact]
    public void TheTool_InstallsFromTheLocalFolder_AndRunsVersionAndALesson()
    {
        string tools = packed.NewFolder("tools");
        var (code, output) = packed.Dotnet(packed.Feed, "tool", "install", "Backprop.Cli", "--version", "0.1.0",
            "--tool-path", tools, "--configfile", packed.ConfigFile);
        Assert.True(code == 0, output);

        string backprop = Path.Combine(tools, OperatingSystem.IsWindows() ? "backprop.exe" : "backprop");
        var version = PackedPackages.Run(new ProcessStartInfo(backprop, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.Equal((0, "0.1.0"), (version.Code, version.Output.Trim()));

        var lesson = PackedPackages.Run(new ProcessStartInfo(backprop, "lesson single-weight") { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.Equal(0, lesson.Code);
        Assert.Equal(CliRunner.Lesson("single-weight", fromScratch: false), lesson.Output.ReplaceLineEndings("\n"));
    }
}
