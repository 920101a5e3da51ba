namespace Backprop.Serialization;

/// <summary>
/// Writes files so that a reader sees either the old file or the complete new one, never half of it:
/// the content goes to a temporary file in the same folder (so the rename cannot cross file systems),
/// is flushed to the disk, and then replaces the target with one rename.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>. If <paramref name="write"/> throws, or
    /// the process dies while it runs, the previous file (if any) is left as it was and the temporary file is
    /// removed (or, after a crash, left as a stray "*.tmp" beside it).
    /// </summary>
    /// <example><c>AtomicFile.Write("report.txt", s => s.Write("done"u8));</c></example>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        // A name unique to this write, so two writers of the same file cannot clobber each other's temporary.
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Begin(temp);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                // Flush(true) reaches the disk, not just the OS cache, so the rename cannot outlive the data.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally { End(temp); }
    }

    private static readonly HashSet<string> Unfinished = [];
    private static bool _abandoned;

    private static void Begin(string temp)
    {
        lock (Unfinished)
        {
            if (_abandoned) throw new OperationCanceledException("The process is stopping; no file is written.");
            Unfinished.Add(temp);
        }
    }

    private static void End(string temp)
    {
        lock (Unfinished) Unfinished.Remove(temp);
    }

    /// <summary>
    /// Removes the temporary files of writes still under way and refuses new ones: called when the process is about
    /// to end on a signal (Ctrl-C, SIGTERM), where no <c>finally</c> runs, so that no hidden "*.tmp" is left behind.
    /// The files being written are left as they were before the write began.
    /// </summary>
    public static void AbandonUnfinished()
    {
        lock (Unfinished)
        {
            _abandoned = true;
            foreach (string temp in Unfinished) TryDelete(temp);
            Unfinished.Clear();
        }
    }

    /// <summary>
    /// <see cref="Write"/>, with a path that cannot be written (a missing folder, a folder in its place, no permission)
    /// reported as a <see cref="BackpropException"/> that names the path as given and the fix, never the temporary
    /// file (the CLI prints it as one line).
    /// </summary>
    public static void WriteOrExplain(string path, Action<Stream> write)
    {
        CheckPlace(path);
        try { Write(path, write); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Explain(path, e); }
    }

    /// <summary>
    /// Checks, before any long work, that <paramref name="path"/> can be written: its folder exists, it is not a
    /// folder itself, and a file can be created there (one is made and removed at once). Throws a
    /// <see cref="BackpropException"/> naming the path and the fix.
    /// </summary>
    public static void CheckWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckPlace(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string probe = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try { using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { } }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Explain(path, e); }
    }

    /// <summary>
    /// Makes <paramref name="folder"/> if it does not exist and, with <paramref name="probe"/>, checks that files can be
    /// written in it; a file of that name, or a place that cannot hold a folder, is a <see cref="BackpropException"/>
    /// naming it (after <paramref name="option"/>, such as --plots, when given) and the fix.
    /// </summary>
    public static void PrepareFolder(string folder, string? option = null, bool probe = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string name = option is null ? folder : $"{option} {folder}";
        if (File.Exists(folder))
            throw new BackpropException($"{name}: this is a file, not a folder; give the name of a folder to write into, such as {option ?? "--plots"} plots.");
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackpropException($"{name}: cannot make this folder ({Reason(e)}); choose a folder you can write to.", e);
        }
        if (probe) CheckWritable(Path.Combine(folder, "probe"));
    }

    private static void CheckPlace(string path)
    {
        if (Directory.Exists(path))
            throw new BackpropException($"{path}: this is a folder; give the name of a file to write, such as {Path.Combine(path, "model.safetensors")}.");
        string given = Path.GetDirectoryName(path) is { Length: > 0 } g ? g : ".";
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (File.Exists(folder))
            throw new BackpropException($"{path}: cannot write the file: '{given}' is a file, not a folder.");
        if (!Directory.Exists(folder))
            throw new BackpropException($"{path}: cannot write the file: the folder '{given}' does not exist; create it first, or choose another folder.");
    }

    private static BackpropException Explain(string path, Exception e)
    {
        string given = Path.GetDirectoryName(path) is { Length: > 0 } g ? g : ".";
        return new BackpropException($"{path}: cannot write the file in the folder '{given}' ({Reason(e)}); choose a folder you can write to.", e);
    }

    /// <summary>The reason for an I/O failure in a few words, without the temporary file's name.</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "files cannot be created there",
        _ => TemporaryName().Replace(e.Message, "$1").TrimEnd('.', ' '),
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\.([^/\\]+)\.[0-9a-f]{32}\.tmp")]
    private static partial System.Text.RegularExpressions.Regex TemporaryName();

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { }                   // the original error matters more than a leftover temporary
        catch (UnauthorizedAccessException) { }
    }
}
