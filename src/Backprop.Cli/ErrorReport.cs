namespace Backprop.Cli;

/// <summary>Turns an exception into one line on stderr and an exit code.</summary>
public static class ErrorReport
{
    /// <summary>Exit code for bad input (data, model file, options) and diverged training.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>Writes the error and returns its exit code.</summary>
    public static int Write(Exception e, TextWriter error, bool verbose)
    {
        var inner = e is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerException! : e;
        if (inner is BackpropException)
        {
            error.WriteLine($"error: {OneLine(inner.Message)}");
            if (verbose) error.WriteLine(inner);
            return BadInput;
        }
        error.WriteLine($"unexpected error: {OneLine(inner.Message)} ({inner.GetType().Name}); run again with --verbose for details.");
        if (verbose) error.WriteLine(inner);
        return Failure;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
