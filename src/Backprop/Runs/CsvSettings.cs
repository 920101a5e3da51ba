using Backprop.Data;

namespace Backprop.Runs;

/// <summary>The CSV options the commands share (--target, --task, --header, --separator), turned into <see cref="CsvOptions"/>.</summary>
public static class CsvSettings
{
    /// <summary>The reader's options for a target (name or index), a task, a header rule and a separator, as the command line gives them.</summary>
    public static CsvOptions Options(string? target, string? task, string header = "auto", string? separator = null)
    {
        var options = new CsvOptions
        {
            Task = task switch { "regression" => LearningTask.Regression, "classification" => LearningTask.Classification, _ => null },
            Header = header switch { "yes" => CsvHeader.Yes, "no" => CsvHeader.No, _ => CsvHeader.Auto },
            Separator = Separator(separator),
        };
        if (target is null) return options;
        return int.TryParse(target, out int index) ? options with { TargetIndex = index } : options with { TargetColumn = target };
    }

    /// <summary>The separator named by --separator: one character, or "tab".</summary>
    public static char? Separator(string? text) => text switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        { Length: 1 } c when c[0] is not ('"' or '\r' or '\n') => c[0],
        _ => throw new BackpropException($"--separator takes one character, such as ';' or ',', or the word tab; got '{text}'."),
    };

    /// <summary>Checks a --header value.</summary>
    public static string Header(string? text) => text?.ToLowerInvariant() switch
    {
        null => "auto",
        "auto" or "yes" or "no" => text.ToLowerInvariant(),
        _ => throw new BackpropException($"--header must be yes, no or auto, got '{text}'."),
    };
}
