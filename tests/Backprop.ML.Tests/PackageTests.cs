using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.ML;

namespace Backprop.ML.Tests;

/// <summary>The library and the adapter packed, as <c>dotnet pack</c> makes them from the Release build.</summary>
public sealed class MlPackages() : PackedPackages("src/Backprop/Backprop.csproj", "src/Backprop.ML/Backprop.ML.csproj");

/// <summary>
/// Backprop.ML packs with its README and metadata, and installs from the local folder into a fresh console project
/// that runs the pipeline, loads a model this process saved (a separate process), and loads no native library.
/// </summary>
public class PackageTests(MlPackages packed) : IClassFixture<MlPackages>
{
    // Trains iris in the pipeline, prints ML.NET's accuracy, then scores the test rows with the model saved by the test,
    // then names any native library the process has mapped from its own folder (ML.NET ships CpuMathNative and LdaNative
    // beside its managed code; a run that needed them would map them from there).
    private const string Program = """
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext(seed: 0);
        var loader = ml.Data.CreateTextLoader(
            [new TextLoader.Column("Features", DataKind.Single, 0, 3), new TextLoader.Column("Label", DataKind.String, 4)],
            separatorChar: ',', hasHeader: true);
        var train = loader.Load(args[0]);
        var test = loader.Load(args[1]);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false))
            .Append(ml.MulticlassClassification.Trainers.Backprop())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(train);
        Console.WriteLine($"accuracy {ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy:R}");
        var loaded = ml.Model.LoadWithNetwork(args[2], out _);
        foreach (var row in ml.Data.CreateEnumerable<Scored>(loaded.Transform(test), reuseRowObject: false))
            Console.WriteLine(string.Join(" ", row.Score.Select(v => BitConverter.SingleToInt32Bits(v))));
        // Native libraries mapped from beside the app (a package's runtimes/ folder), not .NET's own from the runtime's folder.
        var native = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ')[^1]).Where(p => p.StartsWith(AppContext.BaseDirectory) && p.Contains(".so"))
            .Select(Path.GetFileName).Distinct();
        Console.WriteLine($"native: {string.Join(",", native.DefaultIfEmpty("none"))}");

        class Scored
        {
            public float[] Score { get; set; } = [];
        }
        """;

    [Fact]
    public void ThePackage_HasItsReadmeAndMetadata_AndDependsOnBackpropAndMicrosoftML()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, "Backprop.ML.0.1.0.nupkg"));
        XElement metadata;
        using (var nuspec = zip.GetEntry("Backprop.ML.nuspec")!.Open()) metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("PACKAGE.md", Value("readme"));
        Assert.Contains("ml.net", Value("tags").Split(' '));
        Assert.True(Value("description").Length > 80);
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")! + " " + (string)e.Attribute("version")!).ToList();
        Assert.Contains("Backprop 0.1.0", dependencies);
        Assert.Contains("Microsoft.ML 6.0.0", dependencies);
        using var reader = new StreamReader(zip.GetEntry("PACKAGE.md")!.Open());
        string readme = reader.ReadToEnd();
        Assert.DoesNotMatch(@"\]\(|https?://", readme);
        Assert.Contains("Trainers.Backprop()", readme);
        Assert.Contains("MIT", readme);
    }

    [Fact]
    public void AFreshConsoleProject_InstallsIt_RunsThePipeline_AndLoadsASavedModelToTheSameScores()
    {
        var ml = new MLContext(seed: 0);
        var train = Tables.Load(ml, "iris", "train");
        var test = Tables.Load(ml, "iris", "test");
        var model = Tables.Pipeline(ml, "iris", ml.MulticlassClassification.Trainers.Backprop()).Fit(train);
        string folder = packed.NewFolder("console");
        string zip = Path.Combine(folder, "iris.zip");
        ml.Model.SaveWithNetwork(model, train.Schema, zip);
        File.WriteAllText(Path.Combine(folder, "Console.csproj"), PackedPackages.ConsoleProject("Backprop.ML"));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), Program);

        var (code, output) = packed.Dotnet(folder, "run", "-c", "Release", "--", Tables.File("iris", "train"), Tables.File("iris", "test"), zip);
        Assert.True(code == 0, output);
        string[] lines = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int first = Array.FindIndex(lines, l => l.StartsWith("accuracy "));
        Assert.True(first >= 0, output);
        double accuracy = double.Parse(lines[first]["accuracy ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy, accuracy);
        var scores = PipelineTests.Scores(model.Transform(test)).Select(s => string.Join(" ", s)).ToList();
        Assert.Equal(scores, lines[(first + 1)..(first + 1 + scores.Count)]);
        Assert.Equal("native: none", lines[first + 1 + scores.Count]);
    }

    /// <summary>docs/mlnet.md's program, pasted into a console project beside the iris files, prints the output the page shows, which is ML.NET's evaluator on this process's own fit.</summary>
    [Fact]
    public void TheDocsProgram_RunsAsPasted_AndPrintsWhatThePageShows()
    {
        string page = File.ReadAllText(Path.Combine(Python.RepositoryRoot(), "docs", "mlnet.md")).ReplaceLineEndings("\n");
        // The program block, one line of prose, then the block of what it prints.
        var match = Regex.Match(page, @"^```csharp program\n(.*?)^```\n\n[^\n]+\n\n```\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, "docs/mlnet.md should show a ```csharp program and, after one line, what it prints");
        string folder = packed.NewFolder("docs");
        File.WriteAllText(Path.Combine(folder, "Docs.csproj"), PackedPackages.ConsoleProject("Backprop.ML"));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), match.Groups[1].Value);
        foreach (string part in new[] { "train", "test" }) File.Copy(Tables.File("iris", part), Path.Combine(folder, $"iris_{part}.csv"));

        var (code, output) = packed.Dotnet(folder, "run", "-c", "Release");
        Assert.True(code == 0, output);
        string[] shown = match.Groups[2].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] printed = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(shown, printed[^shown.Length..]);

        var ml = new MLContext(seed: 0);
        var model = Tables.Pipeline(ml, "iris", ml.MulticlassClassification.Trainers.Backprop()).Fit(Tables.Load(ml, "iris", "train"));
        Assert.Equal(ml.MulticlassClassification.Evaluate(model.Transform(Tables.Load(ml, "iris", "test"))).MicroAccuracy.ToString(), shown[0]);
    }
}
