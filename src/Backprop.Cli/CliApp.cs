using System.CommandLine;
using Backprop.Lessons;

namespace Backprop.Cli;

/// <summary>
/// The <c>backprop</c> command's root: the tour, the lessons and the commands, under one --verbose. The commands parse
/// arguments, call the library (a run's set-up is the library's <c>Backprop.Runs</c>) and print; this assembly also
/// holds the playground's server.
/// </summary>
public static class CliApp
{
    /// <summary>Shows the stack trace of an error.</summary>
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "Show the stack trace when something fails.", Recursive = true };

    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Backprop: neural networks from the simplest tutorials to real data, in C#.\n" +
                                   "Start with 'backprop tour', then 'backprop lesson list'.");
        root.Options.Add(Verbose);
        root.Subcommands.Add(LessonCatalog.CreateTourCommand());
        root.Subcommands.Add(LessonCatalog.CreateLessonCommand());
        foreach (var command in Commands.All()) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>"lesson NAME" with a name that is no lesson: one line listing the lessons, rather than the parser's two.</summary>
    private static string? UnknownLesson(ParseResult parsed)
    {
        if (parsed.CommandResult.Command.Name != "lesson" || parsed.UnmatchedTokens.Count == 0) return null;
        string name = parsed.UnmatchedTokens[0];
        return $"there is no lesson '{name}'; the lessons are {string.Join(", ", LessonCatalog.All.Select(l => l.Name))} (backprop lesson list says what each is)";
    }

    /// <summary>Runs the command line and returns the exit code: 0 success, 2 bad input, 1 unexpected failure.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (output is not null) config.Output = output;
        if (error is not null) config.Error = error;
        var err = error ?? Console.Error;
        ParseResult? parsed = null;
        using var signals = Interrupts.Install();
        try
        {
            parsed = Build().Parse(args);
            if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
            {
                if (UnknownLesson(parsed) is string lesson)
                {
                    err.WriteLine($"error: {lesson}");
                    return ErrorReport.BadInput;
                }
                // A misspelt command or option is bad input: one line per problem, exit code 2.
                foreach (string problem in ParseErrors.Lines(parsed)) err.WriteLine($"error: {problem}");
                return ErrorReport.BadInput;
            }
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            bool verbose = parsed?.GetValue(Verbose) ?? args.Contains("--verbose");
            return ErrorReport.Write(e, err, verbose);
        }
    }
}
