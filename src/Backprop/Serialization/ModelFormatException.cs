namespace Backprop.Serialization;

/// <summary>
/// A model or checkpoint file that cannot be loaded: it knows the file and what is wrong with it, and its
/// message is one line, "file: problem", such as
/// "m.safetensors: the file is truncated: the header says 8,232 bytes of tensors but only 4,000 follow".
/// </summary>
public sealed class ModelFormatException : BackpropException
{
    /// <summary>Creates the error; the message reads "file: problem".</summary>
    public ModelFormatException(string file, string problem, Exception? inner = null)
        : base($"{file}: {Printable(problem)}", inner)
    {
        File = file;
        Problem = Printable(problem);
    }

    /// <summary>The file that was being read.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }

    // A problem may quote text from the damaged file (a node's name, a metadata value); a control character there
    // would break the one-line message, so it is shown escaped, as \u000A.
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString())) : text;
}
