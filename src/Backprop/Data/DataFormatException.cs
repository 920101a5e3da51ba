namespace Backprop.Data;

/// <summary>A data file that cannot be read: it knows the file and, for text files, the line and column.</summary>
public sealed class DataFormatException : BackpropException
{
    /// <summary>Creates the error; the message reads "file:line:column: problem".</summary>
    public DataFormatException(string file, string problem, int? line = null, int? column = null, Exception? inner = null)
        : base(Format(file, problem, line, column), inner)
    {
        File = file;
        Problem = problem;
        Line = line;
        Column = column;
    }

    /// <summary>The file that was being read.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The 1-based line, for text files.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column, for text files.</summary>
    public int? Column { get; }

    private static string Format(string file, string problem, int? line, int? column) =>
        line is null ? $"{file}: {problem}"
        : column is null ? $"{file}:{line}: {problem}"
        : $"{file}:{line}:{column}: {problem}";
}
