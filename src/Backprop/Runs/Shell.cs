namespace Backprop.Runs;

/// <summary>How a command this program prints for the user to run (a resume line, the page's equivalent command) is written.</summary>
public static class Shell
{
    /// <summary>
    /// <paramref name="word"/> as one word of a POSIX shell command: as it is when every character is a letter, a digit
    /// or one of <c>-_./,:=+@%</c>; otherwise in single quotes, each quote inside written '\'' (an empty word is '').
    /// </summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./,:=+@%".Contains(c)) ? word : $"'{word.Replace("'", "'\\''")}'";
}
