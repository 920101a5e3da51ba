using System.Text.RegularExpressions;

namespace Backprop.Playground;

/// <summary>
/// A CSV file uploaded to the page, kept in a folder of its own under the engine's temporary folder (in the browser,
/// its in-memory file system), under its own name, so that the CSV reader's errors name the file the user knows.
/// Nothing but the CSV reader ever opens it.
/// </summary>
public sealed partial record UploadedFile(string Name, string Path)
{
    /// <summary>The largest upload accepted: 10 MiB.</summary>
    public const long MaxBytes = 10 << 20;

    /// <summary>Stores <paramref name="content"/> as <paramref name="name"/> under <paramref name="root"/>.</summary>
    public static UploadedFile Save(string name, byte[] content, string root)
    {
        string fileName = System.IO.Path.GetFileName(name ?? "");
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new BackpropException($"'{fileName}' is not a .csv file; the page reads CSV files only (a header row, then one sample per row).");
        fileName = SafeName().Replace(fileName, "_");
        if (content.Length > MaxBytes)
            throw new BackpropException($"'{fileName}' is larger than {MaxBytes >> 20} MiB, the most the page accepts; train on it with 'backprop train --data {fileName}'.");
        string folder = System.IO.Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, fileName);
        File.WriteAllBytes(path, content);
        return new UploadedFile(fileName, path);
    }

    /// <summary><paramref name="message"/> with the stored copy's path replaced by the file's own name.</summary>
    public string Clean(string message) => message.Replace(Path, Name, StringComparison.Ordinal);

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex SafeName();
}
