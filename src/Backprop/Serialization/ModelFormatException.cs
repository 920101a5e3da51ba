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
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file that was being read.</summary>
    public string File { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
