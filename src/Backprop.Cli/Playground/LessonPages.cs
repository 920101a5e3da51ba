using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Backprop.Lessons;
using Backprop.Lessons.BackpropByHand;
using Backprop.Playground;

namespace Backprop.Cli.Playground;

/// <summary>A lesson as the page shows it: its summary, what it prints, its traced steps one by one, and its pictures.</summary>
internal sealed record LessonPage(string Name, string Summary, string Text, string[] Steps, string? TraceNote, Dictionary<string, string> Pictures);

/// <summary>A lesson in the pages' index: its name and summary.</summary>
internal sealed record LessonEntry(string Name, string Summary);

/// <summary>The page of a lesson that cannot run here (its data set is not installed): its name and why.</summary>
internal sealed record LessonFailure(string Name, string Error);

/// <summary>What the lessons' pages hold, serialised by code generated at compile time (the command runs natively compiled).</summary>
[JsonSerializable(typeof(LessonEntry[]))]
[JsonSerializable(typeof(LessonPage))]
[JsonSerializable(typeof(LessonFailure))]
[JsonSerializable(typeof(StepExplanation))]
internal sealed partial class LessonPagesJson : JsonSerializerContext;

/// <summary>
/// The lessons as guided pages, read from <see cref="LessonCatalog"/> when asked (so new lessons appear by themselves).
/// Each runs once, as <c>backprop lesson NAME --trace --plots</c> would, and is kept.
/// </summary>
internal static class LessonPages
{
    private static readonly ConcurrentDictionary<string, Lazy<LessonPage>> Pages = new();

    /// <summary>The page's JSON (camel-case names, NaN as "NaN"), its types read from <see cref="LessonPagesJson"/>.</summary>
    private static readonly JsonSerializerOptions JsonOptions = PlaygroundEngine.JsonOptionsWith(LessonPagesJson.Default);

    /// <summary>How many steps of a lesson's trace the page steps through.</summary>
    public const int TracedSteps = 12;

    /// <summary>Every lesson's name, in the tour's order.</summary>
    public static IEnumerable<string> Names() => LessonCatalog.All.Select(l => l.Name);

    /// <summary>Every lesson's name and summary, in the tour's order.</summary>
    public static LessonEntry[] List() => [.. LessonCatalog.All.Select(l => new LessonEntry(l.Name, l.Summary))];

    /// <summary><paramref name="page"/> (from <see cref="List"/> or <see cref="File"/>) as the page reads it.</summary>
    public static string Json(object page) => JsonSerializer.Serialize(page, JsonOptions.GetTypeInfo(page.GetType()));

    /// <summary>The file name of the 2-2-1 example's explained step beside the lessons' pages.</summary>
    public const string BackpropByHandFile = "backprop-by-hand-step.json";

    /// <summary>
    /// What the site holds as lessons/<paramref name="file"/>: a lesson's page (NAME.json), or, for a lesson that cannot
    /// run here (its data set is not installed), its name and why; the 2-2-1 example's step; null for no such file.
    /// </summary>
    public static object? File(string file)
    {
        if (file == BackpropByHandFile) return BackpropByHand();
        string name = file.EndsWith(".json", StringComparison.Ordinal) ? file[..^".json".Length] : "";
        if (!LessonCatalog.All.Any(l => l.Name == name)) return null;
        try { return Get(name); }
        catch (BackpropException e) { return new LessonFailure(name, $"This lesson could not run where the page was made: {e.Message}"); }
    }

    /// <summary>The lesson called <paramref name="name"/>, run on first use.</summary>
    public static LessonPage Get(string name)
    {
        var lesson = LessonCatalog.All.FirstOrDefault(l => l.Name == name)
            ?? throw new BackpropException($"Unknown lesson '{name}'; the lessons are {string.Join(", ", LessonCatalog.All.Select(l => l.Name))}.");
        // A lesson that fails (a data set not installed) is not kept, so installing it and asking again works.
        var page = Pages.GetOrAdd(name, _ => new Lazy<LessonPage>(() => Run(lesson)));
        try { return page.Value; }
        catch { Pages.TryRemove(name, out _); throw; }
    }

    private static LessonPage Run(ILesson lesson)
    {
        string folder = Directory.CreateTempSubdirectory("backprop-lesson-").FullName;
        try
        {
            var text = new StringWriter { NewLine = "\n" };
            var pictures = lesson.RunWithDefaults(new LessonSettings(text, TextWriter.Null, PlotsFolder: folder));
            var trace = new StringWriter { NewLine = "\n" };
            lesson.RunWithDefaults(new LessonSettings(TextWriter.Null, trace, Json: true, Trace: true, TraceSteps: TracedSteps));
            var (steps, note) = SplitSteps(trace.ToString());
            return new LessonPage(lesson.Name, lesson.Summary, text.ToString(), steps, note,
                pictures.Where(System.IO.File.Exists).ToDictionary(p => Path.GetFileName(p), p => System.IO.File.ReadAllText(p)));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The trace's steps (each "step N: …" line with the weight lines under it) and its closing note.</summary>
    private static (string[] Steps, string? Note) SplitSteps(string trace)
    {
        var steps = new List<string>();
        string? note = null;
        foreach (string line in trace.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("step ", StringComparison.Ordinal)) steps.Add(line);
            else if (line.StartsWith(' ') && steps.Count > 0) steps[^1] += "\n" + line;
            else note = (note is null ? "" : note + "\n") + line;
        }
        return ([.. steps], note);
    }

    /// <summary>backprop-by-hand's one step, explained as the page explains any step, with the document's rounded values.</summary>
    public static StepExplanation BackpropByHand() => BackpropByHandWithLibrary.Explain(new BackpropByHandOptions());
}
