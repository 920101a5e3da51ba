using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Tests;

/// <summary>The library packs as a NuGet package with full metadata, and the command as a .NET tool that installs and runs.</summary>
[Collection("packages")]
public class PackagingTests(PackedPackages packed)
{
    private static XElement Metadata(string nupkg, string nuspec)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var stream = zip.GetEntry(nuspec)!.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Value(XElement metadata, string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;

    private static string Property(string name) =>
        Regex.Match(File.ReadAllText(Path.Combine(Python.RepositoryRoot(), "Directory.Build.props")), $"<{name}>(.*)</{name}>").Groups[1].Value;

    [Theory]
    [InlineData("Backprop", "neural-network")]
    [InlineData("Backprop.Cli", "dotnet-tool")]
    public void ThePackage_HasAuthorsLicenceDescriptionTagsAndAReadmeThatStandsAlone(string id, string tag)
    {
        string nupkg = Path.Combine(packed.Feed, $"{id}.0.1.0.nupkg");
        var m = Metadata(nupkg, $"{id}.nuspec");
        Assert.Equal(id, Value(m, "id"));
        Assert.False(string.IsNullOrWhiteSpace(Value(m, "authors")));
        Assert.Equal("MIT", Value(m, "license"));
        Assert.True(Value(m, "description").Length > 80);
        Assert.Contains(tag, Value(m, "tags").Split(' '));
        // The project has no public address yet: the package names none (no placeholder to lead anyone astray); the
        // SDK still records the commit it was built from.
        Assert.DoesNotContain(m.Elements(), e => e.Name.LocalName == "projectUrl");
        Assert.All(m.Elements().Where(e => e.Name.LocalName == "repository"), r => Assert.Null(r.Attribute("url")));
        Assert.Equal("PACKAGE.md", Value(m, "readme"));
        using var zip = ZipFile.OpenRead(nupkg);
        using var reader = new StreamReader(zip.GetEntry("PACKAGE.md")!.Open());
        // So the readme says what it has to say itself: no link, relative (a package page cannot follow one) or absolute.
        string readme = reader.ReadToEnd();
        Assert.DoesNotMatch(@"\]\(|https?://", readme);
        Assert.Contains("MIT", readme);
    }

    [Fact]
    public void TheLicenceFile_IsMitInTheNameThePackagesUse()
    {
        string licence = File.ReadAllText(Path.Combine(Python.RepositoryRoot(), "LICENSE"));
        Assert.Equal("MIT", Property("PackageLicenseExpression"));
        Assert.StartsWith("MIT License", licence);
        string year = Regex.Match(Property("Copyright"), @"\d{4}").Value;
        Assert.Contains($"Copyright (c) {year} {Property("Authors")}", licence);
        Assert.Contains("Permission is hereby granted, free of charge", licence);
    }

    /// <summary>
    /// Installs from the folder as a user would; its version, a lesson's digits and a prediction, plain and as JSON, are
    /// checked against the command run in-process. On linux-x64 what installs is the natively compiled command (Native
    /// AOT: no backprop.dll, no runtime started), so every JSON answer here is written without reflection.
    /// </summary>
    [Fact]
    public void TheTool_InstallsFromTheLocalFolder_AndRunsVersionALessonAndAPrediction()
    {
        string backprop = Install("tools");
        var version = PackedPackages.Run(new ProcessStartInfo(backprop, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.Equal((0, "0.1.0"), (version.Code, version.Output.Trim()));

        var lesson = PackedPackages.Run(new ProcessStartInfo(backprop, "lesson single-weight") { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.Equal(0, lesson.Code);
        Assert.Equal(CliRunner.Lesson("single-weight", fromScratch: false), lesson.Output.ReplaceLineEndings("\n"));

        string model = Path.Combine(packed.NewFolder("model"), "xor.safetensors");
        var train = Cli.Run("train", "--data", "xor", "--layers", "4", "--activation", "tanh", "--epochs", "300", "--batch-size", "4",
            "--learning-rate", "0.05", "--seed", "0", "--model", model);
        Assert.True(train.ExitCode == 0, train.Err);
        foreach (string[] options in new[] { Array.Empty<string>(), ["--json"] })
        {
            string[] arguments = ["predict", "--model", model, "--input", "0,1", .. options];
            var start = new ProcessStartInfo(backprop) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in arguments) start.ArgumentList.Add(a);
            var installed = PackedPackages.Run(start);
            var inProcess = Cli.Run(arguments);
            Assert.Equal((0, inProcess.Out + inProcess.Err), (installed.Code, installed.Output.ReplaceLineEndings("\n")));
            Assert.Contains(options.Length == 0 ? "label: 1" : "\"label\": \"1\"", installed.Output);
        }

        // Every other JSON answer, through the installed command and in-process: the same text, but for what is timed
        // or measured (seconds, speed, memory) and the file names, which differ.
        string folder = packed.NewFolder("json");
        string[][] commands =
        [
            ["train", "--data", "xor", "--layers", "4", "--activation", "tanh", "--epochs", "30", "--batch-size", "4", "--seed", "0", "--json"],
            ["evaluate", "--model", model, "--data", "xor", "--json"],
            ["lesson", "gradient-descent", "--json"],
        ];
        foreach (string[] command in commands)
        {
            var start = new ProcessStartInfo(backprop) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = packed.NewFolder(command[0] + "-installed") };
            foreach (string a in command) start.ArgumentList.Add(a);
            var installed = PackedPackages.Run(start);
            var inProcess = Cli.Run([.. command, .. command[0] == "lesson" ? Array.Empty<string>() : ["--plots", folder]]);
            Assert.True(installed.Code == 0, installed.Output);
            Assert.Equal(Untimed(inProcess.Out), Untimed(installed.Output));
        }
    }

    /// <summary>
    /// The installed command serves the playground (ASP.NET Core, natively compiled on linux-x64): the page from the
    /// site in its package, and the lessons' pages in the same JSON as the command in-process writes them.
    /// </summary>
    [Fact]
    public async Task TheInstalledTool_ServesThePlaygroundPageAndTheLessonsPages()
    {
        string backprop = Install("tools-playground");
        var start = new ProcessStartInfo(backprop, "playground --no-browser --port 0") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var server = Process.Start(start)!;
        try
        {
            string line = server.StandardOutput.ReadLine() ?? server.StandardError.ReadToEnd();
            string url = Regex.Match(line, @"http://\S+").Value;
            Assert.True(url != "", line);
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Contains("<html", await http.GetStringAsync("/"));
            Assert.Equal(Backprop.Cli.Playground.LessonPages.Json(Backprop.Cli.Playground.LessonPages.List()), await http.GetStringAsync("/lessons/index.json"));
            string step = Backprop.Cli.Playground.LessonPages.BackpropByHandFile;
            Assert.Equal(Backprop.Cli.Playground.LessonPages.Json(Backprop.Cli.Playground.LessonPages.File(step)!), await http.GetStringAsync("/lessons/" + step));
        }
        finally
        {
            server.Kill();
            server.WaitForExit();
        }
    }

    /// <summary>
    /// Installs the command from the folder into <paramref name="name"/> as a user would and returns its path; on
    /// linux-x64 the natively compiled package is what installs (no backprop.dll), elsewhere the framework-dependent one.
    /// </summary>
    private string Install(string name)
    {
        string tools = packed.NewFolder(name);
        var (code, output) = packed.Dotnet(packed.Feed, "tool", "install", "Backprop.Cli", "--version", "0.1.0",
            "--tool-path", tools, "--configfile", packed.ConfigFile);
        Assert.True(code == 0, output);
        string store = Path.Combine(tools, ".store");
        // .store/backprop.cli/0.1.0/ holds the package for this platform that the one installed named.
        var installed = Directory.EnumerateDirectories(store, "*", SearchOption.AllDirectories).Select(d => Path.GetFileName(d)!)
            .Where(n => n.StartsWith("backprop.cli.", StringComparison.Ordinal)).Order().ToArray();
        bool native = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64;
        Assert.Equal([native ? "backprop.cli.linux-x64" : "backprop.cli.any"], installed);
        Assert.Equal(!native, Directory.EnumerateFiles(store, "backprop.dll", SearchOption.AllDirectories).Any());
        return Path.Combine(tools, OperatingSystem.IsWindows() ? "backprop.exe" : "backprop");
    }

    /// <summary>A JSON answer without what is timed or measured, or names a file: its other text, as printed.</summary>
    private static string Untimed(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (string name in new[] { "samples_per_second", "steps_on_one_thread", "peak_memory_bytes", "peak_memory_mib", "files", "heat_map" }) node.Remove(name);
        if (node["epochs"] is System.Text.Json.Nodes.JsonArray epochs) foreach (var e in epochs) e!.AsObject().Remove("seconds");
        return node.ToJsonString();
    }
}
