using System.CommandLine;

namespace Backprop.Lessons;

/// <summary>
/// One tutorial: its command line, and a run that prints the document's numbers (or JSON) and writes its
/// pictures. <typeparamref name="TOptions"/> holds the lesson's own options, with the document's values as defaults.
/// </summary>
public abstract class Lesson<TOptions> : ILesson where TOptions : new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Summary { get; }

    /// <summary>Adds the lesson's own options to <paramref name="command"/> and returns how to read them.</summary>
    protected abstract Func<ParseResult, TOptions> AddOptions(Command command);

    /// <summary>Runs the lesson with <paramref name="options"/>: prints, and returns the paths of the pictures it wrote.</summary>
    public abstract IReadOnlyList<string> Run(TOptions options, LessonSettings settings);

    /// <summary>
    /// Runs the from-scratch or the library version (as the settings say) with a trace in <paramref name="words"/>,
    /// then prints the result as text with <paramref name="print"/> or as JSON. Returns the result.
    /// </summary>
    protected static TResult RunAndShow<TResult>(LessonSettings settings, TraceWords words,
        Func<StepTrace?, TResult> fromScratch, Func<StepTrace?, TResult> withLibrary, Action<TResult, TextWriter> print)
    {
        var trace = settings.CreateTrace(words);
        var result = settings.FromScratch ? fromScratch(trace) : withLibrary(trace);
        Show(settings, result, print);
        return result;
    }

    /// <summary>Prints <paramref name="result"/> as text with <paramref name="print"/>, or as JSON when the settings say so.</summary>
    protected static void Show<TResult>(LessonSettings settings, TResult result, Action<TResult, TextWriter> print)
    {
        if (settings.Json) LessonJson.Write(settings.Output, result);
        else print(result, settings.Output);
    }

    /// <summary>The options the tour runs with: the document's, unless a lesson needs a shorter printout.</summary>
    protected virtual TOptions TourOptions => new();

    /// <inheritdoc />
    public IReadOnlyList<string> RunWithDefaults(LessonSettings settings) => Run(TourOptions, settings);

    /// <inheritdoc />
    public Command CreateCommand()
    {
        var command = new Command(Name, Summary);
        var shared = new LessonOptions(command);
        var read = AddOptions(command);
        command.SetAction(parse =>
        {
            var settings = shared.Read(parse);
            var pictures = Run(read(parse), settings);
            if (!settings.Json) foreach (var path in pictures) settings.Output.WriteLine(Tour.WrittenLine(path));
            return 0;
        });
        return command;
    }
}

/// <summary>What the catalog and the tour need from any lesson.</summary>
public interface ILesson
{
    /// <summary>The command name, such as "single-weight".</summary>
    string Name { get; }

    /// <summary>One line saying what the lesson is and which document it reproduces.</summary>
    string Summary { get; }

    /// <summary>Builds the lesson's command.</summary>
    Command CreateCommand();

    /// <summary>Runs the lesson as the document does (the tour's run); returns the paths of the pictures written.</summary>
    IReadOnlyList<string> RunWithDefaults(LessonSettings settings);
}
