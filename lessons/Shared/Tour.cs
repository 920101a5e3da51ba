using System.Diagnostics;

namespace Backprop.Lessons;

/// <summary>Runs every lesson with the documents' settings, each under a short heading, and lists the pictures.</summary>
public static class Tour
{
    /// <summary>Runs <paramref name="lessons"/> in order with <paramref name="settings"/>.</summary>
    public static void Run(IReadOnlyList<ILesson> lessons, LessonSettings settings)
    {
        var output = settings.Output;
        var clock = Stopwatch.StartNew();
        var pictures = new List<string>();
        for (int i = 0; i < lessons.Count; i++)
        {
            var lesson = lessons[i];
            if (i > 0) output.WriteLine();
            string heading = $"{i + 1}. {lesson.Name}: {lesson.Summary}";
            output.WriteLine(heading);
            output.WriteLine(new string('=', Math.Min(heading.Length, 78)));
            IReadOnlyList<string> written;
            try { written = lesson.RunWithDefaults(settings); }
            catch (MissingDataException e)
            {
                // The tour is the first command a person runs: a lesson whose data is not installed says so and steps aside.
                output.WriteLine($"skipped: {e.Message}");
                continue;
            }
            foreach (var path in written) output.WriteLine(WrittenLine(path));
            pictures.AddRange(written.Where(IsImage));
        }
        output.WriteLine();
        output.WriteLine($"Tour done in {clock.Elapsed.TotalSeconds:F1} s: {lessons.Count} lessons, {pictures.Count} pictures in {settings.PlotsFolder}.");
        output.WriteLine("Run one lesson with 'backprop lesson NAME' (--trace, --from-scratch, --json); list them with 'backprop lesson list'.");
    }

    /// <summary>The line that names a file a lesson wrote: "picture: PATH" for an image, "file: PATH" for anything else.</summary>
    public static string WrittenLine(string path) => $"{(IsImage(path) ? "picture" : "file")}: {path}";

    /// <summary>Whether <paramref name="path"/> is a picture (SVG or PNG), not another file a lesson writes (autograd's Graphviz .dot).</summary>
    public static bool IsImage(string path) => Path.GetExtension(path).ToLowerInvariant() is ".svg" or ".png";
}
