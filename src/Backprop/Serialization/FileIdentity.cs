using System.Runtime.InteropServices;

namespace Backprop.Serialization;

/// <summary>
/// Whether two paths name one file: the same path spelt differently, a symbolic link to it (anywhere along the path),
/// or a hard link to it. A command uses this to refuse writing its output over one of its own inputs.
/// </summary>
public static partial class FileIdentity
{
    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> are the same file. Two existing files are compared by
    /// device and inode on Linux (so hard links and symlinked folders count), elsewhere by their fully resolved paths;
    /// a path that does not exist yet is compared by its full path, its last link resolved.
    /// </summary>
    public static bool Same(string a, string b)
    {
        ArgumentException.ThrowIfNullOrEmpty(a);
        ArgumentException.ThrowIfNullOrEmpty(b);
        if (File.Exists(a) && File.Exists(b) && Inode(a) is (ulong, ulong) ia && Inode(b) is (ulong, ulong) ib) return ia == ib;
        return string.Equals(Resolved(a), Resolved(b), OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>
    /// Throws a <see cref="BackpropException"/> when the output <paramref name="output"/> (given by
    /// <paramref name="outputOption"/>) is one of <paramref name="inputs"/>: writing it would destroy that input.
    /// Inputs that are null or name no file (a built-in data set's name, a folder) are skipped.
    /// </summary>
    public static void RefuseOverwrite(string outputOption, string? output, params (string Option, string? Path)[] inputs)
    {
        if (string.IsNullOrEmpty(output)) return;
        foreach (var (option, path) in inputs)
        {
            if (string.IsNullOrEmpty(path) || !File.Exists(path) || !Same(output, path)) continue;
            string how = string.Equals(Path.GetFullPath(output), Path.GetFullPath(path), StringComparison.Ordinal) ? "" : " (through a link)";
            throw new BackpropException(
                $"{outputOption} {output}: this is the {option} file{how}, so writing it would destroy the {option} file; give {outputOption} another file name.");
        }
    }

    private static string Resolved(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            if (File.ResolveLinkTarget(full, returnFinalTarget: true) is FileSystemInfo target) full = target.FullName;
        }
        catch (IOException) { }                      // a dangling or looping link: compare the path as given
        catch (UnauthorizedAccessException) { }
        return full;
    }

    /// <summary>(device, inode) of an existing file on Linux; null elsewhere or when it cannot be read.</summary>
    private static (ulong Device, ulong Inode)? Inode(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return null;
        // struct stat on 64-bit Linux (x86-64 and arm64) starts with st_dev and st_ino, 8 bytes each; 256 bytes holds
        // the whole struct on both.
        var buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0) return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return null; }
        return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    // glibc exports stat since 2.33 (Debian 12 has 2.36), musl always; an older glibc falls back to paths above.
    [DllImport("libc", EntryPoint = "stat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Stat(string path, byte[] buffer);
}
