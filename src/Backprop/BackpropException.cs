namespace Backprop;

/// <summary>
/// The base of every error the library raises on purpose: bad data, a bad model file, a bad option,
/// or training that diverged. The CLI prints its message as one line and exits with code 2.
/// </summary>
public class BackpropException : Exception
{
    /// <summary>Creates the error with a message that says what is wrong and how to fix it.</summary>
    public BackpropException(string message, Exception? inner = null) : base(message, inner) { }
}
