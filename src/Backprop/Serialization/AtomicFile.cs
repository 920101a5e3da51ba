namespace Backprop.Serialization;

/// <summary>
/// Writes files so that a reader sees either the old file or the complete new one, never half of it:
/// the content goes to a temporary file in the same folder (so the rename cannot cross file systems),
/// is flushed to the disk, and then replaces the target with one rename.
/// </summary>
public static class AtomicFile
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
    }

    /// <summary>
    /// <see cref="Write"/>, with a folder that is missing or not writable reported as a <see cref="BackpropException"/>
    /// naming the path (the CLI prints it as one line).
    /// </summary>
    internal static void WriteOrExplain(string path, Action<Stream> write)
    {
        try { Write(path, write); }
        catch (IOException e) { throw new BackpropException($"{path}: cannot write the file: {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new BackpropException($"{path}: cannot write the file: {e.Message}", e); }
    }

    private static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { }                   // the original error matters more than a leftover temporary
        catch (UnauthorizedAccessException) { }
    }
}
