using System.CommandLine;

namespace Backprop.Lessons;

/// <summary>The options every lesson command shares: --json, --from-scratch, --trace, --trace-steps and --plots.</summary>
internal sealed class LessonOptions
{
    private readonly Option<bool> _json = new("--json") { Description = "Print the numbers as one JSON object." };
    private readonly Option<bool> _fromScratch = new("--from-scratch") { Description = "Run the plain port of the document instead of the Backprop library version." };
    private readonly Option<bool> _trace = new("--trace") { Description = "Print each training step: prediction, delta, error, each weight's derivative and update." };
    private readonly Option<int> _traceSteps = new("--trace-steps")
    {
        Description = "How many steps --trace prints.",
        DefaultValueFactory = _ => LessonSettings.DefaultTraceSteps,
    };
    private readonly Option<string?> _plots = new("--plots")
    {
        Description = $"Write the lesson's SVG pictures to this folder (default ./{LessonSettings.DefaultPlotsFolder}).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>Adds the shared options to <paramref name="command"/>.</summary>
    public LessonOptions(Command command)
    {
        command.Options.Add(_json);
        command.Options.Add(_fromScratch);
        command.Options.Add(_trace);
        command.Options.Add(_traceSteps);
        command.Options.Add(_plots);
    }

    /// <summary>Reads the shared options from a parsed command line.</summary>
    public LessonSettings Read(ParseResult parse)
    {
        int steps = parse.GetValue(_traceSteps);
        if (steps < 0) throw new BackpropException($"--trace-steps must be zero or more, got {steps}.");
        bool plots = parse.GetResult(_plots) is not null;
        return new LessonSettings(
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            Json: parse.GetValue(_json),
            FromScratch: parse.GetValue(_fromScratch),
            // --trace-steps on its own implies --trace: asking for N traced steps means wanting the trace.
            Trace: parse.GetValue(_trace) || parse.GetResult(_traceSteps) is { Implicit: false },
            TraceSteps: steps,
            PlotsFolder: plots ? parse.GetValue(_plots) ?? LessonSettings.DefaultPlotsFolder : null);
    }
}

/// <summary>Adds a lesson's own options in one line each.</summary>
internal static class CommandExtensions
{
    /// <summary>Adds <paramref name="name"/> with <paramref name="defaultValue"/> (the help shows it).</summary>
    public static Option<T> AddOption<T>(this Command command, string name, string description, T defaultValue)
    {
        var option = new Option<T>(name) { Description = description + ".", DefaultValueFactory = _ => defaultValue };
        command.Options.Add(option);
        return option;
    }
}
